import { and, eq, notInArray, sql } from 'drizzle-orm'
import { EXPERT_VISIBILITY_DEFAULT, type BuiltBase, type BuiltExpertBatch } from '../../shared/index.ts'
import type { Database } from './connect.ts'
import { bases, experts } from './schema.ts'
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
        id: b.id,
        nameZh: b.name.zh,
        category: b.category,
        province: b.province,
        lat: b.location.lat,
        lon: b.location.lon,
        approximate: b.approximate,
        data: b,
        listed: true,
      }))
      await tx
        .insert(bases)
        .values(rows)
        .onConflictDoUpdate({
          target: bases.id,
          set: {
            nameZh: sql`excluded.name_zh`,
            category: sql`excluded.category`,
            province: sql`excluded.province`,
            lat: sql`excluded.lat`,
            lon: sql`excluded.lon`,
            approximate: sql`excluded.approximate`,
            data: sql`excluded.data`,
            listed: sql`true`,
            updatedAt: sql`now()`,
          },
        })
    }
    const ids = built.map((b) => b.id)
    // Stamped, so the public reads' data version (cache/data-versions.ts) moves with the unlisting.
    if (ids.length > 0)
      await tx
        .update(bases)
        .set({ listed: false, updatedAt: sql`now()` })
        .where(and(notInArray(bases.id, ids), eq(bases.listed, true)))
  })
  await notifyDataChanged(db)
}

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
