import type { RegistrationStatus } from '../schemas/squadron.ts'

/*
 * The waitlist rule of 李四光中队 registrations, without a database: what is held, what is free,
 * and who gets the free places. The server applies it holding the event's lock
 * (server/services/registration-places.ts); tests drive it with plain rows.
 */

export interface PlacesRow {
  id: string
  status: RegistrationStatus
  /** Places held (pending/confirmed) or asked for (waitlisted). */
  headcount: number
  /** Places held by an offer (status offered). */
  offerHeadcount: number | null
}

export interface OfferPlan {
  /** Places held by pending, confirmed and offered registrations. */
  held: number
  /** Places left once the offers below are made (never negative). */
  free: number
  /** New offers, in waitlist order: `headcount` may be fewer than asked (a partial offer). */
  offers: { id: string; headcount: number }[]
  /** Registrations still waiting after these offers. */
  waitlistLength: number
}

/** Places a registration holds in this status. */
export function placesHeld(row: Pick<PlacesRow, 'status' | 'headcount' | 'offerHeadcount'>): number {
  if (row.status === 'pending' || row.status === 'confirmed') return row.headcount
  if (row.status === 'offered') return row.offerHeadcount ?? 0
  return 0
}

/** Places held by these registrations (the server computes the same sum in SQL). */
export function heldBy(rows: readonly Pick<PlacesRow, 'status' | 'headcount' | 'offerHeadcount'>[]): number {
  return rows.reduce((sum, r) => sum + placesHeld(r), 0)
}

/**
 * `waiting`: the waitlisted registrations in order (oldest first), offers already expired. Free
 * places go to the first waiting registration, as many as it asked for or as are free; then to
 * the next while any are left. Nobody is skipped for asking too much: a smaller class further
 * back waits its turn. A capacity lowered below what is held frees nothing and takes nothing away.
 */
export function offerPlan(
  capacity: number,
  held: number,
  waiting: readonly Pick<PlacesRow, 'id' | 'headcount'>[],
  canOffer: boolean,
): OfferPlan {
  let free = Math.max(0, capacity - held)
  const offers: { id: string; headcount: number }[] = []
  for (const row of waiting) {
    if (!canOffer || free === 0) break
    const headcount = Math.min(row.headcount, free)
    offers.push({ id: row.id, headcount })
    free -= headcount
  }
  return {
    held: held + offers.reduce((s, o) => s + o.headcount, 0),
    free,
    offers,
    waitlistLength: waiting.length - offers.length,
  }
}

/**
 * Where a new registration of `headcount` goes when `free` places are left and `waiting`
 * registrations are ahead of it: held, or offered what is left when it is first in line (a
 * partial offer), or waitlisted.
 */
export function placementOf(
  headcount: number,
  free: number,
  waiting: number,
  approvalRequired: boolean,
): 'pending' | 'confirmed' | 'offered' | 'waitlisted' {
  if (waiting === 0 && headcount <= free) return approvalRequired ? 'pending' : 'confirmed'
  if (waiting === 0 && free > 0) return 'offered'
  return 'waitlisted'
}
