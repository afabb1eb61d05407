import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import {
  deviceToken as deviceTokenSchema,
  deviceTokenResponse,
  ratingResponse,
  type RatingRequest,
} from '../../shared/index.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'

/** Where a rating of one base stands on this device today. */
export type RatingState = 'idle' | 'sending' | 'sent' | 'already' | 'queued' | 'failed'

const DEVICE_KEY = 'zk.device-token'
const PENDING_KEY = 'zk.pending-ratings'
const RATED_KEY = 'zk.rated-days'

/** A rating as the visitor made it; the device token is added when it is sent. */
type PendingRating = Omit<RatingRequest, 'deviceId'>

/**
 * This browser's anonymous device token, issued once by the server (so the server, not the
 * phone, decides what counts as one device: one rating per device, base and day).
 */
async function deviceToken(): Promise<string> {
  const kept = localStorage.getItem(DEVICE_KEY)
  if (kept && deviceTokenSchema.safeParse(kept).success) return kept
  const { deviceToken: token } = await apiRequest('/api/ratings/device', {
    method: 'POST',
    body: {},
    response: deviceTokenResponse,
  })
  localStorage.setItem(DEVICE_KEY, token)
  return token
}

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : fallback
  } catch {
    return fallback
  }
}

type Outcome = { state: 'sent' | 'already' | 'queued' } | { state: 'failed'; message: string }

/**
 * Public satisfaction ratings. A rating made offline (or while the server is down) is kept in
 * localStorage and sent when the browser is back online, never dropped: the visitor is told so.
 */
export const useBaseRatingStore = defineStore('ratings', () => {
  const states = reactive<Record<string, RatingState>>({})
  const messages = reactive<Record<string, string>>({})
  let pending = readJson<PendingRating[]>(PENDING_KEY, []).map(({ baseId, score, comment }) => ({
    baseId,
    score,
    comment,
  }))

  function savePending(next: PendingRating[]): void {
    pending = next
    localStorage.setItem(PENDING_KEY, JSON.stringify(next))
  }

  function markRated(baseId: string): void {
    localStorage.setItem(
      RATED_KEY,
      JSON.stringify({ ...readJson<Record<string, string>>(RATED_KEY, {}), [baseId]: todayInChina() }),
    )
  }

  /** What the widget should show for a base when it opens. */
  function stateOf(baseId: string): RatingState {
    if (states[baseId]) return states[baseId]
    if (pending.some((r) => r.baseId === baseId)) return 'queued'
    return readJson<Record<string, string>>(RATED_KEY, {})[baseId] === todayInChina() ? 'already' : 'idle'
  }

  async function send(rating: PendingRating): Promise<Outcome> {
    if (!navigator.onLine) return { state: 'queued' }
    try {
      const body: RatingRequest = { ...rating, deviceId: await deviceToken() }
      await apiRequest('/api/ratings', { method: 'POST', body, response: ratingResponse })
      markRated(rating.baseId)
      return { state: 'sent' }
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error
      const f = error.failure
      if (f.kind === 'offline' || (f.kind === 'http' && f.status >= 500)) return { state: 'queued' }
      // A token this server no longer knows (its key was replaced): ask for a new one next time.
      if (f.kind === 'http' && f.status === 403) localStorage.removeItem(DEVICE_KEY)
      if (f.kind === 'http' && f.status === 409) {
        markRated(rating.baseId)
        return { state: 'already' }
      }
      return { state: 'failed', message: f.kind === 'http' ? f.body.message : f.detail }
    }
  }

  function settle(baseId: string, outcome: Outcome): void {
    states[baseId] = outcome.state
    messages[baseId] = outcome.state === 'failed' ? outcome.message : ''
  }

  async function submit(rating: PendingRating): Promise<RatingState> {
    states[rating.baseId] = 'sending'
    const outcome = await send(rating)
    if (outcome.state === 'queued') savePending([...pending.filter((r) => r.baseId !== rating.baseId), rating])
    settle(rating.baseId, outcome)
    return outcome.state
  }

  /** Sends what was kept while offline; whatever still cannot go stays for the next try. */
  async function flush(): Promise<void> {
    for (const rating of [...pending]) {
      const outcome = await send(rating)
      if (outcome.state === 'queued') continue
      savePending(pending.filter((r) => r !== rating))
      settle(rating.baseId, outcome)
    }
  }

  window.addEventListener('online', () => {
    void flush()
  })
  if (pending.length > 0) void flush()

  return { states, messages, stateOf, submit, flush }
})
