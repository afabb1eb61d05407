import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { byCodeUnit } from '../../shared/domain/compare.ts'
import { describeTieRules, rankItems, weightedTotal } from '../../shared/domain/review-ranking.ts'
import type {
  Account,
  CriterionScore,
  PanelRanking,
  ReviewConflict,
  ReviewNormalisation,
  ReviewPanel,
  ReviewSettings,
  ScoreSheet,
  ScoreSheetBody,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import {
  accounts,
  experts,
  reviewAssignments,
  reviewConflicts,
  reviewItems,
  reviewPanelMembers,
  reviewPanels,
} from '../db/schema.ts'
import { HttpError } from '../http-error.ts'

/*
 * The review engine: panels of expert accounts per stage and round of a subject (a contest, an
 * application round), the items they score, conflicts of interest, score sheets and the ranking.
 * It knows items only as kind + id and the organisation names to check conflicts against; the
 * workflow that uses it (services/contest-judging.ts) decides what an item is and how a reviewer
 * sees it. Rules it holds for every workflow:
 *   - a reviewer is never assigned an item from their own organisation (their expert profile's
 *     institution against the item's organisations) or one they declared a conflict with; each
 *     such case is recorded, and a conflict declared later removes the assignment and its scores;
 *   - a reviewer's scores stay hidden from the other reviewers of the item until every assigned
 *     reviewer has submitted; from then on the item's sheets are final;
 *   - the ranking (admins) shows every reviewer's sheet, optional z-score normalisation per
 *     reviewer, outliers against the item's median, and the panel's stated tie rules
 *     (shared/domain/review-ranking.ts).
 */

export interface ReviewSubject {
  kind: string
  id: string
}
export interface ReviewItemRef {
  kind: string
  id: string
}
export interface NewReviewItem extends ReviewItemRef {
  /** Names of the organisations behind the item (a school, a base): a reviewer from one is conflicted. */
  organisations: readonly string[]
}

export type PanelRow = typeof reviewPanels.$inferSelect
type AssignmentRow = typeof reviewAssignments.$inferSelect
type ConflictRow = typeof reviewConflicts.$inferSelect
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
type Db = Database | Tx

const itemKey = (item: ReviewItemRef) => `${item.kind}\u0000${item.id}`

/** Organisation names compared loosely: width, case, spaces and punctuation do not matter. */
export function sameOrganisation(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]/gu, '')
  const x = norm(a)
  const y = norm(b)
  if (!x || !y) return false
  if (x === y) return true
  // A department of the organisation ("中国地质博物馆科普部") is the organisation; a short
  // fragment ("地质") is not.
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x]
  return shorter.length >= 4 && longer.includes(shorter)
}

const notOnPanel = () => new HttpError(403, '你不是这个评审组的成员 / you are not on this review panel')
const noPanel = () => new HttpError(404, '没有这个评审组 / no such review panel')

export async function findReviewPanel(db: Db, id: string): Promise<PanelRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const [row] = await db.select().from(reviewPanels).where(eq(reviewPanels.id, id))
  return row ?? null
}

/** Names of accounts as reviewers: the expert's name, else the account's display name. */
async function reviewerNames(db: Db, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map()
  const rows = await db
    .select({ id: accounts.id, displayName: accounts.displayName, expertName: experts.name })
    .from(accounts)
    .leftJoin(experts, eq(experts.accountId, accounts.id))
    .where(inArray(accounts.id, [...accountIds]))
  return new Map(rows.map((r) => [r.id, r.expertName ?? r.displayName]))
}

