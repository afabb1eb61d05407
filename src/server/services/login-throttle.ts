import { and, count, eq, gt, lt, min } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { loginAttempts } from '../db/schema.ts'

/** At most 5 failed sign-ins per username and address in 15 minutes. */
export const MAX_FAILURES = 5
export const WINDOW_MS = 15 * 60_000

/** Seconds to wait before trying again, or null when a sign-in may be attempted. */
export async function retryAfterSeconds(db: Database, username: string, ip: string): Promise<number | null> {
  const since = new Date(Date.now() - WINDOW_MS)
  const [row] = await db.select({ n: count(), oldest: min(loginAttempts.at) }).from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)))
  if (!row?.oldest || row.n < MAX_FAILURES) return null
  return Math.max(1, Math.ceil((new Date(row.oldest).getTime() + WINDOW_MS - Date.now()) / 1000))
}

export async function recordFailure(db: Database, username: string, ip: string): Promise<void> {
  await db.insert(loginAttempts).values({ username, ip })
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - WINDOW_MS)))
}

export async function clearFailures(db: Database, username: string, ip: string): Promise<void> {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip)))
}
