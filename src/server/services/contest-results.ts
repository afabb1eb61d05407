import { and, desc, eq, inArray } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { windowOf } from '../../shared/domain/contest-rules.ts'
import type { Award, ContestStandings, ResultsBody, ReviewNormalisation, WorkCredit } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { contestEntries, contests, reviewPanels } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { publishWinnerAsWork } from './app-works.ts'
import { entryVideosOf, type EntryRow } from './contest-entry-views.ts'
import { contestPanel } from './contest-judging.ts'
import { CONTEST_SUBJECT, findContest, noContest, touchContest, type ContestRow } from './contest-service.ts'
import { countedVotes } from './contest-votes.ts'
import { panelRanking } from './review-panels.ts'

/*
 * From scores and votes to published results: the standings an admin decides awards from (the
 * judges' ranking, with the vote folded in when it is a share of the score), the awards, and
 * publishing them, which makes each awarded entry a work in the app (services/app-works.ts).
 */

/** The panel results are read from: the named one, else the last round of the final, else of the preliminary. */
async function standingsPanel(db: Database, contest: ContestRow, panelId: string | undefined): Promise<string | null> {
  if (panelId) {
    const { panel } = await contestPanel(db, panelId)
    if (panel.subjectId !== contest.id) throw new HttpError(404, '没有这个评审组 / no such review panel')
    return panel.id
  }
  const panels = await db
    .select({ id: reviewPanels.id, stage: reviewPanels.stage })
    .from(reviewPanels)
    .where(and(eq(reviewPanels.subjectKind, CONTEST_SUBJECT), eq(reviewPanels.subjectId, contest.id)))
    .orderBy(desc(reviewPanels.round), desc(reviewPanels.createdAt))
  return (panels.find((p) => p.stage === 'final') ?? panels.find((p) => p.stage === 'preliminary'))?.id ?? null
}

/** GET /api/admin/contests/:id/standings: the judges' scores, the counted votes, and the final score the rules make of them. */
export async function contestStandings(
  db: Database,
  contestId: string,
  options: { panelId?: string | undefined; normalise: ReviewNormalisation },
): Promise<ContestStandings> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  const panelId = await standingsPanel(db, contest, options.panelId)
  const votes = await countedVotes(db, contest.id)
  const ranking = panelId ? await panelRanking(db, panelId, options.normalise) : null
  const ids = [...new Set([...(ranking?.items.map((i) => i.itemId) ?? []), ...votes.keys()])]
  const titles = new Map(
    ids.length
      ? (
          await db
            .select({ id: contestEntries.id, title: contestEntries.title })
            .from(contestEntries)
            .where(inArray(contestEntries.id, ids))
        ).map((e) => [e.id, e.title])
      : [],
  )
  const most = Math.max(0, ...votes.values())
  const vote = contest.config.vote
  const entries = ids.map((entryId) => {
    const ranked = ranking?.items.find((i) => i.itemId === entryId)
    const judgeScore = ranked?.score ?? null
    const n = votes.get(entryId) ?? 0
    const voteScore = vote.mode === 'none' ? null : most > 0 ? Math.round((n / most) * 100_000) / 1000 : 0
    const finalScore =
      vote.mode === 'score-share' && judgeScore !== null
        ? Math.round(
            ((judgeScore * (100 - vote.sharePercent)) / 100 + ((voteScore ?? 0) * vote.sharePercent) / 100) * 1000,
          ) / 1000
        : judgeScore
    return {
      entryId,
      title: titles.get(entryId) ?? '',
      judgeScore,
      judgeRank: ranked?.rank ?? null,
      votes: n,
      voteScore,
      finalScore,
    }
  })
  entries.sort(
    (a, b) => (b.finalScore ?? -1) - (a.finalScore ?? -1) || b.votes - a.votes || (a.entryId < b.entryId ? -1 : 1),
  )
  return { panelId, vote, entries }
}

/**
 * PUT /api/admin/contests/:id/results: the awards, before they are published. Each award takes
 * at most its count; an entry wins at most one prize level (special awards come on top); the
 * popularity award goes to a shortlisted entry.
 */
