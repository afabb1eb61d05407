import pg from 'pg'

/*
 * A throwaway PostgreSQL database inside an existing cluster (TEST_DATABASE_URL, or the cluster
 * scripts/pg-throwaway.sh starts), for the server tests (test/server/helpers/test-app.ts) and the
 * benches (bench/sync-push.ts): each run gets an empty database and drops it after.
 */

/** Runs `sql` on the cluster's admin database over a connection of its own. */
async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

/**
 * Creates the database `name` next to `adminUrl`'s (dropping a leftover of that name first) and
 * returns its URL and how to drop it; `drop` ends any connection still open to it.
 */
export async function createThrowawayDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  // The name goes into SQL as an identifier, which cannot be a query parameter.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
  await onAdmin(adminUrl, `drop database if exists ${name}`)
  await onAdmin(adminUrl, `create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => onAdmin(adminUrl, `drop database if exists ${name} with (force)`) }
}
