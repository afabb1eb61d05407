import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Account, ReviewNormalisation, ReviewSettings, ScoreSheetBody } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { baseApplications, baseEvaluations, bases, evaluationReports } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { accountsOfExperts } from './contest-judging.ts'
import { applicantInstitutions, findCall } from './naming-applications.ts'
import {
  createReviewPanel,
  declareConflict,
  findReviewPanel,
  openNextRound,
  panelRanking,
  panelsForReviewer,
  reviewPanelsOf,
  reviewerAssignedTo,
  reviewerItems,
  reviewPanelView,
  saveScoreSheet,
  type CreatedPanel,
  type NewReviewItem,
  type PanelRow,
} from './review-panels.ts'

/*
 * Expert review of applications and of yearly self-reports, on the review engine
 * (services/review-panels.ts). Subjects: `naming-call` (items `base-application`) and `evaluation`
 * (items `evaluation-report`). Conflicts are checked against the applicant's institution and the
 * place (or the base), declared ones are recorded and end the assignment; scores stay hidden
 * until every reviewer of an item has submitted.
 *
 * Outliers: a reviewer's weighted total (0–100) is flagged when it lies more than the call's
 * `outlierPoints` (default 20) from the median of the item's submitted totals, and only when the
 * item has at least three sheets: with two, both lie equally far from their median and neither
 * stands out (shared/domain/review-ranking.ts).
 */

export const CALL_SUBJECT = 'naming-call'
export const APPLICATION_ITEM = 'base-application'
export const EVALUATION_SUBJECT = 'evaluation'
export const REPORT_ITEM = 'evaluation-report'

const noPanel = () => new HttpError(404, '没有这个评审组 / no such review panel')

/** A panel of this workflow (404 for a contest's). */
export async function namingPanel(db: Database, panelId: string): Promise<PanelRow> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel || (panel.subjectKind !== CALL_SUBJECT && panel.subjectKind !== EVALUATION_SUBJECT)) throw noPanel()
  return panel
}

const itemKindOf = (panel: PanelRow) => (panel.subjectKind === CALL_SUBJECT ? APPLICATION_ITEM : REPORT_ITEM)

async function applicationItems(
  db: Database,
  callId: string,
  ids: readonly string[] | undefined,
): Promise<NewReviewItem[]> {
  const rows = await db
    .select()
    .from(baseApplications)
    .where(
      and(
        eq(baseApplications.callId, callId),
        ids ? inArray(baseApplications.id, [...ids]) : eq(baseApplications.status, 'accepted'),
      ),
    )
  const bad = ids ? ids.filter((id) => rows.find((r) => r.id === id)?.status !== 'accepted') : []
  if (bad.length > 0)
    throw new HttpError(
      400,
      `只能评审通过形式审查的申报 / only applications accepted at the formal check can be reviewed; not these: ${bad.join(', ')}`,
    )
  if (rows.length === 0)
    throw new HttpError(400, '没有通过形式审查的申报 / no application of this call was accepted for review yet')
  const institutions = await applicantInstitutions(
    db,
    rows.map((r) => r.accountId),
  )
  return rows.map((r) => ({
    kind: APPLICATION_ITEM,
    id: r.id,
    organisations: [r.form.institution?.name, institutions.get(r.accountId), r.form.place?.name].filter(
      (o): o is string => Boolean(o),
    ),
  }))
}

/** POST /api/admin/naming/calls/:id/panels: the call's first-round panel. */
export async function createCallPanel(
  db: Database,
  callId: string,
  body: { expertIds: string[]; applicationIds?: string[] | undefined },
  admin: Account,
): Promise<CreatedPanel> {
  const call = await findCall(db, callId)
  if (!call) throw new HttpError(404, '没有这个申报批次 / no such call')
  const settings: ReviewSettings = {
    criteria: call.config.criteria,
    tieBreakers: call.config.tieBreakers,
    outlierPoints: call.config.outlierPoints,
  }
  return createReviewPanel(db, {
    subject: { kind: CALL_SUBJECT, id: call.id },
    stage: 'review',
    settings,
    memberAccountIds: await accountsOfExperts(db, body.expertIds),
    items: await applicationItems(db, call.id, body.applicationIds),
    createdBy: admin.id,
  })
}

