import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { parseTicketToken, ticketCodeFromBytes, ticketSigningInput } from '../../shared/domain/ticket-code.ts'
import type { Database } from '../db/connect.ts'
import { serverSecrets } from '../db/schema.ts'

/*
 * Signing of 李四光中队 tickets (format: shared/domain/ticket-code.ts). The key is TICKET_SECRET,
 * or one generated on first use and kept in `server_secrets`, so every server instance sharing
 * the database signs alike and tickets survive restarts.
 */

const SECRET_NAME = 'ticket-signing-key'
const generated = new WeakMap<Database, Map<string, Promise<string>>>()

export function ticketSecret(db: Database, configured: string | undefined): Promise<string> {
  return configured ? Promise.resolve(configured) : storedSecret(db, SECRET_NAME)
}

/** A random key generated on first use and kept in `server_secrets`, the same for every instance. */
export function storedSecret(db: Database, name: string): Promise<string> {
  let byName = generated.get(db)
  if (!byName) generated.set(db, byName = new Map<string, Promise<string>>())
  let secret = byName.get(name)
  if (!secret) {
    secret = (async () => {
      // Two instances starting together: both insert, one wins, both read the winner.
      await db.insert(serverSecrets).values({ name, value: randomBytes(32).toString('base64url') }).onConflictDoNothing()
      const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, name))
      return row!.value
    })()
    secret.catch(() => byName.delete(name))
    byName.set(name, secret)
  }
  return secret
}

function signature(secret: string, registrationId: string, eventId: string): string {
  return createHmac('sha256', secret).update(ticketSigningInput(registrationId, eventId)).digest('base64url')
}

export function signTicket(secret: string, registrationId: string, eventId: string): string {
  return `${ticketSigningInput(registrationId, eventId)}.${signature(secret, registrationId, eventId)}`
}

/** The registration and event a token names, when its signature is ours; null otherwise. */
export function verifyTicket(secret: string, token: string): { registrationId: string; eventId: string } | null {
  const parsed = parseTicketToken(token)
  if (!parsed) return null
  const expected = Buffer.from(signature(secret, parsed.registrationId, parsed.eventId))
  const given = Buffer.from(parsed.signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? { registrationId: parsed.registrationId, eventId: parsed.eventId } : null
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export function randomTicketCode(): string {
  return ticketCodeFromBytes(randomBytes(5))
}
