import { eq, sql } from 'drizzle-orm'
import webpush from 'web-push'
import type { Notice, PushMessage, PushSubscriptionInput } from '../../shared/index.ts'
import type { VapidConfig } from '../config.ts'
import type { Database } from '../db/connect.ts'
import { pushDeliveries, pushSubscriptions } from '../db/schema.ts'

/*
 * Web Push is an enhancement: many phones in China have no reachable push service (no Google
 * services; WeChat's browser has none), so the app also refreshes notices on open, on return to
 * the foreground and on reconnect. `web-push` encrypts the payload and signs the VAPID header;
 * the request itself goes out with fetch, so it has a timeout and works against any URL the
 * browser gave as endpoint (tests point one at a local server).
 */

/** How long one push service may take before the delivery counts as failed. */
const PUSH_TIMEOUT_MS = 10_000
/** Deliveries in flight at once. */
const CONCURRENCY = 8
/** Push services keep an undelivered notice this long (phone off): a day, then it is stale. */
const TTL_SECONDS = 24 * 3600

export async function saveSubscription(db: Database, input: PushSubscriptionInput): Promise<void> {
  await db.insert(pushSubscriptions)
    .values({ endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, provinces: input.provinces })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { p256dh: input.keys.p256dh, auth: input.keys.auth, provinces: input.provinces, updatedAt: new Date() } })
}

/** True when there was a subscription to remove. */
export async function removeSubscription(db: Database, endpoint: string): Promise<boolean> {
  const removed = await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).returning({ id: pushSubscriptions.id })
  return removed.length > 0
}

export function pushMessageFor(n: Notice): PushMessage {
  const prefix = n.msgType === 'Cancel' ? '【解除】' : n.msgType === 'Update' ? '【更新】' : ''
  return { noticeId: n.id, title: `${prefix}${n.headline}`.slice(0, 120), body: (n.instruction || n.description || n.area.description).slice(0, 240), level: n.level, msgType: n.msgType }
}

export interface FanOutResult { sent: number; failed: number; gone: number }

/**
 * Pushes a notice to every subscription following one of its provinces and records each result.
 * A 404 or 410 means the browser dropped the subscription: it is removed. Notices drawn only as
 * shapes are not pushed (the server does not know where subscribers are, by design).
 */
export async function fanOut(db: Database, vapid: VapidConfig, n: Notice): Promise<FanOutResult> {
  const result: FanOutResult = { sent: 0, failed: 0, gone: 0 }
  if (n.area.provinces.length === 0 || n.status !== 'Actual') return result
  const codes = n.area.provinces.map((p) => `'${p.replace(/\D/g, '')}'`).join(',')
  const targets = await db.select().from(pushSubscriptions).where(sql`${pushSubscriptions.provinces} ?| ${sql.raw(`array[${codes}]`)}`)
  const payload = JSON.stringify(pushMessageFor(n))
  const queue = [...targets]
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const outcome = await deliver(vapid, s, payload)
      result[outcome.result] += 1
      await db.insert(pushDeliveries).values({ noticeId: n.id, subscriptionId: outcome.result === 'gone' ? null : s.id, endpoint: s.endpoint, ...outcome })
      if (outcome.result === 'gone') await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, s.id))
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  return result
}

async function deliver(vapid: VapidConfig, s: typeof pushSubscriptions.$inferSelect, payload: string): Promise<{ result: 'sent' | 'gone' | 'failed'; statusCode: number | null; error: string | null }> {
  try {
    const details = webpush.generateRequestDetails({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
      vapidDetails: vapid, TTL: TTL_SECONDS, urgency: 'high', contentEncoding: 'aes128gcm',
    })
    const response = await fetch(details.endpoint, {
      method: details.method, headers: details.headers as Record<string, string>, body: details.body ? new Uint8Array(details.body) : null, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    })
    await response.arrayBuffer().catch(() => null)
    if (response.ok) return { result: 'sent', statusCode: response.status, error: null }
    if (response.status === 404 || response.status === 410) return { result: 'gone', statusCode: response.status, error: null }
    return { result: 'failed', statusCode: response.status, error: response.statusText || `HTTP ${response.status}` }
  } catch (error) {
    return { result: 'failed', statusCode: null, error: error instanceof Error ? error.message.slice(0, 500) : String(error) }
  }
}