/** POST /api/admin/evaluations/:id/panels: reviewers of every submitted self-report. */
export async function createEvaluationPanel(
  db: Database,
  evaluationId: string,
  body: { expertIds: string[] },
  admin: Account,
): Promise<CreatedPanel> {
  const [evaluation] = await db.select().from(baseEvaluations).where(eq(baseEvaluations.id, evaluationId))
  if (!evaluation) throw new HttpError(404, '没有这次评估 / no such evaluation')
  const reports = await db
    .select({ id: evaluationReports.id, name: bases.nameZh })
    .from(evaluationReports)
    .innerJoin(bases, eq(bases.id, evaluationReports.baseId))
    .where(and(eq(evaluationReports.evaluationId, evaluation.id), eq(evaluationReports.status, 'submitted')))
  if (reports.length === 0)
    throw new HttpError(400, '还没有基地提交自评报告 / no base has submitted its self-report yet')
  return createReviewPanel(db, {
    subject: { kind: EVALUATION_SUBJECT, id: evaluation.id },
    stage: 'review',
    settings: {
      criteria: evaluation.config.criteria,
      tieBreakers: [],
      outlierPoints: evaluation.config.outlierPoints,
    },
    memberAccountIds: await accountsOfExperts(db, body.expertIds),
    items: reports.map((r) => ({ kind: REPORT_ITEM, id: r.id, organisations: [r.name] })),
    createdBy: admin.id,
  })
}

/** POST /api/admin/naming-panels/:id/next-round: a second round for the named items (a tie, the borderline). */
export async function nextNamingRound(
  db: Database,
  panelId: string,
  body: { itemIds: string[]; expertIds?: string[] | undefined },
  admin: Account,
): Promise<CreatedPanel> {
  const panel = await namingPanel(db, panelId)
  return openNextRound(db, panel.id, {
    items: body.itemIds.map((id) => ({ kind: itemKindOf(panel), id })),
    ...(body.expertIds ? { memberAccountIds: await accountsOfExperts(db, body.expertIds) } : {}),
    createdBy: admin.id,
  })
}

/** Titles and details of items, for reviewers and the ranking: the place's name and form, or the base's name and report. */
async function itemDetails(db: Database, panel: PanelRow, ids: readonly string[]) {
  const out = new Map<string, { title: string; detail: unknown }>()
  if (ids.length === 0) return out
  if (panel.subjectKind === CALL_SUBJECT) {
    const rows = await db
      .select()
      .from(baseApplications)
      .where(inArray(baseApplications.id, [...ids]))
    for (const r of rows)
      out.set(r.id, {
        title: r.form.place?.name ?? r.form.institution?.name ?? r.id,
        detail: { form: r.form, attachments: r.attachments },
      })
  } else {
    const rows = await db
      .select({ report: evaluationReports, name: bases.nameZh })
      .from(evaluationReports)
      .innerJoin(bases, eq(bases.id, evaluationReports.baseId))
      .where(inArray(evaluationReports.id, [...ids]))
    for (const r of rows)
      out.set(r.report.id, {
        title: r.name,
        detail: { baseId: r.report.baseId, prefill: r.report.prefill, extra: r.report.extra },
      })
  }
  return out
}

/** GET /api/review/naming-panels: the reviewer's panels of calls and evaluations, with their progress. */
export async function reviewerPanels(db: Database, reviewer: Account) {
  const rows = [
    ...(await panelsForReviewer(db, reviewer.id, CALL_SUBJECT)),
    ...(await panelsForReviewer(db, reviewer.id, EVALUATION_SUBJECT)),
  ]
  const out = []
  for (const row of rows) {
    const subject = await subjectOf(db, row)
    if (!subject) continue
    const { items } = await reviewerItems(db, row.id, reviewer.id)
    out.push({
      panel: await reviewPanelView(db, row),
      subject,
      assigned: items.length,
      submitted: items.filter((i) => i.mine.status === 'submitted').length,
    })
  }
  return out
}

