import {
  pullResponse,
  pushResponse,
  type PullResponse,
  type PushResponse,
  type SyncRecord,
} from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/** What the engine needs from the network: the two sync endpoints. Tests put a fake server behind it. */
export interface SyncTransport {
  push(body: { deviceId: string; records: SyncRecord[] }): Promise<PushResponse>
  pull(query: { baseId: string; cursor?: number; limit?: number }): Promise<PullResponse>
}

/** A request that has had no answer for this long counts as unanswered: the batch stays queued. */
export const SYNC_REQUEST_TIMEOUT_MS = 30_000

/** The real endpoints, through apiRequest (session cookie, validated responses, ApiRequestError). */
export function httpTransport(timeoutMs = SYNC_REQUEST_TIMEOUT_MS): SyncTransport {
  return {
    push: (body) =>
      apiRequest('/api/sync/push', {
        method: 'POST',
        body,
        response: pushResponse,
        signal: AbortSignal.timeout(timeoutMs),
      }),
    pull: ({ baseId, cursor, limit }) => {
      const query = new URLSearchParams({ baseId })
      if (cursor !== undefined) query.set('cursor', String(cursor))
      if (limit !== undefined) query.set('limit', String(limit))
      return apiRequest(`/api/sync/pull?${query.toString()}`, {
        response: pullResponse,
        signal: AbortSignal.timeout(timeoutMs),
      })
    },
  }
}
