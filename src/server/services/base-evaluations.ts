import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm'
import { fieldValueOf } from './base-fields.ts'
import { BASE_FIELDS } from '../../shared/schemas/base-edit.ts'
import {
  type Account,
  type EvaluationBody,
  type EvaluationPrefill,
  type SelfReport,
  type SelfReportBody,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { baseEvaluations, baseHistory, bases, evaluationReports, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { baseIndicators } from './stats-service.ts'

/*
 * The yearly evaluation (评估, issue 24). An admin opens one per year; each listed base's
 * self-report starts from what the app knows of that year (Asia/Shanghai days): visitors by
 * audience and activities by type as the statistics count them (stats-service.ts), theme-day
 * events, 李四光中队 check-ins, satisfaction with its count, and how complete the public profile
 * is. The base adds the rest and submits; experts score the reports on the review engine
 * (naming-review.ts); the admin publishes a grade per base, which joins the base's public record.
 * A base withdrawn afterwards is unlisted from the map with its history kept.
 */

type EvaluationRow = typeof baseEvaluations.$inferSelect
type ReportRow = typeof evaluationReports.$inferSelect

const noEvaluation = () => new HttpError(404, '没有这次评估 / no such evaluation')

export const toEvaluation = (row: EvaluationRow) => ({ ...row.config, id: row.id, status: row.status })

export async function openEvaluation(db: Database, body: EvaluationBody, admin: Account) {
  const [row] = await db
    .insert(baseEvaluations)
    .values({ year: body.year, config: body, openedBy: admin.id })
    .onConflictDoNothing()
    .returning()
  if (!row)
    throw new HttpError(
      409,
      `${String(body.year)} 年度评估已开启 / the ${String(body.year)} evaluation is open already`,
    )
  return toEvaluation(row)
}

/** GET /api/admin/evaluations: every evaluation, newest year first. */
export async function listEvaluations(db: Database) {
  const rows = await db.select().from(baseEvaluations).orderBy(desc(baseEvaluations.year))
  return rows.map(toEvaluation)
}

export async function findEvaluation(db: Database, id: string): Promise<EvaluationRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw noEvaluation()
  const [row] = await db.select().from(baseEvaluations).where(eq(baseEvaluations.id, id))
  if (!row) throw noEvaluation()
  return row
}

/** Share of the editable public fields the base has filled in (photos included). */
export function profileCompleteness(data: Parameters<typeof fieldValueOf>[0]): number {
  const filled = BASE_FIELDS.filter((f) => {
    const v = fieldValueOf(data, f)
    return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)
  })
  return Math.round((filled.length / BASE_FIELDS.length) * 100) / 100
}

/** What the app knows of the base's year. */
export async function prefillFor(db: Database, baseId: string, year: number): Promise<EvaluationPrefill> {
  const range = { from: `${String(year)}-01-01`, to: `${String(year)}-12-31` }
  const [base] = await db.select({ data: bases.data }).from(bases).where(eq(bases.id, baseId))
  if (!base) throw new HttpError(404, `没有编号为 "${baseId}" 的基地 / no base "${baseId}"`)
  const row = await baseIndicators(db, range, baseId)
  // Events are stamped in real instants; the year is Asia/Shanghai's (UTC+8, no daylight saving).
  const start = new Date(`${range.from}T00:00:00+08:00`)
  const end = new Date(`${String(year + 1)}-01-01T00:00:00+08:00`)
  const [themeDay] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(syncRecords)
    .where(
      and(
        eq(syncRecords.baseId, baseId),
        eq(syncRecords.kind, 'event'),
        eq(syncRecords.deleted, false),
        isNotNull(sql`${syncRecords.payload}->>'themeDayId'`),
        gte(syncRecords.startsAt, start),
        lt(syncRecords.startsAt, end),
      ),
    )
  const [squadron] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(syncRecords)
    .where(
      and(
        eq(syncRecords.baseId, baseId),
        eq(syncRecords.kind, 'checkin'),
        gte(syncRecords.day, range.from),
        lt(syncRecords.day, `${String(year + 1)}-01-01`),
      ),
    )
  return {
    ...range,
    visitors: row?.visitors ?? 0,
    byAudience: { ...(row?.byAudience ?? {}) },
    activities: row?.activities ?? 0,
    byType: { ...(row?.byType ?? {}) },
    themeDayEvents: themeDay?.n ?? 0,
    squadronVisits: squadron?.n ?? 0,
    satisfaction: { mean: row?.satisfaction.average ?? null, count: row?.satisfaction.count ?? 0 },
    profileCompleteness: profileCompleteness(base.data),
  }
}

const toReport = (row: ReportRow, year: number): SelfReport => ({
  id: row.id,
  evaluationId: row.evaluationId,
  year,
  baseId: row.baseId,
  status: row.status,
  prefill: row.prefill,
  extra: row.extra,
  grade: row.grade,
  submittedAt: row.submittedAt?.toISOString() ?? null,
})

/** The open evaluation, newest year first; a 404 when none is open. */
async function openOne(db: Database): Promise<EvaluationRow> {
  const [row] = await db
    .select()
    .from(baseEvaluations)
    .where(eq(baseEvaluations.status, 'open'))
    .orderBy(desc(baseEvaluations.year))
    .limit(1)
  if (!row) throw new HttpError(404, '目前没有开放的年度评估 / no evaluation is open')
  return row
}

/**
 * GET /api/staff/bases/:baseId/evaluation: the base's self-report in the open evaluation, made on
 * first read; a draft's figures are read again each time, a submitted one keeps what it sent.
 */
