import type { z } from 'zod'
import { sessionInfo } from '../../shared/schemas/account.ts'
import { eventsResponse, publicEvent } from '../../shared/schemas/events.ts'
import { pushKeyResponse } from '../../shared/schemas/notice.ts'
import { answerFeed, type FeedReply, type FeedRequest } from '../notices/notices-feed.ts'
import { readLibrary, type LibraryReply, type LibraryRequest } from '../works/library-read.ts'
import { apiRequest, ApiRequestError, type ApiFailure } from './http.ts'

/*
 * Work the API worker (api.worker.ts) does for the page: validated reads whose schemas are heavy to
 * load (Zod), the notices feed and the works library's reads (Dexie). Requests and replies are plain data, as a worker's messages
 * must be; the same functions answer in the page where no worker can run (off-thread.ts).
 */

/** Responses the page may ask the worker to fetch and validate, by name. */
const getSchemas = { eventsResponse, publicEvent, pushKeyResponse, sessionInfo }
export type GetSchemaName = keyof typeof getSchemas
export type GetResult<K extends GetSchemaName> = z.infer<(typeof getSchemas)[K]>

export type OffThreadRequest =
  | FeedRequest
  | LibraryRequest
  | { kind: 'get'; path: string; schema: GetSchemaName }

export type OffThreadReply =
  | FeedReply
  | LibraryReply
  | { kind: 'data'; data: unknown }
  /** The request failed in a way the UI explains (offline, an HTTP error, an invalid response). */
  | { kind: 'api-failure'; failure: ApiFailure }
  /** A bug, not a network condition: the page rethrows it. */
  | { kind: 'error'; message: string }

/** Answers one request; never throws (a failure is a reply). */
export async function answer(request: OffThreadRequest): Promise<OffThreadReply> {
  try {
    if (request.kind === 'library') return await readLibrary()
    if (request.kind !== 'get') return await answerFeed(request)
    const schema: z.ZodType = getSchemas[request.schema]
    return { kind: 'data', data: await apiRequest(request.path, { response: schema }) }
  } catch (error) {
    if (error instanceof ApiRequestError) return { kind: 'api-failure', failure: error.failure }
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
}
