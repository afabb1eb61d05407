import { ApiRequestError } from '../../api/http.ts'
import { serverMessage } from '../form-errors.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell a reviewer or an admin whose review action failed (strings under `<scope>.error`): offline said plainly, a judge
 * outside the panel or with a recorded conflict told so in words of their own, and otherwise the
 * server's reason in the reader's half of its "中文 / English" message.
 */
export function describeReviewError(error: unknown, t: Translate, locale: string, scope = 'contestsReview'): string {
  if (!(error instanceof ApiRequestError))
    return t(`${scope}.error.failed`, { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t(`${scope}.error.offline`)
    case 'invalid-response':
      return t(`${scope}.error.failed`, { reason: failure.detail })
    case 'http': {
      const message = failure.body.message
      if (failure.status === 401) return t(`${scope}.error.signedOut`)
      if (failure.status === 403 && /conflict of interest/.test(message)) return t(`${scope}.error.conflicted`)
      if (failure.status === 403 && /not on this review panel/.test(message)) return t(`${scope}.error.notOnPanel`)
      if (failure.status === 403 && /not assigned/.test(message)) return t(`${scope}.error.notAssigned`)
      if (failure.status === 403) return t(`${scope}.error.forbidden`)
      return serverMessage(message, locale)
    }
  }
}
