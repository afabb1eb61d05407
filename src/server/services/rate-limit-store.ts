import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { sql } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (table `rate_limits`) instead of the
 * process's memory, so several API instances behind a load balancer share one limit per address
 * (the in-memory default would give each instance its own). One upsert per request: a window
 * starts at the first hit and its counter resets once `reset_at` has passed.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const id = `${this.prefix}${key}`
      const query = db.execute(sql`
        insert into rate_limits (key, hits, reset_at) values (${id}, 1, now() + ${timeWindow} * interval '1 millisecond')
        on conflict (key) do update set
          hits = case when rate_limits.reset_at <= now() then 1 else rate_limits.hits + 1 end,
          reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
        returning hits, ceil(extract(epoch from (reset_at - now())) * 1000) as ttl`) as Promise<unknown> as Promise<{
        rows: { hits: number; ttl: string | number }[]
      }>
      query.then(
        (result) => {
          const row = result.rows[0]!
          callback(null, { current: Number(row.hits), ttl: Math.max(0, Number(row.ttl)) })
          // Now and then, forget windows that ended long ago (the table stays as small as the traffic).
          if (Math.random() < 0.01)
            void db.execute(sql`delete from rate_limits where reset_at < now() - interval '1 hour'`).catch(() => {})
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)))
        },
      )
    }

    /** One counter space per route, as the in-memory store does (the plugin passes the route as `routeInfo`). */
    child(routeOptions: object): FastifyRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo
      return new DatabaseRateLimitStore(undefined, `${[info?.method ?? ''].flat().join(',')} ${info?.url ?? ''}|`)
    }
  }
  return DatabaseRateLimitStore
}
