import { ApiRequestError, type ApiFailure } from './http.ts'

/*
 * What the API worker answers, without knowing any feature: a feature exports its handlers (request
 * kind → function), app/off-thread-handlers.ts joins them, and the worker and the page fallback
 * (off-thread.ts) answer with that one registry.
 */

/** A request to the API worker, or its reply: plain data (a worker's messages are copies), told apart by `kind`. */
export interface OffThreadMessage {
  kind: string
}

/** A feature's answers to the requests `Q` it sends off the main thread, one function per kind; each replies with an `R`. */
export type OffThreadHandlers<Q extends OffThreadMessage, R extends OffThreadMessage> = {
  readonly [K in Q['kind']]: (request: Extract<Q, { kind: K }>) => Promise<R>
}

/** What any request may get instead of its reply. */
export type OffThreadFailure =
  /** The request failed in a way the UI explains (offline, an HTTP error, an invalid response). */
  | { kind: 'api-failure'; failure: ApiFailure }
  /** A bug, not a network condition: the page rethrows it. */
  | { kind: 'error'; message: string }

/** Any registry: request kind → the function that answers it. */
export type OffThreadRegistry = Readonly<Record<string, (request: never) => Promise<OffThreadMessage>>>

/** Every request registry `H` answers. */
export type RequestOf<H extends OffThreadRegistry> = { [K in keyof H]: Parameters<H[K]>[0] }[keyof H]
/** Every reply registry `H` gives, failures included. */
export type ReplyOf<H extends OffThreadRegistry> = Awaited<ReturnType<H[keyof H]>> | OffThreadFailure
/** The reply to request `Q`: its handler's, or a failure. */
export type ReplyTo<H extends OffThreadRegistry, Q extends OffThreadMessage> =
  Awaited<ReturnType<H[Q['kind'] & keyof H]>> | OffThreadFailure

type Joined<G extends readonly OffThreadRegistry[]> = G extends readonly [
  infer F,
  ...infer Rest extends readonly OffThreadRegistry[],
]
  ? F & Joined<Rest>
  : unknown

/** One registry from the features' handlers. Two of them answering the same kind is a bug: it throws at start. */
export function joinHandlers<G extends readonly OffThreadRegistry[]>(...groups: G): Joined<G> {
  const joined: Record<string, unknown> = {}
  for (const group of groups) {
    for (const [kind, handler] of Object.entries(group)) {
      if (Object.hasOwn(joined, kind)) throw new Error(`Two handlers answer off-thread requests of kind '${kind}'`)
      joined[kind] = handler
    }
  }
  return joined as Joined<G>
}

/** A function answering any request of `handlers` with the handler of its kind; it never throws (a failure is a reply). */
export function answerWith<H extends OffThreadRegistry>(handlers: H): (request: RequestOf<H>) => Promise<ReplyOf<H>> {
  // Each handler takes the requests of its own kind, which is what `kind` picks here.
  const byKind = new Map(
    Object.entries(handlers) as [string, (request: OffThreadMessage) => Promise<OffThreadMessage>][],
  )
  return async (request) => {
    const { kind } = request as OffThreadMessage
    try {
      const handler = byKind.get(kind)
      if (!handler) return { kind: 'error', message: `no handler for off-thread requests of kind '${kind}'` }
      return (await handler(request)) as ReplyOf<H>
    } catch (error) {
      if (error instanceof ApiRequestError) return { kind: 'api-failure', failure: error.failure }
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
    }
  }
}
