import type { z } from 'zod'
import type { ApiError } from '../../shared/index.ts'

/** What went wrong with a request, as a union the UI can switch on. */
export type ApiFailure =
  | { kind: 'offline' }
  | {
      kind: 'http'
      status: number
      body: ApiError
      retryAfterSeconds: number | null
      /** The answer's JSON as sent, for errors that carry more than the common shape (a 409's current value). */
      payload?: unknown
    }
  | { kind: 'invalid-response'; detail: string }

export class ApiRequestError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind === 'http' ? failure.body.message : failure.kind)
    this.name = 'ApiRequestError'
  }
}

interface RequestOptions<S extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  /** A non-JSON body sent as is (e.g. a CAP XML document), with its content type. */
  rawBody?: { contentType: string; text: string }
  /**
   * Every response is validated: the client never trusts a shape it did not check. A promise of the
   * schema lets a screen load its validation alongside the request rather than before it.
   */
  response: S | PromiseLike<S>
  signal?: AbortSignal
  /** HTTP cache mode; 'no-cache' revalidates (an ETag makes that a bodiless 304). */
  cache?: RequestCache
}

/**
 * The client's one door to the API. Cookies carry the session (same origin); the browser adds
 * the Origin header the server's CSRF check needs.
 */
export async function apiRequest<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.infer<S>> {
  const schemaReady = Promise.resolve(options.response)
  schemaReady.catch(() => undefined) // awaited below; a failed request must not leave it unhandled
  let response: Response
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: options.rawBody
        ? { accept: 'application/json', 'content-type': options.rawBody.contentType }
        : options.body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: options.rawBody
        ? options.rawBody.text
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
      signal: options.signal,
      ...(options.cache ? { cache: options.cache } : {}),
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiRequestError({ kind: 'offline' })
  }
  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    // The error schema loads with the first error: a screen whose requests succeed never needs it.
    const { apiError } = await import('../../shared/schemas/common.ts')
    const parsed = apiError.safeParse(payload)
    const body: ApiError = parsed.success
      ? parsed.data
      : {
          statusCode: response.status,
          error: response.statusText,
          message: response.statusText || `HTTP ${response.status}`,
        }
    const retryAfter = Number(response.headers.get('retry-after'))
    throw new ApiRequestError({
      kind: 'http',
      status: response.status,
      body,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      payload,
    })
  }
  const schema = await schemaReady
  const parsed = schema.safeParse(payload)
  if (!parsed.success) throw new ApiRequestError({ kind: 'invalid-response', detail: parsed.error.message })
  return parsed.data
}
