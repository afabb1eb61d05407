import { asc, eq, sql } from 'drizzle-orm'
import type { BasesGeoJson, BuiltBase } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases } from '../db/schema.ts'

/**
 * By id in code-unit order (collation "C", whatever the database's default), which is the order
 * the content build writes: the map's cluster table is fingerprinted over the points in order.
 */
export const BASE_ORDER = asc(sql`${bases.id} collate "C"`)

export async function listBases(db: Database): Promise<BuiltBase[]> {
  const rows = await db.select({ data: bases.data }).from(bases).where(eq(bases.listed, true)).orderBy(BASE_ORDER)
  return rows.map((r) => r.data)
}

export async function getBase(db: Database, id: string): Promise<BuiltBase | null> {
  const [row] = await db.select({ data: bases.data }).from(bases).where(eq(bases.id, id)).limit(1)
  return row?.data ?? null
}

export function toGeoJson(list: readonly BuiltBase[]): BasesGeoJson {
  return {
    type: 'FeatureCollection',
    features: list.map((b) => ({
      type: 'Feature' as const,
      id: b.id,
      geometry: { type: 'Point' as const, coordinates: [b.location.lon, b.location.lat] as [number, number] },
      properties: {
        id: b.id,
        name_zh: b.name.zh,
        name_en: b.name.en,
        category: b.category,
        province: b.province,
        city: b.city,
        approximate: b.approximate,
        precision: b.location.precision,
      },
    })),
  }
}
