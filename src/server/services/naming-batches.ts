import { asc, eq, inArray, sql } from 'drizzle-orm'
import { samePlace } from '../../shared/domain/naming-rules.ts'
import {
  applicationForm,
  type Account,
  type BatchBody,
  type BuiltBase,
  type DesignationBatch,
} from '../../shared/index.ts'
import { deriveBase, searchKeys } from '../content/derive.ts'
import type { Database } from '../db/connect.ts'
import {
  accounts,
  baseApplications,
  baseDesignations,
  baseHistory,
  bases,
  designationBatches,
  namingCalls,
} from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { baseColumns, stamped } from './base-fields.ts'

/*
 * Naming (命名): an admin publishes a batch, a list's title and year with the applications it
 * names. In one transaction each named application becomes exactly one base: the base the app
 * already has when the place matches (shared/domain/naming-rules.ts `samePlace`), otherwise a new
 * one made from the application; the applicant's account becomes the base's staff account, and
 * the designation goes into the base's public record (`designations`) and its history. The map's
 * clusters follow by themselves (base-clusters-service.ts rebuilds on a changed set of bases).
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]

/** A free id for a new base: the pinyin of its name, with a number when taken. */
async function newBaseId(tx: Tx, nameZh: string): Promise<string> {
  const stem =
    searchKeys(nameZh)
      .pinyin.slice(0, 60)
      .replace(/^-+|-+$/g, '') || 'base'
  const taken = new Set(
    (
      await tx
        .select({ id: bases.id })
        .from(bases)
        .where(sql`${bases.id} like ${`${stem}%`}`)
    ).map((r) => r.id),
  )
  if (!taken.has(stem)) return stem
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${String(n)}`)) return `${stem}-${String(n)}`
}

export async function publishBatch(
  db: Database,
  body: BatchBody,
  admin: Account,
  now: Date,
): Promise<DesignationBatch> {
  const ids = [...new Set(body.applicationIds)]
  const batchId = await db.transaction(async (tx) => {
    // One naming at a time: two batches naming one place would both find it unnamed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('naming-batches'))`)
    const apps = await tx
      .select({ app: baseApplications, call: namingCalls })
      .from(baseApplications)
      .innerJoin(namingCalls, eq(namingCalls.id, baseApplications.callId))
      .where(inArray(baseApplications.id, ids))
    const missing = ids.filter((id) => !apps.some((a) => a.app.id === id))
    if (missing.length > 0) throw new HttpError(404, `没有这些申报 / no such applications: ${missing.join(', ')}`)
    const named = apps.filter((a) => a.app.status === 'named')
    if (named.length > 0)
      throw new HttpError(
        409,
        `这些申报已被命名，不能再次命名 / already named, cannot be named again: ${named.map((a) => a.app.form.place?.name ?? a.app.id).join('、')}`,
      )
    const notReviewed = apps.filter((a) => a.app.status !== 'accepted')
    if (notReviewed.length > 0)
      throw new HttpError(
        400,
        `只能命名通过形式审查并参加评审的申报 / only applications accepted for review can be named: ${notReviewed.map((a) => a.app.id).join(', ')}`,
      )
    const [batch] = await tx
      .insert(designationBatches)
      .values({ title: body.title, year: body.year, list: body.list, publishedBy: admin.id, publishedAt: now })
      .onConflictDoNothing()
      .returning()
    if (!batch)
      throw new HttpError(409, `「${body.title}」(${String(body.year)}) 已发布 / this batch was published already`)
    const existing = await tx
      .select({
        id: bases.id,
        name: bases.nameZh,
        province: bases.province,
        lat: bases.lat,
        lon: bases.lon,
        data: bases.data,
        version: bases.version,
      })
      .from(bases)
      .for('update')
    const designation = { batchId: batch.id, title: body.title, year: body.year, list: body.list }
    const usedHere = new Set<string>()
    for (const { app, call } of apps) {
      const form = applicationForm.parse(app.form)
      const place = { name: form.place.name, province: form.place.province, ...form.place.location }
      const match = existing.find((b) => samePlace(b, place))
      let baseId: string
      if (match) {
        baseId = match.id
        const version = match.version + 1
        const data: BuiltBase = { ...match.data, designations: [...(match.data.designations ?? []), designation] }
        await tx
          .update(bases)
          .set({ data: stamped(data, version, now), version, listed: true, withdrawnAt: null, updatedAt: now })
          .where(eq(bases.id, baseId))
        await tx
          .insert(baseHistory)
          .values({ baseId, action: 'designate', value: designation, accountId: admin.id, version, at: now })
      } else {
        baseId = await newBaseId(tx, form.place.name)
        const data: BuiltBase = {
          ...deriveBase({
            id: baseId,
            name: { zh: form.place.name, en: form.place.nameEn ?? form.place.name },
            category: form.place.baseCategory,
            province: form.place.province,
            city: form.place.city,
            location: { ...form.place.location, precision: 'site', confidence: 'medium' },
            designation: { title: body.title, year: body.year, verified: true },
            address: form.place.address,
            website: form.place.website,
            sources: [{ citation: `${body.title}（${String(body.year)}）`, kind: 'official' }],
          }),
          designations: [designation],
        }
        await tx
          .insert(bases)
          .values({ ...baseColumns(data), data: stamped(data, 0, now), origin: 'naming', updatedAt: now })
        await tx
          .insert(baseHistory)
          .values({ baseId, action: 'designate', value: designation, accountId: admin.id, version: 0, at: now })
        existing.push({ id: baseId, ...place, data, version: 0 })
      }
      if (usedHere.has(baseId))
        throw new HttpError(
          409,
          `同一批次中「${form.place.name}」出现两次 / the batch names one place twice: ${form.place.name}`,
        )
      usedHere.add(baseId)
      const [designated] = await tx
        .insert(baseDesignations)
        .values({
          batchId: batch.id,
          baseId,
          list: body.list,
          applicationId: app.id,
          callCategory: call.category,
          renamed: match ? 1 : 0,
        })
        .onConflictDoNothing()
        .returning()
      if (!designated)
        throw new HttpError(
          409,
          `「${form.place.name}」已被命名为该名单的基地，不能重复命名 / this place is already a base of this list and cannot be named again`,
        )
      await tx
        .update(baseApplications)
        .set({ status: 'named', baseId, updatedAt: now })
        .where(eq(baseApplications.id, app.id))
      // The applicant's account becomes the base's staff account.
      await tx.update(accounts).set({ role: 'base_staff', baseId }).where(eq(accounts.id, app.accountId))
    }
    return batch.id
  })
  const [batch] = await designationsList(db, batchId)
  return batch!
}

