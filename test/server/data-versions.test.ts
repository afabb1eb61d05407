import { describe, expect, it } from 'vitest'
import { DataVersions } from '../../src/server/cache/data-versions.ts'
import type { Database } from '../../src/server/db/connect.ts'

/** A database whose notifications complete when the test says so. */
function slowNotifications() {
  const pending: (() => void)[] = []
  const db = {
    execute: () =>
      new Promise<void>((resolve) => {
        pending.push(resolve)
      }),
  } as unknown as Database
  return { db, pending }
}

describe('data versions', () => {
  it('tells the other instances of a burst of writes twice, each write after it happened', async () => {
    const { db, pending } = slowNotifications()
    const versions = new DataVersions(db)
    const first = versions.changed()
    // Answered while the first notification is on its way: they may not count on it (it may have
    // been read before they wrote), so they share the next one, sent once the first is done.
    let burstTold = false
    const burst = Promise.all([versions.changed(), versions.changed(), versions.changed()]).then(() => {
      burstTold = true
    })
    expect(pending).toHaveLength(1)

    pending[0]!()
    await first
    await new Promise((resolve) => setImmediate(resolve))
    expect(pending).toHaveLength(2)
    expect(burstTold).toBe(false)

    pending[1]!()
    await burst
    expect(burstTold).toBe(true)
    // Quiet again: the next write sends its own at once.
    void versions.changed()
    expect(pending).toHaveLength(3)
    pending[2]!()
  })
})
