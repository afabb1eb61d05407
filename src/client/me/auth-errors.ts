import { ApiRequestError } from '../api/http.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell a person whose sign-in or form failed. A wrong user and a wrong password get the
 * same words (the server answers both the same way); being offline is said plainly.
 */
export function describeAuthError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiRequestError))
    return t('auth.failed', { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t('auth.offline')
    case 'invalid-response':
      return t('auth.failed', { reason: failure.detail })
    case 'http':
      if (failure.status === 401) return t('auth.wrongCredentials')
      if (failure.status === 429)
        return t('auth.tooManyAttempts', { minutes: Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60)) })
      if (failure.status === 403 && /审核|approval/.test(failure.body.message)) return t('auth.pendingApproval')
      return t('auth.failed', {
        reason: failure.body.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? failure.body.message,
      })
  }
}
