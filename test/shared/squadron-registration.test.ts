import { describe, expect, it } from 'vitest'
import { heldBy, offerPlan, placementOf, type PlacesRow } from '../../src/shared/domain/squadron-registration.ts'
import {
  normalizeTicketCode,
  parseTicketToken,
  ticketCodeFromBytes,
  formatTicketCode,
  CROCKFORD,
} from '../../src/shared/domain/ticket-code.ts'

const row = (
  id: string,
  status: PlacesRow['status'],
  headcount: number,
  offerHeadcount: number | null = null,
): PlacesRow => ({ id, status, headcount, offerHeadcount })

describe('waitlist offers', () => {
  it.each([
    {
      name: 'full event: nobody is offered',
      capacity: 30,
      rows: [row('a', 'confirmed', 30), row('b', 'waitlisted', 5)],
      offers: [],
      free: 0,
      waitlistLength: 1,
      held: 30,
    },
    {
      name: 'fewer places than asked: a partial offer to the first in line only',
      capacity: 30,
      rows: [row('a', 'confirmed', 20), row('b', 'waitlisted', 30), row('c', 'waitlisted', 5)],
      offers: [{ id: 'b', headcount: 10 }],
      free: 0,
      waitlistLength: 1,
      held: 30,
    },
    {
      name: 'enough for two: both offered in order, the rest stays free',
      capacity: 50,
      rows: [row('a', 'pending', 20), row('b', 'waitlisted', 10), row('c', 'waitlisted', 5)],
      offers: [
        { id: 'b', headcount: 10 },
        { id: 'c', headcount: 5 },
      ],
      free: 15,
      waitlistLength: 0,
      held: 35,
    },
    {
      name: 'an open offer keeps its places',
      capacity: 30,
      rows: [row('a', 'confirmed', 20), row('b', 'offered', 30, 10), row('c', 'waitlisted', 5)],
      offers: [],
      free: 0,
      waitlistLength: 1,
      held: 30,
    },
    {
      name: 'ended registrations hold nothing',
      capacity: 10,
      rows: [
        row('a', 'cancelled', 10),
        row('b', 'expired', 10, 10),
        row('c', 'declined', 4),
        row('d', 'waitlisted', 4),
      ],
      offers: [{ id: 'd', headcount: 4 }],
      free: 6,
      waitlistLength: 0,
      held: 4,
    },
    {
      name: 'capacity lowered below what is held: nothing is taken away or offered',
      capacity: 10,
      rows: [row('a', 'confirmed', 25), row('b', 'waitlisted', 1)],
      offers: [],
      free: 0,
      waitlistLength: 1,
      held: 25,
    },
  ])('$name', ({ capacity, rows, offers, free, waitlistLength, held }) => {
    const waiting = rows.filter((r) => r.status === 'waitlisted')
    expect(offerPlan(capacity, heldBy(rows), waiting, true)).toEqual({ offers, free, waitlistLength, held })
  })

  it('makes no offers after the cut-off', () => {
    expect(offerPlan(30, 0, [row('a', 'waitlisted', 5)], false)).toEqual({
      offers: [],
      free: 30,
      waitlistLength: 1,
      held: 0,
    })
  })

  it.each([
    [10, 10, 0, false, 'confirmed'],
    [10, 10, 0, true, 'pending'],
    [11, 10, 0, false, 'offered'],
    [1, 0, 0, true, 'waitlisted'],
    [1, 0, 2, false, 'waitlisted'],
  ] as const)(
    'a class of %i with %i places free and %i waiting (approval %s) is %s',
    (headcount, free, waiting, approval, expected) => {
      expect(placementOf(headcount, free, waiting, approval)).toBe(expected)
    },
  )
})

describe('ticket codes and tokens', () => {
  it('draws 8 Crockford characters from 5 bytes, all 32 symbols reachable', () => {
    expect(ticketCodeFromBytes(new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000')
    expect(ticketCodeFromBytes(new Uint8Array([255, 255, 255, 255, 255]))).toBe('ZZZZZZZZ')
    expect(ticketCodeFromBytes(new Uint8Array([0x08, 0x86, 0x42, 0x98, 0xe8]))).toBe('12345678')
    const seen = new Set(
      ticketCodeFromBytes(new Uint8Array([0x00, 0x44, 0x32, 0x14, 0xc7])) +
        ticketCodeFromBytes(new Uint8Array([0x42, 0x54, 0xb6, 0x35, 0xcf])) +
        ticketCodeFromBytes(new Uint8Array([0x84, 0x65, 0x3a, 0x56, 0xd7])) +
        ticketCodeFromBytes(new Uint8Array([0xc6, 0x75, 0xbe, 0x77, 0xdf])),
    )
    expect([...seen].sort().join('')).toBe([...CROCKFORD].sort().join(''))
  })

  it.each([
    ['7k3m-9qzt', '7K3M9QZT'],
    ['7K3M 9QZT', '7K3M9QZT'],
    ['lo1i-oOOo', '10110000'],
    ['7K3M9QZ', null],
    ['7K3M9QZU', null],
    ['7K3M9QZT1', null],
  ])('reads the typed code %j as %j', (typed, code) => {
    expect(normalizeTicketCode(typed)).toBe(code)
  })

  it('prints a code in two groups', () => {
    expect(formatTicketCode('7K3M9QZT')).toBe('7K3M-9QZT')
  })

  it('accepts only well-formed tokens', () => {
    const r = '0190f3a4-1b2c-7d3e-8f40-123456789abc'
    const e = '0190f3a4-1b2c-7d3e-8f40-cba987654321'
    const sig = 'A'.repeat(43)
    expect(parseTicketToken(`zk1.${r}.${e}.${sig}`)).toEqual({ registrationId: r, eventId: e, signature: sig })
    expect(parseTicketToken(`zk2.${r}.${e}.${sig}`)).toBeNull()
    expect(parseTicketToken(`zk1.${r}.${e}.${sig}.extra`)).toBeNull()
    expect(parseTicketToken(`zk1.${r}.not-a-uuid.${sig}`)).toBeNull()
    expect(parseTicketToken(`zk1.${r}.${e}.${sig.slice(1)}`)).toBeNull()
  })
})
