import type { Readable } from 'node:stream'

/*
 * Where stored media lives: files under DATA_DIR/media (media-store-file.ts), or an S3-compatible
 * object store when S3_* is configured (media-store-s3.ts). Keys are made by the server
 * (`<media id>/<name>`, media/media-keys.ts), never from a file name a client sent, and every
 * store refuses a key that could step outside its root.
 */

/** Inclusive byte positions, as in an HTTP Range header. */
export interface ByteRange {
  start: number
  end: number
}

/** A change of bytes at a position of a file (an MP4's metadata box renamed to `free`, mp4-boxes.ts). */
export interface BytePatch {
  offset: number
  bytes: Buffer
}

export interface ObjectHead {
  bytes: number
  contentType: string
}

export interface ObjectRead extends ObjectHead {
  /** The object's bytes, or only the range asked for. */
  body: Readable
  range: ByteRange | null
}

export interface PutOptions {
  contentType: string
  /** Needed for a stream body on S3 (a PutObject needs its length up front). */
  bytes?: number
}

export interface MediaStore {
  readonly kind: 'file' | 's3'
  put(key: string, body: Buffer | Readable, options: PutOptions): Promise<void>
  /** The object, or the range of it; null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<ObjectRead | null>
  head(key: string): Promise<ObjectHead | null>
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>
  /** Keys under a prefix (`<media id>/`), sorted. */
  list(prefix: string): Promise<string[]>
}

/** Path segments of letters, digits, `.`, `_`, `-`, each starting with a letter or digit: no `..`, no absolute paths, no backslashes. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}$/

export class InvalidKeyError extends Error {
  override name = 'InvalidKeyError'
}

/** Throws unless `key` is a key the server could have made. */
export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new InvalidKeyError(`invalid media key ${JSON.stringify(key.slice(0, 80))}`)
}

/** Same rule for a prefix given to `list` (it may end with `/`). */
export function assertPrefix(prefix: string): void {
  if (prefix !== '' && !KEY.test(prefix.replace(/\/$/, '')))
    throw new InvalidKeyError(`invalid media prefix ${JSON.stringify(prefix.slice(0, 80))}`)
}

const TYPES: Record<string, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4a: 'audio/mp4',
}

/** The content type a server-made key's extension stands for (files keep no other record of it). */
export function contentTypeOfKey(key: string): string {
  return TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
}
