import { useSessionStore } from '../app/session-store.ts'
import { useSyncStore } from './sync-store.ts'

/**
 * Starts statistics sync when the app opens on a staff phone, whichever tab it opens on, so
 * queued records go out without the staff screens being visited (loaded lazily by AppShell only
 * when the last account on this device was staff or admin).
 */
export async function startSyncForStaff(): Promise<void> {
  const session = useSessionStore()
  await session.refresh().catch(() => {
    /* offline or server down: the remembered account is used */
  })
  await useSyncStore().start()
}
