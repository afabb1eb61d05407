import { ApiRequestError } from '../api/http.ts'
import { serverMessage } from '../ui/form-errors.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell someone whose expert action failed: offline said plainly, the server's own reason
 * in the reader's language (the API writes "中文 / English": "already accepted", "that day is not
 * one of the event's days" …), never a stack of field paths.
 */
export function describeExpertError(error: unknown, t: Translate, locale: string): string {
  if (!(error instanceof ApiRequestError))
    return t('experts.error.failed', { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t('experts.error.offline')
    case 'invalid-response':
      return t('experts.error.failed', { reason: failure.detail })
    case 'http':
      if (failure.status === 401) return t('experts.error.signedOut')
      if (failure.status === 403) return t('experts.error.forbidden')
      if (failure.status === 429) return t('experts.error.tooMany')
      return serverMessage(failure.body.issues?.[0]?.message ?? failure.body.message, locale)
  }
}