async function toPanel(db: Db, row: PanelRow): Promise<ReviewPanel> {
  const members = await db
    .select({ accountId: reviewPanelMembers.accountId })
    .from(reviewPanelMembers)
    .where(eq(reviewPanelMembers.panelId, row.id))
  const names = await reviewerNames(
    db,
    members.map((m) => m.accountId),
  )
  return {
    id: row.id,
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    stage: row.stage,
    round: row.round,
    status: row.status,
    settings: {
      criteria: row.settings.criteria,
      tieBreakers: row.settings.tieBreakers,
      outlierPoints: row.settings.outlierPoints,
    },
    members: members
      .map((m) => ({ accountId: m.accountId, name: names.get(m.accountId) ?? '' }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    createdAt: row.createdAt.toISOString(),
  }
}

export const reviewPanelView = (db: Database, row: PanelRow) => toPanel(db, row)

/** Every panel of a subject, by stage and round. */
export async function reviewPanelsOf(db: Database, subject: ReviewSubject): Promise<ReviewPanel[]> {
  const rows = await db
    .select()
    .from(reviewPanels)
    .where(and(eq(reviewPanels.subjectKind, subject.kind), eq(reviewPanels.subjectId, subject.id)))
    .orderBy(asc(reviewPanels.createdAt), asc(reviewPanels.round))
  return Promise.all(rows.map((r) => toPanel(db, r)))
}

/** Panels of a kind of subject where the account is a member. */
export async function panelsForReviewer(db: Database, accountId: string, subjectKind: string): Promise<PanelRow[]> {
  return db
    .select({ panel: reviewPanels })
    .from(reviewPanelMembers)
    .innerJoin(reviewPanels, eq(reviewPanels.id, reviewPanelMembers.panelId))
    .where(and(eq(reviewPanelMembers.accountId, accountId), eq(reviewPanels.subjectKind, subjectKind)))
    .orderBy(asc(reviewPanels.createdAt))
    .then((rows) => rows.map((r) => r.panel))
}

const toConflict = (row: ConflictRow, names: Map<string, string>): ReviewConflict => ({
  reviewerAccountId: row.accountId,
  reviewerName: names.get(row.accountId) ?? '',
  itemKind: row.itemKind,
  itemId: row.itemId,
  reason: row.reason,
  note: row.note,
  recordedAt: row.recordedAt.toISOString(),
})

/** Assigns every member every item of the panel, except where a conflict is (or is now) recorded. */
async function assign(
  tx: Tx,
  panel: PanelRow,
  memberIds: readonly string[],
  items: readonly NewReviewItem[],
  recordedBy: string | null,
): Promise<{ assigned: number; conflicts: ConflictRow[] }> {
  const institutions = new Map(
    (
      await tx
        .select({ accountId: experts.accountId, institution: experts.institution })
        .from(experts)
        .where(inArray(experts.accountId, [...memberIds]))
    ).map((r) => [r.accountId!, r.institution]),
  )
  const known = await tx
    .select()
    .from(reviewConflicts)
    .where(and(eq(reviewConflicts.subjectKind, panel.subjectKind), eq(reviewConflicts.subjectId, panel.subjectId)))
  const conflicted = new Set(known.map((c) => `${itemKey({ kind: c.itemKind, id: c.itemId })}\u0000${c.accountId}`))
  const found: ConflictRow[] = []
  let assigned = 0
  for (const item of items) {
    for (const accountId of memberIds) {
      const key = `${itemKey(item)}\u0000${accountId}`
      const institution = institutions.get(accountId)
      if (!conflicted.has(key) && institution && item.organisations.some((o) => sameOrganisation(o, institution))) {
        const [row] = await tx
          .insert(reviewConflicts)
          .values({
            subjectKind: panel.subjectKind,
            subjectId: panel.subjectId,
            itemKind: item.kind,
            itemId: item.id,
            accountId,
            reason: 'same-organisation',
            note: `${institution}`,
            panelId: panel.id,
            recordedBy,
          })
          .onConflictDoNothing()
          .returning()
        if (row) found.push(row)
        conflicted.add(key)
      }
      if (conflicted.has(key)) continue
      await tx
        .insert(reviewAssignments)
        .values({ panelId: panel.id, itemKind: item.kind, itemId: item.id, accountId })
        .onConflictDoNothing()
      assigned++
    }
  }
  return { assigned, conflicts: found }
}

async function checkMembers(db: Db, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) throw new HttpError(400, '评审组至少需要一位专家 / a panel needs at least one expert')
  const rows = await db
    .select({ id: accounts.id, role: accounts.role, status: accounts.status })
    .from(accounts)
    .where(inArray(accounts.id, [...accountIds]))
  const ok = new Set(rows.filter((r) => r.role === 'expert' && r.status === 'active').map((r) => r.id))
  const bad = accountIds.filter((id) => !ok.has(id))
  if (bad.length > 0)
    throw new HttpError(
      400,
      `评审组成员须是已启用的专家账号 / panel members must be active expert accounts: ${bad.join(', ')}`,
    )
}

export interface CreatedPanel {
  panel: ReviewPanel
  assigned: number
  /** Conflicts found while assigning (same organisation); declared ones were already on record. */
  conflicts: ReviewConflict[]
}

/**
 * A new panel for one stage and round of a subject, with its members and items, assigned at once
 * (every member every item, conflicts excepted). A second panel for the same stage and round is a 409.
 */
export async function createReviewPanel(
  db: Database,
  input: {
    subject: ReviewSubject
    stage: string
    round?: number
    settings: ReviewSettings
    memberAccountIds: readonly string[]
    items: readonly NewReviewItem[]
    createdBy: string | null
  },
): Promise<CreatedPanel> {
  const members = [...new Set(input.memberAccountIds)]
  // An item named twice is one item (a repeated id would break the panel's primary key).
  const items = [...new Map(input.items.map((i) => [itemKey(i), i])).values()]
  await checkMembers(db, members)
  const result = await db.transaction(async (tx) => {
    const [panel] = await tx
      .insert(reviewPanels)
      .values({
        subjectKind: input.subject.kind,
        subjectId: input.subject.id,
        stage: input.stage,
        round: input.round ?? 1,
        settings: input.settings,
        createdBy: input.createdBy,
      })
      .onConflictDoNothing()
      .returning()
    if (!panel)
      throw new HttpError(
        409,
        `这一阶段的第 ${String(input.round ?? 1)} 轮评审组已存在 / a panel for stage "${input.stage}", round ${String(input.round ?? 1)} exists already`,
      )
    await tx.insert(reviewPanelMembers).values(members.map((accountId) => ({ panelId: panel.id, accountId })))
    if (items.length > 0)
      await tx.insert(reviewItems).values(
        items.map((i) => ({
          panelId: panel.id,
          itemKind: i.kind,
          itemId: i.id,
          organisations: [...i.organisations],
        })),
      )
    const done = await assign(tx, panel, members, items, input.createdBy)
    return { panel, ...done }
  })
  const names = await reviewerNames(db, members)
  return {
    panel: await toPanel(db, result.panel),
    assigned: result.assigned,
    conflicts: result.conflicts.map((c) => toConflict(c, names)),
  }
}

/**
 * The next round of a panel (a second look at the leaders, or at a tie): the same criteria and tie
 * rules, the items named (which must be on the panel), the same members unless others are given.
 */
export async function openNextRound(
  db: Database,
  panelId: string,
  input: { items: readonly ReviewItemRef[]; memberAccountIds?: readonly string[]; createdBy: string | null },
): Promise<CreatedPanel> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel) throw noPanel()
  const onPanel = await db.select().from(reviewItems).where(eq(reviewItems.panelId, panel.id))
  const byKey = new Map(onPanel.map((i) => [itemKey({ kind: i.itemKind, id: i.itemId }), i]))
  const missing = input.items.filter((i) => !byKey.has(itemKey(i)))
  if (missing.length > 0)
    throw new HttpError(
      400,
      `下一轮只能评本轮的项目 / the next round takes items of this panel only; not on it: ${missing.map((m) => m.id).join(', ')}`,
    )
  if (input.items.length === 0)
    throw new HttpError(400, '下一轮至少需要一个项目 / the next round needs at least one item')
  const members =
    input.memberAccountIds ??
    (await db.select().from(reviewPanelMembers).where(eq(reviewPanelMembers.panelId, panel.id))).map((m) => m.accountId)
  const [latest] = await db
    .select({ round: sql<number>`max(${reviewPanels.round})` })
    .from(reviewPanels)
    .where(
      and(
        eq(reviewPanels.subjectKind, panel.subjectKind),
        eq(reviewPanels.subjectId, panel.subjectId),
        eq(reviewPanels.stage, panel.stage),
      ),
    )
  return createReviewPanel(db, {
    subject: { kind: panel.subjectKind, id: panel.subjectId },
    stage: panel.stage,
    round: Number(latest?.round ?? panel.round) + 1,
    settings: panel.settings,
    memberAccountIds: members,
    items: input.items.map((i) => ({ ...i, organisations: byKey.get(itemKey(i))!.organisations })),
    createdBy: input.createdBy,
  })
}

