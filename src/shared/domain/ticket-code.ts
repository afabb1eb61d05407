/*
 * 李四光中队 tickets: the QR holds a signed token, the gate can also type a short code.
 *
 * token = `zk1.<registrationId>.<eventId>.<signature>`, the signature being base64url HMAC-SHA256
 * of everything before it under a server secret. The server signs and verifies; a staff phone has
 * no secret, so offline it matches the SHA-256 of a scanned token against the `ticketHash` of the
 * registrations it synced for the event: a modified token, or one for another event, matches none.
 * Hashing is injected (Web Crypto in the browser, node:crypto on the server): shared code has
 * neither.
 */

export const TICKET_VERSION = 'zk1'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/

/** What the server signs for a ticket. */
export function ticketSigningInput(registrationId: string, eventId: string): string {
  return `${TICKET_VERSION}.${registrationId}.${eventId}`
}

export interface ParsedTicket {
  registrationId: string
  eventId: string
  signature: string
}

/** Splits a scanned token; null when it is not a ticket of this app at all. */
export function parseTicketToken(token: string): ParsedTicket | null {
  const parts = token.trim().split('.')
  if (parts.length !== 4 || parts[0] !== TICKET_VERSION) return null
  const [, registrationId, eventId, signature] = parts as [string, string, string, string]
  if (!UUID.test(registrationId) || !UUID.test(eventId) || !SIGNATURE.test(signature)) return null
  return { registrationId, eventId, signature }
}

/** Crockford base32: no I, L, O, U, so a typed code survives handwriting and bad light. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const TICKET_CODE_LENGTH = 8

/** 8 code characters from 5 random bytes (40 bits). */
export function ticketCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new Error('ticketCodeFromBytes needs 5 bytes')
  let bits = 0n
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i]!)
  let code = ''
  for (let i = TICKET_CODE_LENGTH - 1; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]
  return code
}

/** A typed code as stored: upper case, separators dropped, I/L read as 1 and O as 0; null if not 8 valid characters. */
export function normalizeTicketCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (code.length !== TICKET_CODE_LENGTH) return null
  for (const ch of code) if (!CROCKFORD.includes(ch)) return null
  return code
}

/** XXXX-XXXX, as printed on the ticket. */
export function formatTicketCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** The fields of a synced registration the gate check reads (a subset of `StaffRegistration`). */
export interface GateRegistration {
  id: string
  eventId: string
  status: string
  ticketCode: string | null
  ticketHash: string | null
  checkIn: { at: string; headcount: number } | null
}

/**
 * When a class may be checked in: from CHECKIN_OPENS_BEFORE_MS before the event starts (classes
 * arrive early, coaches are early) until it ends. A ticket for 19 December is not a ticket for
 * 7 December: outside the window the gate refuses, so no visit lands on a day the class was not
 * there. The phone judges by its clock; the server judges the check-in's `at` by the same rule
 * (sync-service.ts), never by its own clock, since a phone offline at the gate syncs later.
 */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 3_600_000
export type CheckinTiming = 'early' | 'open' | 'late'
export function checkinTiming(event: { start: string; end: string }, at: Date): CheckinTiming {
  const t = at.getTime()
  if (t < Date.parse(event.start) - CHECKIN_OPENS_BEFORE_MS) return 'early'
  if (t > Date.parse(event.end)) return 'late'
  return 'open'
}

export type GateCheck<R extends GateRegistration> =
  | { result: 'ok'; registration: R }
  /** Already checked in (here or synced from another phone): a second scan is ignored. */
  | { result: 'already-checked-in'; registration: R }
  /** A real ticket of another event (or base): the token names another event. */
  | { result: 'other-event'; eventId: string }
  /** A good ticket, but not now: before the check-in window opens or after the event ended. */
  | { result: 'outside-window'; registration: R; timing: 'early' | 'late' }
  /** The registration exists but is not confirmed (cancelled, waiting for approval …). */
  | { result: 'not-confirmed'; registration: R }
  /** Looks like a ticket but matches nothing: modified, forged, or not synced yet. */
  | { result: 'unknown' }
  /** Neither a token nor an 8-character code. */
  | { result: 'unreadable' }

/**
 * Checks a scanned token or a typed code against the registrations synced for `eventId`, offline.
 * `sha256Hex` hashes a token (lower-case hex). `checkedIn` adds check-ins made on this phone and
 * not yet in `registrations`. With `window`, a good ticket shown outside the event's check-in
 * window (`checkinTiming`) is `outside-window`.
 */
export async function checkTicketAtGate<R extends GateRegistration>(
  input: string,
  eventId: string,
  registrations: readonly R[],
  sha256Hex: (text: string) => Promise<string>,
  checkedIn: ReadonlySet<string> = new Set(),
  window?: { start: string; end: string; at: Date },
): Promise<GateCheck<R>> {
  const parsed = parseTicketToken(input)
  let found: R | undefined
  if (parsed) {
    if (parsed.eventId !== eventId) return { result: 'other-event', eventId: parsed.eventId }
    const hash = await sha256Hex(input.trim())
    found = registrations.find((r) => r.id === parsed.registrationId && r.eventId === eventId && r.ticketHash === hash)
  } else {
    const code = normalizeTicketCode(input)
    if (!code) return { result: 'unreadable' }
    found = registrations.find((r) => r.eventId === eventId && r.ticketCode === code)
  }
  if (!found) return { result: 'unknown' }
  if (found.checkIn || checkedIn.has(found.id)) return { result: 'already-checked-in', registration: found }
  if (found.status !== 'confirmed') return { result: 'not-confirmed', registration: found }
  const timing = window ? checkinTiming(window, window.at) : 'open'
  if (timing !== 'open') return { result: 'outside-window', registration: found, timing }
  return { result: 'ok', registration: found }
}
