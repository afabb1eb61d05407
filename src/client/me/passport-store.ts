import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { VisitStamp } from '../local-db/local-db.ts'
import { deleteVisitStamp, listVisitStamps, putVisitStamp } from '../local-db/passport.ts'

/** The visitor's passport of visited bases, kept on the device (IndexedDB). */
export const usePassportStore = defineStore('passport', () => {
  const stamps = ref<VisitStamp[]>([])
  const loaded = ref(false)

  async function load(): Promise<void> {
    stamps.value = await listVisitStamps()
    loaded.value = true
  }

  function has(baseId: string): boolean {
    return stamps.value.some((s) => s.baseId === baseId)
  }

  async function toggle(baseId: string, now = new Date()): Promise<void> {
    if (has(baseId)) await deleteVisitStamp(baseId)
    else await putVisitStamp({ baseId, visitedAt: now.toISOString() })
    await load()
  }

  return { stamps, loaded, load, has, toggle }
})
