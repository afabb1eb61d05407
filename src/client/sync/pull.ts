import { PULL_PAGE_MAX, SYNC_WINDOW_DAYS } from '../../shared/index.ts'
import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import type { SyncTables } from '../local-db/sync-tables.ts'
import { applyPulled, recordDay } from './sync-records.ts'
import type { SyncTransport } from './sync-transport.ts'

/** What a pull needs from the engine. */
export interface PullContext {
  tables: SyncTables
  transport: SyncTransport
  accountId: string
  now: () => number
  stopped: () => boolean
  changed: () => void
}

export interface PullResult {
  /** Records that came. */
  pulled: number
  /** The server no longer knew the cursor: this account's records went back to the outbox to be restored. */
  reset: boolean
}

/** The first day this phone keeps and pulls (SYNC_WINDOW_DAYS back, Asia/Shanghai). */
export function syncWindowStart(now: number): string {
  return addDays(todayInChina(new Date(now)), -SYNC_WINDOW_DAYS)
}

/**
 * Pulls a base's changes after the stored server cursor, page by page (README.md, "Pull"). Each
 * page is applied with its cursor in one transaction, so a cut-off pull resumes where it stopped
 * and never skips a record. Only the window of days the phone keeps is pulled; a finished pull
 * deletes synced records that fell out of it. When the server says it does not know the cursor,
 * the account's synced records of the base are queued to be sent again and the cursor is
 * forgotten: the caller pushes, then pulls again from the start.
 */
export async function pullBase(ctx: PullContext, baseId: string): Promise<PullResult> {
  const { tables } = ctx
  const cursorKey = `cursor:${baseId}`
  const since = syncWindowStart(ctx.now())
  let pulled = 0
  for (let more = true; more && !ctx.stopped();) {
    const stored = await tables.meta(cursorKey)
    const cursor = typeof stored === 'number' ? stored : undefined
    const epoch = await tables.meta('epoch')
    const page = await ctx.transport.pull({
      baseId,
      cursor,
      epoch: typeof epoch === 'string' ? epoch : undefined,
      since,
      limit: PULL_PAGE_MAX,
    })
    if (page.reset) {
      await tables.recordsAndMetaTransaction(async () => {
        await tables.requeueForRestore(ctx.accountId, baseId)
        await tables.setMeta(cursorKey, 0)
        await tables.setMeta('epoch', page.epoch)
      })
      ctx.changed()
      return { pulled, reset: true }
    }
    const at = new Date(ctx.now()).toISOString()
    await tables.recordsAndMetaTransaction(async () => {
      const locals = await tables.getMany(page.records.map((r) => r.id))
      const changed = page.records
        .flatMap((r, i) => (r.baseId === baseId ? [applyPulled(locals[i], r, at)] : []))
        .filter((r) => r !== null)
      await tables.putMany(changed)
      await tables.setMeta(cursorKey, page.cursor)
      await tables.setMeta('epoch', page.epoch)
    })
    pulled += page.records.length
    // A page that does not move the cursor cannot be followed by another one.
    more = page.more && page.cursor !== cursor
    if (page.records.length > 0) ctx.changed()
  }
  if (!ctx.stopped() && (await tables.deleteSynced(baseId, (r) => recordDay(r) < since)) > 0) ctx.changed()
  return { pulled, reset: false }
}
