import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExpertRequest, ExpertRequestInput } from '../../shared/index.ts'
import { expertsApi } from './experts-api.ts'

/**
 * A base's requests to experts, as its staff see them. Requests go straight to the server (the
 * expert must see them, and the server checks the day and the expert's pause), so this needs a
 * connection, unlike the base's own events, which wait in the outbox.
 */
export const useExpertStaffStore = defineStore('expert-staff', () => {
  const requests = ref<ExpertRequest[] | null>(null)
  const baseId = ref<string | null>(null)

  async function load(base: string): Promise<void> {
    if (baseId.value !== base) requests.value = null
    baseId.value = base
    requests.value = (await expertsApi.baseRequests(base)).requests
  }
  async function request(base: string, body: ExpertRequestInput): Promise<ExpertRequest> {
    const { request } = await expertsApi.request(base, body)
    await load(base)
    return request
  }
  async function withdraw(base: string, id: string, reason: string): Promise<void> {
    await expertsApi.withdrawAsBase(base, id, reason)
    await load(base)
  }

  return { requests, load, request, withdraw }
})
