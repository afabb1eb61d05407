import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { designationsResponse, type DesignationBatch } from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/** `GET /api/designations`: every published batch with its bases, newest first on screen. */
export const useDesignationsStore = defineStore('designations', () => {
  const batches = shallowRef<DesignationBatch[] | null>(null)
  const state = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle')

  async function load(): Promise<void> {
    state.value = 'loading'
    try {
      const answer = await apiRequest('/api/designations', { response: designationsResponse })
      batches.value = [...answer.batches].reverse()
      state.value = 'ready'
    } catch {
      state.value = 'failed'
    }
  }

  return { batches, state, load }
})
