/// <reference lib="webworker" />
import { answer, type OffThreadRequest } from './off-thread-handlers.ts'

/** The API worker: each message is one request, answered with its id (see off-thread.ts). */
declare const self: DedicatedWorkerGlobalScope
self.addEventListener('message', (event: MessageEvent<{ id: number; request: OffThreadRequest }>) => {
  const { id, request } = event.data
  void answer(request).then((reply) => { self.postMessage({ id, reply }) })
})
