import { createFile, Log, MP4BoxBuffer, type Movie, type Track } from 'mp4box'
import sharp from 'sharp'
import type { MediaKind, VideoInfo } from '../../shared/index.ts'
import type { BytePatch } from './media-store.ts'
import { BoxStructureError, privateMetadataPatches, topLevelBoxes, type ByteSource } from './mp4-boxes.ts'
import { sniff, type Sniffed } from './sniff.ts'

export type { ByteSource } from './mp4-boxes.ts'

/*
 * Checks by content, not by name: what each kind of upload really is, read with sharp (images),
 * a small structure check (PDF) and mp4box (MP4, MOV, M4A). Anything else, truncated or damaged
 * is refused with a MediaRejected that says what was found.
 */

/** A refusal to show the uploader: 422 (not what it claims, damaged) or 413 (too big to decode). */
export class MediaRejected extends Error {
  override name = 'MediaRejected'
  constructor(
    message: string,
    readonly statusCode: 413 | 422 = 422,
  ) {
    super(message)
  }
}

/**
 * Largest image decoded, in pixels (width × height as stored): 64 MP takes the 48- and 50-MP
 * modes of phones' main cameras; a small file that claims far more is a decompression bomb.
 */
export const MAX_IMAGE_PIXELS = 64_000_000

const ACCEPTED_LABELS: Record<MediaKind, string> = {
  image: 'JPEG, PNG, WebP or AVIF images',
  pdf: 'PDF documents',
  video: 'MP4 or MOV videos',
  audio: 'M4A (AAC) audio',
}

/** Sniffs the upload's first bytes and refuses it unless it is one of `kinds`. */
export async function detect(source: ByteSource, kinds: readonly MediaKind[]): Promise<Sniffed & { kind: MediaKind }> {
  const found = sniff(await source.read(0, Math.min(source.size, 4096)))
  if (found.kind && kinds.includes(found.kind)) return found as Sniffed & { kind: MediaKind }
  throw new MediaRejected(
    `文件类型不符 / not an accepted file: this is ${found.label}, whatever its name says; accepted here: ${kinds.map((k) => ACCEPTED_LABELS[k]).join(', ')}`,
  )
}

export interface ImageInfo {
  format: 'jpeg' | 'png' | 'webp' | 'avif'
  /** As displayed: after the EXIF orientation is applied. */
  width: number
  height: number
}

/** Reads an image's header with sharp; refuses other formats and images over MAX_IMAGE_PIXELS. */
export async function inspectImage(input: Buffer): Promise<ImageInfo> {
  const found = sniff(input.subarray(0, 4096))
  if (found.kind !== 'image')
    throw new MediaRejected(`不是图片 / not an image: this is ${found.label}; accepted: ${ACCEPTED_LABELS.image}`)
  let meta: sharp.Metadata
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw new MediaRejected(`图片已损坏 / the image is damaged: ${(error as Error).message}`)
  }
  const format = meta.format === 'heif' ? 'avif' : meta.format
  if (format !== found.format)
    throw new MediaRejected(`图片已损坏 / the image is damaged: it starts as ${found.label} but does not decode as one`)
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new MediaRejected(
      `图片像素过多 / too many pixels: ${String(meta.width)}×${String(meta.height)} is ${((meta.width * meta.height) / 1e6).toFixed(0)} megapixels, more than the ${String(MAX_IMAGE_PIXELS / 1e6)} allowed (a small file that claims this many is refused as a decompression bomb)`,
      413,
    )
  }
  return { format: found.format as ImageInfo['format'], width: meta.autoOrient.width, height: meta.autoOrient.height }
}

/**
 * A PDF: the `%PDF-x.y` header, `%%EOF` at its end and a `startxref` that points inside the file
 * at a cross-reference table or stream. Enough to refuse a truncated download or a renamed file;
 * not a full parse (the PDF is stored as sent, and served as a download).
 */
export async function inspectPdf(source: ByteSource): Promise<{ version: string }> {
  const head = await source.read(0, Math.min(source.size, 1024))
  const version = /^%PDF-(\d\.\d)/.exec(head.toString('latin1'))?.[1]
  if (!version) throw new MediaRejected('PDF 已损坏 / the PDF is damaged: no %PDF-x.y header')
  const tailLength = Math.min(source.size, 2048)
  const tail = (await source.read(source.size - tailLength, tailLength)).toString('latin1')
  if (!tail.includes('%%EOF')) throw new MediaRejected('PDF 不完整 / the PDF is truncated: it does not end with %%EOF')
  const startxref = /startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(tail.lastIndexOf('startxref')))
  const offset = startxref ? Number(startxref[1]) : NaN
  if (!Number.isSafeInteger(offset) || offset >= source.size)
    throw new MediaRejected('PDF 已损坏 / the PDF is damaged: its startxref does not point inside the file')
  const atXref = (await source.read(offset, Math.min(64, source.size - offset))).toString('latin1')
  if (!/^\s*(xref|\d+\s+\d+\s+obj)/.test(atXref))
    throw new MediaRejected('PDF 已损坏 / the PDF is damaged: no cross-reference table where startxref points')
  return { version }
}

