import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { parseTicketToken, ticketCodeFromBytes, ticketSigningInput } from '../../shared/domain/ticket-code.ts'
import type { Database } from '../db/connect.ts'
import { storedSecret } from './server-secrets.ts'

/*
 * Signing of 李四光中队 tickets (format: shared/domain/ticket-code.ts). The key is TICKET_SECRET,
 * or one generated on first use and kept in `server_secrets` (server-secrets.ts), so every server
 * instance sharing the database signs alike and tickets survive restarts.
 */

const SECRET_NAME = 'ticket-signing-key'

export function ticketSecret(db: Database, configured: string | undefined): Promise<string> {
  return configured ? Promise.resolve(configured) : storedSecret(db, SECRET_NAME)
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
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { registrationId: parsed.registrationId, eventId: parsed.eventId }
    : null
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export function randomTicketCode(): string {
  return ticketCodeFromBytes(randomBytes(5))
}
