import { ApiRequestError } from '../../api/http.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell staff or an admin whose request failed. The server's refusals name the field in
 * Chinese and English ("位置不在中国境内 / the pin is outside China"), so they are shown as they are;
 * being offline, signed out or at another base's record is said plainly. Nothing typed is lost:
 * the form stays as it was.
 */
export function describeProfileError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiRequestError))
    return t('baseEdit.error.failed', { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t('baseEdit.error.offline')
    case 'invalid-response':
      return t('baseEdit.error.failed', { reason: failure.detail })
    case 'http':
      if (failure.status === 401) return t('baseEdit.error.signedOut')
      if (failure.status === 403) return t('baseEdit.error.forbidden')
      return failure.body.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? failure.body.message
  }
}
