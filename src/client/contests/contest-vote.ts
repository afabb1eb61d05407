import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { ApiRequestError } from '../api/http.ts'
import { contestsApi } from './contests-api.ts'

/*
 * The public vote from a phone (server/services/contest-votes.ts). The server signs a device token
 * once and the phone keeps it; each vote carries it, and the server allows one vote per token,
 * entry and Beijing day, within caps per network address. The phone also remembers which entries
 * it voted for today, so the button says so before anyone taps it again.
 */

/** What the vote button shows. `ready`: a vote can be cast; the others say why not, or that it was. */
export type VoteState = 'ready' | 'sending' | 'voted' | 'already' | 'closed' | 'limited' | 'offline' | 'failed'

export interface VoteOutcome {
  state: VoteState
  /** The server's own words for a refusal ("中文 / English"), when it gave any. */
  message: string | null
}

const TOKEN_KEY = 'zk-contest-vote-device'
const VOTES_KEY = 'zk-contest-votes'

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

function votesCast(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(VOTES_KEY) ?? '{}')
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

function remember(contestId: string, entryId: string, day: string): void {
  const today = todayInChina()
  // Only today's votes matter; older days are dropped so the record stays small.
  const kept = Object.fromEntries(Object.entries(votesCast()).filter(([, d]) => d >= today))
  kept[`${contestId}:${entryId}`] = day
  storage()?.setItem(VOTES_KEY, JSON.stringify(kept))
}

/** Whether this phone voted for the entry today (Beijing time). */
export function votedToday(contestId: string, entryId: string, now = new Date()): boolean {
  return votesCast()[`${contestId}:${entryId}`] === todayInChina(now)
}

async function deviceToken(renew: boolean): Promise<string> {
  const kept = renew ? null : storage()?.getItem(TOKEN_KEY)
  if (kept) return kept
  const { deviceToken: token } = await contestsApi.deviceToken()
  storage()?.setItem(TOKEN_KEY, token)
  return token
}

const isAlreadyVoted = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && (payload as { reason?: unknown }).reason === 'already-voted'

function outcomeOf(error: unknown): VoteOutcome {
  if (!(error instanceof ApiRequestError)) return { state: 'failed', message: null }
  const failure = error.failure
  if (failure.kind === 'offline') return { state: 'offline', message: null }
  if (failure.kind !== 'http') return { state: 'failed', message: null }
  const message = failure.body.message
  switch (failure.status) {
    case 409:
      // A second vote today, or a vote outside the vote's dates: the answer names which.
      return { state: isAlreadyVoted(failure.payload) ? 'already' : 'closed', message }
    case 429:
      return { state: 'limited', message }
    default:
      return { state: 'failed', message }
  }
}

/** Casts one vote; a token the server no longer knows (403) is replaced once and the vote sent again. */
export async function castVote(contestId: string, entryId: string): Promise<VoteOutcome> {
  for (const renew of [false, true]) {
    try {
      const token = await deviceToken(renew)
      const { day } = await contestsApi.vote(contestId, entryId, token)
      remember(contestId, entryId, day)
      return { state: 'voted', message: null }
    } catch (error) {
      const forbidden =
        error instanceof ApiRequestError && error.failure.kind === 'http' && error.failure.status === 403
      if (forbidden && !renew) continue
      const outcome = outcomeOf(error)
      if (outcome.state === 'already') remember(contestId, entryId, todayInChina())
      return outcome
    }
  }
  return { state: 'failed', message: null }
}
