import type { BytePatch } from './media-store.ts'

/*
 * The box structure of an ISO base media file (MP4, MOV, M4A), read with a few small reads at
 * known positions: phones often write the `moov` box (the index) after the media data, so a
 * 400 MB video is checked by reading its box headers and its moov, never the whole file.
 */

/** Random access to an upload's bytes (a file or an S3 object). */
export interface ByteSource {
  readonly size: number
  read(start: number, length: number): Promise<Buffer>
}

export interface Box {
  type: string
  start: number
  size: number
  headerSize: number
}

export class BoxStructureError extends Error {
  override name = 'BoxStructureError'
}

/** More top-level boxes than any real file has: a file made of tiny boxes is refused, not walked for ever. */
const MAX_TOP_LEVEL_BOXES = 10_000

function readHeader(bytes: Buffer, at: number, end: number): Box {
  if (at + 8 > end) throw new BoxStructureError(`a box header at byte ${String(at)} is cut off`)
  let size = bytes.readUInt32BE(at)
  const type = bytes.toString('latin1', at + 4, at + 8)
  let headerSize = 8
  if (size === 1) {
    if (at + 16 > end) throw new BoxStructureError(`the '${type}' box at byte ${String(at)} is cut off`)
    size = Number(bytes.readBigUInt64BE(at + 8))
    headerSize = 16
  } else if (size === 0) size = end - at
  if (size < headerSize)
    throw new BoxStructureError(`the '${type}' box at byte ${String(at)} has an impossible size (${String(size)})`)
  return { type, start: at, size, headerSize }
}

/** The file's top-level boxes; throws if one runs past the end of the file (a truncated file). */
export async function topLevelBoxes(source: ByteSource): Promise<Box[]> {
  const boxes: Box[] = []
  let at = 0
  while (at < source.size) {
    if (boxes.length >= MAX_TOP_LEVEL_BOXES)
      throw new BoxStructureError(`more than ${String(MAX_TOP_LEVEL_BOXES)} top-level boxes`)
    const header = await source.read(at, Math.min(16, source.size - at))
    const box = readHeader(header, 0, source.size - at)
    box.start = at
    if (at + box.size > source.size) {
      throw new BoxStructureError(
        `the file is truncated: its '${box.type}' box needs ${String(box.size)} bytes from byte ${String(at)}, but the file ends after ${String(source.size - at)}`,
      )
    }
    boxes.push(box)
    at += box.size
  }
  return boxes
}

/** The boxes inside `bytes[start + headerSize, start + size)` (a container box held in memory). */
export function childBoxes(bytes: Buffer, parent: Box, offsetInBuffer: number, extraHeader = 0): Box[] {
  const children: Box[] = []
  const end = offsetInBuffer + parent.size
  let at = offsetInBuffer + parent.headerSize + extraHeader
  while (at < end) {
    const box = readHeader(bytes, at, end)
    if (at + box.size > end)
      throw new BoxStructureError(`the '${box.type}' box inside '${parent.type}' runs past its end`)
    children.push({ ...box, start: parent.start + (at - offsetInBuffer) })
    at += box.size
  }
  return children
}

/** Boxes whose content says who filmed where and with what: location (©xyz, ISO 6709), device, dates, XMP. */
const PRIVATE = new Set(['udta', 'meta', 'uuid', 'XMP_'])
/** Metadata is small; a larger "metadata" box is not blanked in memory but refused. */
const MAX_PRIVATE_BOX_BYTES = 16 * 1024 * 1024

/**
 * Patches that turn every private-metadata box of the file into a zero-filled `free` box of the
 * same size: its type and content change, no offset in the file moves, and players skip it.
 */
export function privateMetadataPatches(moov: Buffer, moovBox: Box, topLevel: readonly Box[]): BytePatch[] {
  const blank = (box: Box): BytePatch[] => {
    if (box.size > MAX_PRIVATE_BOX_BYTES)
      throw new BoxStructureError(
        `its '${box.type}' metadata box has ${String(box.size)} bytes, more than ${String(MAX_PRIVATE_BOX_BYTES)}`,
      )
    return [
      { offset: box.start + 4, bytes: Buffer.from('free', 'latin1') },
      { offset: box.start + box.headerSize, bytes: Buffer.alloc(box.size - box.headerSize) },
    ]
  }
  const patches: BytePatch[] = topLevel.filter((b) => PRIVATE.has(b.type)).flatMap(blank)
  for (const child of childBoxes(moov, moovBox, 0)) {
    if (PRIVATE.has(child.type)) patches.push(...blank(child))
    if (child.type === 'trak') {
      for (const inTrak of childBoxes(moov, child, child.start - moovBox.start))
        if (PRIVATE.has(inTrak.type)) patches.push(...blank(inTrak))
    }
  }
  return patches
}
