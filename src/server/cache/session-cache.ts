import type { Account } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { FALLBACK_MS } from './data-versions.ts'
import { NotifyChannel } from './notify-channel.ts'

/*
 * Signed-in requests come in bursts (300 teachers booking the places of one event at once), and
 * each used to read its session from the database first. Each instance now remembers the sessions
 * it has read, for FALLBACK_MS at most, and forgets them all when any may have changed:
 *  - this instance answered a signed-in write (any successful POST/PUT/PATCH/DELETE, unless its
 *    route says it touches no account or session: `config.sessions`, app.ts): at once, and it
 *    tells the other instances before answering (`NOTIFY zk_sessions_changed`);
 *  - another instance did: when its notification arrives;
 *  - a notification was lost: FALLBACK_MS later at most.
 * So a signed-out session, a changed password or a disabled account is refused by every instance
 * as soon as the write that made it is answered. Only sessions that were found active are kept.
 */

const CHANNEL = 'zk_sessions_changed'
/** Enough for every phone busy within a second on a theme day; the oldest go first. */
const MAX_SESSIONS = 50_000

export interface RememberedSession {
  account: Account
  expiresAt: Date
}

interface Entry extends RememberedSession {
  readAt: number
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>()
  private readonly reading = new Map<string, Promise<RememberedSession | null>>()
  /** Bumped by every invalidation: a read that began before it is not remembered. */
  private generation = 0
  private readonly channel: NotifyChannel

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.channel = new NotifyChannel(db, CHANNEL, () => {
      this.invalidate()
    })
  }

  /** The session with this id (its token's hash), when read lately and not expired since. */
  get(id: string): RememberedSession | undefined {
    const entry = this.entries.get(id)
    if (!entry) return undefined
    const now = this.now()
    if (now - entry.readAt < FALLBACK_MS && entry.expiresAt.getTime() > now) return entry
    this.entries.delete(id)
    return undefined
  }

  /**
   * The session with this id: remembered, or read by `read` (null: none active). Requests with the
   * same token at the same moment (a phone's burst) share one read.
   */
  lookup(id: string, read: () => Promise<RememberedSession | null>): Promise<RememberedSession | null> {
    const remembered = this.get(id)
    if (remembered) return Promise.resolve(remembered)
    const pending = this.reading.get(id)
    if (pending) return pending
    const mark = this.mark()
    const reading = read()
      .then((session) => {
        if (session) this.remember(id, session, mark)
        return session
      })
      .finally(() => {
        if (this.reading.get(id) === reading) this.reading.delete(id)
      })
    this.reading.set(id, reading)
    return reading
  }

  /** Where a read begins: pass it to `remember`. */
  mark(): number {
    return this.generation
  }

  /** Keeps a session found active by a read that began at `mark` (unless something changed since). */
  remember(id: string, session: RememberedSession, mark: number): void {
    if (mark !== this.generation) return
    if (this.entries.size >= MAX_SESSIONS) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(id, { ...session, readAt: this.now() })
  }

  invalidate(): void {
    this.generation++
    this.entries.clear()
    // A read that began before the write may have seen the old row: later requests read again.
    this.reading.clear()
  }

  /** After a write here: forget, and tell the other instances before the writer's answer leaves. */
  async changed(): Promise<void> {
    this.invalidate()
    await this.channel.changed()
  }

  listen(onError: (error: unknown) => void): Promise<void> {
    return this.channel.listen(onError)
  }

  close(): Promise<void> {
    return this.channel.close()
  }
}