/** No more sheets are saved on a closed panel (its ranking stays readable). */
export async function closeReviewPanel(db: Database, panelId: string): Promise<void> {
  const updated = await db
    .update(reviewPanels)
    .set({ status: 'closed' })
    .where(eq(reviewPanels.id, panelId))
    .returning()
  if (updated.length === 0) throw noPanel()
}

async function isMember(db: Db, panelId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: reviewPanelMembers.accountId })
    .from(reviewPanelMembers)
    .where(and(eq(reviewPanelMembers.panelId, panelId), eq(reviewPanelMembers.accountId, accountId)))
  return Boolean(row)
}

async function conflictOf(
  db: Db,
  panel: PanelRow,
  item: ReviewItemRef,
  accountId: string,
): Promise<ConflictRow | null> {
  const [row] = await db
    .select()
    .from(reviewConflicts)
    .where(
      and(
        eq(reviewConflicts.subjectKind, panel.subjectKind),
        eq(reviewConflicts.subjectId, panel.subjectId),
        eq(reviewConflicts.itemKind, item.kind),
        eq(reviewConflicts.itemId, item.id),
        eq(reviewConflicts.accountId, accountId),
      ),
    )
  return row ?? null
}

async function itemOnPanel(db: Db, panelId: string, item: ReviewItemRef): Promise<boolean> {
  const [row] = await db
    .select({ id: reviewItems.itemId })
    .from(reviewItems)
    .where(and(eq(reviewItems.panelId, panelId), eq(reviewItems.itemKind, item.kind), eq(reviewItems.itemId, item.id)))
  return Boolean(row)
}

