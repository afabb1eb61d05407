import { createOffThread } from '../api/off-thread.ts'
import type { AppOffThreadHandlers } from './off-thread-handlers.ts'

/**
 * The app's API worker (api/off-thread.ts), answering with the registry of off-thread-handlers.ts:
 * stores send their requests with `ask`, and validated reads with `getValidated`. The registry
 * itself loads only in the worker, or in the page when no worker can run.
 */
export const { ask, getValidated } = createOffThread<AppOffThreadHandlers>({
  startWorker: () => new Worker(new URL('./api.worker.ts', import.meta.url), { type: 'module', name: 'api' }),
  inPage: async () => (await import('./off-thread-handlers.ts')).answer,
})
