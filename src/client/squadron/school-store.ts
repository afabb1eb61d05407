import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { v4 as uuidv4 } from 'uuid'
import type {
  Registration,
  Squadron,
  SquadronEvent,
  SquadronEventsQuery,
  SquadronInput,
  SquadronVisit,
} from '../../shared/index.ts'
import {
  getSavedRegistration,
  keepSchoolCopy,
  putSavedRegistration,
  savedRegistrationsOf,
  savedVisitsOf,
} from '../local-db/squadron.ts'
import { useSessionStore } from '../app/session-store.ts'
import { squadronApi } from './squadron-api.ts'
import { isOffline } from './squadron-errors.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'

/**
 * A teacher's 李四光中队 area: squadrons, events open to them, registrations with their tickets
 * and the visit record. Registrations and visits are copied to the phone on every read, so the
 * ticket opens at the gate with no signal (`source` says which copy is shown).
 */
export const useSquadronSchoolStore = defineStore('squadron-school', () => {
  const session = useSessionStore()
  const squadrons = ref<Squadron[]>([])
  const registrations = ref<Registration[]>([])
  const visits = ref<SquadronVisit[]>([])
  const events = ref<SquadronEvent[]>([])
  /** Where `registrations` came from: the server just now, or the phone's copy (offline). */
  const source = ref<'none' | 'server' | 'device'>('none')
  const savedAt = ref<string | null>(null)

  const activeSquadrons = computed(() => squadrons.value.filter((s) => !s.archived))
  /** Offers waiting for an answer: 我的 shows them first. */
  const offers = computed(() => registrations.value.filter((r) => r.status === 'offered'))

  /** The signed-in school account; a screen opened from a link asks the server first. */
  async function accountId(): Promise<string> {
    if (session.state === 'unknown') await session.refresh().catch(() => undefined)
    const id = session.account?.id
    if (!id) throw new Error('Sign in as a school to manage squadrons')
    return id
  }

  async function fromDevice(account: string): Promise<void> {
    const rows = await savedRegistrationsOf(account)
    registrations.value = rows.map((r) => r.registration).sort(byEventStart)
    visits.value = (await savedVisitsOf(account))?.visits ?? []
    savedAt.value = rows.reduce<string | null>(
      (latest, r) => (!latest || r.savedAt > latest ? r.savedAt : latest),
      null,
    )
    source.value = 'device'
  }

  /** My registrations and visits: from the server when it answers, else the phone's copy. */
  async function loadRegistrations(): Promise<void> {
    const account = await accountId()
    try {
      const answer = await squadronApi.myRegistrations()
      const at = new Date().toISOString()
      registrations.value = [...answer.registrations].sort(byEventStart)
      visits.value = answer.visits
      savedAt.value = at
      source.value = 'server'
      await keepSchoolCopy(account, answer.registrations, answer.visits, at)
    } catch (error) {
      if (!isOffline(error)) throw error
      await fromDevice(account)
    }
  }

  /** One registration (the ticket screen): the loaded list, else the phone's copy. */
  async function registration(id: string): Promise<Registration | null> {
    const loaded = registrations.value.find((r) => r.id === id)
    if (loaded) return loaded
    if (session.state === 'unknown') await session.refresh().catch(() => undefined)
    const row = await getSavedRegistration(id)
    return row && row.accountId === session.account?.id ? row.registration : null
  }

  /** A registration changed by the server: replace it in the list and on the phone. */
  async function replace(next: Registration): Promise<Registration> {
    const others = registrations.value.filter((r) => r.id !== next.id)
    registrations.value = [...others, next].sort(byEventStart)
    await putSavedRegistration({
      id: next.id,
      accountId: await accountId(),
      registration: next,
      savedAt: new Date().toISOString(),
    })
    return next
  }

  async function loadSquadrons(): Promise<void> {
    squadrons.value = (await squadronApi.squadrons()).squadrons
  }
  async function saveSquadron(id: string | null, input: SquadronInput): Promise<Squadron> {
    const { squadron } =
      id === null ? await squadronApi.createSquadron(input) : await squadronApi.patchSquadron(id, input)
    squadrons.value = [...squadrons.value.filter((s) => s.id !== squadron.id), squadron]
    return squadron
  }
  async function archiveSquadron(id: string, archived: boolean): Promise<void> {
    const { squadron } = await squadronApi.patchSquadron(id, { archived })
    squadrons.value = squadrons.value.map((s) => (s.id === id ? squadron : s))
  }

  async function loadEvents(query: SquadronEventsQuery): Promise<void> {
    events.value = (await squadronApi.events(query)).events
  }

  /**
   * Registers a squadron. The request id is made once per form submission and reused on a retry,
   * so a lost answer never books the class twice.
   */
  /** `headcount` is everyone on site; `adults` how many of them are adults. */
  async function register(
    eventId: string,
    squadronId: string,
    headcount: number,
    requestId: string = uuidv4(),
    adults = 0,
  ): Promise<Registration> {
    const { registration: made } = await squadronApi.register(eventId, { squadronId, headcount, adults, requestId })
    return replace(made)
  }

  return {
    squadrons,
    activeSquadrons,
    registrations,
    visits,
    events,
    offers,
    source,
    savedAt,
    loadRegistrations,
    registration,
    loadSquadrons,
    saveSquadron,
    archiveSquadron,
    loadEvents,
    register,
    changeHeadcount: async (id: string, headcount: number) =>
      replace((await squadronApi.changeHeadcount(id, headcount)).registration),
    cancel: async (id: string) => replace((await squadronApi.cancel(id)).registration),
    acceptOffer: async (id: string) => replace((await squadronApi.acceptOffer(id)).registration),
    declineOffer: async (id: string) => replace((await squadronApi.declineOffer(id)).registration),
  }
})

function byEventStart(a: Registration, b: Registration): number {
  return byCodeUnit(a.event.start, b.event.start) || a.squadronName.localeCompare(b.squadronName)
}
