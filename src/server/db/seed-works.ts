import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { BuiltWork } from '../../shared/index.ts'
import type { Database } from './connect.ts'
import { appWorks, appWorkVersions } from './schema.ts'
import { notifyDataChanged } from '../cache/data-versions.ts'
import { documentOfBuiltWork } from '../services/work-documents.ts'
import { legacyColumns } from '../services/work-editor-service.ts'

/**
 * Imports content/works/ on every start, as seedBases does for bases: a new work is added as
 * published, and an existing one takes content's version only while nobody edited it in the app
 * (`provenance` still `content`). An app edit, or an unpublish, makes it the app's for good. An
 * import changes `change` only for rows the phones' feed skips (content works nobody edited ship
 * with the release), so it never makes every phone download the works again.
 */
export async function seedWorks(db: Database, built: readonly BuiltWork[]): Promise<void> {
  let changed = false
  await db.transaction(async (tx) => {
    const existing = await tx
      .select({
        id: appWorks.id,
        contentId: appWorks.contentId,
        provenance: appWorks.provenance,
        hash: appWorks.contentHash,
        version: appWorks.version,
      })
      .from(appWorks)
      .where(eq(appWorks.source, 'content'))
      .for('update')
    const byId = new Map(existing.map((row) => [row.contentId, row]))
    const now = new Date()
    // New works go in with one statement for the rows and one for their history (a first start adds all).
    const added: (typeof appWorks.$inferInsert)[] = []
    for (const work of built) {
      const hash = createHash('sha256').update(JSON.stringify(work)).digest('base64url').slice(0, 22)
      const row = byId.get(work.id)
      if (row && (row.provenance === 'app' || row.hash === hash)) continue
      const doc = documentOfBuiltWork(work)
      const columns = {
        ...legacyColumns(doc),
        draft: doc,
        published: doc,
        contentHash: hash,
        state: 'published' as const,
        listed: true,
        publishedAt: new Date(`${work.published}T00:00:00+08:00`),
        updatedAt: now,
      }
      changed = true
      if (!row) {
        added.push({
          ...columns,
          source: 'content',
          provenance: 'content',
          contentId: work.id,
          version: 1,
          publishedVersion: 1,
        })
        continue
      }
      const version = row.version + 1
      await tx
        .update(appWorks)
        .set({ ...columns, version, publishedVersion: version, change: sql`nextval('contest_change_seq')` })
        .where(eq(appWorks.id, row.id))
      await tx.insert(appWorkVersions).values({ workId: row.id, version, action: 'import', at: now, document: doc })
    }
    if (added.length === 0) return
    const rows = await tx.insert(appWorks).values(added).returning({ id: appWorks.id, document: appWorks.draft })
    await tx
      .insert(appWorkVersions)
      .values(rows.map((r) => ({ workId: r.id, version: 1, action: 'import' as const, at: now, document: r.document })))
  })
  if (changed) await notifyDataChanged(db)
}
