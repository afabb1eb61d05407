import type { ExpertPage, ExpertSummary } from '../../shared/schemas/expert.ts'
import { localDb, type SavedExpertList, type SavedExpertPage } from './local-db.ts'

/*
 * 科普专家库 on the phone: the public list and the expert pages as last received, so both open
 * with no signal (experts/experts-store.ts reads the server first and falls back to these).
 */

/** Replaces the kept list with what the server just sent. */
export async function keepExpertList(experts: ExpertSummary[], savedAt: string): Promise<void> {
  await localDb.expertLists.put({ key: 'all', experts, savedAt })
}

export function savedExpertList(): Promise<SavedExpertList | undefined> {
  return localDb.expertLists.get('all')
}

export async function keepExpertPage(page: ExpertPage, savedAt: string): Promise<void> {
  await localDb.expertPages.put({ id: page.id, page, savedAt })
}

export function savedExpertPage(id: string): Promise<SavedExpertPage | undefined> {
  return localDb.expertPages.get(id)
}

/** When each kept page was saved, by expert id (without the pages themselves). */
export async function expertPagesSavedAt(): Promise<Map<string, string>> {
  const saved = new Map<string, string>()
  await localDb.expertPages.each((row) => {
    saved.set(row.id, row.savedAt)
  })
  return saved
}

/** Drops kept pages of experts no longer in the public list (an expert who left the pool). */
export async function dropExpertPagesExcept(ids: ReadonlySet<string>): Promise<void> {
  await localDb.expertPages.filter((row) => !ids.has(row.id)).delete()
}
