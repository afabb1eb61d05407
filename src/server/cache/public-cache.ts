import { createHash } from 'node:crypto'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { cacheLookups } from '../metrics/app-metrics.ts'

/*
 * Public reads on a theme day are the same few bodies asked for by everyone: the bases, the events,
 * the calendar feed, the notices. Each is built once per version of the data it shows, compressed
 * once (brotli and gzip), and served from memory with a strong ETag, so a repeat visitor gets a 304
 * and a CDN in front can keep it for the `Cache-Control` the route gives.
 *
 * The version is read from the database on every request (see data-versions.ts), never remembered:
 * that is what keeps several API instances right, since a write through one changes what the
 * other reads next. Nothing has to be told to invalidate: a new version is a new key, and old keys
 * fall out of the LRU.
 */

export interface CachedBody {
  etag: string
  type: string
  identity: Buffer
  gzip: Buffer
  br: Buffer
  /** When the body goes stale without a write (e.g. a notice's window moves with the day); ms since epoch. */
  validUntil: number | null
}

export interface BuiltBody {
  body: string
  type: string
  validUntil?: number | null
}

/** Enough for every variant of every public read at a national scale, compressed thrice. */
const MAX_BYTES = 128 * 1024 * 1024

export class PublicCache {
  private readonly entries = new LRUCache<string, CachedBody>({
    maxSize: MAX_BYTES,
    sizeCalculation: (e) => e.identity.length + e.gzip.length + e.br.length + 256,
  })
  /** Builds in progress: a crowd arriving on a new version waits for one build, not one each. */
  private readonly building = new Map<string, Promise<CachedBody>>()

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached body for `key` (which must include the data's version), building it once if missing. */
  async get(name: string, key: string, build: () => Promise<BuiltBody>): Promise<CachedBody> {
    const found = this.entries.get(key)
    if (found && (found.validUntil === null || found.validUntil > this.now())) {
      cacheLookups.inc({ cache: name, result: 'hit' })
      return found
    }
    cacheLookups.inc({ cache: name, result: 'miss' })
    const pending = this.building.get(key)
    if (pending) return pending
    const made = build()
      .then((built) => {
        const entry = compress(built)
        this.entries.set(key, entry)
        return entry
      })
      .finally(() => this.building.delete(key))
    this.building.set(key, made)
    return made
  }

  clear(): void {
    this.entries.clear()
  }
}

function compress({ body, type, validUntil }: BuiltBody): CachedBody {
  const identity = Buffer.from(body)
  return {
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
    type,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length },
    }),
    validUntil: validUntil ?? null,
  }
}

/** True when the request's If-None-Match names this ETag (weak or strong, or `*`). */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const match = request.headers['if-none-match']
  if (!match) return false
  return match.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

/** Which encoding to send: brotli, then gzip, by what the client accepts (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity'
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    accepted.set(name!.trim(), q ? Number(q.slice(2)) || 0 : 1)
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return 'identity'
}

/** Sends a cached body: 304 when the client has it, else the best encoding it accepts. */
export function sendCachedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedBody,
  cacheControl: string,
): FastifyReply {
  void reply.header('etag', entry.etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding')
  if (notModified(request, entry.etag)) return reply.code(304).send()
  const encoding = pickEncoding(request.headers['accept-encoding'])
  void reply.type(entry.type)
  if (encoding !== 'identity') void reply.header('content-encoding', encoding)
  const body = encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : entry.identity
  return reply.header('content-length', body.length).send(body)
}

export interface CachedRead {
  /** The metrics label of this read (`zk_cache_lookups_total{cache}`). */
  name: string
  /** Everything the body depends on: the data version, the query, the day when the body depends on it. */
  key: string
  cacheControl: string
  build: () => Promise<BuiltBody>
}

/** Answers a public read from the cache (see above). */
export async function replyCached(
  cache: PublicCache,
  request: FastifyRequest,
  reply: FastifyReply,
  read: CachedRead,
): Promise<FastifyReply> {
  const entry = await cache.get(read.name, `${read.name}|${read.key}`, read.build)
  return sendCachedBody(request, reply, entry, read.cacheControl)
}

/** A cache key part for a parsed query: every field, in a fixed order (a new filter is never left out). */
export function queryKey(query: object): string {
  return JSON.stringify(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  )
}