/**
 * Records a conflict of interest between a member and an item, declared by the member or by an
 * admin. The member's assignment of that item goes, with any scores, on every panel of the subject.
 */
export async function declareConflict(
  db: Database,
  panelId: string,
  item: ReviewItemRef,
  accountId: string,
  input: { note: string; recordedBy: string },
): Promise<ReviewConflict> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel) throw noPanel()
  if (!(await isMember(db, panel.id, accountId))) throw notOnPanel()
  if (!(await itemOnPanel(db, panel.id, item)))
    throw new HttpError(404, '评审组中没有这个项目 / no such item on this panel')
  const row = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`review:${panel.id}:${item.kind}:${item.id}`}))`)
    const [inserted] = await tx
      .insert(reviewConflicts)
      .values({
        subjectKind: panel.subjectKind,
        subjectId: panel.subjectId,
        itemKind: item.kind,
        itemId: item.id,
        accountId,
        reason: 'declared',
        note: input.note,
        panelId: panel.id,
        recordedBy: input.recordedBy,
      })
      .onConflictDoNothing()
      .returning()
    const panels = tx
      .select({ id: reviewPanels.id })
      .from(reviewPanels)
      .where(and(eq(reviewPanels.subjectKind, panel.subjectKind), eq(reviewPanels.subjectId, panel.subjectId)))
    await tx
      .delete(reviewAssignments)
      .where(
        and(
          inArray(reviewAssignments.panelId, panels),
          eq(reviewAssignments.itemKind, item.kind),
          eq(reviewAssignments.itemId, item.id),
          eq(reviewAssignments.accountId, accountId),
        ),
      )
    return inserted ?? (await conflictOf(tx, panel, item, accountId))!
  })
  return toConflict(row, await reviewerNames(db, [accountId]))
}

function toSheet(row: AssignmentRow, settings: ReviewSettings, name: string, outlier = false): ScoreSheet {
  const byCriterion = Object.fromEntries(row.scores.map((s) => [s.criterion, s.score]))
  return {
    reviewerAccountId: row.accountId,
    reviewerName: name,
    status: row.status,
    scores: row.scores.map((s) => ({ criterion: s.criterion, score: s.score, comment: s.comment })),
    total: weightedTotal(settings.criteria, byCriterion),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    outlier,
  }
}

/** Checks a sheet against the panel's criteria: known criteria, each once, within its maximum; every one when submitting. */
function checkSheet(settings: ReviewSettings, body: ScoreSheetBody): CriterionScore[] {
  const issues: { path: string; message: string }[] = []
  const seen = new Set<string>()
  body.scores.forEach((s, i) => {
    const criterion = settings.criteria.find((c) => c.id === s.criterion)
    if (!criterion)
      issues.push({ path: `body.scores.${String(i)}.criterion`, message: `no criterion "${s.criterion}"` })
    else if (s.score > criterion.maxScore)
      issues.push({
        path: `body.scores.${String(i)}.score`,
        message: `${String(s.score)} is above the highest score for "${criterion.label.en}" (${String(criterion.maxScore)})`,
      })
    if (seen.has(s.criterion)) issues.push({ path: `body.scores.${String(i)}.criterion`, message: 'scored twice' })
    seen.add(s.criterion)
  })
  if (body.submit)
    for (const c of settings.criteria)
      if (!seen.has(c.id)) issues.push({ path: 'body.scores', message: `"${c.label.en}" has no score` })
  if (issues.length > 0)
    throw new HttpError(
      400,
      `评分表有误 / the score sheet is not valid: ${issues.map((i) => i.message).join('; ')}`,
      {},
      issues,
    )
  return body.scores.map((s) => ({ criterion: s.criterion, score: s.score, comment: s.comment }))
}

/** Why `account` may not score `item` on the panel, as the error to answer; null when it may. */
async function scoringRefusal(
  db: Db,
  panel: PanelRow,
  item: ReviewItemRef,
  accountId: string,
): Promise<HttpError | null> {
  if (!(await isMember(db, panel.id, accountId))) return notOnPanel()
  const conflict = await conflictOf(db, panel, item, accountId)
  if (conflict)
    return new HttpError(
      403,
      `已登记利益冲突，不能评这个项目 / a conflict of interest is recorded between you and this item (${conflict.reason === 'declared' ? 'declared' : 'same organisation'}): you cannot score it`,
    )
  if (!(await itemOnPanel(db, panel.id, item)))
    return new HttpError(404, '评审组中没有这个项目 / no such item on this panel')
  return null
}

/**
 * Saves a reviewer's sheet (draft or submitted). Refused: not a member (403), a recorded conflict
 * (403), not assigned (403), a closed panel (409), and any change once every reviewer of the item
 * has submitted (409: the scores are then visible to all of them, so they are final).
 */
export async function saveScoreSheet(
  db: Database,
  panelId: string,
  item: ReviewItemRef,
  account: Pick<Account, 'id'>,
  body: ScoreSheetBody,
  now: Date,
): Promise<ScoreSheet> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel) throw noPanel()
  const refusal = await scoringRefusal(db, panel, item, account.id)
  if (refusal) throw refusal
  if (panel.status === 'closed') throw new HttpError(409, '评审已结束 / this panel is closed')
  const scores = checkSheet(panel.settings, body)
  const row = await db.transaction(async (tx) => {
    // One item at a time: the last sheet to arrive sees the others' status as it is.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`review:${panel.id}:${item.kind}:${item.id}`}))`)
    const sheets = await tx
      .select()
      .from(reviewAssignments)
      .where(
        and(
          eq(reviewAssignments.panelId, panel.id),
          eq(reviewAssignments.itemKind, item.kind),
          eq(reviewAssignments.itemId, item.id),
        ),
      )
    const mine = sheets.find((s) => s.accountId === account.id)
    if (!mine) throw new HttpError(403, '这个项目没有分配给你 / this item is not assigned to you')
    if (sheets.every((s) => s.status === 'submitted'))
      throw new HttpError(
        409,
        '本项目所有评委已提交，评分不能再改 / every reviewer of this item has submitted: the scores are final',
      )
    const [saved] = await tx
      .update(reviewAssignments)
      .set({
        scores,
        status: body.submit ? 'submitted' : 'draft',
        submittedAt: body.submit ? now : null,
        updatedAt: now,
      })
      .where(
        and(
          eq(reviewAssignments.panelId, panel.id),
          eq(reviewAssignments.itemKind, item.kind),
          eq(reviewAssignments.itemId, item.id),
          eq(reviewAssignments.accountId, account.id),
        ),
      )
      .returning()
    return saved!
  })
  return toSheet(row, panel.settings, (await reviewerNames(db, [account.id])).get(account.id) ?? '')
}

