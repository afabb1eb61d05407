import { applyWorksFeed, changedMediaUrls } from '../../shared/domain/works-feed.ts'
import { worksFeedResponse, type PublishedWork } from '../../shared/schemas/work-edit.ts'
import { apiRequest } from '../api/http.ts'
import type { OffThreadHandlers } from '../api/off-thread-registry.ts'
import type { SavedFile } from '../local-db/local-db.ts'
import { getSavedWork, putSavedWork } from '../local-db/works.ts'
import { getWorksCopy, putWorksCopy } from '../local-db/works-copies.ts'
import { appWorkSummary } from './app-work-view.ts'
import { download, workFiles } from './offline-works.ts'

/*
 * Works published in the app, kept on the phone (issue 26). The app ships the content's works, but
 * editors now publish new works and edit shipped ones between releases, so when the app opens,
 * returns to the foreground or reconnects (works/app-works.ts), the phone asks what changed since
 * the version it holds (`GET /api/works?since=`; the whole set the first time), applies the answer
 * with the shared rule (shared/domain/works-feed.ts `applyWorksFeed`) and keeps the result, so the
 * works list, a work's page and the offline search have them with no signal. A work saved for
 * offline whose media changed gets the changed files again (`changedMediaUrls`); its text is in
 * the copy itself. It runs in the API worker (app/off-thread-handlers.ts): Zod and Dexie stay off
 * the page, which gets plain data.
 */

export type WorksFeedRequest = { kind: 'works-kept' } | { kind: 'works-refresh' }

/** `removed`: ids of shipped (or earlier app) works visitors must no longer see. */
export type WorksFeedReply = { kind: 'works-kept'; works: PublishedWork[]; removed: string[] }

async function keptReply(): Promise<WorksFeedReply> {
  const copy = await getWorksCopy()
  return { kind: 'works-kept', works: copy.works, removed: copy.removed }
}

/**
 * Fetches a saved work's changed media again and keeps its other files; a failure leaves the
 * saved copy as it was (the next refresh tries again, as the copy still names the old URLs then).
 */
async function refreshSavedMedia(before: PublishedWork | undefined, after: PublishedWork): Promise<boolean> {
  const saved = await getSavedWork(after.id)
  if (!saved || changedMediaUrls(before, after).length === 0) return true
  const had = new Map(saved.files.map((f) => [f.name, f]))
  const files: SavedFile[] = []
  try {
    for (const file of workFiles(appWorkSummary(after))) {
      const kept = had.get(file.name)
      if (kept) {
        files.push(kept)
        continue
      }
      const blob = await download(file.name, undefined, () => undefined)
      files.push({ name: file.name, mime: file.mime, blob: new Blob([blob], { type: file.mime }) })
    }
  } catch {
    return false
  }
  if (files.length === 0) return true
  await putSavedWork({
    workId: after.id,
    files,
    bytes: files.reduce((n, f) => n + f.blob.size, 0),
    savedAt: new Date().toISOString(),
  })
  return true
}

async function refresh(): Promise<WorksFeedReply> {
  const before = await getWorksCopy()
  const since = before.version > 0 ? `?since=${String(before.version)}` : ''
  const feed = await apiRequest(`/api/works${since}`, { response: worksFeedResponse, cache: 'no-cache' })
  const after = applyWorksFeed(before, feed)
  const old = new Map(before.works.map((w) => [w.id, w]))
  // A saved work whose new media could not be fetched keeps its old copy, so the next answer
  // (which no longer lists it) does not leave the saved files behind the text.
  const stale = new Set<string>()
  for (const work of feed.works) if (!(await refreshSavedMedia(old.get(work.id), work))) stale.add(work.id)
  const kept = stale.size
    ? { ...after, version: before.version, works: after.works.map((w) => (stale.has(w.id) ? (old.get(w.id) ?? w) : w)) }
    : after
  await putWorksCopy(kept)
  return { kind: 'works-kept', works: kept.works, removed: kept.removed }
}

/** The feed's answers, by request kind; a failed fetch throws (the registry makes it a reply). */
export const worksFeedHandlers: OffThreadHandlers<WorksFeedRequest, WorksFeedReply> = {
  'works-kept': () => keptReply(),
  'works-refresh': () => refresh(),
}
