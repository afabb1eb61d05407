import { and, count, eq, gt, lt, min } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { loginAttempts } from '../db/schema.ts'

/** At most 5 failed sign-ins per username and address in 15 minutes. */
export const MAX_FAILURES = 5
/**
 * And at most 30 per address whatever the usernames, against password spraying (one guess on
 * many accounts). Generous, because a school's pupils share one address behind NAT.
 */
export const MAX_FAILURES_PER_ADDRESS = 30
export const WINDOW_MS = 15 * 60_000

/** Seconds to wait before trying again, or null when a sign-in may be attempted. */
export async function retryAfterSeconds(db: Database, username: string, ip: string): Promise<number | null> {
  const since = new Date(Date.now() - WINDOW_MS)
  const [account] = await db.select({ n: count(), oldest: min(loginAttempts.at) }).from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)))
  const [address] = await db.select({ n: count(), oldest: min(loginAttempts.at) }).from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)))
  const blocked: number[] = []
  if (account?.oldest && account.n >= MAX_FAILURES) blocked.push(new Date(account.oldest).getTime())
  if (address?.oldest && address.n >= MAX_FAILURES_PER_ADDRESS) blocked.push(new Date(address.oldest).getTime())
  if (blocked.length === 0) return null
  return Math.max(1, Math.ceil((Math.max(...blocked) + WINDOW_MS - Date.now()) / 1000))
}

export async function recordFailure(db: Database, username: string, ip: string): Promise<void> {
  await db.insert(loginAttempts).values({ username, ip })
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - WINDOW_MS)))
}

export async function clearFailures(db: Database, username: string, ip: string): Promise<void> {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip)))
}
