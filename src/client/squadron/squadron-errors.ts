import { ApiRequestError } from '../api/http.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to tell a teacher or staff member whose request failed. The server's messages for
 * 李四光中队 rules (full, after the cut-off, too many pupils …) are written for people, in Chinese
 * and English, so they are shown as they are; being offline is said plainly.
 */
export function describeSquadronError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiRequestError))
    return t('squadron.error.failed', { reason: error instanceof Error ? error.message : String(error) })
  const failure = error.failure
  switch (failure.kind) {
    case 'offline':
      return t('squadron.error.offline')
    case 'invalid-response':
      return t('squadron.error.failed', { reason: failure.detail })
    case 'http':
      if (failure.status === 401) return t('squadron.error.signedOut')
      if (failure.status === 403) return t('squadron.error.forbidden')
      return failure.body.issues?.map((i) => i.message).join('; ') ?? failure.body.message
  }
}

export const isOffline = (error: unknown): boolean =>
  error instanceof ApiRequestError && error.failure.kind === 'offline'
