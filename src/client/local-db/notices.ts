import type { Notice } from '../../shared/schemas/notice.ts'
import { localDb, type SavedNotice } from './local-db.ts'

/* The notices list as last received (the `notices` table), so notices open with no signal. */

/** Replaces the saved list with `notices`, in one transaction. */
export async function replaceSavedNotices(notices: readonly Notice[]): Promise<void> {
  await localDb.transaction('rw', localDb.notices, async () => {
    await localDb.notices.clear()
    await localDb.notices.bulkPut(notices)
  })
}

/** The saved rows as stored: a caller validates them before use. */
export function listSavedNotices(): Promise<SavedNotice[]> {
  return localDb.notices.toArray()
}

export function getSavedNotice(id: string): Promise<SavedNotice | undefined> {
  return localDb.notices.get(id)
}