export async function currentReport(db: Database, baseId: string): Promise<SelfReport> {
  const evaluation = await openOne(db)
  const prefill = await prefillFor(db, baseId, evaluation.year)
  const [existing] = await db
    .select()
    .from(evaluationReports)
    .where(and(eq(evaluationReports.evaluationId, evaluation.id), eq(evaluationReports.baseId, baseId)))
  if (existing?.status === 'submitted') return toReport(existing, evaluation.year)
  const [row] = existing
    ? await db.update(evaluationReports).set({ prefill }).where(eq(evaluationReports.id, existing.id)).returning()
    : await db
        .insert(evaluationReports)
        .values({ evaluationId: evaluation.id, baseId, prefill })
        .onConflictDoUpdate({ target: [evaluationReports.evaluationId, evaluationReports.baseId], set: { prefill } })
        .returning()
  return toReport(row!, evaluation.year)
}

/** PUT /api/staff/bases/:baseId/evaluation: what the base adds; `submit` hands it in, before the deadline. */
export async function saveReport(db: Database, baseId: string, body: SelfReportBody, now: Date): Promise<SelfReport> {
  const evaluation = await openOne(db)
  if (now.getTime() > new Date(evaluation.config.deadline).getTime())
    throw new HttpError(409, `自评报告提交已截止 / the self-reports closed at ${evaluation.config.deadline}`)
  const report = await currentReport(db, baseId)
  if (report.status === 'submitted') throw new HttpError(409, '自评报告已提交 / the self-report was submitted already')
  const { submit, ...extra } = body
  const [row] = await db
    .update(evaluationReports)
    .set({
      extra,
      ...(submit ? { status: 'submitted' as const, submittedAt: now } : {}),
      updatedAt: now,
    })
    .where(and(eq(evaluationReports.id, report.id), eq(evaluationReports.status, 'draft')))
    .returning()
  if (!row) throw new HttpError(409, '自评报告已提交 / the self-report was submitted already')
  return toReport(row, evaluation.year)
}

export async function evaluationReportsOf(db: Database, evaluationId: string): Promise<SelfReport[]> {
  const evaluation = await findEvaluation(db, evaluationId)
  const rows = await db
    .select()
    .from(evaluationReports)
    .where(eq(evaluationReports.evaluationId, evaluation.id))
    .orderBy(evaluationReports.baseId)
  return rows.map((r) => toReport(r, evaluation.year))
}

/**
 * POST /api/admin/evaluations/:id/publish: a grade per base (one of the evaluation's grades, for a
 * submitted report), written into each base's record; published once.
 */
export async function publishGrades(
  db: Database,
  evaluationId: string,
  grades: readonly { baseId: string; grade: string }[],
  admin: Account,
  now: Date,
): Promise<SelfReport[]> {
  const evaluation = await findEvaluation(db, evaluationId)
  const allowed = evaluation.config.grades
  const bad = grades.filter((g) => !allowed.includes(g.grade))
  if (bad.length > 0)
    throw new HttpError(
      400,
      `等级须是 ${allowed.join('、')} 之一 / a grade must be one of ${allowed.join(', ')}: ${bad.map((b) => `${b.baseId} "${b.grade}"`).join('; ')}`,
    )
  await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(baseEvaluations).where(eq(baseEvaluations.id, evaluation.id)).for('update')
    if (locked!.status === 'published')
      throw new HttpError(409, '本年度评估结果已发布 / the results were published already')
    for (const g of grades) {
      const [report] = await tx
        .update(evaluationReports)
        .set({ grade: g.grade, updatedAt: now })
        .where(
          and(
            eq(evaluationReports.evaluationId, evaluation.id),
            eq(evaluationReports.baseId, g.baseId),
            eq(evaluationReports.status, 'submitted'),
          ),
        )
        .returning()
      if (!report)
        throw new HttpError(
          400,
          `基地 ${g.baseId} 没有已提交的自评报告 / base ${g.baseId} has no submitted self-report`,
        )
      const [base] = await tx.select().from(bases).where(eq(bases.id, g.baseId)).for('update')
      const version = base!.version + 1
      const entry = { year: evaluation.year, grade: g.grade }
      await tx
        .update(bases)
        .set({
          data: {
            ...base!.data,
            evaluations: [...(base!.data.evaluations ?? []), entry],
            version,
            updatedAt: now.toISOString(),
          },
          version,
          updatedAt: now,
        })
        .where(eq(bases.id, g.baseId))
      await tx
        .insert(baseHistory)
        .values({ baseId: g.baseId, action: 'evaluate', value: entry, accountId: admin.id, version, at: now })
    }
    await tx
      .update(baseEvaluations)
      .set({ status: 'published', publishedAt: now })
      .where(eq(baseEvaluations.id, evaluation.id))
  })
  return evaluationReportsOf(db, evaluation.id)
}

/** POST /api/admin/bases/:id/withdraw: the base leaves the map; its record, designations and history stay. */
export async function withdrawBase(db: Database, baseId: string, reason: string, admin: Account, now: Date) {
  await db.transaction(async (tx) => {
    const [base] = await tx.select().from(bases).where(eq(bases.id, baseId)).for('update')
    if (!base) throw new HttpError(404, `没有编号为 "${baseId}" 的基地 / no base "${baseId}"`)
    if (base.withdrawnAt) throw new HttpError(409, '该基地已撤销 / this base was withdrawn already')
    const version = base.version + 1
    await tx
      .update(bases)
      .set({
        listed: false,
        withdrawnAt: now,
        version,
        updatedAt: now,
        data: { ...base.data, version, updatedAt: now.toISOString() },
      })
      .where(eq(bases.id, baseId))
    await tx
      .insert(baseHistory)
      .values({ baseId, action: 'withdraw', value: { reason }, accountId: admin.id, version, at: now })
  })
}
