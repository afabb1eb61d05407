import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { preparedPerHandle } from '../db/prepared.ts'
import { accounts, sessions } from '../db/schema.ts'
import type { RememberedSession, SessionCache } from '../cache/session-cache.ts'
import { toAccount } from './account-service.ts'
import type { Account } from '../../shared/index.ts'

export const SESSION_COOKIE = 'zk_session'
export const SESSION_DAYS = 30
const DAY_MS = 86_400_000

/** Only the SHA-256 of a token is stored: a leaked database does not leak live sessions. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** A fresh session (and token) on every sign-in, so a pre-set cookie can never be adopted. */
export async function createSession(db: Database, accountId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS)
  await db.insert(sessions).values({ id: hashToken(token), accountId, expiresAt })
  return { token, expiresAt }
}

/** The session lookup, prepared (named: PostgreSQL plans it once per connection). */
const sessionLookup = preparedPerHandle((db) =>
  db
    .select({ account: accounts, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .limit(1)
    .prepare('session_lookup'),
)

/**
 * The active account behind a token, extending the session when it was last seen over a day ago.
 * With `cache`, a session read lately is not read again (cache/session-cache.ts says how lately).
 */
export async function accountForToken(db: Database, token: string, cache?: SessionCache): Promise<Account | null> {
  const id = hashToken(token)
  const session = cache ? await cache.lookup(id, () => readSession(db, id)) : await readSession(db, id)
  return session?.account ?? null
}

async function readSession(db: Database, id: string): Promise<RememberedSession | null> {
  const [row] = await sessionLookup(db).execute({ id, now: new Date() })
  if (!row || row.account.status !== 'active') return null
  let { lastSeenAt, expiresAt } = row
  if (Date.now() - lastSeenAt.getTime() > DAY_MS) {
    lastSeenAt = new Date()
    expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS)
    await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id))
  }
  return { account: toAccount(row.account), expiresAt }
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)))
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()))
}