/** Every published batch with its bases (GET /api/designations), oldest first; or one batch. */
export async function designationsList(db: Database, batchId?: string): Promise<DesignationBatch[]> {
  const batches = await db
    .select()
    .from(designationBatches)
    .where(batchId ? eq(designationBatches.id, batchId) : undefined)
    .orderBy(asc(designationBatches.publishedAt), asc(designationBatches.title))
  if (batches.length === 0) return []
  const rows = await db
    .select({
      batchId: baseDesignations.batchId,
      id: bases.id,
      name: bases.nameZh,
      province: bases.province,
      category: bases.category,
      callCategory: baseDesignations.callCategory,
      renamed: baseDesignations.renamed,
    })
    .from(baseDesignations)
    .innerJoin(bases, eq(bases.id, baseDesignations.baseId))
    .where(
      inArray(
        baseDesignations.batchId,
        batches.map((b) => b.id),
      ),
    )
    .orderBy(asc(bases.id))
  return batches.map((b) => ({
    id: b.id,
    title: b.title,
    year: b.year,
    list: b.list,
    publishedAt: b.publishedAt.toISOString(),
    bases: rows
      .filter((r) => r.batchId === b.id)
      .map(({ batchId: _b, renamed, ...r }) => ({ ...r, renamed: renamed === 1 })),
  }))
}
