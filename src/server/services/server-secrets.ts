import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { serverSecrets } from '../db/schema.ts'

/*
 * Keys the server makes for itself (ticket signing, rating tokens): generated on first use and
 * kept in `server_secrets`, so every instance sharing the database signs alike and what was
 * signed survives restarts. Each is read once per database and kept in memory.
 */

const generated = new WeakMap<Database, Map<string, Promise<string>>>()

/** A random key generated on first use and kept in `server_secrets`, the same for every instance. */
export function storedSecret(db: Database, name: string): Promise<string> {
  let byName = generated.get(db)
  if (!byName) generated.set(db, (byName = new Map<string, Promise<string>>()))
  let secret = byName.get(name)
  if (!secret) {
    secret = (async () => {
      // Two instances starting together: both insert, one wins, both read the winner.
      await db
        .insert(serverSecrets)
        .values({ name, value: randomBytes(32).toString('base64url') })
        .onConflictDoNothing()
      const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, name))
      return row!.value
    })()
    secret.catch(() => byName.delete(name))
    byName.set(name, secret)
  }
  return secret
}
