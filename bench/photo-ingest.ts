// Photo ingest (src/server/media/photo-ingest.ts) on 20 generated 12-megapixel phone photos
// (4000×3000 JPEG at quality 90, a colour gradient under per-pixel noise so they compress like
// real photos, 3–4 MB each, with EXIF orientation and GPS): decode once, turn upright, strip
// metadata, encode 320/800/1600 px in AVIF, WebP and JPEG and store the nine files, against the
// peer "sharp-resize-only", one `sharp(photo).resize(1600).jpeg()` per photo (what a minimal
// thumbnailer does). Photos are generated before either is timed; both run in this process.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { FileMediaStore } from '../src/server/media/media-store-file.ts'
import { ingestPhoto } from '../src/server/media/photo-ingest.ts'

export interface PhotoIngestFigure {
  bench: 'photo-ingest'
  photos: number
  ms_per_photo: number
  peer: 'sharp-resize-only'
  peer_ms: number
}

const WIDTH = 4000
const HEIGHT = 3000
const round = (v: number, digits = 3) => Number(v.toPrecision(digits))

/** One synthetic 12 MP photo; `seed` moves the gradient so no two are alike. */
export async function syntheticPhoto(seed: number): Promise<Buffer> {
  const noise = randomBytes(WIDTH * HEIGHT * 3)
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3)
  const amplitude = 40
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3
      const base = 110 + 60 * Math.sin(x / (180 + seed * 7) + y / (400 - seed * 5) + seed)
      pixels[i] = Math.max(0, Math.min(255, base + 20 + ((noise[i]! * amplitude) >> 8) - amplitude / 2))
      pixels[i + 1] = Math.max(0, Math.min(255, base + ((noise[i + 1]! * amplitude) >> 8) - amplitude / 2))
      pixels[i + 2] = Math.max(0, Math.min(255, base - 30 + ((noise[i + 2]! * amplitude) >> 8) - amplitude / 2))
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .withExif({
      IFD0: { Make: 'BenchPhone', Model: '12MP' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 0/1' },
    })
    .withMetadata({ orientation: 1 })
    .jpeg({ quality: 90 })
    .toBuffer()
}

export async function measurePhotoIngest(count = Number(process.env.BENCH_PHOTOS ?? 20)): Promise<PhotoIngestFigure> {
  const photos: Buffer[] = []
  for (let i = 0; i < count; i++) photos.push(await syntheticPhoto(i))
  const root = mkdtempSync(join(tmpdir(), 'zk-bench-photos-'))
  try {
    const store = new FileMediaStore(root)
    const oursStart = performance.now()
    for (const [i, photo] of photos.entries())
      await ingestPhoto(photo, store, `0196f3a2-7c1e-7d2a-9b1c-${String(i).padStart(12, '0')}`)
    const oursMs = (performance.now() - oursStart) / count

    const peerStart = performance.now()
    for (const photo of photos) await sharp(photo).resize({ width: 1600 }).jpeg().toBuffer()
    const peerMs = (performance.now() - peerStart) / count
    return {
      bench: 'photo-ingest',
      photos: count,
      ms_per_photo: round(oursMs),
      peer: 'sharp-resize-only',
      peer_ms: round(peerMs),
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
