import { randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { setupTokens } from '../db/schema.ts'
import { hashToken } from './session-service.ts'
import { hasActiveAdmin } from './account-service.ts'

const SETUP_TTL_MS = 24 * 3_600_000

/**
 * On a start with no admin, a new one-time setup token replaces any earlier unused one; it is
 * shown once (printed by the start script) and only its hash is stored.
 */
export async function issueSetupToken(db: Database): Promise<string | null> {
  if (await hasActiveAdmin(db)) return null
  const token = randomBytes(24).toString('base64url')
  await db.transaction(async (tx) => {
    await tx.delete(setupTokens).where(isNull(setupTokens.usedAt))
    await tx.insert(setupTokens).values({ tokenHash: hashToken(token), expiresAt: new Date(Date.now() + SETUP_TTL_MS) })
  })
  return token
}

/** Marks the token used; true only once, only for a live token, only while no admin exists. */
export async function consumeSetupToken(db: Database, token: string): Promise<boolean> {
  if (await hasActiveAdmin(db)) return false
  const used = await db
    .update(setupTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(setupTokens.tokenHash, hashToken(token)),
        isNull(setupTokens.usedAt),
        gt(setupTokens.expiresAt, new Date()),
      ),
    )
    .returning({ tokenHash: setupTokens.tokenHash })
  return used.length === 1
}
