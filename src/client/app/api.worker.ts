/// <reference lib="webworker" />
import type { RequestOf } from '../api/off-thread-registry.ts'
import { answer, type AppOffThreadHandlers } from './off-thread-handlers.ts'

/** The API worker: each message is one request, answered with its id (see api/off-thread.ts). */
declare const self: DedicatedWorkerGlobalScope
self.addEventListener('message', (event: MessageEvent<{ id: number; request: RequestOf<AppOffThreadHandlers> }>) => {
  const { id, request } = event.data
  void answer(request).then((reply) => {
    self.postMessage({ id, reply })
  })
})