async function subjectOf(db: Database, panel: PanelRow) {
  if (panel.subjectKind === CALL_SUBJECT) {
    const call = await findCall(db, panel.subjectId)
    return call ? { kind: 'naming-call' as const, title: call.config.title, year: call.config.year } : null
  }
  const [evaluation] = await db.select().from(baseEvaluations).where(eq(baseEvaluations.id, panel.subjectId))
  return evaluation ? { kind: 'evaluation' as const, title: '', year: evaluation.year } : null
}

/** GET /api/admin/naming/calls/:id/panels: the call's panels, by round. */
export async function callPanels(db: Database, callId: string) {
  const call = await findCall(db, callId)
  if (!call) throw new HttpError(404, '没有这个申报批次 / no such call')
  return reviewPanelsOf(db, { kind: CALL_SUBJECT, id: call.id })
}

/** GET /api/admin/evaluations/:id/panels: the evaluation's panels, by round. */
export async function evaluationPanels(db: Database, evaluationId: string) {
  const [evaluation] = /^[0-9a-f-]{36}$/i.test(evaluationId)
    ? await db.select().from(baseEvaluations).where(eq(baseEvaluations.id, evaluationId))
    : []
  if (!evaluation) throw new HttpError(404, '没有这次评估 / no such evaluation')
  return reviewPanelsOf(db, { kind: EVALUATION_SUBJECT, id: evaluation.id })
}

/** GET /api/review/naming-panels/:id: the reviewer's items with their own sheets, others' once complete. */
export async function reviewerPanel(db: Database, panelId: string, reviewer: Account) {
  const panel = await namingPanel(db, panelId)
  const { items } = await reviewerItems(db, panel.id, reviewer.id)
  const details = await itemDetails(
    db,
    panel,
    items.map((i) => i.item.id),
  )
  return {
    panel: await reviewPanelView(db, panel),
    items: items.map((i) => ({
      id: i.item.id,
      title: details.get(i.item.id)?.title ?? i.item.id,
      detail: details.get(i.item.id)?.detail ?? null,
      complete: i.complete,
      assigned: i.assigned,
      submitted: i.submitted,
      mine: i.mine,
      others: i.others,
    })),
  }
}

/** PUT /api/review/naming-panels/:id/items/:itemId/scores. */
export async function scoreItem(
  db: Database,
  panelId: string,
  itemId: string,
  reviewer: Account,
  body: ScoreSheetBody,
  now: Date,
) {
  const panel = await namingPanel(db, panelId)
  return saveScoreSheet(db, panel.id, { kind: itemKindOf(panel), id: itemId }, reviewer, body, now)
}

/** POST /api/review/naming-panels/:id/items/:itemId/conflict: the reviewer declares a conflict; it is recorded. */
export async function declareItemConflict(
  db: Database,
  panelId: string,
  itemId: string,
  reviewer: Account,
  note: string,
) {
  const panel = await namingPanel(db, panelId)
  return declareConflict(db, panel.id, { kind: itemKindOf(panel), id: itemId }, reviewer.id, {
    note,
    recordedBy: reviewer.id,
  })
}

/** GET /api/admin/naming-panels/:id/ranking: every item with every reviewer's sheet and the outlier flags. */
export async function namingRanking(db: Database, panelId: string, normalisation: ReviewNormalisation) {
  const panel = await namingPanel(db, panelId)
  const ranking = await panelRanking(db, panel.id, normalisation)
  const details = await itemDetails(
    db,
    panel,
    ranking.items.map((i) => i.itemId),
  )
  return {
    ranking,
    titles: Object.fromEntries(ranking.items.map((i) => [i.itemId, details.get(i.itemId)?.title ?? i.itemId])),
  }
}

/**
 * For GET /api/media/:id/:file: an application's attachment is also seen by the reviewers it is
 * assigned to (never one with a conflict: they are never assigned), besides its uploader and admins.
 */
export async function applicationAttachmentVisible(db: Database, mediaId: string, account: Account | null) {
  if (account?.role !== 'expert') return false
  const rows = await db
    .select({ id: baseApplications.id })
    .from(baseApplications)
    .where(sql`${baseApplications.attachments} @> ${JSON.stringify([{ mediaId }])}::jsonb`)
  for (const row of rows)
    if (await reviewerAssignedTo(db, account.id, { kind: APPLICATION_ITEM, id: row.id })) return true
  return false
}
