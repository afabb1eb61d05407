import { and, eq, inArray } from 'drizzle-orm'
import type { Account, JudgedStage, ReviewNormalisation, ReviewSettings, ScoreSheetBody } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { contestEntries, experts } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { entryVideosOf, type EntryRow } from './contest-entry-views.ts'
import { CONTEST_SUBJECT, ENTRY_ITEM, findContest, shortlistedEntries, type ContestRow } from './contest-service.ts'
import {
  createReviewPanel,
  declareConflict,
  findReviewPanel,
  openNextRound,
  panelRanking,
  panelsForReviewer,
  reviewerItems,
  reviewPanelView,
  saveScoreSheet,
  type CreatedPanel,
  type PanelRow,
} from './review-panels.ts'

/*
 * Contest judging on the review engine (services/review-panels.ts): a panel per judged stage
 * (preliminary, final) and round; items are entries (`contest-entry` + id), checked for
 * conflicts against the entry's organisation. Judges see entries blind when the contest says so:
 * no entrant names, no organisation.
 */

const entry = (id: string) => ({ kind: ENTRY_ITEM, id })

const settingsOf = (contest: ContestRow): ReviewSettings => ({
  criteria: contest.config.criteria,
  tieBreakers: contest.config.tieBreakers,
  outlierPoints: contest.config.outlierPoints,
})

/** Expert profile ids to their accounts; an expert without an account cannot judge. */
export async function accountsOfExperts(db: Database, expertIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .select({ id: experts.id, accountId: experts.accountId })
    .from(experts)
    .where(inArray(experts.id, [...expertIds]))
  const byId = new Map(rows.map((r) => [r.id, r.accountId]))
  const missing = expertIds.filter((id) => !byId.get(id))
  if (missing.length > 0)
    throw new HttpError(
      400,
      `这些专家还没有账号，不能担任评委 / these experts have no account yet and cannot judge: ${missing.join(', ')}`,
    )
  return expertIds.map((id) => byId.get(id)!)
}

/** Entries of the contest that may be judged: submitted and found eligible at the nomination check. */
async function judgeableEntries(db: Database, contestId: string, ids: readonly string[]): Promise<EntryRow[]> {
  const rows = await db
    .select()
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, contestId), inArray(contestEntries.id, [...ids])))
  const ok = new Set(rows.filter((r) => r.status === 'submitted' && r.eligibility === 'eligible').map((r) => r.id))
  const bad = ids.filter((id) => !ok.has(id))
  if (bad.length > 0)
    throw new HttpError(
      400,
      `只能评审已提交且资格审查通过的作品 / only submitted entries found eligible can be judged; not these: ${bad.join(', ')}`,
    )
  return rows
}

/** A contest panel by id (404 for a panel of another workflow), with its contest. */
export async function contestPanel(db: Database, panelId: string): Promise<{ panel: PanelRow; contest: ContestRow }> {
  const panel = await findReviewPanel(db, panelId)
  const contest = panel?.subjectKind === CONTEST_SUBJECT ? await findContest(db, panel.subjectId) : null
  if (!panel || !contest) throw new HttpError(404, '没有这个评审组 / no such review panel')
  return { panel, contest }
}

/** POST /api/admin/contests/:id/panels: a first-round panel for a judged stage. */
export async function createContestPanel(
  db: Database,
  contestId: string,
  body: { stage: JudgedStage; expertIds: string[]; entryIds?: string[] | undefined },
  admin: Account,
): Promise<CreatedPanel> {
  const contest = await findContest(db, contestId)
  if (!contest) throw new HttpError(404, '没有这个比赛 / no such contest')
  let rows: EntryRow[]
  if (body.entryIds) rows = await judgeableEntries(db, contest.id, body.entryIds)
  else if (body.stage === 'final') rows = await shortlistedEntries(db, contest.id)
  else
    rows = await db
      .select()
      .from(contestEntries)
      .where(
        and(
          eq(contestEntries.contestId, contest.id),
          eq(contestEntries.status, 'submitted'),
          eq(contestEntries.eligibility, 'eligible'),
        ),
      )
  if (rows.length === 0)
    throw new HttpError(
      400,
      '没有可评审的作品 / no entries to judge: check eligibility (and the shortlist for a final) first',
    )
  return createReviewPanel(db, {
    subject: { kind: CONTEST_SUBJECT, id: contest.id },
    stage: body.stage,
    settings: settingsOf(contest),
    memberAccountIds: await accountsOfExperts(db, body.expertIds),
    items: rows.map((r) => ({ ...entry(r.id), organisations: [r.organisationName] })),
    createdBy: admin.id,
  })
}

