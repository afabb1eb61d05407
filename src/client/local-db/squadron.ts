import type { Registration, SquadronVisit } from '../../shared/schemas/squadron.ts'
import { localDb, type EventRoster, type SavedRegistration, type SavedVisits } from './local-db.ts'

/*
 * 李四光中队 on the phone: a teacher's registrations (with their tickets) and visit records, and the
 * event lists a staff phone checks classes in against at the gate, all kept for use with no signal.
 */

// A teacher's copy (`savedRegistrations`, `savedVisits`) ------------------------------------------

/** Replaces the account's copy with what the server just sent, in one transaction. */
export async function keepSchoolCopy(
  accountId: string,
  registrations: readonly Registration[],
  visits: SquadronVisit[],
  savedAt: string,
): Promise<void> {
  await localDb.transaction('rw', localDb.savedRegistrations, localDb.savedVisits, async () => {
    await localDb.savedRegistrations.where('accountId').equals(accountId).delete()
    await localDb.savedRegistrations.bulkPut(
      registrations.map((registration) => ({ id: registration.id, accountId, registration, savedAt })),
    )
    await localDb.savedVisits.put({ accountId, visits, savedAt })
  })
}

export function savedRegistrationsOf(accountId: string): Promise<SavedRegistration[]> {
  return localDb.savedRegistrations.where('accountId').equals(accountId).toArray()
}

export function getSavedRegistration(id: string): Promise<SavedRegistration | undefined> {
  return localDb.savedRegistrations.get(id)
}

export async function putSavedRegistration(row: SavedRegistration): Promise<void> {
  await localDb.savedRegistrations.put(row)
}

export function savedVisitsOf(accountId: string): Promise<SavedVisits | undefined> {
  return localDb.savedVisits.get(accountId)
}

// A staff phone's event lists (`eventRosters`) ----------------------------------------------------

/** The lists kept for a base's events; every kept list when `baseId` is null. */
export function eventRostersOf(baseId: string | null): Promise<EventRoster[]> {
  return baseId ? localDb.eventRosters.where('baseId').equals(baseId).toArray() : localDb.eventRosters.toArray()
}

export function getEventRoster(eventId: string): Promise<EventRoster | undefined> {
  return localDb.eventRosters.get(eventId)
}

export async function putEventRoster(roster: EventRoster): Promise<void> {
  await localDb.eventRosters.put(roster)
}

/** A kept list other than `exceptEventId`'s with a registration of that ticket code. */
export function rosterWithTicketCode(code: string, exceptEventId: string): Promise<EventRoster | undefined> {
  return localDb.eventRosters
    .filter((o) => o.eventId !== exceptEventId && o.registrations.some((g) => g.ticketCode === code))
    .first()
}
