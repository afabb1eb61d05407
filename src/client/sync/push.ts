import { PUSH_BATCH_MAX, type PushAck } from '../../shared/index.ts'
import type { LocalSyncRecord } from '../local-db/local-db.ts'
import type { SyncTables } from '../local-db/sync-tables.ts'
import { markSending, releaseUnanswered, settleAck, toWire } from './sync-records.ts'
import type { SyncTransport } from './sync-transport.ts'

/** What a push needs from the engine. */
export interface PushContext {
  tables: SyncTables
  transport: SyncTransport
  accountId: string
  deviceId: string
  now: () => number
  stopped: () => boolean
  changed: () => void
}

/** One push attempt of one edit: the same edit on the same version is not sent twice in a run. */
function attemptKey(r: LocalSyncRecord): string {
  return `${r.id}:${String(r.rev)}:${String(r.version)}`
}

/**
 * Pushes the account's queued records in batches of at most 200 (README.md, "Push"). Records are
 * marked `sending` before the request and settled by their own ack after it; with no answer at
 * all they go back to `queued` and the error is thrown. `tried` keeps one run from resending an
 * edit whose answer left it queued: the backoff timer retries it instead of a tight loop.
 */
export async function pushOutbox(
  ctx: PushContext,
  tried: Set<string>,
): Promise<{ pushed: number; unanswered: boolean }> {
  const { tables } = ctx
  let pushed = 0
  let unanswered = false
  while (!ctx.stopped()) {
    const batch = await tables.recordsTransaction(async () => {
      const queued = await tables.ofAccount(ctx.accountId, ['queued'])
      const next = queued
        .filter((r) => !tried.has(attemptKey(r)))
        .slice(0, PUSH_BATCH_MAX)
        .map(markSending)
      await tables.putMany(next)
      return next
    })
    if (batch.length === 0) break
    for (const r of batch) tried.add(attemptKey(r))
    ctx.changed()
    let acks: PushAck[]
    try {
      acks = (await ctx.transport.push({ deviceId: ctx.deviceId, records: batch.map(toWire) })).acks
    } catch (error) {
      await settle(ctx, batch, [])
      throw error
    }
    if (!(await settle(ctx, batch, acks))) unanswered = true
    pushed += batch.length
  }
  return { pushed, unanswered }
}

/** One ack per record; a record the answer does not mention goes back to the outbox. True when all were answered. */
async function settle(ctx: PushContext, batch: readonly LocalSyncRecord[], acks: readonly PushAck[]): Promise<boolean> {
  const { tables } = ctx
  const byId = new Map<string, PushAck>()
  for (const ack of acks) {
    // `#3`: the server could not read record 3's id.
    const index = ack.id.startsWith('#') ? Number(ack.id.slice(1)) : NaN
    byId.set(Number.isInteger(index) && batch[index] ? batch[index].id : ack.id, ack)
  }
  const at = new Date(ctx.now()).toISOString()
  let complete = true
  await tables.recordsTransaction(async () => {
    const current = await tables.getMany(batch.map((r) => r.id))
    const next = batch.flatMap((sent, i) => {
      const now = current[i]
      if (!now) return []
      const ack = byId.get(sent.id)
      if (!ack) complete = false
      return [ack ? settleAck(now, sent.rev, ack, at) : releaseUnanswered(now)]
    })
    await tables.putMany(next)
  })
  ctx.changed()
  return complete
}
