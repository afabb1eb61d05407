import { ref } from 'vue'

export type PersistState = 'unsupported' | 'persisted' | 'not-persisted'

export interface StorageStatus {
  persist: PersistState
  usageBytes: number | null
  quotaBytes: number | null
}

export const storageStatus = ref<StorageStatus>({ persist: 'unsupported', usageBytes: null, quotaBytes: null })

/** Reads whether this origin's storage is persistent and how much is used. */
export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!storage || typeof storage.persisted !== 'function') {
    storageStatus.value = { persist: 'unsupported', usageBytes: null, quotaBytes: null }
    return storageStatus.value
  }
  const [persisted, estimate] = await Promise.all([
    storage.persisted(),
    typeof storage.estimate === 'function' ? storage.estimate() : Promise.resolve<StorageEstimate>({}),
  ])
  storageStatus.value = {
    persist: persisted ? 'persisted' : 'not-persisted',
    usageBytes: estimate.usage ?? null,
    quotaBytes: estimate.quota ?? null,
  }
  return storageStatus.value
}

/**
 * Asks the browser to keep this origin's data (Safari evicts after 7 days without it, and some
 * browsers grant it only to installed apps or after engagement). Never throws: a refusal is a state.
 */
export async function requestPersistentStorage(): Promise<StorageStatus> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (storage && typeof storage.persist === 'function') {
    try {
      await storage.persist()
    } catch {
      /* refusal is reported by readStorageStatus */
    }
  }
  return readStorageStatus()
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—'
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}