export async function setResults(db: Database, contestId: string, body: ResultsBody, now: Date): Promise<ResultsBody> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  if (contest.resultsPublishedAt) throw new HttpError(409, '结果已公布 / the results are published already')
  const problems: string[] = []
  const awardOf = new Map(contest.config.awards.map((a) => [a.id, a]))
  const ids = [...new Set(body.awards.flatMap((a) => a.entryIds))]
  const rows = ids.length
    ? await db
        .select()
        .from(contestEntries)
        .where(and(eq(contestEntries.contestId, contest.id), inArray(contestEntries.id, ids)))
    : []
  const byId = new Map(rows.map((r) => [r.id, r]))
  const levels = new Map<string, string>()
  for (const { awardId, entryIds } of body.awards) {
    const award = awardOf.get(awardId)
    if (!award) {
      problems.push(`no award "${awardId}"`)
      continue
    }
    if (entryIds.length > award.count)
      problems.push(`"${award.label.en}" has ${String(award.count)} place(s); ${String(entryIds.length)} given`)
    for (const id of entryIds) {
      const entry = byId.get(id)
      if (!entry || entry.status !== 'submitted' || entry.eligibility !== 'eligible') {
        problems.push(`${id} is not a submitted, eligible entry of this contest`)
        continue
      }
      if (award.kind !== 'special') {
        const other = levels.get(id)
        if (other && other !== award.id) problems.push(`"${entry.title}" has two prize levels (${other}, ${award.id})`)
        levels.set(id, award.id)
      }
      if (
        contest.config.vote.mode === 'popularity-award' &&
        contest.config.vote.awardId === award.id &&
        !entry.shortlisted
      )
        problems.push(`"${entry.title}" was not shortlisted for the public vote, so it cannot win "${award.label.en}"`)
    }
  }
  const ids2 = body.awards.map((a) => a.awardId)
  if (new Set(ids2).size !== ids2.length) problems.push('an award is listed twice')
  if (problems.length > 0) throw new HttpError(400, `获奖名单有误 / the awards are not valid: ${problems.join('; ')}`)
  await db.update(contests).set({ results: body, updatedAt: now }).where(eq(contests.id, contest.id))
  return body
}

function creditsOf(contest: ContestRow, entry: EntryRow, awards: readonly Award[]): WorkCredit[] {
  return [
    ...entry.entrantNames.map((name) => ({ role: 'entrant' as const, name })),
    { role: 'organisation' as const, name: entry.organisationName },
    ...awards.map((a) => ({ role: 'award' as const, name: `${contest.config.title.zh} ${a.label.zh}` })),
  ]
}

/**
 * POST /api/admin/contests/:id/results/publish: from the results stage on, the awards become
 * public and every awarded entry a work in the app (with its captions, credits and the contest's
 * licence). Returns how many works were published.
 */
export async function publishResults(db: Database, contestId: string, now: Date): Promise<{ works: number }> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  if (!contest.published) throw new HttpError(409, '比赛尚未发布 / the contest itself is not published')
  if (contest.resultsPublishedAt) throw new HttpError(409, '结果已公布 / the results are published already')
  if (!contest.results || contest.results.awards.every((a) => a.entryIds.length === 0))
    throw new HttpError(409, '请先设定获奖名单 / set the awards first')
  const w = windowOf(contest.config.stages, 'results')!
  if (todayInChina(now) < w.starts)
    throw new HttpError(409, `结果自 ${w.starts} 起公布 / results are published from ${w.starts} (Beijing time)`)
  const results = contest.results
  const ids = [...new Set(results.awards.flatMap((a) => a.entryIds))]
  const rows = await db.select().from(contestEntries).where(inArray(contestEntries.id, ids))
  const videos = await entryVideosOf(db, ids)
  const slots = contest.config.videos.filter((v) => v.publishAsWork).map((v) => v.slot)
  await db.transaction(async (tx) => {
    await tx.update(contests).set({ resultsPublishedAt: now, updatedAt: now }).where(eq(contests.id, contest.id))
    for (const entry of rows) {
      const won = contest.config.awards.filter((a) =>
        results.awards.some((r) => r.awardId === a.id && r.entryIds.includes(entry.id)),
      )
      const ofEntry = videos.get(entry.id) ?? []
      await publishWinnerAsWork(tx, {
        contestId: contest.id,
        entryId: entry.id,
        title: { zh: entry.title, en: null },
        description: entry.description,
        credits: creditsOf(contest, entry, won),
        licence: contest.config.licence,
        media: slots.flatMap((slot) => {
          const v = ofEntry.find((x) => x.slot === slot)
          const vtt = Object.hasOwn(entry.captions, slot) ? entry.captions[slot] : undefined
          return v ? [{ mediaId: v.mediaId, captions: vtt ? { lang: 'zh', vtt } : null }] : []
        }),
        publishedAt: now,
      })
    }
    await touchContest(tx, contest.id, now)
  })
  return { works: rows.length }
}
