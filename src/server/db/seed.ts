import { and, eq, notInArray, sql } from 'drizzle-orm'
import type { BuiltBase } from '../../shared/index.ts'
import type { Database } from './connect.ts'
import { bases } from './schema.ts'
import { notifyDataChanged } from '../cache/data-versions.ts'

/**
 * Upserts the bases from the content build on every start, so content edits land on the next
 * start while user data stays. A base removed from content/ is kept but unlisted: accounts and
 * records may still point to it.
 */
export async function seedBases(db: Database, built: readonly BuiltBase[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < built.length; i += 200) {
      const rows = built.slice(i, i + 200).map((b) => ({
        id: b.id, nameZh: b.name.zh, category: b.category, province: b.province,
        lat: b.location.lat, lon: b.location.lon, approximate: b.approximate, data: b, listed: true,
      }))
      await tx.insert(bases).values(rows).onConflictDoUpdate({
        target: bases.id,
        set: {
          nameZh: sql`excluded.name_zh`, category: sql`excluded.category`, province: sql`excluded.province`,
          lat: sql`excluded.lat`, lon: sql`excluded.lon`, approximate: sql`excluded.approximate`,
          data: sql`excluded.data`, listed: sql`true`, updatedAt: sql`now()`,
        },
      })
    }
    const ids = built.map((b) => b.id)
    // Stamped, so the public reads' data version (cache/data-versions.ts) moves with the unlisting.
    if (ids.length > 0) await tx.update(bases).set({ listed: false, updatedAt: sql`now()` }).where(and(notInArray(bases.id, ids), eq(bases.listed, true)))
  })
  await notifyDataChanged(db)
}
