import { ApiRequestError } from './http.ts'
import type {
  OffThreadFailure,
  OffThreadMessage,
  OffThreadRegistry,
  ReplyTo,
  RequestOf,
} from './off-thread-registry.ts'
import type {
  GetResult,
  GetSchemaName,
  ValidatedGetReply,
  ValidatedGetRequest,
  validatedGetHandlers,
} from './validated-get.ts'

/**
 * The page's side of the API worker. Validating a response needs Zod, whose code alone blocked a
 * mid-range phone's main thread for a quarter of a second on the first screen; in the worker, the
 * fetch, the validation and the IndexedDB work (Dexie) never hold up the screen the visitor is
 * using. Where a worker cannot start (no Worker, no module workers in an old WebView, a worker
 * script that fails to load) the same handlers answer in the page, so everything still works.
 * Which handlers: app/off-thread.ts makes the app's one instance with its registry.
 */
export interface OffThreadOptions {
  /** Starts the worker (its entry answers with the same registry as `inPage`). */
  startWorker: () => Worker
  /** Loads the registry's answering function into the page. */
  inPage: () => Promise<(request: never) => Promise<OffThreadMessage>>
}

export interface OffThread<H extends OffThreadRegistry> {
  /** Sends one request of the registry; resolves with its handler's reply or a failure, never rejects for the request's sake. */
  ask: <Q extends RequestOf<H>>(request: Q) => Promise<ReplyTo<H, Q>>
  /**
   * A GET validated off the main thread against one of the schemas validated-get.ts names.
   * Fails as apiRequest does: an ApiRequestError for what the UI explains, an Error for a bug.
   */
  getValidated: <K extends GetSchemaName>(path: string, schema: K) => Promise<GetResult<K>>
}

/** The page's way to a registry that includes the validated GET (validated-get.ts). */
export function createOffThread<H extends OffThreadRegistry & typeof validatedGetHandlers>(
  options: OffThreadOptions,
): OffThread<H> {
  let worker: Worker | null = null
  let workerFailed = false
  let nextId = 1
  const waiting = new Map<number, { request: OffThreadMessage; resolve: (reply: OffThreadMessage) => void }>()

  const inPage = async (request: OffThreadMessage): Promise<OffThreadMessage> => {
    const answer = (await options.inPage()) as (request: OffThreadMessage) => Promise<OffThreadMessage>
    return answer(request)
  }

  function startWorker(): Worker | null {
    if (worker || workerFailed) return worker
    // Unit and component tests run in a simulated DOM without workers: they take the in-page path.
    if (typeof Worker !== 'function' || import.meta.env.MODE === 'test') {
      workerFailed = true
      return null
    }
    try {
      worker = options.startWorker()
    } catch {
      workerFailed = true
      return null
    }
    worker.addEventListener('message', (event: MessageEvent<{ id: number; reply: OffThreadMessage }>) => {
      const entry = waiting.get(event.data.id)
      waiting.delete(event.data.id)
      entry?.resolve(event.data.reply)
    })
    worker.addEventListener('error', (event) => {
      // The worker's script did not load or run: answer what it held in the page, and stay there.
      event.preventDefault()
      workerFailed = true
      worker?.terminate()
      worker = null
      const pending = [...waiting.values()]
      waiting.clear()
      for (const { request, resolve } of pending) void inPage(request).then(resolve)
    })
    return worker
  }

  function send(request: OffThreadMessage): Promise<OffThreadMessage> {
    const w = startWorker()
    if (!w) return inPage(request)
    return new Promise((resolve) => {
      const id = nextId++
      waiting.set(id, { request, resolve })
      w.postMessage({ id, request })
    })
  }

  return {
    // The registry's answering function pairs each request with its handler's reply.
    ask: <Q extends RequestOf<H>>(request: Q) => send(request) as Promise<ReplyTo<H, Q>>,
    getValidated: async <K extends GetSchemaName>(path: string, schema: K): Promise<GetResult<K>> => {
      const request: ValidatedGetRequest = { kind: 'get', path, schema }
      const reply = (await send(request)) as ValidatedGetReply | OffThreadFailure
      if (reply.kind === 'data') return reply.data as GetResult<K>
      if (reply.kind === 'api-failure') throw new ApiRequestError(reply.failure)
      throw new Error(reply.message)
    },
  }
}
