import type { Database } from './connect.ts'

/**
 * A query prepared once per database handle and kept: `prepared(db)` builds it the first time
 * and returns the same prepared query after. Give it a name (`.prepare('name')`) and PostgreSQL
 * parses and plans it once per connection (docs/deploy.md §3 on poolers).
 */
export function preparedPerHandle<T>(prepare: (db: Database) => T): (db: Database) => T {
  const prepared = new WeakMap<Database, T>()
  return (db) => {
    let query = prepared.get(db)
    if (query === undefined) prepared.set(db, (query = prepare(db)))
    return query
  }
}
