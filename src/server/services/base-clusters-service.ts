import { eq } from 'drizzle-orm'
import { buildBaseClusterTable, groupByCategory, type BaseClusterPoint } from '../../shared/domain/base-clusters.ts'
import { fingerprint } from '../../shared/domain/grid-cluster.ts'
import type { BaseCategory } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases } from '../db/schema.ts'
import { BASE_ORDER } from './base-service.ts'

/**
 * The map's national clusters (shared/domain/base-clusters.ts), built on the server from the listed
 * bases in the order `/api/bases.geojson` lists them. The table is rebuilt only when a position, a
 * category or the set of bases changed (the points' fingerprint), not on every other publish.
 */
export class BaseClusterTables {
  private last: { fingerprint: string; json: string } | null = null

  async json(db: Database): Promise<string> {
    const rows = await db
      .select({ id: bases.id, lat: bases.lat, lon: bases.lon, category: bases.category })
      .from(bases)
      .where(eq(bases.listed, true))
      .orderBy(BASE_ORDER)
    const points: BaseClusterPoint[] = rows.map((r) => ({ ...r, category: r.category as BaseCategory }))
    const print = fingerprint(points, groupByCategory)
    if (this.last?.fingerprint !== print)
      this.last = { fingerprint: print, json: JSON.stringify(buildBaseClusterTable(points)) }
    return this.last.json
  }
}