/** Largest moov box read into memory (its sample tables): hours of video need a few MB. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024

export interface Mp4Info {
  kind: 'video' | 'audio'
  video: VideoInfo
  /** Location, device and date boxes to neutralise when the file is stored. */
  privatePatches: BytePatch[]
}

// mp4box compares the function it is given with its own (`level === this.error`): it must be this one.
// eslint-disable-next-line @typescript-eslint/unbound-method
Log.setLogLevel(Log.error)

/** Parses the movie box with mp4box: what a contest rule needs (duration, codecs, size, aspect). */
export async function inspectMp4(source: ByteSource, sniffed: Sniffed): Promise<Mp4Info> {
  let boxes
  try {
    boxes = await topLevelBoxes(source)
  } catch (error) {
    if (error instanceof BoxStructureError)
      throw new MediaRejected(`视频不完整或已损坏 / the video is truncated or damaged: ${error.message}`)
    throw error
  }
  const moovBoxes = boxes.filter((b) => b.type === 'moov')
  if (moovBoxes.length !== 1)
    throw new MediaRejected(
      `视频已损坏 / the video is damaged: it has ${String(moovBoxes.length)} 'moov' boxes (its index), one expected`,
    )
  const moovBox = moovBoxes[0]!
  if (moovBox.size > MAX_MOOV_BYTES)
    throw new MediaRejected(
      `视频索引过大 / the video's index ('moov') is ${String(moovBox.size)} bytes, more than ${String(MAX_MOOV_BYTES)}`,
      413,
    )
  const ftyp = boxes.find((b) => b.type === 'ftyp')!
  const ftypBytes = await source.read(ftyp.start, ftyp.size)
  const moov = await source.read(moovBox.start, moovBox.size)

  let privatePatches: BytePatch[]
  try {
    privatePatches = privateMetadataPatches(moov, moovBox, boxes)
  } catch (error) {
    if (error instanceof BoxStructureError)
      throw new MediaRejected(`视频已损坏 / the video is damaged: ${error.message}`)
    throw error
  }
  // mp4box reads the index with the private boxes already blanked: it has nothing to say about them.
  for (const patch of privatePatches) {
    if (patch.offset >= moovBox.start && patch.offset < moovBox.start + moovBox.size)
      patch.bytes.copy(moov, patch.offset - moovBox.start)
  }

  let movie: Movie | undefined
  let problem: string | undefined
  try {
    const file = createFile()
    file.onReady = (info) => {
      movie = info
    }
    file.onError = (_module, message) => {
      problem = message
    }
    // mp4box reads the index only: the file's type box and its moov, as if they were adjacent.
    const joined = Buffer.concat([ftypBytes, moov])
    file.appendBuffer(
      MP4BoxBuffer.fromArrayBuffer(joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.length), 0),
    )
    file.flush()
  } catch (error) {
    problem = (error as Error).message
  }
  if (!movie)
    throw new MediaRejected(
      `视频已损坏 / the video is damaged: its index could not be read${problem ? ` (${problem})` : ''}`,
    )

  const videoTrack = movie.videoTracks[0]
  const audioTrack = movie.audioTracks[0]
  if (!videoTrack && !audioTrack) throw new MediaRejected('视频无内容 / the file has no video or audio track')
  const size = videoTrack ? displayedSize(videoTrack) : null
  const container = sniffed.format === 'quicktime' ? 'quicktime' : !videoTrack ? 'm4a' : 'mp4'
  return {
    kind: videoTrack ? 'video' : 'audio',
    video: {
      container,
      durationS: movie.timescale > 0 ? Math.round((movie.duration / movie.timescale) * 1000) / 1000 : 0,
      width: size?.width ?? null,
      height: size?.height ?? null,
      aspectRatio: size ? aspectRatio(size.width, size.height) : null,
      videoCodec: videoTrack?.codec ?? null,
      audioCodec: audioTrack?.codec ?? null,
    },
    privatePatches,
  }
}

/** The picture as shown: the track header's size, turned by its matrix (phones film portrait as rotated landscape). */
function displayedSize(track: Track): { width: number; height: number } {
  const width = Math.round(track.track_width || track.video?.width || 0)
  const height = Math.round(track.track_height || track.video?.height || 0)
  const m = track.matrix as ArrayLike<number> | undefined
  const quarterTurn = m !== undefined && m[0] === 0 && m[4] === 0 && m[1] !== 0
  return quarterTurn ? { width: height, height: width } : { width, height }
}

const COMMON_RATIOS: [number, number][] = [
  [16, 9],
  [9, 16],
  [4, 3],
  [3, 4],
  [1, 1],
  [21, 9],
  [9, 21],
  [3, 2],
  [2, 3],
  [5, 4],
  [4, 5],
]

/** `16:9`, `9:16` …: a common ratio within 1 %, else width:height reduced. */
export function aspectRatio(width: number, height: number): string | null {
  if (width <= 0 || height <= 0) return null
  const near = COMMON_RATIOS.find(([w, h]) => Math.abs(width / height / (w / h) - 1) < 0.01)
  if (near) return `${String(near[0])}:${String(near[1])}`
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  const d = gcd(width, height)
  return `${String(width / d)}:${String(height / d)}`
}