export interface ReviewerItem {
  item: ReviewItemRef
  /** Every assigned reviewer has submitted: the sheets below are shown, and final. */
  complete: boolean
  assigned: number
  submitted: number
  mine: ScoreSheet
  /** The other reviewers' sheets: null until the item is complete. */
  others: ScoreSheet[] | null
}

/** What a member sees of a panel: their assigned items, their own sheets, and others' once complete. */
export async function reviewerItems(
  db: Database,
  panelId: string,
  accountId: string,
): Promise<{ panel: PanelRow; items: ReviewerItem[] }> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel) throw noPanel()
  if (!(await isMember(db, panel.id, accountId))) throw notOnPanel()
  const mine = await db
    .select()
    .from(reviewAssignments)
    .where(and(eq(reviewAssignments.panelId, panel.id), eq(reviewAssignments.accountId, accountId)))
  // Code units, not the database's collation (which may skip the hyphens of ids).
  mine.sort((a, b) => byCodeUnit(a.itemKind, b.itemKind) || byCodeUnit(a.itemId, b.itemId))
  const all = await db.select().from(reviewAssignments).where(eq(reviewAssignments.panelId, panel.id))
  const names = await reviewerNames(db, [...new Set(all.map((a) => a.accountId))])
  return {
    panel,
    items: mine.map((m) => {
      const ofItem = all.filter((a) => a.itemKind === m.itemKind && a.itemId === m.itemId)
      const complete = ofItem.every((a) => a.status === 'submitted')
      return {
        item: { kind: m.itemKind, id: m.itemId },
        complete,
        assigned: ofItem.length,
        submitted: ofItem.filter((a) => a.status === 'submitted').length,
        mine: toSheet(m, panel.settings, names.get(m.accountId) ?? ''),
        others: complete
          ? ofItem
              .filter((a) => a.accountId !== accountId)
              .map((a) => toSheet(a, panel.settings, names.get(a.accountId) ?? ''))
          : null,
      }
    }),
  }
}

