import type { MediaKind } from '../../shared/index.ts'

/**
 * What a file is, from its first bytes: the only thing the server believes about an upload's
 * type (a file name or a declared Content-Type says nothing). `kind` is null for what is never
 * accepted; `label` names it in a refusal.
 */
export interface Sniffed {
  format: SniffedFormat
  kind: MediaKind | null
  contentType: string
  label: string
}

export type SniffedFormat =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'avif'
  | 'pdf'
  | 'mp4'
  | 'quicktime'
  | 'm4a'
  | 'heic'
  | 'gif'
  | 'tiff'
  | 'bmp'
  | 'svg'
  | 'html'
  | 'xml'
  | 'zip'
  | 'ole'
  | 'rtf'
  | 'mp3'
  | 'matroska'
  | 'ogg'
  | 'wav'
  | 'text'
  | 'empty'
  | 'unknown'

const accepted = (format: SniffedFormat, kind: MediaKind, contentType: string, label: string): Sniffed => ({
  format,
  kind,
  contentType,
  label,
})
const refused = (format: SniffedFormat, label: string): Sniffed => ({
  format,
  kind: null,
  contentType: 'application/octet-stream',
  label,
})

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString('latin1', start, end)

/** ISO base media (MP4, MOV, M4A, HEIF/AVIF): the major and compatible brands of its `ftyp` box. */
function brandsOf(head: Buffer): string[] {
  const size = Math.min(head.readUInt32BE(0), head.length)
  const brands = [ascii(head, 8, 12)]
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(head, at, at + 4))
  return brands
}

function sniffIsoMedia(head: Buffer): Sniffed {
  const brands = brandsOf(head)
  const major = brands[0]!
  if (brands.includes('avif') || brands.includes('avis'))
    return accepted('avif', 'image', 'image/avif', 'an AVIF image')
  if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(major))
    return refused(
      'heic',
      'a HEIC image (this server cannot decode HEVC images: choose JPEG, or "Most Compatible" in the iPhone camera settings)',
    )
  if (major === 'qt  ') return accepted('quicktime', 'video', 'video/quicktime', 'a QuickTime (MOV) video')
  if (major === 'M4A ' || major === 'M4B ') return accepted('m4a', 'audio', 'audio/mp4', 'M4A audio')
  return accepted('mp4', 'video', 'video/mp4', 'an MP4 video')
}

/** Text is what decodes as UTF-8 with no control characters but tab and line breaks. */
function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 1024)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(sample)
  // A character cut at the sample's end decodes as U+FFFD: allow one there.
  const body = text.endsWith('\uFFFD') ? text.slice(0, -1) : text
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f\uFFFD]/.test(body)
}

/** Reads the first bytes (4 KB is plenty) and says what the file is. */
export function sniff(head: Buffer): Sniffed {
  if (head.length === 0) return refused('empty', 'an empty file')
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
  if (starts(0xff, 0xd8, 0xff)) return accepted('jpeg', 'image', 'image/jpeg', 'a JPEG image')
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return accepted('png', 'image', 'image/png', 'a PNG image')
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP')
    return accepted('webp', 'image', 'image/webp', 'a WebP image')
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') return sniffIsoMedia(head)
  if (ascii(head, 0, 5) === '%PDF-') return accepted('pdf', 'pdf', 'application/pdf', 'a PDF document')
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return refused('wav', 'WAV audio (use M4A/AAC)')
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return refused('gif', 'a GIF image')
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return refused('tiff', 'a TIFF image')
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && head.readUInt32LE(14) >= 12 && head.readUInt32LE(14) <= 124)
    return refused('bmp', 'a BMP image')
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return refused('zip', 'a ZIP archive (Word, Excel and other Office files are ZIP archives: save as PDF)')
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return refused('ole', 'an old Office document (save it as PDF)')
  if (ascii(head, 0, 5) === '{\\rtf') return refused('rtf', 'an RTF document (save it as PDF)')
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0))
    return refused('mp3', 'MP3 audio (use M4A/AAC)')
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return refused('matroska', 'a WebM or Matroska video (use MP4 or MOV)')
  if (ascii(head, 0, 4) === 'OggS') return refused('ogg', 'Ogg audio or video')
  if (looksLikeText(head)) {
    const start = head
      .toString('utf8', 0, 512)
      .replace(/^\uFEFF/, '')
      .trimStart()
      .toLowerCase()
    if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg')))
      return refused('svg', 'an SVG image (it can carry scripts)')
    if (start.startsWith('<!doctype html') || start.startsWith('<html')) return refused('html', 'an HTML page')
    if (start.startsWith('<?xml')) return refused('xml', 'an XML document')
    return refused('text', 'plain text')
  }
  return refused('unknown', 'data of no known type')
}
