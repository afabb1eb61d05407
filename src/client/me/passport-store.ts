import { defineStore } from 'pinia'
import { ref } from 'vue'
import { localDb, type VisitStamp } from '../local-db/local-db.ts'

/** The visitor's passport of visited bases, kept on the device (IndexedDB). */
export const usePassportStore = defineStore('passport', () => {
  const stamps = ref<VisitStamp[]>([])
  const loaded = ref(false)

  async function load(): Promise<void> {
    stamps.value = await localDb.visits.orderBy('visitedAt').reverse().toArray()
    loaded.value = true
  }

  function has(baseId: string): boolean {
    return stamps.value.some((s) => s.baseId === baseId)
  }

  async function toggle(baseId: string, now = new Date()): Promise<void> {
    if (has(baseId)) await localDb.visits.delete(baseId)
    else await localDb.visits.put({ baseId, visitedAt: now.toISOString() })
    await load()
  }

  return { stamps, loaded, load, has, toggle }
})
