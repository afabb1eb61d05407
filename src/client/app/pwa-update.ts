import { ref } from 'vue'

/**
 * Service-worker update state. The worker is registered by `registerServiceWorker` in src/client/main.ts;
 * components read this state and call `applyUpdate` when it is safe (see AppUpdatePrompt.vue).
 */
export type UpdateState = 'idle' | 'offline-ready' | 'update-ready'

export const updateState = ref<UpdateState>('idle')
let activate: ((reload?: boolean) => Promise<void>) | null = null

export function onUpdateReady(apply: (reload?: boolean) => Promise<void>): void {
  activate = apply
  updateState.value = 'update-ready'
}

export function onOfflineReady(): void {
  if (updateState.value === 'idle') updateState.value = 'offline-ready'
}

/** Activates the waiting worker and reloads into the new version. */
export async function applyUpdate(): Promise<void> {
  if (activate) await activate(true)
}

export function dismissOfflineReady(): void {
  if (updateState.value === 'offline-ready') updateState.value = 'idle'
}
