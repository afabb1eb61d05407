import { count, max, sql } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { bases } from '../db/schema.ts'
import { notices } from '../db/schema-notices.ts'
import { experts } from '../db/schema-experts.ts'
import { designationBatches } from '../db/schema-naming.ts'
import { contestsVersion } from '../services/contest-service.ts'
import { eventsVersion } from '../services/event-service.ts'
import { worksVersion } from '../services/app-works.ts'
import { NotifyChannel } from './notify-channel.ts'

/*
 * The version of each family of public data, read from the data itself (newest change, row
 * count), so every write path changes it without having to remember to.
 *
 * Reading it costs a database round trip, which would cap the public reads far below a static
 * file's speed; so each API instance remembers the versions and reads them again only when
 *  - this instance answered a write (any successful POST/PUT/PATCH/DELETE): at once;
 *  - another instance did: it sends `NOTIFY zk_data_changed` before answering, and every instance
 *    listens (PostgreSQL, and PGlite within its process);
 *  - or FALLBACK_MS passed: a missed notification (a dropped listener connection) costs at most that.
 */

export type DataFamily = 'bases' | 'events' | 'notices' | 'experts' | 'contests' | 'works' | 'designations'

const CHANNEL = 'zk_data_changed'
/** The longest another instance's write can go unseen when its notification was lost. */
export const FALLBACK_MS = 1000

const readers: Record<DataFamily, (db: Database) => Promise<string>> = {
  async bases(db) {
    const [row] = await db.select({ n: count(), newest: max(bases.updatedAt) }).from(bases)
    return `${row!.n}@${row!.newest?.getTime() ?? 0}`
  },
  events: eventsVersion,
  async experts(db) {
    const [row] = await db
      .select({ n: count(), change: max(experts.change), updated: max(experts.updatedAt) })
      .from(experts)
    return `${row!.n}@${row!.change ?? 0}@${row!.updated?.getTime() ?? 0}`
  },
  async notices(db) {
    const [row] = await db
      .select({
        n: count(),
        received: max(notices.receivedAt),
        replaced: sql<string | null>`max(${notices.replacedAt})`,
      })
      .from(notices)
    return `${row!.n}@${row!.received?.getTime() ?? 0}@${row!.replaced ? new Date(row!.replaced).getTime() : 0}`
  },
  contests: contestsVersion,
  works: worksVersion,
  /** Batches are published once and never edited; the bases they list change with `bases`. */
  async designations(db) {
    const [row] = await db.select({ n: count(), newest: max(designationBatches.publishedAt) }).from(designationBatches)
    return `${row!.n}@${row!.newest?.getTime() ?? 0}`
  },
}

/** Tells every instance that public data changed; for writers outside a request (imports, scripts). */
export async function notifyDataChanged(db: Database): Promise<void> {
  await NotifyChannel.notify(db, CHANNEL)
}

interface Known {
  version: string
  readAt: number
  generation: number
}

export class DataVersions {
  private readonly known = new Map<DataFamily, Known>()
  private readonly reading = new Map<DataFamily, Promise<string>>()
  /** Bumped by every invalidation: a read that started before it is not remembered as current. */
  private generation = 0
  private readonly channel: NotifyChannel

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.channel = new NotifyChannel(db, CHANNEL, () => {
      this.invalidate()
    })
  }

  /** The current version of a family (see above for how current). */
  current(family: DataFamily): Promise<string> {
    const known = this.known.get(family)
    if (known && known.generation === this.generation && this.now() - known.readAt < FALLBACK_MS)
      return Promise.resolve(known.version)
    const pending = this.reading.get(family)
    if (pending) return pending
    const generation = this.generation
    const readAt = this.now()
    const read = readers[family](this.db)
      .then((version) => {
        if (generation === this.generation) this.known.set(family, { version, readAt, generation })
        return version
      })
      .finally(() => this.reading.delete(family))
    this.reading.set(family, read)
    return read
  }

  /** Forget every version: the next read of each family asks the database. */
  invalidate(): void {
    this.generation++
    this.reading.clear()
  }

  /** After a write here: forget, and tell the other instances before the writer's answer leaves. */
  async changed(): Promise<void> {
    this.invalidate()
    await this.channel.changed()
  }

  /** Listens for other instances' writes. */
  listen(onError: (error: unknown) => void): Promise<void> {
    return this.channel.listen(onError)
  }

  close(): Promise<void> {
    return this.channel.close()
  }
}
