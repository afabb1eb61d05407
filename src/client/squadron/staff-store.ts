import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  Account,
  SchoolApprovalMode,
  SquadronEvent,
  SquadronSettings,
  StaffRegistration,
} from '../../shared/index.ts'
import {
  checkTicketAtGate,
  normalizeTicketCode,
  parseTicketToken,
  type GateCheck,
} from '../../shared/domain/ticket-code.ts'
import type { EventRoster, LocalCheckin } from '../local-db/local-db.ts'
import { eventRostersOf, getEventRoster, putEventRoster, rosterWithTicketCode } from '../local-db/squadron.ts'
import { useSyncStore } from '../sync/sync-store.ts'
import { squadronApi } from './squadron-api.ts'
import { isOffline } from './squadron-errors.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'

/** A gate check, plus when an already checked-in class was checked in, and which event a wrong ticket is for. */
export type GateResult =
  | Exclude<GateCheck<StaffRegistration>, { result: 'already-checked-in' } | { result: 'other-event' }>
  | { result: 'already-checked-in'; registration: StaffRegistration; at: string; headcount: number }
  | { result: 'other-event'; eventId: string; event: SquadronEvent | null }

/** Lower-case hex SHA-256 (Web Crypto: on https or localhost; typed codes need none). */
export async function sha256Hex(text: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('Web Crypto is not available (the app must be opened over https)')
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Staff side of 李四光中队: the events of the base open to squadrons, an event's registrations
 * (approve / decline), and the gate. Before going to the gate the phone syncs the event's list
 * (`eventRosters`); the gate then checks tickets against that copy with no signal, and each
 * check-in is an append-only `checkin` record through the statistics outbox.
 */
export const useSquadronStaffStore = defineStore('squadron-staff', () => {
  const sync = useSyncStore()
  const events = ref<SquadronEvent[]>([])
  const roster = ref<EventRoster | null>(null)
  /** Where `roster` came from: the server just now, or the phone's copy (offline). */
  const source = ref<'none' | 'server' | 'device'>('none')
  /** Check-ins of the roster's event this phone knows of, by registration (first one wins). */
  const checkins = ref<Map<string, LocalCheckin>>(new Map())

  /** The base's events open to squadrons; offline, the events whose lists are on the phone. */
  async function loadEvents(baseId: string | null): Promise<void> {
    try {
      events.value = (await squadronApi.events(baseId ? { baseId } : {})).events
    } catch (error) {
      if (!isOffline(error)) throw error
      const rows = await eventRostersOf(baseId)
      events.value = rows.map((r) => r.event).sort((a, b) => byCodeUnit(a.start, b.start))
    }
  }

  /** An event's registrations, fetched and kept on the phone for the gate; offline, the kept copy. */
  async function loadRoster(eventId: string): Promise<void> {
    try {
      const answer = await squadronApi.eventRegistrations(eventId)
      const next: EventRoster = {
        eventId,
        baseId: answer.event.base.id,
        event: answer.event,
        registrations: answer.registrations,
        fetchedAt: answer.fetchedAt,
      }
      await putEventRoster(next)
      roster.value = next
      source.value = 'server'
    } catch (error) {
      if (!isOffline(error)) throw error
      roster.value = (await getEventRoster(eventId)) ?? null
      source.value = roster.value ? 'device' : 'none'
    }
    await loadCheckins()
  }

  async function loadCheckins(): Promise<void> {
    const r = roster.value
    if (!r) {
      checkins.value = new Map()
      return
    }
    await sync.start()
    const mine = (await sync.checkins(r.baseId))
      .filter((c) => c.payload.eventId === r.eventId && c.state !== 'rejected')
      .sort((a, b) => byCodeUnit(a.payload.at, b.payload.at))
    const map = new Map<string, LocalCheckin>()
    for (const c of mine) if (!map.has(c.payload.registrationId)) map.set(c.payload.registrationId, c)
    checkins.value = map
  }

  /** A staff decision, then the list again (it also refreshes the phone's copy). */
  async function approve(id: string): Promise<void> {
    await squadronApi.approve(id)
    if (roster.value) await loadRoster(roster.value.eventId)
  }
  async function decline(id: string, reason: string): Promise<void> {
    await squadronApi.decline(id, reason)
    if (roster.value) await loadRoster(roster.value.eventId)
  }

  /**
   * Checks a scanned token or typed code against the phone's copy of the event's list. A ticket
   * of another event is named when the phone has that event's list too.
   */
  async function check(input: string): Promise<GateResult> {
    const r = roster.value
    if (!r) return { result: 'unknown' }
    const outcome = await checkTicketAtGate(
      input,
      r.eventId,
      r.registrations,
      sha256Hex,
      new Set(checkins.value.keys()),
      { start: r.event.start, end: r.event.end, at: new Date() },
    )
    switch (outcome.result) {
      case 'already-checked-in': {
        const local = checkins.value.get(outcome.registration.id)
        const server = outcome.registration.checkIn
        // The earlier of the two is when the class really came in.
        const first =
          server && (!local || server.at <= local.payload.at)
            ? server
            : local
              ? { at: local.payload.at, headcount: local.payload.headcount }
              : null
        return { ...outcome, at: first?.at ?? '', headcount: first?.headcount ?? outcome.registration.headcount }
      }
      case 'other-event':
        return { ...outcome, event: (await getEventRoster(outcome.eventId))?.event ?? null }
      case 'unknown': {
        // A typed code of a class booked for another event the phone has synced: say which.
        const code = parseTicketToken(input) ? null : normalizeTicketCode(input)
        if (!code) return outcome
        const others = await rosterWithTicketCode(code, r.eventId)
        return others ? { result: 'other-event', eventId: others.eventId, event: others.event } : outcome
      }
      case 'ok':
      case 'outside-window':
      case 'not-confirmed':
      case 'unreadable':
        return outcome
    }
  }

  /** Checks the class in with the headcount that actually came; false when this phone already had. */
  async function checkIn(
    registration: StaffRegistration,
    headcount: number,
    method: 'scan' | 'code',
  ): Promise<boolean> {
    const r = roster.value
    if (!r) throw new Error('No event list on this phone')
    const made = await sync.addCheckin(r.baseId, {
      registrationId: registration.id,
      eventId: r.eventId,
      headcount,
      at: new Date().toISOString(),
      method,
    })
    await loadCheckins()
    return made !== null
  }

  /** The base's rules for registrations: approval, cut-off, how long offers stay open. */
  const settings = ref<SquadronSettings | null>(null)
  async function loadSettings(baseId: string): Promise<void> {
    settings.value = await squadronApi.settings(baseId)
  }
  async function saveSettings(baseId: string, next: SquadronSettings): Promise<void> {
    settings.value = await squadronApi.putSettings(baseId, next)
  }

  /** With SCHOOL_APPROVAL=base, the schools that applied to this base wait here for its staff. */
  const approvalMode = ref<SchoolApprovalMode>('admin')
  const pendingSchools = ref<Account[]>([])
  async function loadPendingSchools(): Promise<void> {
    approvalMode.value = (await squadronApi.programme()).schoolApproval
    pendingSchools.value = approvalMode.value === 'base' ? (await squadronApi.pendingSchools()).accounts : []
  }
  async function approveSchool(id: string): Promise<void> {
    await squadronApi.approveSchool(id)
    pendingSchools.value = pendingSchools.value.filter((a) => a.id !== id)
  }

  return {
    approvalMode,
    pendingSchools,
    loadPendingSchools,
    approveSchool,
    events,
    roster,
    source,
    checkins,
    settings,
    loadSettings,
    saveSettings,
    loadEvents,
    loadRoster,
    loadCheckins,
    approve,
    decline,
    check,
    checkIn,
  }
})
