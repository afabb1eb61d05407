import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Database } from '../db/connect.ts'
import type { BuiltContent } from '../content/built-content.ts'
import type { AppConfig } from '../config.ts'
import type { DataVersions } from '../cache/data-versions.ts'
import type { PublicCache } from '../cache/public-cache.ts'
import type { MediaStore } from '../media/media-store.ts'

/** A Fastify instance whose route schemas are zod schemas (validated and typed from them). */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>

export interface RouteDeps {
  db: Database
  content: BuiltContent
  config: AppConfig
  /** The server's clock (tests pass a controllable one): offer expiry and cut-offs read it. */
  now: () => Date
  /** Built, compressed bodies of the public reads, by data version (cache/public-cache.ts). */
  cache: PublicCache
  /** The public data's versions, the cache's keys (cache/data-versions.ts). */
  versions: DataVersions
  /** Where uploaded media is stored (media/open-media-store.ts). */
  media: MediaStore
}
