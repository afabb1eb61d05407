import { asc, eq, sql } from 'drizzle-orm'
import webpush from 'web-push'
import {
  PUSH_SERVICE_HOSTS,
  pushEndpointProblem,
  type Notice,
  type PushDeliveryAttempt,
  type PushMessage,
  type PushSubscriptionInput,
} from '../../shared/index.ts'
import type { VapidConfig } from '../config.ts'
import type { Database } from '../db/connect.ts'
import { pushDeliveries, pushSubscriptions } from '../db/schema.ts'

/*
 * Web Push is an enhancement: many phones in China have no reachable push service (no Google
 * services; WeChat's browser has none), so the app also refreshes notices on open, on return to
 * the foreground and on reconnect. `web-push` encrypts the payload and signs the VAPID header;
 * the request itself goes out with fetch, so it has a timeout and never follows a redirect.
 * Delivery runs in the background, one job per subscription (server/jobs/push-delivery.ts):
 * this file holds what one attempt does.
 */

/** How long one push service may take before the attempt counts as failed. */
const PUSH_TIMEOUT_MS = 10_000
/** Push services keep an undelivered notice this long (phone off): a day, then it is stale. */
const TTL_SECONDS = 24 * 3600

export type Subscription = typeof pushSubscriptions.$inferSelect

export async function saveSubscription(db: Database, input: PushSubscriptionInput): Promise<void> {
  await db
    .insert(pushSubscriptions)
    .values({ endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, provinces: input.provinces })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { p256dh: input.keys.p256dh, auth: input.keys.auth, provinces: input.provinces, updatedAt: new Date() },
    })
}

/** True when there was a subscription to remove. */
export async function removeSubscription(db: Database, endpoint: string): Promise<boolean> {
  const removed = await db
    .delete(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, endpoint))
    .returning({ id: pushSubscriptions.id })
  return removed.length > 0
}

export function pushMessageFor(n: Notice): PushMessage {
  const prefix = n.msgType === 'Cancel' ? '【解除】' : n.msgType === 'Update' ? '【更新】' : ''
  return {
    noticeId: n.id,
    title: `${prefix}${n.headline}`.slice(0, 120),
    body: (n.instruction || n.description || n.area.description).slice(0, 240),
    level: n.level,
    msgType: n.msgType,
  }
}

/**
 * The subscriptions following one of a notice's provinces. Notices drawn only as shapes, and
 * exercises or tests, are not pushed (the server does not know where subscribers are, by design).
 */
export async function subscribersOf(db: Database, n: Notice): Promise<{ id: string; endpoint: string }[]> {
  if (n.area.provinces.length === 0 || n.status !== 'Actual') return []
  const codes = n.area.provinces.map((p) => `'${p.replace(/\D/g, '')}'`).join(',')
  return db
    .select({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint })
    .from(pushSubscriptions)
    .where(sql`${pushSubscriptions.provinces} ?| ${sql.raw(`array[${codes}]`)}`)
}

export async function findSubscription(db: Database, id: string): Promise<Subscription | undefined> {
  const [row] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id))
  return row
}

/**
 * Whether the server may send to `endpoint`: the shared rule (a known push service over https),
 * or one of the test-only `PUSH_ALLOW_HOSTS` (`host:port`, no user name or password). Checked
 * when subscribing and again before every delivery, for rows stored before the rule existed.
 */
