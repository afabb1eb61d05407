import { localDb, type VisitStamp } from './local-db.ts'

/* The visitor's passport (the `visits` table): bases marked as visited, kept on the device only. */

/** Every stamp, most recent visit first. */
export function listVisitStamps(): Promise<VisitStamp[]> {
  return localDb.visits.orderBy('visitedAt').reverse().toArray()
}

export async function putVisitStamp(stamp: VisitStamp): Promise<void> {
  await localDb.visits.put(stamp)
}

export async function deleteVisitStamp(baseId: string): Promise<void> {
  await localDb.visits.delete(baseId)
}
