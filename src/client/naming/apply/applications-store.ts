import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ApplicantSignupBody, Application, NamingCall } from '../../../shared/index.ts'
import { applyApi } from './apply-api.ts'

/*
 * 我的申报: the calls and the applicant's applications as the server last said, and starting one.
 * Failures are thrown to the screen, which says them (application-draft.ts `refusalOf`).
 */
export const useApplicationsStore = defineStore('naming-applications', () => {
  const calls = shallowRef<NamingCall[]>([])
  const applications = shallowRef<Application[]>([])
  const state = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle')

  async function load(): Promise<void> {
    state.value = 'loading'
    try {
      const [mine, open] = await Promise.all([applyApi.mine(), applyApi.calls()])
      applications.value = mine.applications
      calls.value = open.calls
      state.value = 'ready'
    } catch (error) {
      state.value = 'failed'
      throw error
    }
  }

  /** The applicant's application to `callId`, started now if there is none yet: its id. */
  async function start(callId: string): Promise<string> {
    const existing = applications.value.find((a) => a.callId === callId)
    if (existing) return existing.id
    const { application } = await applyApi.start(callId)
    applications.value = [...applications.value, application]
    return application.id
  }

  const signup = async (body: ApplicantSignupBody) => (await applyApi.signup(body)).account

  return { calls, applications, state, load, start, signup }
})