export function endpointAllowed(endpoint: string, allowHosts: readonly string[]): boolean {
  if (pushEndpointProblem(endpoint) === null) return true
  if (allowHosts.length === 0) return false
  try {
    const url = new URL(endpoint)
    if (url.username || url.password || (url.protocol !== 'https:' && url.protocol !== 'http:')) return false
    return allowHosts.includes(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`)
  } catch {
    return false
  }
}

/**
 * Which push service an allowed endpoint belongs to (its PUSH_SERVICE_HOSTS entry without the
 * leading dot, or the test-only `host:port`): deliveries are queued and limited per service.
 */
export function pushServiceOf(endpoint: string, allowHosts: readonly string[]): string | null {
  if (!endpointAllowed(endpoint, allowHosts)) return null
  const url = new URL(endpoint)
  const known = PUSH_SERVICE_HOSTS.find((h) => (h.startsWith('.') ? url.hostname.endsWith(h) : url.hostname === h))
  return known ? known.replace(/^\./, '') : `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`
}

export interface DeliveryOutcome {
  result: 'sent' | 'gone' | 'failed'
  statusCode: number | null
  error: string | null
  /** A failure that may pass later (timeout, network, 429, 5xx): the job is retried. */
  retry: boolean
}

/**
 * One attempt to push `payload` to a subscription. `signal` ends it early (the server stopping);
 * the caller tells that apart from a timeout by the signal itself.
 */
export async function deliver(
  vapid: VapidConfig,
  s: Subscription,
  payload: string,
  allowHosts: readonly string[],
  signal?: AbortSignal,
): Promise<DeliveryOutcome> {
  if (!endpointAllowed(s.endpoint, allowHosts)) {
    return {
      result: 'failed',
      statusCode: null,
      error: `refused: ${pushEndpointProblem(s.endpoint) ?? 'not allowed'}`,
      retry: false,
    }
  }
  try {
    const details = webpush.generateRequestDetails(
      { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
      payload,
      {
        vapidDetails: vapid,
        TTL: TTL_SECONDS,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    )
    const timeout = AbortSignal.timeout(PUSH_TIMEOUT_MS)
    const response = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : null,
      // A push service never redirects; following one would let a subscriber point us anywhere.
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    })
    await response.arrayBuffer().catch(() => null)
    if (response.ok) return { result: 'sent', statusCode: response.status, error: null, retry: false }
    if (response.status === 404 || response.status === 410)
      return { result: 'gone', statusCode: response.status, error: null, retry: false }
    if (response.status >= 300 && response.status < 400)
      return { result: 'failed', statusCode: response.status, error: 'refused to follow a redirect', retry: false }
    const retry = response.status === 429 || response.status >= 500
    return {
      result: 'failed',
      statusCode: response.status,
      error: response.statusText || `HTTP ${response.status}`,
      retry,
    }
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return {
      result: 'failed',
      statusCode: null,
      error: error instanceof Error ? `${error.message}${cause}`.slice(0, 500) : String(error),
      retry: true,
    }
  }
}

/** Records one attempt; a gone subscription (404/410: the browser dropped it) is removed. */
export async function recordDelivery(
  db: Database,
  noticeId: string,
  s: Subscription,
  outcome: DeliveryOutcome,
  note = '',
): Promise<void> {
  const gone = outcome.result === 'gone'
  await db.insert(pushDeliveries).values({
    noticeId,
    subscriptionId: gone ? null : s.id,
    endpoint: s.endpoint,
    result: outcome.result,
    statusCode: outcome.statusCode,
    error: outcome.error === null ? null : `${outcome.error}${note}`.slice(0, 1000),
  })
  if (gone) await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, s.id))
}

/** Every attempt for a notice, oldest first, with the push service's host instead of the endpoint. */
export async function deliveriesOf(db: Database, noticeId: string): Promise<PushDeliveryAttempt[]> {
  const rows = await db
    .select()
    .from(pushDeliveries)
    .where(eq(pushDeliveries.noticeId, noticeId))
    .orderBy(asc(pushDeliveries.id))
  return rows.map((r) => ({
    subscriptionId: r.subscriptionId,
    host: hostOf(r.endpoint),
    result: r.result,
    statusCode: r.statusCode,
    error: r.error,
    at: r.at.toISOString(),
  }))
}

/** The host (and port, if any) of an endpoint; the key of the per-host delivery limit. */
export function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host
  } catch {
    return '(invalid)'
  }
}
