import { and, eq, notInArray, sql } from 'drizzle-orm'
import { EXPERT_VISIBILITY_DEFAULT, type BuiltBase, type BuiltExpertBatch } from '../../shared/index.ts'
import type { Database } from './connect.ts'
import { BASE_FIELDS } from '../../shared/schemas/base-edit.ts'
import { baseHistory, bases, experts } from './schema.ts'
import { notifyDataChanged } from '../cache/data-versions.ts'
import {
  baseColumns,
  changedFields,
  fieldStateOf,
  fieldValueOf,
  sameRecord,
  stamped,
  withFieldValues,
} from '../services/base-fields.ts'

/**
 * Imports the bases from the content build on every start. content/ is the initial import, not the
 * source of truth: a new base is added, and an existing one takes content's values only for the
 * fields nobody edited in the app (provenance still `content`); each changed field raises the
 * base's version and is logged in `base_history`. A base removed from content/ is kept but
 * unlisted: accounts and records may still point to it. A new base whose name another listed base
 * already has is skipped (content/world-geoparks.yaml guards the same at build time).
 */
export async function seedBases(db: Database, built: readonly BuiltBase[]): Promise<void> {
  await db.transaction(async (tx) => {
    // Rows locked, so an import and a publish (services/base-profile-service.ts) never interleave.
    const existing = await tx
      .select({
        id: bases.id,
        data: bases.data,
        fields: bases.fields,
        version: bases.version,
        listed: bases.listed,
        withdrawnAt: bases.withdrawnAt,
      })
      .from(bases)
      .for('update')
    const byId = new Map(existing.map((row) => [row.id, row]))
    const listedNames = new Set(existing.filter((row) => row.listed).map((row) => sameName(row.data.name.zh)))
    const now = new Date()
    const history: (typeof baseHistory.$inferInsert)[] = []
    const added: (typeof bases.$inferInsert)[] = []
    for (const base of built) {
      const row = byId.get(base.id)
      if (!row) {
        if (listedNames.has(sameName(base.name.zh))) continue
        listedNames.add(sameName(base.name.zh))
        added.push({ ...baseColumns(base), data: stamped(base, 0, now), updatedAt: now })
        history.push({ baseId: base.id, action: 'import', version: 0, at: now })
        continue
      }
      const kept = BASE_FIELDS.filter((f) => fieldStateOf(row.fields, f).provenance === 'app')
      const appValues = Object.fromEntries(kept.map((f) => [f, fieldValueOf(row.data, f)]))
      // Photos, designations and evaluation grades come only from the app: content never has any.
      const next = withFieldValues(
        {
          ...base,
          photos: row.data.photos,
          designations: row.data.designations,
          evaluations: row.data.evaluations,
        },
        appValues,
      )
      // A withdrawn base stays unlisted (services/base-evaluations.ts), whatever content/ says.
      const listed = row.withdrawnAt === null
      if (row.listed === listed && sameRecord(row.data, next)) continue
      const changed = changedFields(row.data, next)
      const version = changed.length > 0 ? row.version + 1 : row.version
      const fields = { ...row.fields }
      for (const field of changed) {
        fields[field] = { version, provenance: 'content' }
        history.push({
          baseId: base.id,
          action: 'import',
          field,
          previous: fieldValueOf(row.data, field),
          value: fieldValueOf(next, field),
          version,
          at: now,
        })
      }
      await tx
        .update(bases)
        .set({ ...baseColumns(next), data: stamped(next, version, now), listed, updatedAt: now, version, fields })
        .where(eq(bases.id, base.id))
    }
    for (let i = 0; i < added.length; i += 200)
      await tx
        .insert(bases)
        .values(added.slice(i, i + 200))
        .onConflictDoNothing()
    for (let i = 0; i < history.length; i += 500) await tx.insert(baseHistory).values(history.slice(i, i + 500))
    const ids = built.map((b) => b.id)
    // Stamped, so the public reads' data version (cache/data-versions.ts) moves with the unlisting.
    if (ids.length > 0)
      await tx
        .update(bases)
        .set({ listed: false, updatedAt: sql`now()` })
        .where(and(notInArray(bases.id, ids), eq(bases.listed, true), eq(bases.origin, 'content')))
  })
  await notifyDataChanged(db)
}

/** Names compared without spaces and dash variants (乐业—凤山 and 乐业-凤山 are one place). */
const sameName = (zh: string) => zh.replace(/[\s\-‐–—－·]/g, '')

/**
 * Adds the experts of announced batches (content/experts/) once each, keyed by batch and name.
 * Later starts refresh only the appointment facts, which the app never edits: a name, title or
 * institution an expert or admin changed in the app stays as they left it.
 */
export async function seedExperts(db: Database, batches: readonly BuiltExpertBatch[]): Promise<void> {
  for (const batch of batches) {
    const appointment = {
      appointmentTitle: batch.appointment.title,
      appointmentBatch: batch.appointment.batch,
      appointedOn: batch.appointment.appointedOn,
      termYears: batch.appointment.termYears,
      appointmentSources: batch.sources,
    }
    const rows = batch.experts.map((e) => ({
      name: e.name,
      namePinyin: e.search.pinyin,
      nameInitials: e.search.initials,
      title: e.title ?? null,
      institution: e.institution ?? null,
      visibility: EXPERT_VISIBILITY_DEFAULT,
      status: 'announced' as const,
      source: 'announcement' as const,
      contentKey: `${batch.id}/${e.name}`,
      ...appointment,
    }))
    await db
      .insert(experts)
      .values(rows)
      .onConflictDoUpdate({
        target: experts.contentKey,
        set: {
          appointmentTitle: sql`excluded.appointment_title`,
          appointmentBatch: sql`excluded.appointment_batch`,
          appointedOn: sql`excluded.appointed_on`,
          termYears: sql`excluded.term_years`,
          appointmentSources: sql`excluded.appointment_sources`,
        },
      })
  }
}
