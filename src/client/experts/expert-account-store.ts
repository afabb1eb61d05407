import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type {
  ExpertInviteAcceptBody,
  ExpertProfileInput,
  ExpertRequest,
  ExpertScheduleResponse,
  OwnExpertProfile,
} from '../../shared/index.ts'
import { useSessionStore } from '../app/session-store.ts'
import { expertsApi } from './experts-api.ts'

export type ScheduleItem = ExpertScheduleResponse['items'][number]

/**
 * The expert's own account: setting it up from the invite link, their page and what it shows,
 * pausing requests, and the requests from bases with their schedule. Nothing here is kept on the
 * phone: answers to bases must reach the server, and the page says so when offline.
 */
export const useExpertAccountStore = defineStore('expert-account', () => {
  const session = useSessionStore()
  const profile = ref<OwnExpertProfile | null>(null)
  const schedule = ref<ScheduleItem[] | null>(null)

  /** Whom a link is for; rejects (404) when it is used up, replaced or expired. */
  const previewInvite = (token: string) => expertsApi.previewInvite(token)

  /** Sets the account up from the link; the server signs the expert in (its cookie), the session follows. */
  async function acceptInvite(body: ExpertInviteAcceptBody): Promise<void> {
    await expertsApi.acceptInvite(body)
    await session.refresh()
  }

  async function loadProfile(): Promise<OwnExpertProfile> {
    profile.value = (await expertsApi.ownProfile()).profile
    return profile.value
  }
  async function saveProfile(input: ExpertProfileInput): Promise<OwnExpertProfile> {
    profile.value = (await expertsApi.saveProfile(input)).profile
    return profile.value
  }
  /** Shows a finished `expert-photo` upload on the page at once (null removes the photo). */
  async function setPhoto(mediaId: string | null): Promise<void> {
    profile.value = (await expertsApi.setPhoto(mediaId)).profile
  }
  async function setPaused(paused: boolean): Promise<void> {
    profile.value = (await expertsApi.setPaused(paused)).profile
  }

  async function loadSchedule(): Promise<void> {
    schedule.value = (await expertsApi.schedule()).items
  }
  /** The answered request in place of the old one; conflicts may change, so the schedule is read again. */
  async function answered(request: Promise<{ request: ExpertRequest }>): Promise<void> {
    await request
    await loadSchedule()
  }
  const accept = (id: string) => answered(expertsApi.accept(id))
  const decline = (id: string, reason: string) => answered(expertsApi.decline(id, reason))
  const withdraw = (id: string, reason: string) => answered(expertsApi.withdrawAsExpert(id, reason))

  /** Requests waiting for an answer. */
  const waiting = computed(() => (schedule.value ?? []).filter((r) => r.status === 'requested'))

  return {
    profile,
    schedule,
    waiting,
    previewInvite,
    acceptInvite,
    loadProfile,
    saveProfile,
    setPhoto,
    setPaused,
    loadSchedule,
    accept,
    decline,
    withdraw,
  }
})
