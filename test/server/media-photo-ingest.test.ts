import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaRejected } from '../../src/server/media/inspect.ts'
import { FileMediaStore } from '../../src/server/media/media-store-file.ts'
import { DOCUMENT_SIZES, ingestPhoto, targetWidths } from '../../src/server/media/photo-ingest.ts'
import { phonePhoto, pngClaiming } from './helpers/media-fixtures.ts'

let root: string
let store: FileMediaStore
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'zk-photo-ingest-'))
  store = new FileMediaStore(root)
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

const stored = async (key: string) => {
  const read = await store.get(key)
  const chunks: Buffer[] = []
  for await (const chunk of read!.body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

describe('photo ingest', () => {
  it('strips EXIF with the GPS position from every output, after turning the photo upright', async () => {
    const photo = await phonePhoto(1500, 1000)
    const input = await sharp(photo).metadata()
    expect(input.exif?.includes('ZK-GPS-MARKER')).toBe(true)
    expect(input.orientation).toBe(6)

    const record = await ingestPhoto(photo, store, '0196f3a2-7c1e-7d2a-9b1c-5e8f00000010')
    expect([record.width, record.height]).toEqual([1000, 1500])
    expect(record.variants).toHaveLength(9)
    for (const variant of record.variants) {
      const bytes = await stored(variant.key)
      const meta = await sharp(bytes).metadata()
      expect(meta.exif, variant.key).toBeUndefined()
      expect(meta.xmp, variant.key).toBeUndefined()
      expect(meta.iptc, variant.key).toBeUndefined()
      expect(meta.orientation, variant.key).toBeUndefined()
      expect(bytes.includes('ZK-GPS-MARKER')).toBe(false)
      expect(bytes.includes('ZKPhone')).toBe(false)
      // Upright: portrait, as the phone showed it.
      expect(meta.height, variant.key).toBeGreaterThan(meta.width)
      expect([meta.width, meta.height, bytes.length]).toEqual([variant.width, variant.height, variant.bytes])
    }
  })

  it('makes three widths in AVIF, WebP and JPEG, each file the format it says', async () => {
    const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#2a6' } })
      .jpeg()
      .toBuffer()
    const record = await ingestPhoto(photo, store, '0196f3a2-7c1e-7d2a-9b1c-5e8f00000011')
    expect(record.variants.map((v) => `${String(v.width)}x${String(v.height)}.${v.format}`)).toEqual([
      '320x240.avif',
      '320x240.webp',
      '320x240.jpeg',
      '800x600.avif',
      '800x600.webp',
      '800x600.jpeg',
      '1600x1200.avif',
      '1600x1200.webp',
      '1600x1200.jpeg',
    ])
    for (const variant of record.variants) {
      expect((await sharp(await stored(variant.key)).metadata()).format).toBe(
        variant.format === 'avif' ? 'heif' : variant.format,
      )
      expect(variant.key).toMatch(/^0196f3a2-7c1e-7d2a-9b1c-5e8f00000011\/[0-9a-f]{16}-\d+\.(avif|webp|jpg)$/)
    }
    expect(record.dominantColor).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('never upscales a small photo', async () => {
    const small = await sharp({ create: { width: 500, height: 400, channels: 4, background: '#a33a' } })
      .png()
      .toBuffer()
    const record = await ingestPhoto(small, store, '0196f3a2-7c1e-7d2a-9b1c-5e8f00000012', {
      widths: [320, 800, 1600],
      formats: ['jpeg'],
    })
    expect(record.variants.map((v) => v.width)).toEqual([320, 500])
    expect(targetWidths(4000, [320, 800, 1600])).toEqual([320, 800, 1600])
    expect(targetWidths(1000, [320, 800, 1600])).toEqual([320, 800, 1000])
    expect(targetWidths(200, [320, 800, 1600])).toEqual([200])
    expect(targetWidths(1600, DOCUMENT_SIZES.widths)).toEqual([800, 1600])
  })

  it('refuses a truncated JPEG and stores nothing', async () => {
    const photo = await phonePhoto()
    const cut = photo.subarray(0, Math.floor(photo.length * 0.6))
    const id = '0196f3a2-7c1e-7d2a-9b1c-5e8f00000013'
    await expect(ingestPhoto(cut, store, id)).rejects.toThrow(/truncated or damaged/)
    expect(await store.list(`${id}/`)).toEqual([])
  })

  it('refuses a decompression bomb', async () => {
    await expect(
      ingestPhoto(pngClaiming(20_000, 20_000), store, '0196f3a2-7c1e-7d2a-9b1c-5e8f00000014'),
    ).rejects.toThrow(MediaRejected)
  })
})
