import { readFileSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import type { LightMyRequestResponse } from 'fastify'
import sharp from 'sharp'
import type { TestClient } from './test-app.ts'

/** A real MP4 from the works' sample media: H.264 640×360, AAC stereo, 43.96 s, moov before mdat, 453 KB. */
export const sampleMp4 = () => readFileSync('public/media/works/video-fire-ice.mp4')
/** AAC audio in an M4A, 55.7 s. */
export const sampleM4a = () => readFileSync('public/media/works/audio-wetlands.m4a')

/** Where the sample's `udta` box is (moov's last child, 61 bytes), from its box listing. */
const SAMPLE_UDTA = { start: 38124, size: 61 }
export const SAMPLE_LOCATION = '+39.9042+116.4074/'

/**
 * The sample video as a phone writes it: its moov/udta holds a ©xyz location box (ISO 6709, the
 * same one iPhones and Android cameras write), padded with a `free` box to the same size, so no
 * offset moves.
 */
export function mp4WithLocation(): Buffer {
  const mp4 = Buffer.from(sampleMp4())
  if (mp4.toString('latin1', SAMPLE_UDTA.start + 4, SAMPLE_UDTA.start + 8) !== 'udta')
    throw new Error('the sample video changed: update SAMPLE_UDTA')
  const text = Buffer.from(SAMPLE_LOCATION, 'latin1')
  const xyz = Buffer.alloc(12 + text.length)
  xyz.writeUInt32BE(xyz.length, 0)
  xyz.write('\u00a9xyz', 4, 'latin1')
  xyz.writeUInt16BE(text.length, 8)
  xyz.writeUInt16BE(0x15c7, 10) // language
  text.copy(xyz, 12)
  const pad = Buffer.alloc(SAMPLE_UDTA.size - 8 - xyz.length)
  pad.writeUInt32BE(pad.length, 0)
  pad.write('free', 4, 'latin1')
  Buffer.concat([xyz, pad]).copy(mp4, SAMPLE_UDTA.start + 8)
  return mp4
}

/** A photo as a phone takes it: EXIF with make, GPS position (and a marker string) and orientation 6 (turn 90° to show). */
export async function phonePhoto(width = 1200, height = 800): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: '#4a7a3c', noise: { type: 'gaussian', mean: 120, sigma: 30 } },
  })
    .withExif({
      IFD0: { Make: 'ZKPhone', Model: 'Field 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 2700/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 0/1',
        GPSMapDatum: 'ZK-GPS-MARKER',
      },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 85 })
    .toBuffer()
}

/** A PNG whose header claims `width`×`height` pixels, in a few dozen bytes: a decompression bomb's header. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A small valid PDF (one empty page) with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ]
  let body = '%PDF-1.7\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(body.length)
    body += `${String(i + 1)} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

const b64 = (value: string) => Buffer.from(value).toString('base64')
export const TUS = { 'tus-resumable': '1.0.0' }

/** POST /api/uploads as tus-js-client sends it. */
export function createUpload(
  client: TestClient,
  length: number,
  metadata: Record<string, string> = { purpose: 'base-photo' },
): Promise<LightMyRequestResponse> {
  return client.request({
    method: 'POST',
    url: '/api/uploads',
    headers: {
      ...TUS,
      'upload-length': String(length),
      'upload-metadata': Object.entries(metadata)
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(','),
    },
  })
}

export function patchUpload(
  client: TestClient,
  location: string,
  offset: number,
  bytes: Buffer,
): Promise<LightMyRequestResponse> {
  return client.request({
    method: 'PATCH',
    url: location,
    payload: bytes,
    headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
  })
}

export function headUpload(client: TestClient, location: string): Promise<LightMyRequestResponse> {
  return client.request({ method: 'HEAD', url: location, headers: TUS })
}

/** Creates an upload and sends all of `bytes` in one PATCH; answers the last response. */
export async function uploadWhole(
  client: TestClient,
  bytes: Buffer,
  metadata: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const created = await createUpload(client, bytes.length, metadata)
  if (created.statusCode !== 201) return created
  return patchUpload(client, created.headers.location as string, 0, bytes)
}
