// The phones of bench/sync-push.ts, in a worker thread: they are other machines, so their JSON and
// HTTP client work must not run on the server's event loop. Each drains its queue batch by batch,
// each batch answered before the next (as the sync engine does); all start together on 'go' and
// the worker answers with the seconds until the last one is done.
import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { PUSH_BATCH_MAX, type PushResponse } from '../src/shared/index.ts'

export interface PhoneQueue {
  cookie: string
  deviceId: string
  records: unknown[]
}
export interface PhonesData {
  origin: string
  phones: PhoneQueue[]
}
export type PhonesAnswer = { seconds: number } | { error: string }

async function drain(origin: string, phone: PhoneQueue): Promise<void> {
  for (let i = 0; i < phone.records.length; i += PUSH_BATCH_MAX) {
    const response = await fetch(`${origin}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie: phone.cookie },
      body: JSON.stringify({ deviceId: phone.deviceId, records: phone.records.slice(i, i + PUSH_BATCH_MAX) }),
    })
    const body = (await response.json()) as PushResponse
    if (!response.ok || body.acks.some((a) => a.status !== 'accepted'))
      throw new Error(
        `sync-push: ${phone.deviceId} batch ${String(i)} not accepted: ${JSON.stringify(body).slice(0, 300)}`,
      )
  }
}

const { origin, phones } = workerData as PhonesData
parentPort!.once('message', () => {
  const start = performance.now()
  Promise.all(phones.map((phone) => drain(origin, phone))).then(
    () => parentPort!.postMessage({ seconds: (performance.now() - start) / 1000 } satisfies PhonesAnswer),
    (error: unknown) => parentPort!.postMessage({ error: String(error) } satisfies PhonesAnswer),
  )
})
parentPort!.postMessage('ready')
