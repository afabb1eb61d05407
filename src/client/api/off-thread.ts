import type { FeedRequest } from '../notices/notices-feed.ts'
import type { LibraryReply } from '../works/library-read.ts'
import { ApiRequestError } from './http.ts'
import type { GetResult, GetSchemaName, OffThreadReply, OffThreadRequest } from './off-thread-handlers.ts'

/**
 * The page's side of the API worker. Validating a response needs Zod, whose code alone blocked a
 * mid-range phone's main thread for a quarter of a second on the first screen; in the worker, the
 * fetch, the validation and the notices' IndexedDB writes (Dexie) never hold up the screen the
 * visitor is using. Where a worker cannot start (no Worker, no module workers in an old WebView,
 * a worker script that fails to load) the same code runs in the page, so everything still works.
 */
let worker: Worker | null = null
let workerFailed = false
let nextId = 1
const waiting = new Map<number, { request: OffThreadRequest; resolve: (reply: OffThreadReply) => void }>()

const inPage = (request: OffThreadRequest) => import('./off-thread-handlers.ts').then((h) => h.answer(request))

function startWorker(): Worker | null {
  if (worker || workerFailed) return worker
  // Unit and component tests run in a simulated DOM without workers: they take the in-page path.
  if (typeof Worker !== 'function' || import.meta.env.MODE === 'test') { workerFailed = true; return null }
  try {
    worker = new Worker(new URL('./api.worker.ts', import.meta.url), { type: 'module', name: 'api' })
  } catch {
    workerFailed = true
    return null
  }
  worker.addEventListener('message', (event: MessageEvent<{ id: number; reply: OffThreadReply }>) => {
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

function ask(request: OffThreadRequest): Promise<OffThreadReply> {
  const w = startWorker()
  if (!w) return inPage(request)
  return new Promise((resolve) => {
    const id = nextId++
    waiting.set(id, { request, resolve })
    w.postMessage({ id, request })
  })
}

/** A notices-feed request (notices-feed.ts), answered off the main thread. */
export const askFeed = (request: FeedRequest) => ask(request) as Promise<Exclude<OffThreadReply, { kind: 'data' }>>

/** The works library's saved state (works/library-read.ts), read off the main thread. */
export async function askLibrary(): Promise<Omit<LibraryReply, 'kind'>> {
  const reply = await ask({ kind: 'library' })
  if (reply.kind === 'library') return reply
  throw new Error(reply.kind === 'error' ? reply.message : `unexpected reply ${reply.kind}`)
}

/**
 * A GET validated off the main thread against one of the schemas off-thread-handlers.ts names.
 * Fails as apiRequest does: an ApiRequestError for what the UI explains, an Error for a bug.
 */
export async function getValidated<K extends GetSchemaName>(path: string, schema: K): Promise<GetResult<K>> {
  const reply = await ask({ kind: 'get', path, schema })
  if (reply.kind === 'data') return reply.data as GetResult<K>
  if (reply.kind === 'api-failure') throw new ApiRequestError(reply.failure)
  throw new Error(reply.kind === 'error' ? reply.message : `unexpected reply ${reply.kind}`)
}
