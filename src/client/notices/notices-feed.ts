import { notice as noticeSchema, noticesResponse, type Notice } from '../../shared/schemas/notice.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import type { OffThreadHandlers } from '../api/off-thread-registry.ts'
import { getSavedNotice, listSavedNotices, replaceSavedNotices } from '../local-db/notices.ts'

/*
 * The notices list's network and storage work: fetch and validate the list, keep it in IndexedDB,
 * read the saved copy back. It runs in the API worker (registered in app/off-thread-handlers.ts), so
 * refreshing on every open never loads Zod and Dexie onto the page's main thread. Replies are plain data.
 */

export type FeedRequest = { kind: 'refresh' } | { kind: 'saved' } | { kind: 'one'; id: string }

export type FeedReply =
  /** The server's list, validated; `stored` is false when IndexedDB refused it (the list is still right). */
  | { kind: 'live'; notices: Notice[]; stored: boolean }
  /** The copy on the device, each entry validated again; null when nothing is saved. */
  | { kind: 'saved'; notices: Notice[] | null }
  | { kind: 'one'; notice: Notice | null }
  /** Reading the device's copy failed (IndexedDB unavailable, as in some private modes). */
  | { kind: 'error'; message: string }

async function fetchAndSaveNotices(): Promise<FeedReply> {
  // Always revalidated: the visitor opening the app must see an alert issued a moment ago;
  // the server's ETag keeps an unchanged list to a bodiless 304.
  const body = await apiRequest('/api/notices', { response: noticesResponse, cache: 'no-cache' })
  try {
    await replaceSavedNotices(body.notices)
    return { kind: 'live', notices: body.notices, stored: true }
  } catch {
    return { kind: 'live', notices: body.notices, stored: false }
  }
}

async function readSavedNotices(): Promise<FeedReply> {
  try {
    const rows = await listSavedNotices()
    const valid = rows.flatMap((n) => {
      const p = noticeSchema.safeParse(n)
      return p.success ? [p.data] : []
    })
    return { kind: 'saved', notices: rows.length === 0 ? null : valid }
  } catch (error) {
    // IndexedDB unavailable (private mode): nothing saved can be shown.
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
}

/** One notice: the device's copy when it has one, else from the server (null when it is unknown). */
async function readNotice(id: string): Promise<FeedReply> {
  const stored = await getSavedNotice(id).catch(() => undefined)
  const p = stored ? noticeSchema.safeParse(stored) : null
  if (p?.success) return { kind: 'one', notice: p.data }
  try {
    return {
      kind: 'one',
      notice: await apiRequest(`/api/notices/${encodeURIComponent(id)}`, { response: noticeSchema }),
    }
  } catch (error) {
    if (error instanceof ApiRequestError) return { kind: 'one', notice: null }
    throw error
  }
}

/** The feed's answers, by request kind. A failed fetch throws (the registry turns it into a reply). */
export const noticesFeedHandlers: OffThreadHandlers<FeedRequest, FeedReply> = {
  refresh: () => fetchAndSaveNotices(),
  saved: () => readSavedNotices(),
  one: (request) => readNotice(request.id),
}
