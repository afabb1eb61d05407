import { PULL_PAGE_MAX } from '../../shared/index.ts'
import type { SyncTables } from '../local-db/sync-tables.ts'
import { applyPulled } from './sync-records.ts'
import type { SyncTransport } from './sync-transport.ts'

/** What a pull needs from the engine. */
export interface PullContext {
  tables: SyncTables
  transport: SyncTransport
  now: () => number
  stopped: () => boolean
  changed: () => void
}

/**
 * Pulls a base's changes after the stored server cursor, page by page (README.md, "Pull"). Each
 * page is applied with its cursor in one transaction, so a cut-off pull resumes where it stopped
 * and never skips a record. Returns how many records came.
 */
export async function pullBase(ctx: PullContext, baseId: string): Promise<number> {
  const { tables } = ctx
  const cursorKey = `cursor:${baseId}`
  let pulled = 0
  for (let more = true; more && !ctx.stopped();) {
    const stored = await tables.meta(cursorKey)
    const cursor = typeof stored === 'number' ? stored : undefined
    const page = await ctx.transport.pull({ baseId, cursor, limit: PULL_PAGE_MAX })
    const at = new Date(ctx.now()).toISOString()
    await tables.recordsAndMetaTransaction(async () => {
      const locals = await tables.getMany(page.records.map((r) => r.id))
      const changed = page.records
        .flatMap((r, i) => (r.baseId === baseId ? [applyPulled(locals[i], r, at)] : []))
        .filter((r) => r !== null)
      await tables.putMany(changed)
      await tables.setMeta(cursorKey, page.cursor)
    })
    pulled += page.records.length
    // A page that does not move the cursor cannot be followed by another one.
    more = page.more && page.cursor !== cursor
    if (page.records.length > 0) ctx.changed()
  }
  return pulled
}
