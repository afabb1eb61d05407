import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  ApiError,
  ContestEntry,
  JudgeEntry,
  ReviewConflict,
  ReviewPanel,
  ScoreSheet,
} from '../../src/shared/index.ts'
import {
  buildContestApp,
  createContest,
  day,
  explanationContest,
  seedJudge,
  signIn,
  submittedEntry,
  VTT,
  type ContestApp,
} from './helpers/contest-fixtures.ts'
import type { TestClient } from './helpers/test-app.ts'

/*
 * Judging a contest on the review engine: the nomination check, a panel whose judges see entries
 * blind and stream their videos, conflicts blocked and recorded, scores hidden until every judge
 * of an entry has scored, the admin's ranking, and a second round.
 */

const A = 'geological-museum-of-china'
let t: ContestApp
let admin: TestClient
let school: TestClient
let staff: TestClient
type Judge = TestClient & { accountId: string; expertId: string }
let wang: Judge
let li: Judge
let zhao: Judge
let outsider: Judge
let contestId: string
const entries: Record<string, ContestEntry> = {}
let panel: ReviewPanel

const errorOf = (response: { json: <T>() => T }) => response.json<ApiError>()
const sheet = (accuracy: number, expression: number, manner: number, submit = true) => ({
  scores: [
    { criterion: 'accuracy', score: accuracy, comment: '内容准确' },
    { criterion: 'expression', score: expression, comment: '表达清楚' },
    { criterion: 'manner', score: manner, comment: '' },
  ],
  submit,
})
const scoreUrl = (entryId: string, panelId = panel.id) =>
  `/api/judge/contest-panels/${panelId}/entries/${entryId}/scores`

beforeAll(async () => {
  t = await buildContestApp()
  admin = await signIn(t, 'judging-admin', 'admin')
  school = await signIn(t, 'judging-school', 'school')
  staff = await signIn(t, 'judging-staff', 'base_staff', { baseId: A })
  wang = await seedJudge(t, 'judge-wang', { name: '王评委', institution: '中国地质博物馆' })
  li = await seedJudge(t, 'judge-li', { name: '李评委', institution: '中国地质大学（武汉）' })
  zhao = await seedJudge(t, 'judge-zhao', { name: '赵评委', institution: null })
  outsider = await seedJudge(t, 'judge-outsider', { name: '钱评委', institution: null })
  contestId = await createContest(admin, explanationContest({ quotas: { perOrganisation: 5, byOrganisation: {} } }))
  entries.rocks = await submittedEntry(school, contestId, '岩石的故事')
  entries.ocean = await submittedEntry(school, contestId, '海洋的呼吸')
  entries.museum = await submittedEntry(staff, contestId, '博物馆里的恐龙')
  // The nomination check comes after entries close.
  t.clock.setTo(new Date(`${day(7)}T10:00:00+08:00`))
}, 180_000)
afterAll(async () => {
  await t.close()
})

describe('the nomination check', () => {
  it('marks submitted entries eligible or not, with the reason the organisation reads', async () => {
    const refused = await admin.request({
      method: 'POST',
      url: `/api/admin/contest-entries/${entries.ocean!.id}/eligibility`,
      payload: { eligible: false, reason: '推荐函缺少盖章' },
    })
    expect(refused.json<{ entry: ContestEntry }>().entry).toMatchObject({
      eligibility: 'ineligible',
      eligibilityReason: '推荐函缺少盖章',
    })
    const seen = await school.request({ url: `/api/contest-entries/${entries.ocean!.id}` })
    expect(seen.json<{ entry: ContestEntry }>().entry.eligibilityReason).toBe('推荐函缺少盖章')
    for (const entry of [entries.rocks!, entries.museum!, entries.ocean!]) {
      const ok = await admin.request({
        method: 'POST',
        url: `/api/admin/contest-entries/${entry.id}/eligibility`,
        payload: { eligible: true },
      })
      expect(ok.statusCode, ok.body).toBe(200)
    }
    const noReason = await admin.request({
      method: 'POST',
      url: `/api/admin/contest-entries/${entries.rocks!.id}/eligibility`,
      payload: { eligible: false },
    })
    expect(noReason.statusCode).toBe(400)
  })
})