/** True when the account is assigned the item on an open or closed panel of the subject, with no conflict recorded. */
export async function reviewerAssignedTo(db: Database, accountId: string, item: ReviewItemRef): Promise<boolean> {
  const [row] = await db
    .select({ panelId: reviewAssignments.panelId })
    .from(reviewAssignments)
    .where(
      and(
        eq(reviewAssignments.accountId, accountId),
        eq(reviewAssignments.itemKind, item.kind),
        eq(reviewAssignments.itemId, item.id),
      ),
    )
    .limit(1)
  return Boolean(row)
}

/** The panel's items on the panel (kind, id, organisations). */
export async function panelItems(db: Database, panelId: string): Promise<NewReviewItem[]> {
  const rows = await db.select().from(reviewItems).where(eq(reviewItems.panelId, panelId))
  return rows.map((r) => ({ kind: r.itemKind, id: r.itemId, organisations: r.organisations }))
}

/** The admin's view: every item ranked with every reviewer's sheet, the reviewers' spread, conflicts and the tie rules. */
export async function panelRanking(
  db: Database,
  panelId: string,
  normalisation: ReviewNormalisation,
): Promise<PanelRanking> {
  const panel = await findReviewPanel(db, panelId)
  if (!panel) throw noPanel()
  const items = await db.select().from(reviewItems).where(eq(reviewItems.panelId, panel.id))
  const sheets = await db.select().from(reviewAssignments).where(eq(reviewAssignments.panelId, panel.id))
  const conflicts = await db
    .select()
    .from(reviewConflicts)
    .where(and(eq(reviewConflicts.subjectKind, panel.subjectKind), eq(reviewConflicts.subjectId, panel.subjectId)))
  const members = await db.select().from(reviewPanelMembers).where(eq(reviewPanelMembers.panelId, panel.id))
  const names = await reviewerNames(db, [
    ...new Set([...members.map((m) => m.accountId), ...conflicts.map((c) => c.accountId)]),
  ])
  const byItem = new Map<string, AssignmentRow[]>()
  for (const s of sheets) {
    const key = itemKey({ kind: s.itemKind, id: s.itemId })
    byItem.set(key, [...(byItem.get(key) ?? []), s])
  }
  const ranked = rankItems(
    items.map((i) => {
      const ofItem = byItem.get(itemKey({ kind: i.itemKind, id: i.itemId })) ?? []
      return {
        key: itemKey({ kind: i.itemKind, id: i.itemId }),
        complete: ofItem.length > 0 && ofItem.every((s) => s.status === 'submitted'),
        sheets: ofItem
          .filter((s) => s.status === 'submitted')
          .map((s) => ({
            reviewerId: s.accountId,
            scores: Object.fromEntries(s.scores.map((x) => [x.criterion, x.score])),
          })),
      }
    }),
    { ...panel.settings, normalisation },
  )
  const itemByKey = new Map(items.map((i) => [itemKey({ kind: i.itemKind, id: i.itemId }), i]))
  const outlierCount = new Map<string, number>()
  for (const r of ranked.items) for (const o of r.outliers) outlierCount.set(o, (outlierCount.get(o) ?? 0) + 1)
  return {
    panel: await toPanel(db, panel),
    normalisation,
    items: ranked.items.map((r) => {
      const item = itemByKey.get(r.key)!
      const ofItem = byItem.get(r.key) ?? []
      return {
        itemKind: item.itemKind,
        itemId: item.itemId,
        rank: r.rank,
        complete: r.rank !== null,
        assigned: ofItem.length,
        submitted: ofItem.filter((s) => s.status === 'submitted').length,
        mean: r.mean,
        median: r.median,
        normalised: r.normalised,
        score: r.score,
        tie: r.tie,
        sheets: ofItem.map((s) =>
          toSheet(s, panel.settings, names.get(s.accountId) ?? '', r.outliers.has(s.accountId)),
        ),
        conflicts: conflicts
          .filter((c) => c.itemKind === item.itemKind && c.itemId === item.itemId)
          .map((c) => toConflict(c, names)),
      }
    }),
    reviewers: members.map((m) => {
      const own = sheets.filter((s) => s.accountId === m.accountId)
      const stats = ranked.reviewers.get(m.accountId)
      return {
        accountId: m.accountId,
        name: names.get(m.accountId) ?? '',
        assigned: own.length,
        submitted: own.filter((s) => s.status === 'submitted').length,
        mean: stats?.mean === undefined || stats.mean === null ? null : Math.round(stats.mean * 1000) / 1000,
        sd: stats?.sd === undefined || stats.sd === null ? null : Math.round(stats.sd * 1000) / 1000,
        outliers: outlierCount.get(m.accountId) ?? 0,
      }
    }),
    tieRules: describeTieRules(panel.settings.tieBreakers, panel.settings.criteria),
  }
}
