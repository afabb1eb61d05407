import type PgBoss from 'pg-boss'
import { PUSH_SERVICE_HOSTS, type Notice } from '../../shared/index.ts'
import type { VapidConfig } from '../config.ts'
import { queueConnectionOf, type Database } from '../db/connect.ts'
import {
  deliver,
  findSubscription,
  pushMessageFor,
  pushServiceOf,
  recordDelivery,
  subscribersOf,
} from '../services/push-service.ts'
import { addQueueDepthReader } from '../metrics/app-metrics.ts'
import { startJobQueue, type JobQueue } from './job-queue.ts'

/*
 * Issuing a notice only queues one `push-delivery` job per subscriber and answers: a push service
 * that never answers must not hold an admin's request until every delivery has timed out. Workers
 * deliver in the background, retry what may pass later (timeouts, 429, 5xx) with a growing delay,
 * and record every attempt in `push_deliveries`. Each push service has a queue of its own with one
 * worker taking PER_HOST jobs at a time: a service that hangs holds only its own deliveries (with
 * one shared queue it held every worker, and FCM waited for a dead host's timeouts).
 */

/** Queue names: `push-delivery.<service>`, one queue per push service. */
export const PUSH_DELIVERY_QUEUE = 'push-delivery'
/** Deliveries in flight at once to one push service, per process: the batch its one worker takes. */
const PER_HOST = 4
/**
 * Retries after the first attempt, and the first delay in seconds: with backoff pg-boss waits
 * 5–10 s, then 10–20, 20–40 and 40–80 s. Warnings are urgent; after ~3 minutes, the app's own
 * refresh (on open, foreground, reconnect) has long done better than a late push.
 */
const RETRY = { retryLimit: 4, retryDelay: 5, retryBackoff: true }
/** A job running longer than this (its process died) is failed by pg-boss' maintenance, so it is retried. */
const EXPIRE_SECONDS = 300
/** How often an idle worker looks for jobs other instances queued (this one wakes its own at once). */
const POLL_SECONDS = 5
/** Jobs inserted per statement when a notice has very many subscribers. */
const INSERT_CHUNK = 1000

interface PushDeliveryJob {
  noticeId: string
  subscriptionId: string
  payload: string
}

export interface PushDelivery {
  /** Queues one job per subscriber of the notice's provinces; answers how many. */
  enqueue(n: Notice): Promise<number>
  /** Jobs of a notice not finished yet (queued, running, or waiting for a retry). */
  pending(noticeId: string): Promise<number>
  stop(): Promise<void>
}

export interface PushDeliveryOptions {
  db: Database
  vapid: VapidConfig
  /** Test-only endpoints (config `pushAllowHosts`). */
  allowHosts: readonly string[]
  log: { error(object: object, message: string): void }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Background push delivery; null when this server has no VAPID keys (push off). */
    readonly pushDelivery: PushDelivery | null
  }
}

