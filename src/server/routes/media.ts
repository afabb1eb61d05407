import { createHash } from 'node:crypto'
import { z } from 'zod'
import { apiError, mediaResponse } from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import type { ByteRange } from '../media/media-store.ts'
import { contestVideoVisible } from '../services/contest-access.ts'
import { applicationAttachmentVisible } from '../services/naming-review.ts'
import { fileOf, findMedia, maySee, toMediaRecord, type MediaRow } from '../services/media-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Stored media, read by id. Published media is public; unpublished media only to its owner and
 * admins (anyone else: 404, as if it did not exist). Files are served with their stored type,
 * an ETag, byte ranges (206: video players seek with them) and, once published, a year's
 * immutable caching: a key is written once (media/photo-ingest.ts, media/process-upload.ts), so
 * the bytes behind a URL never change.
 */

const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Unpublished files: never kept by a shared cache, checked again each time (a 304 is cheap). */
const PRIVATE = 'private, no-cache'
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** A header parameter value as RFC 5987 wants it: percent-encoded UTF-8, `'()*` included. */
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const notFound = () => new HttpError(404, '没有这个文件 / no such media')

/** The one range of a `Range: bytes=…` header; null to send the whole file (absent, several ranges, or another unit); 'unsatisfiable' for 416. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return null
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}

/** The stored object behind a file name of a media record, with what to send it as. */
function fileIn(row: MediaRow, file: string): { key: string; bytes: number; contentType: string } | null {
  const variant = row.variants.find((v) => fileOf(v.key) === file)
  if (variant)
    return {
      key: variant.key,
      bytes: variant.bytes,
      contentType: variant.format === 'jpeg' ? 'image/jpeg' : `image/${variant.format}`,
    }
  if (row.original && fileOf(row.original.key) === file) return row.original
  return null
}

export function mediaRoutes(app: ZodApp, { db, media, now }: RouteDeps): void {
  app.get(
    '/api/media/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'A stored media record: kind, size, variants and their URLs',
        params: z.object({ id: z.uuid() }),
        response: { 200: mediaResponse, 404: apiError },
      },
    },
    async (request, reply) => {
      const row = await findMedia(db, request.params.id)
      if (!row || !maySee(row, request.account)) throw notFound()
      void reply.header('cache-control', row.status === 'published' ? 'public, max-age=60' : 'private, no-store')
      return { media: toMediaRecord(row) }
    },
  )

  // HEAD is declared, not left to Fastify's automatic one, which would read the whole file to drop it.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/media/:id/:file',
    schema: {
      tags: ['media'],
      summary: 'One file of a media record (a photo variant or the original), with Range support',
      params: z.object({ id: z.uuid(), file: z.string().regex(FILE) }),
    },
    handler: async (request, reply) => {
      const row = await findMedia(db, request.params.id)
      // Contest videos also play for their judges and, during the public vote, for everyone (services/contest-access.ts).
      // Application attachments also open for the reviewers assigned the application (services/naming-review.ts).
      const granted =
        (row?.purpose === 'contest-video' &&
          !maySee(row, request.account) &&
          (await contestVideoVisible(db, row.id, request.account, now()))) ||
        (row?.purpose === 'attachment' &&
          !maySee(row, request.account) &&
          (await applicationAttachmentVisible(db, row.id, request.account)))
      if (!row || !(maySee(row, request.account) || granted)) throw notFound()
      const file = fileIn(row, request.params.file)
      if (!file) throw notFound()
      const etag = `"${createHash('sha256').update(file.key).digest('base64url').slice(0, 22)}"`
      void reply
        .header('etag', etag)
        .header('cache-control', row.status === 'published' ? IMMUTABLE : PRIVATE)
        .header('accept-ranges', 'bytes')
        .type(file.contentType)
      // PDFs are downloaded, never shown as a page of our origin.
      if (row.kind === 'pdf')
        void reply.header(
          'content-disposition',
          `attachment; filename="${row.id}.pdf"${row.filename ? `; filename*=UTF-8''${rfc5987(row.filename.replace(/\.pdf$/i, ''))}.pdf` : ''}`,
        )
      if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) return reply.status(304).send()

      const ifRange = request.headers['if-range']
      const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, file.bytes) : null
      if (range === 'unsatisfiable') {
        throw new HttpError(416, `range not satisfiable: the file has ${String(file.bytes)} bytes`, {
          'content-range': `bytes */${String(file.bytes)}`,
        })
      }
      const object = request.method === 'HEAD' ? null : await media.get(file.key, range ?? undefined)
      if (request.method !== 'HEAD' && !object) {
        request.log.error({ media: row.id, key: file.key }, 'a media record names a file the store does not have')
        throw notFound()
      }
      const length = range ? range.end - range.start + 1 : file.bytes
      void reply.status(range ? 206 : 200).header('content-length', String(length))
      if (range)
        void reply.header('content-range', `bytes ${String(range.start)}-${String(range.end)}/${String(file.bytes)}`)
      if (!object) return reply.send()
      return reply.send(object.body)
    },
  })
}
