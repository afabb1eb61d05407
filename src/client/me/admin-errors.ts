import { ApiRequestError } from '../api/http.ts'
import { serverMessage } from '../ui/form-errors.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell an admin whose action failed: offline said plainly, the server's own reason in the
 * admin's language (the API writes "中文 / English"), never a stack of field paths.
 */
export function describeAdminError(error: unknown, t: Translate, locale: string): string {
  if (!(error instanceof ApiRequestError))
    return t('auth.failed', { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t('admin.offline')
    case 'invalid-response':
      return t('auth.failed', { reason: failure.detail })
    case 'http':
      if (failure.status === 401) return t('admin.signedOut')
      if (failure.status === 403) return t('admin.notAdmin')
      return serverMessage(failure.body.issues?.[0]?.message ?? failure.body.message, locale)
  }
}
