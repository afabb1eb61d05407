import { asc, eq, sql } from 'drizzle-orm'
import type { BaseChanges, BasesGeoJson, BuiltBase } from '../../shared/index.ts'
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

/**
 * The bases a phone should take over its shipped copies (shared `baseChanges`). Times compare at
 * millisecond precision, the cursor's own, so a row is never sent twice for the same change.
 */
export async function baseChanges(db: Database, since: Date | null): Promise<BaseChanges> {
  const changedAt = sql`date_trunc('milliseconds', ${bases.updatedAt})`
  // Without a cursor: what differs from the shipped content (a field whose value came from the
  // app, photos, a base named in the app) and what is no longer listed.
  const differs = sql`(not ${bases.listed}
      or ${bases.origin} <> 'content'
      or jsonb_path_exists(${bases.fields}, '$.* ? (@.provenance != "content")')
      or jsonb_array_length(coalesce(${bases.data}->'photos', '[]'::jsonb)) > 0)`
  const rows = await db
    .select({ id: bases.id, data: bases.data, listed: bases.listed })
    .from(bases)
    .where(since ? sql`${changedAt} > ${since.toISOString()}::timestamptz` : differs)
    .orderBy(BASE_ORDER)
  const [last] = await db.select({ at: sql<string | null>`max(${changedAt})` }).from(bases)
  return {
    cursor: last?.at ? new Date(last.at).toISOString() : null,
    bases: rows.filter((r) => r.listed).map((r) => r.data),
    removed: rows.filter((r) => !r.listed).map((r) => r.id),
  }
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