export async function startPushDelivery({ db, vapid, allowHosts, log }: PushDeliveryOptions): Promise<PushDelivery> {
  const connection = queueConnectionOf(db)
  if (!connection) throw new Error('push delivery needs a database opened by openDatabase() (db/connect.ts)')
  const queue: JobQueue = await startJobQueue(connection, {
    onError: (error) => {
      log.error({ err: error }, 'push delivery queue')
    },
  })
  const { boss } = queue
  try {
    // Idempotent; the update applies changed retry settings to a queue made by an earlier version.
    const settings = { name: PUSH_DELIVERY_QUEUE, ...RETRY, expireInSeconds: EXPIRE_SECONDS }
    await boss.createQueue(PUSH_DELIVERY_QUEUE, settings)
    await boss.updateQueue(PUSH_DELIVERY_QUEUE, settings)
  } catch (error) {
    await queue.stop()
    throw error
  }

  // Aborted when the app closes: deliveries in flight end at once and hand their job over.
  const stopping = new AbortController()

  async function deliverOne(job: PgBoss.JobWithMetadata<PushDeliveryJob>): Promise<void> {
    const { noticeId, subscriptionId, payload } = job.data
    const subscription = await findSubscription(db, subscriptionId)
    if (!subscription) return // unsubscribed meanwhile
    const outcome = stopping.signal.aborted
      ? null
      : await deliver(vapid, subscription, payload, allowHosts, stopping.signal)
    if (stopping.signal.aborted && (outcome === null || outcome.statusCode === null)) {
      // Cut short by our own shutdown, not by the push service: a fresh job, so no attempt is
      // spent and the next start (or another instance) delivers it at once.
      await boss.send(job.name, job.data)
      return
    }
    if (!outcome) return
    const retrying = outcome.retry && job.retryCount < job.retryLimit
    const note =
      outcome.result === 'failed'
        ? ` (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}${retrying ? ', will retry' : ''})`
        : ''
    await recordDelivery(db, noticeId, subscription, outcome, note)
    // pg-boss schedules the retry (or marks the job failed after the last one).
    if (outcome.retry) throw new Error(outcome.error ?? 'delivery failed')
  }

  // One batch at a time per service; each job of it succeeds or fails on its own (pg-boss then
  // completes the batch's jobs still active, i.e. those not failed here).
  const handleBatch = async (jobs: PgBoss.JobWithMetadata<PushDeliveryJob>[]) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await deliverOne(job)
        } catch (error) {
          await boss.fail(job.name, job.id, { message: error instanceof Error ? error.message : String(error) })
        }
      }),
    )
    // A full batch: more may be waiting, so fetch again now instead of after the polling interval.
    const worker = jobs.length === PER_HOST ? workerOf.get(jobs[0]!.name) : undefined
    if (worker) boss.notifyWorker(worker)
  }

  const queueName = (service: string) => `${PUSH_DELIVERY_QUEUE}.${service.replace(/[^\w.-]/g, '_')}`
  const services = [...PUSH_SERVICE_HOSTS.map((h) => h.replace(/^\./, '')), ...allowHosts, 'refused']
  const workerOf = new Map<string, string>()
  try {
    for (const service of services) {
      const name = queueName(service)
      // Idempotent; the update applies changed retry settings to a queue made by an earlier version.
      const settings = { name, ...RETRY, expireInSeconds: EXPIRE_SECONDS }
      await boss.createQueue(name, settings)
      await boss.updateQueue(name, settings)
      workerOf.set(
        name,
        await boss.work<PushDeliveryJob>(
          name,
          { batchSize: PER_HOST, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS },
          handleBatch,
        ),
      )
    }
  } catch (error) {
    await queue.stop()
    throw error
  }

  const queueNames = [PUSH_DELIVERY_QUEUE, ...workerOf.keys()]
  const stopReporting = addQueueDepthReader(async () => {
    const depths: Record<string, number> = {}
    // Waiting and retrying jobs (pg-boss counts states before 'active').
    for (const name of queueNames) depths[name] = await boss.getQueueSize(name, { before: 'active' })
    return depths
  })

  return {
    async enqueue(n) {
      const targets = await subscribersOf(db, n)
      const payload = JSON.stringify(pushMessageFor(n))
      const jobs = targets.map((s) => ({
        name: queueName(pushServiceOf(s.endpoint, allowHosts) ?? 'refused'),
        data: { noticeId: n.id, subscriptionId: s.id, payload },
      }))
      for (let i = 0; i < jobs.length; i += INSERT_CHUNK) await boss.insert(jobs.slice(i, i + INSERT_CHUNK))
      // Idle workers poll every POLL_SECONDS; wake the ones with new jobs now.
      for (const name of new Set(jobs.map((j) => j.name))) boss.notifyWorker(workerOf.get(name)!)
      return targets.length
    },
    async pending(noticeId) {
      // pg-boss has no query by job data; its `job` table is documented and stable within v10.
      const { rows } = await boss
        .getDb()
        .executeSql(
          `select count(*)::int as n from pgboss.job where name like $1 and state < 'completed' and data->>'noticeId' = $2`,
          [`${PUSH_DELIVERY_QUEUE}.%`, noticeId],
        )
      return Number((rows[0] as { n: number } | undefined)?.n ?? 0)
    },
    async stop() {
      stopReporting()
      const stopped = queue.stop()
      stopping.abort()
      await stopped
    },
  }
}
