import type { ApiError } from '../shared/index.ts'

/**
 * An error that becomes a 4xx answer with this message (see plugins/errors.ts); `issues` names
 * the fields at fault, as a schema's validation error does, so a form shows each under its field.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly issues?: ApiError['issues'],
    /** More fields for the answer's body, documented on the route (e.g. a stale edit's current value). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}
