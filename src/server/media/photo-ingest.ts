import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { ImageFormat } from '../../shared/index.ts'
import type { StoredVariant } from '../db/schema-media.ts'
import { inspectImage, MAX_IMAGE_PIXELS, MediaRejected } from './inspect.ts'
import type { MediaStore } from './media-store.ts'

/*
 * A photo becomes a few re-encoded sizes; the upload itself is not kept. Decoding and encoding
 * again, turned upright by its EXIF orientation, is what removes every piece of metadata (EXIF
 * with GPS position, XMP, IPTC, the maker's notes): sharp writes none unless asked to.
 */

export interface PhotoIngestOptions {
  /** Widths to produce, in pixels; a photo narrower than one gets its own width instead (never upscaled). */
  widths: readonly number[]
  formats: readonly ImageFormat[]
}

/** Base photos and works' pictures: a thumbnail, a phone screen, a wide screen. */
export const PHOTO_SIZES: PhotoIngestOptions = { widths: [320, 800, 1600], formats: ['avif', 'webp', 'jpeg'] }
/** Attachments (scans of forms) stay legible at 3200 px; AVIF would cost seconds for little there. */
export const DOCUMENT_SIZES: PhotoIngestOptions = { widths: [800, 1600, 3200], formats: ['webp', 'jpeg'] }

export interface PhotoRecord {
  id: string
  /** Displayed size of the photo as uploaded (after rotation), for reserving its box before it loads. */
  width: number
  height: number
  variants: StoredVariant[]
  /** `#rrggbb`: the photo's dominant colour, painted while it loads. */
  dominantColor: string
}

const EXTENSION: Record<ImageFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' }
export const CONTENT_TYPE: Record<ImageFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' }

/**
 * Encoder settings. AVIF at effort 1: sharp's default (4) costs tens of seconds per photo on a
 * small server, and higher efforts bought only a few percent of size on photos (bench/README.md,
 * photo-ingest). WebP and JPEG at their default speed; qualities chosen for photos seen on phones.
 */
function encode(image: sharp.Sharp, format: ImageFormat): sharp.Sharp {
  switch (format) {
    case 'avif':
      return image.avif({ quality: 50, effort: 1 })
    case 'webp':
      return image.webp({ quality: 75 })
    case 'jpeg':
      return image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true })
  }
}

/** The widths to make for a photo `width` pixels wide: those below it, and its own if it is below the largest. */
export function targetWidths(width: number, wanted: readonly number[]): number[] {
  const below = wanted.filter((w) => w < width)
  const largest = Math.max(...wanted)
  return width <= largest && !below.includes(width) ? [...below, width] : below
}

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0')

/**
 * Reads, turns upright, strips and re-encodes a photo, stores every variant under
 * `<id>/<sha256>-<width>.<ext>` (content-addressed: a URL's bytes never change) and returns what
 * was stored. Refuses what is not a JPEG, PNG, WebP or AVIF image, a decompression bomb, and an
 * image that does not decode to its end (a truncated upload).
 */
export async function ingestPhoto(
  input: Buffer,
  store: MediaStore,
  id: string,
  options: PhotoIngestOptions = PHOTO_SIZES,
): Promise<PhotoRecord> {
  const info = await inspectImage(input)
  const widths = targetWidths(info.width, options.widths)
  const largest = widths.at(-1)!
  // One decode at the largest size; every smaller one is resized from these pixels.
  let pixels: { data: Buffer; info: sharp.OutputInfo }
  try {
    pixels = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: largest, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw new MediaRejected(`图片不完整或已损坏 / the image is truncated or damaged: ${(error as Error).message}`)
  }
  const raw = { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } }
  const stored: StoredVariant[] = []
  try {
    for (const width of widths) {
      for (const format of options.formats) {
        const image = sharp(pixels.data, raw).resize({ width, withoutEnlargement: true })
        const { data, info: out } = await encode(image, format).toBuffer({ resolveWithObject: true })
        const hash = createHash('sha256').update(data).digest('hex').slice(0, 16)
        const key = `${id}/${hash}-${String(out.width)}.${EXTENSION[format]}`
        await store.put(key, data, { contentType: CONTENT_TYPE[format] })
        stored.push({ width: out.width, height: out.height, format, key, bytes: data.length })
      }
    }
  } catch (error) {
    await Promise.all(stored.map((v) => store.delete(v.key).catch(() => {})))
    throw error
  }
  const { dominant } = await sharp(pixels.data, raw).resize({ width: 64 }).stats()
  return {
    id,
    width: info.width,
    height: info.height,
    variants: stored,
    dominantColor: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`,
  }
}
