import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Sends `body` with a strong ETag (a hash of the body) and `cacheControl`, or a bodiless 304 when
 * If-None-Match already names that ETag (weak or strong, in a list or alone). For public reads
 * that phones and caches poll: the calendar feeds, the notices list and a notice's CAP XML.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: string, cacheControl: string): FastifyReply {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  reply.header('etag', etag).header('cache-control', cacheControl)
  const match = request.headers['if-none-match']
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send()
  return reply.send(body)
}
