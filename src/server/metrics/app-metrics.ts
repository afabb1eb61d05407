import promClient from '@prometheus-io/client'

/*
 * What operators watch on a theme day, beside the per-route request rate and latency that
 * fastify-metrics records: how often public caches answer, how deep the job queues are, what the
 * phones' sync pushes end as, and how long bookings wait for an event's place lock.
 *
 * One registry per process (not prom-client's global one, which a library could also write to).
 * Services count through these module-level metrics, so no request context has to carry them;
 * several apps built in one process (tests) share them, as they share the process.
 */
export const metricsRegistry = new promClient.Registry()

export const cacheLookups = new promClient.Counter({
  name: 'zk_cache_lookups_total',
  help: 'Public read cache lookups, by cache and result (hit, miss)',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
})

export const syncRecords = new promClient.Counter({
  name: 'zk_sync_records_total',
  help: 'Records pushed by phones, by the ack they received (accepted, duplicate, rejected, conflict)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
})

export const registrationLockWait = new promClient.Histogram({
  name: 'zk_registration_lock_wait_seconds',
  help: "Time a booking waited for its event's place lock (a new registration: its one statement, which runs holding it)",
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
})

/** Queue depth is read when Prometheus scrapes, from whoever registered a reader (the push delivery). */
const depthReaders = new Set<() => Promise<Record<string, number>>>()
export function addQueueDepthReader(read: () => Promise<Record<string, number>>): () => void {
  depthReaders.add(read)
  return () => depthReaders.delete(read)
}

new promClient.Gauge({
  name: 'zk_job_queue_depth',
  help: 'Jobs waiting or retrying per queue (pg-boss)',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset()
    for (const read of depthReaders) {
      for (const [queue, depth] of Object.entries(await read())) this.set({ queue }, depth)
    }
  },
})

let processMetrics = false
/** Node's own figures (memory, event-loop lag, CPU), collected once per process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return
  processMetrics = true
  promClient.collectDefaultMetrics({ register: metricsRegistry, prefix: 'zk_' })
}
