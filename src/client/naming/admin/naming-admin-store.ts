import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Application, BatchBody, CallBody, FormalCheckBody, NamingCall } from '../../../shared/index.ts'
import { namingAdminApi } from './naming-admin-api.ts'

/*
 * The admin's 申报 work: the calls, one call's applications, the formal check and naming a batch.
 * Failures are thrown to the screen, which says them in the server's words.
 */
export const useNamingAdminStore = defineStore('naming-admin', () => {
  const calls = shallowRef<NamingCall[]>([])
  /** The applications of the call last opened. */
  const applications = shallowRef<Application[]>([])

  async function loadCalls(): Promise<void> {
    calls.value = [...(await namingAdminApi.calls()).calls].reverse()
  }

  async function createCall(body: CallBody): Promise<NamingCall> {
    const { call } = await namingAdminApi.createCall(body)
    calls.value = [call, ...calls.value.filter((c) => c.id !== call.id)]
    return call
  }

  async function loadCall(callId: string): Promise<NamingCall | null> {
    const [, mine] = await Promise.all([loadCalls(), namingAdminApi.applications(callId)])
    applications.value = mine.applications
    return calls.value.find((c) => c.id === callId) ?? null
  }

  async function check(applicationId: string, body: FormalCheckBody): Promise<Application> {
    const { application } = await namingAdminApi.check(applicationId, body)
    applications.value = applications.value.map((a) => (a.id === application.id ? application : a))
    return application
  }

  const publishBatch = async (body: BatchBody) => (await namingAdminApi.publishBatch(body)).batch

  return {
    calls,
    applications,
    loadCalls,
    createCall,
    loadCall,
    check,
    publishBatch,
    exportUrl: namingAdminApi.exportUrl,
  }
})
