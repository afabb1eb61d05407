import { sql } from 'drizzle-orm'
import pg from 'pg'
import { queueConnectionOf, type Database } from '../db/connect.ts'

/** How long a writer waits for its own notification to come back (see `changed`). */
const ECHO_WAIT_MS = 250

/**
 * One PostgreSQL NOTIFY channel between the API instances, for what each keeps in memory
 * (cache/data-versions.ts, cache/session-cache.ts): `changed` tells every instance, this one
 * included, and `heard` runs in each when it does. On PGlite the channel stays within the process.
 */
export class NotifyChannel {
  private stopListening: (() => Promise<void>) | null = null
  private readonly echoWaiters = new Set<() => void>()

  constructor(
    private readonly db: Database,
    private readonly name: string,
    private readonly heard: () => void,
  ) {}

  /** Notifies without waiting; for writers outside a request (imports, scripts). */
  static async notify(db: Database, name: string): Promise<void> {
    await db.execute(sql`select pg_notify(${name}, '')`)
  }

  /**
   * Tells every instance, before the writer's answer leaves. PostgreSQL hands a notification to
   * every listening session at the same moment, so waiting for our own copy (briefly: at most
   * ECHO_WAIT_MS) means the others have theirs too.
   */
  async changed(): Promise<void> {
    if (!this.stopListening) return NotifyChannel.notify(this.db, this.name)
    const echoed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.echoWaiters.delete(done)
        resolve()
      }, ECHO_WAIT_MS)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      this.echoWaiters.add(done)
    })
    await NotifyChannel.notify(this.db, this.name)
    await echoed
  }

  private received(): void {
    this.heard()
    for (const done of this.echoWaiters) done()
    this.echoWaiters.clear()
  }

  /** Listens for the other instances' notifications (and this one's echo). */
  async listen(onError: (error: unknown) => void): Promise<void> {
    const connection = queueConnectionOf(this.db)
    if (!connection) return
    if (connection.driver === 'pglite') {
      this.stopListening = await connection.client.listen(this.name, () => {
        this.received()
      })
      return
    }
    const client = new pg.Client({ connectionString: connection.url, application_name: `ziran-kepu-${this.name}` })
    client.on('notification', () => {
      this.received()
    })
    // A dropped listener only delays other instances' writes until the listener's fallback; log it and go on.
    client.on('error', (error) => {
      onError(error)
    })
    await client.connect()
    await client.query(`LISTEN ${this.name}`)
    this.stopListening = () => client.end()
  }

  async close(): Promise<void> {
    await this.stopListening?.()
    this.stopListening = null
  }
}