/** POST /api/admin/contest-panels/:panelId/next-round: the named entries again (a tie, the leaders), same criteria. */
export async function nextContestRound(
  db: Database,
  panelId: string,
  body: { entryIds: string[]; expertIds?: string[] | undefined },
  admin: Account,
): Promise<CreatedPanel> {
  const { panel } = await contestPanel(db, panelId)
  return openNextRound(db, panel.id, {
    items: body.entryIds.map(entry),
    ...(body.expertIds ? { memberAccountIds: await accountsOfExperts(db, body.expertIds) } : {}),
    createdBy: admin.id,
  })
}

/** POST /api/admin/contest-panels/:panelId/conflicts: an admin records a judge's conflict with an entry. */
export async function recordConflict(
  db: Database,
  panelId: string,
  body: { entryId: string; expertId: string; note: string },
  admin: Account,
) {
  const { panel } = await contestPanel(db, panelId)
  const [accountId] = await accountsOfExperts(db, [body.expertId])
  return declareConflict(db, panel.id, entry(body.entryId), accountId!, { note: body.note, recordedBy: admin.id })
}

/** POST /api/judge/contest-panels/:panelId/entries/:entryId/conflict: a judge declares their own conflict. */
export async function declareOwnConflict(db: Database, panelId: string, entryId: string, judge: Account, note: string) {
  const { panel } = await contestPanel(db, panelId)
  return declareConflict(db, panel.id, entry(entryId), judge.id, { note, recordedBy: judge.id })
}

/** PUT /api/judge/contest-panels/:panelId/entries/:entryId/scores. */
export async function scoreEntry(
  db: Database,
  panelId: string,
  entryId: string,
  judge: Account,
  body: ScoreSheetBody,
  now: Date,
) {
  const { panel } = await contestPanel(db, panelId)
  return saveScoreSheet(db, panel.id, entry(entryId), judge, body, now)
}

/** GET /api/judge/contest-panels: the judge's contest panels with how far they are. */
export async function judgePanels(db: Database, judge: Account) {
  const panels = await panelsForReviewer(db, judge.id, CONTEST_SUBJECT)
  const out = []
  for (const row of panels) {
    const contest = await findContest(db, row.subjectId)
    if (!contest) continue
    const { items } = await reviewerItems(db, row.id, judge.id)
    out.push({
      panel: await reviewPanelView(db, row),
      contest: { id: contest.id, title: contest.config.title },
      assigned: items.length,
      submitted: items.filter((i) => i.mine.status === 'submitted').length,
    })
  }
  return out
}

/** GET /api/judge/contest-panels/:panelId: the judge's entries, blind when the contest says so, with the sheets they may see. */
export async function judgePanel(db: Database, panelId: string, judge: Account) {
  const { panel, contest } = await contestPanel(db, panelId)
  const { items } = await reviewerItems(db, panel.id, judge.id)
  const ids = items.map((i) => i.item.id)
  const rows = ids.length ? await db.select().from(contestEntries).where(inArray(contestEntries.id, ids)) : []
  const byId = new Map(rows.map((r) => [r.id, r]))
  const videos = await entryVideosOf(db, ids)
  const blind = contest.config.blindReview
  return {
    panel: await reviewPanelView(db, panel),
    contest: { id: contest.id, title: contest.config.title, blindReview: blind },
    entries: items.flatMap((i) => {
      const r = byId.get(i.item.id)
      if (!r) return []
      return [
        {
          id: r.id,
          title: r.title,
          theme: r.theme,
          description: r.description,
          entrantNames: blind ? null : r.entrantNames,
          organisationName: blind ? null : r.organisationName,
          videos: (videos.get(r.id) ?? []).map(({ row: _row, ...v }) => ({
            ...v,
            captionsUrl: r.captions[v.slot] ? v.captionsUrl : null,
          })),
          complete: i.complete,
          assigned: i.assigned,
          submitted: i.submitted,
          mine: i.mine,
          others: i.others,
        },
      ]
    }),
  }
}

/** GET /api/admin/contest-panels/:panelId/ranking: the engine's ranking with each entry named. */
export async function contestRanking(db: Database, panelId: string, normalisation: ReviewNormalisation) {
  const { panel } = await contestPanel(db, panelId)
  const ranking = await panelRanking(db, panel.id, normalisation)
  const ids = ranking.items.map((i) => i.itemId)
  const rows = ids.length ? await db.select().from(contestEntries).where(inArray(contestEntries.id, ids)) : []
  return {
    ...ranking,
    entries: Object.fromEntries(
      rows.map((r) => [r.id, { title: r.title, entrantNames: r.entrantNames, organisationName: r.organisationName }]),
    ),
  }
}
