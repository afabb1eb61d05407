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

/**
 * Claims one sign-in attempt for `username` from `ip`, atomically, BEFORE the (slow) password
 * check: the attempt is written first and then counted with everything already written, so of N
 * parallel guesses at most MAX_FAILURES see a count within the limit and reach the hash. Returns
 * the attempt's id (pass it to `clearFailures` on success; a failure simply keeps it), or the
 * seconds to wait when the limit is reached (the refused attempt is not kept).
 */
export async function claimAttempt(
  db: Database,
  username: string,
  ip: string,
): Promise<{ id: number } | { retryAfter: number }> {
  const [mine] = await db
    .insert(loginAttempts)
    .values({ username, ip })
    .returning({ id: loginAttempts.id, at: loginAttempts.at })
  const since = new Date(mine!.at.getTime() - WINDOW_MS)
  const [account] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)))
  const [address] = await db
    .select({ n: count(), oldest: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)))
  const blocked: number[] = []
  if (account?.oldest && account.n > MAX_FAILURES) blocked.push(new Date(account.oldest).getTime())
  if (address?.oldest && address.n > MAX_FAILURES_PER_ADDRESS) blocked.push(new Date(address.oldest).getTime())
  if (blocked.length === 0) return { id: mine!.id }
  await db.delete(loginAttempts).where(eq(loginAttempts.id, mine!.id))
  return { retryAfter: Math.max(1, Math.ceil((Math.max(...blocked) + WINDOW_MS - Date.now()) / 1000)) }
}

/** Now and then, forget attempts older than the window (the table stays as small as the traffic). */
export async function forgetOldAttempts(db: Database): Promise<void> {
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - WINDOW_MS)))
}

/** A successful sign-in clears this username's failures from this address. */
export async function clearFailures(db: Database, username: string, ip: string): Promise<void> {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip)))
}