describe('a preliminary panel', () => {
  it('assigns every eligible entry to every judge, except a judge from the entry’s organisation', async () => {
    const response = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${contestId}/panels`,
      payload: { stage: 'preliminary', expertIds: [wang.expertId, li.expertId, zhao.expertId] },
    })
    expect(response.statusCode, response.body).toBe(201)
    const created = response.json<{ panel: ReviewPanel; assigned: number; conflicts: ReviewConflict[] }>()
    panel = created.panel
    expect(created.assigned).toBe(8)
    expect(created.conflicts).toEqual([
      expect.objectContaining({ itemId: entries.museum!.id, reviewerName: '王评委', reason: 'same-organisation' }),
    ])
    expect(panel.settings.criteria.map((c) => c.id)).toEqual(['accuracy', 'expression', 'manner'])
    const again = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${contestId}/panels`,
      payload: { stage: 'preliminary', expertIds: [li.expertId] },
    })
    expect(again.statusCode).toBe(409)
  })

  it('shows judges their entries blind, with videos they can stream and captions', async () => {
    const response = await li.request({ url: `/api/judge/contest-panels/${panel.id}` })
    expect(response.statusCode, response.body).toBe(200)
    const view = response.json<{ panel: { entries: JudgeEntry[]; contest: { blindReview: boolean } } }>().panel
    expect(view.contest.blindReview).toBe(true)
    expect(view.entries).toHaveLength(3)
    for (const entry of view.entries) {
      expect(entry.entrantNames).toBeNull()
      expect(entry.organisationName).toBeNull()
    }
    expect(JSON.stringify(view)).not.toContain('张小明')
    expect(JSON.stringify(view)).not.toContain('judging-school')
    expect(JSON.stringify(view)).not.toContain('中国地质博物馆')
    const video = view.entries[0]!.videos.find((v) => v.slot === 'talk')!
    const part = await li.request({ url: video.url, headers: { range: 'bytes=0-1023' } })
    expect(part.statusCode).toBe(206)
    expect(part.headers['content-range']).toMatch(/^bytes 0-1023\//)
    expect((await li.request({ url: video.captionsUrl! })).body).toBe(VTT)
    // 王 is not assigned the museum's entry, and a judge of no panel sees nothing.
    const wangView = (await wang.request({ url: `/api/judge/contest-panels/${panel.id}` })).json<{
      panel: { entries: JudgeEntry[] }
    }>()
    expect(wangView.panel.entries.map((e) => e.id).sort()).toEqual([entries.rocks!.id, entries.ocean!.id].sort())
    const museumVideo = entries.museum!.videos[0]!.url
    expect((await wang.request({ url: museumVideo })).statusCode).toBe(404)
    expect((await outsider.request({ url: museumVideo })).statusCode).toBe(404)
    expect((await outsider.request({ url: `/api/judge/contest-panels/${panel.id}` })).statusCode).toBe(403)
  })

  it('lists a judge’s panels with how far they are', async () => {
    const response = await zhao.request({ url: '/api/judge/contest-panels' })
    expect(
      response.json<{ panels: { assigned: number; submitted: number; contest: { id: string } }[] }>().panels,
    ).toEqual([
      expect.objectContaining({
        assigned: 3,
        submitted: 0,
        contest: expect.objectContaining({ id: contestId }) as unknown,
      }),
    ])
  })

  it('refuses a judge outside the panel, or scoring an entry of their own organisation', async () => {
    const outside = await outsider.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(8, 8, 8) })
    expect(outside.statusCode).toBe(403)
    expect(errorOf(outside).message).toMatch(/not on this review panel/)
    const own = await wang.request({ method: 'PUT', url: scoreUrl(entries.museum!.id), payload: sheet(10, 10, 10) })
    expect(own.statusCode).toBe(403)
    expect(errorOf(own).message).toMatch(
      /conflict of interest is recorded between you and this item \(same organisation\)/,
    )
    // Admins may call review routes, but score only on panels they sit on.
    expect(
      (await admin.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(8, 8, 8) })).statusCode,
    ).toBe(403)
    expect((await school.request({ url: '/api/judge/contest-panels' })).statusCode).toBe(403)
  })

  it("hides other judges' scores until every judge of the entry has scored", async () => {
    const saved = await li.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(9, 8, 7) })
    expect(saved.json<{ sheet: ScoreSheet }>().sheet).toMatchObject({ status: 'submitted', total: 81 })
    const zhaoView = (await zhao.request({ url: `/api/judge/contest-panels/${panel.id}` })).json<{
      panel: { entries: JudgeEntry[] }
    }>()
    const rocks = zhaoView.panel.entries.find((e) => e.id === entries.rocks!.id)!
    expect(rocks).toMatchObject({ complete: false, submitted: 1, assigned: 3, others: null })
    await zhao.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(8, 8, 8) })
    await wang.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(7, 7, 7) })
    const after = (await zhao.request({ url: `/api/judge/contest-panels/${panel.id}` })).json<{
      panel: { entries: JudgeEntry[] }
    }>()
    const complete = after.panel.entries.find((e) => e.id === entries.rocks!.id)!
    expect(complete.complete).toBe(true)
    expect(complete.others!.map((s) => [s.reviewerName, s.total]).sort()).toEqual([
      ['李评委', 81],
      ['王评委', 70],
    ])
    const late = await zhao.request({ method: 'PUT', url: scoreUrl(entries.rocks!.id), payload: sheet(10, 10, 10) })
    expect(late.statusCode).toBe(409)
  })

  it('records a conflict a judge declares, and takes the entry off their sheets', async () => {
    const response = await zhao.request({
      method: 'POST',
      url: `/api/judge/contest-panels/${panel.id}/entries/${entries.ocean!.id}/conflict`,
      payload: { note: '参赛选手是我的学生' },
    })
    expect(response.statusCode, response.body).toBe(201)
    const view = (await zhao.request({ url: `/api/judge/contest-panels/${panel.id}` })).json<{
      panel: { entries: JudgeEntry[] }
    }>()
    expect(view.panel.entries.map((e) => e.id)).not.toContain(entries.ocean!.id)
    const scored = await zhao.request({ method: 'PUT', url: scoreUrl(entries.ocean!.id), payload: sheet(9, 9, 9) })
    expect(errorOf(scored).message).toMatch(/\(declared\)/)
  })

  it('ranks entries for the admin, naming them, with each judge’s scores and the tie rules', async () => {
    await li.request({ method: 'PUT', url: scoreUrl(entries.ocean!.id), payload: sheet(8, 7, 7) })
    await wang.request({ method: 'PUT', url: scoreUrl(entries.ocean!.id), payload: sheet(5, 9, 9) })
    await li.request({ method: 'PUT', url: scoreUrl(entries.museum!.id), payload: sheet(8, 7, 7) })
    await zhao.request({ method: 'PUT', url: scoreUrl(entries.museum!.id), payload: sheet(8, 7, 7) })
    const response = await admin.request({ url: `/api/admin/contest-panels/${panel.id}/ranking?normalise=none` })
    expect(response.statusCode, response.body).toBe(200)
    const ranking = response.json<{
      ranking: {
        items: {
          itemId: string
          rank: number
          score: number
          tie: string | null
          sheets: ScoreSheet[]
          conflicts: ReviewConflict[]
        }[]
        entries: Record<string, { title: string; organisationName: string }>
        tieRules: { en: string }
      }
    }>().ranking
    // Ocean and museum both average 74; the museum's accuracy is higher (8 against 6.5), so it goes first.
    expect(ranking.items.map((i) => [ranking.entries[i.itemId]!.title, i.rank, i.score, i.tie])).toEqual([
      ['岩石的故事', 1, 77, null],
      ['博物馆里的恐龙', 2, 74, 'higher mean on "Scientific accuracy"'],
      ['海洋的呼吸', 3, 74, 'higher mean on "Scientific accuracy"'],
    ])
    const ocean = ranking.items.find((i) => i.itemId === entries.ocean!.id)!
    expect(ocean.sheets.map((s) => s.reviewerName).sort()).toEqual(['李评委', '王评委'])
    expect(ocean.conflicts.map((c) => [c.reviewerName, c.reason, c.note])).toEqual([
      ['赵评委', 'declared', '参赛选手是我的学生'],
    ])
    expect(ranking.entries[entries.museum!.id]!.organisationName).toBe('中国地质博物馆')
    const normalised = await admin.request({ url: `/api/admin/contest-panels/${panel.id}/ranking?normalise=z-score` })
    expect(normalised.json<{ ranking: { normalisation: string } }>().ranking.normalisation).toBe('z-score')
  })

  it('records a conflict an admin learns of', async () => {
    const response = await admin.request({
      method: 'POST',
      url: `/api/admin/contest-panels/${panel.id}/conflicts`,
      payload: { entryId: entries.rocks!.id, expertId: li.expertId, note: '与选手同一课题组' },
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json<{ conflict: ReviewConflict }>().conflict).toMatchObject({
      reason: 'declared',
      reviewerName: '李评委',
    })
  })

  it('opens a second round for the entries still tied, with the same criteria', async () => {
    const response = await admin.request({
      method: 'POST',
      url: `/api/admin/contest-panels/${panel.id}/next-round`,
      payload: { entryIds: [entries.ocean!.id, entries.museum!.id], expertIds: [li.expertId, outsider.expertId] },
    })
    expect(response.statusCode, response.body).toBe(201)
    const second = response.json<{ panel: ReviewPanel; assigned: number }>()
    expect(second.panel).toMatchObject({ stage: 'preliminary', round: 2 })
    expect(second.assigned).toBe(4)
    const view = (await outsider.request({ url: `/api/judge/contest-panels/${second.panel.id}` })).json<{
      panel: { entries: JudgeEntry[] }
    }>()
    expect(view.panel.entries).toHaveLength(2)
    const contest = await admin.request({ url: `/api/admin/contests/${contestId}` })
    expect(contest.json<{ contest: { panels: ReviewPanel[] } }>().contest.panels.map((p) => p.round)).toEqual([1, 2])
  })
})

describe('open review', () => {
  it('shows entrants and organisations to judges when the contest is not blind', async () => {
    t.clock.setTo(null)
    const id = await createContest(admin, explanationContest({ blindReview: false }))
    const entry = await submittedEntry(school, id, '公开评审')
    t.clock.setTo(new Date(`${day(7)}T10:00:00+08:00`))
    await admin.request({
      method: 'POST',
      url: `/api/admin/contest-entries/${entry.id}/eligibility`,
      payload: { eligible: true },
    })
    const created = await admin.request({
      method: 'POST',
      url: `/api/admin/contests/${id}/panels`,
      payload: { stage: 'preliminary', expertIds: [zhao.expertId] },
    })
    const view = await zhao.request({
      url: `/api/judge/contest-panels/${created.json<{ panel: ReviewPanel }>().panel.id}`,
    })
    expect(view.json<{ panel: { entries: JudgeEntry[] } }>().panel.entries[0]).toMatchObject({
      entrantNames: ['张小明'],
      organisationName: 'judging-school',
    })
  })
})
