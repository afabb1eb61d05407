import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  ApiError,
  AppWork,
  ContestDetail,
  ContestEntry,
  ContestStandings,
  ReviewPanel,
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
import { ORIGIN, TestClient } from './helpers/test-app.ts'

/*
 * From the final to published results: standings with the public vote as a share of the score,
 * awards checked against the contest's awards, and winners published as works in the app with
 * their captions, credits and licence, their videos public.
 */

let t: ContestApp
let admin: TestClient
let contestId: string
const entries: Record<string, ContestEntry> = {}
let finalPanel: ReviewPanel

const errorOf = (response: { json: <T>() => T }) => response.json<ApiError>()
const sheet = (score: number) => ({
  scores: ['accuracy', 'expression', 'manner'].map((criterion) => ({ criterion, score, comment: '' })),
  submit: true,
})

beforeAll(async () => {
  t = await buildContestApp()
  admin = await signIn(t, 'results-admin', 'admin')
  const school = await signIn(t, 'results-school', 'school')
  const staff = await signIn(t, 'results-staff', 'base_staff', { baseId: 'geological-museum-of-china' })
  const judgeA = await seedJudge(t, 'results-judge-a', { name: '周评委', institution: null })
  const judgeB = await seedJudge(t, 'results-judge-b', { name: '吴评委', institution: null })
  contestId = await createContest(
    admin,
    explanationContest({
      vote: { mode: 'score-share', sharePercent: 20 },
      awards: [
        { id: 'first', label: { zh: '一等奖', en: 'First prize' }, kind: 'prize', count: 1 },
        { id: 'second', label: { zh: '二等奖', en: 'Second prize' }, kind: 'prize', count: 1 },
        { id: 'eloquence', label: { zh: '最佳口才奖', en: 'Best speaker' }, kind: 'special', count: 1 },
      ],
      licence: 'CC BY-NC-ND 4.0',
    }),
  )
  entries.a = await submittedEntry(school, contestId, '岩石会说话')
  entries.b = await submittedEntry(staff, contestId, '恐龙蛋')
  entries.c = await submittedEntry(school, contestId, '落选的作品')
  t.clock.setTo(new Date(`${day(7)}T10:00:00+08:00`))
  for (const entry of Object.values(entries))
    await admin.request({
      method: 'POST',
      url: `/api/admin/contest-entries/${entry.id}/eligibility`,
      payload: { eligible: true },
    })
  await admin.request({
    method: 'PUT',
    url: `/api/admin/contests/${contestId}/shortlist`,
    payload: { entryIds: [entries.a.id, entries.b.id] },
  })
  // The public vote: b is far more popular.
  t.clock.setTo(new Date(`${day(17)}T10:00:00+08:00`))
  for (let i = 0; i < 5; i++) {
    const ip = `198.51.100.${String(i + 1)}`
    const device = await t.app.inject({
      method: 'POST',
      url: '/api/contest-votes/device',
      remoteAddress: ip,
      headers: { origin: ORIGIN },
    })
    const deviceToken = device.json<{ deviceToken: string }>().deviceToken
    for (const entry of i < 1 ? [entries.a, entries.b] : [entries.b])
      await t.app.inject({
        method: 'POST',
        url: `/api/contests/${contestId}/votes`,
        remoteAddress: ip,
        headers: { origin: ORIGIN },
        payload: { entryId: entry.id, deviceToken },
      })
  }
  // The final: judges prefer a.
  t.clock.setTo(new Date(`${day(21)}T10:00:00+08:00`))
  const created = await admin.request({
    method: 'POST',
    url: `/api/admin/contests/${contestId}/panels`,
    payload: { stage: 'final', expertIds: [judgeA.expertId, judgeB.expertId] },
  })
  expect(created.statusCode, created.body).toBe(201)
  finalPanel = created.json<{ panel: ReviewPanel }>().panel
  for (const [judge, a, b] of [
    [judgeA, 9, 8],
    [judgeB, 9, 7],
  ] as const) {
    for (const [entry, score] of [
      [entries.a, a],
      [entries.b, b],
    ] as const) {
      const saved = await judge.request({
        method: 'PUT',
        url: `/api/judge/contest-panels/${finalPanel.id}/entries/${entry.id}/scores`,
        payload: sheet(score),
      })
      expect(saved.statusCode, saved.body).toBe(200)
    }
  }
}, 180_000)
afterAll(async () => {
  await t.close()
})

describe('standings', () => {
  it('fold the public vote into the final score as the contest says (20 %)', async () => {
    const response = await admin.request({ url: `/api/admin/contests/${contestId}/standings` })
    expect(response.statusCode, response.body).toBe(200)
    const { standings } = response.json<{ standings: ContestStandings }>()
    expect(standings.panelId).toBe(finalPanel.id)
    // a: judges 90, 1 vote of 5 → 20; b: judges 75, 5 votes → 100.
    expect(standings.entries.map((e) => [e.title, e.judgeScore, e.votes, e.voteScore, e.finalScore])).toEqual([
      ['恐龙蛋', 75, 5, 100, 80],
      ['岩石会说话', 90, 1, 20, 76],
    ])
  })
})

describe('results', () => {
  it('refuse awards the contest does not have room for', async () => {
    const put = (awards: object) =>
      admin.request({ method: 'PUT', url: `/api/admin/contests/${contestId}/results`, payload: { awards } })
    const tooMany = await put([{ awardId: 'first', entryIds: [entries.a!.id, entries.b!.id] }])
    expect(errorOf(tooMany).message).toMatch(/"First prize" has 1 place\(s\); 2 given/)
    const twoLevels = await put([
      { awardId: 'first', entryIds: [entries.a!.id] },
      { awardId: 'second', entryIds: [entries.a!.id] },
    ])
    expect(errorOf(twoLevels).message).toMatch(/"岩石会说话" has two prize levels/)
    const unknown = await put([{ awardId: 'golden-mic', entryIds: [entries.a!.id] }])
    expect(errorOf(unknown).message).toMatch(/no award "golden-mic"/)
  })

  it('are published from the results stage only, and make each winner a work', async () => {
    const set = await admin.request({
      method: 'PUT',
      url: `/api/admin/contests/${contestId}/results`,
      payload: {
        awards: [
          { awardId: 'first', entryIds: [entries.b!.id] },
          { awardId: 'second', entryIds: [entries.a!.id] },
          { awardId: 'eloquence', entryIds: [entries.a!.id] },
        ],
      },
    })
    expect(set.statusCode, set.body).toBe(200)
    const early = await admin.request({ method: 'POST', url: `/api/admin/contests/${contestId}/results/publish` })
    expect(early.statusCode).toBe(409)
    expect(errorOf(early).message).toContain(`results are published from ${day(23)}`)
    const visitor = new TestClient(t.app)
    const before = await visitor.request({ url: '/api/app-works' })
    expect(before.json<{ works: AppWork[] }>().works).toEqual([])

    t.clock.setTo(new Date(`${day(23)}T09:00:00+08:00`))
    const published = await admin.request({ method: 'POST', url: `/api/admin/contests/${contestId}/results/publish` })
    expect(published.statusCode, published.body).toBe(200)
    expect(published.json()).toEqual({ works: 2 })
    expect(
      (await admin.request({ method: 'POST', url: `/api/admin/contests/${contestId}/results/publish` })).statusCode,
    ).toBe(409)

    const contest = (await visitor.request({ url: `/api/contests/${contestId}` })).json<{ contest: ContestDetail }>()
      .contest
    expect(contest.resultsPublished).toBe(true)
    expect(contest.currentStage).toBe('results')
    expect(
      contest.results!.awards.map((a) => [
        a.award.id,
        a.entries.map((e) => [e.title, e.entrantNames, e.organisationName]),
      ]),
    ).toEqual([
      ['first', [['恐龙蛋', ['张小明'], '中国地质博物馆']]],
      ['second', [['岩石会说话', ['张小明'], 'results-school']]],
      ['eloquence', [['岩石会说话', ['张小明'], 'results-school']]],
    ])
    // Only the talk goes into the works library; the self-introduction stays private.
    const winner = contest.results!.awards[0]!.entries[0]!
    expect(winner.videos.map((v) => v.slot)).toEqual(['talk'])
    expect(winner.workId).toMatch(/^[0-9a-f-]{36}$/)

    const works = (await visitor.request({ url: '/api/app-works' })).json<{ works: AppWork[] }>().works
    expect(works).toHaveLength(2)
    const rocks = works.find((w) => w.title.zh === '岩石会说话')!
    expect(rocks).toMatchObject({
      kind: 'video',
      licence: 'CC BY-NC-ND 4.0',
      source: { kind: 'contest', contestId, entryId: entries.a!.id },
      credits: [
        { role: 'entrant', name: '张小明' },
        { role: 'organisation', name: 'results-school' },
        { role: 'award', name: '自然资源科普讲解大赛（测试） 二等奖' },
        { role: 'award', name: '自然资源科普讲解大赛（测试） 最佳口才奖' },
      ],
    })
    expect(rocks.media).toEqual([
      expect.objectContaining({
        id: entries.a!.videos.find((v) => v.slot === 'talk')!.mediaId,
        contentType: 'video/mp4',
        durationS: 43.96,
        captions: { lang: 'zh', vtt: VTT },
      }),
    ])
    // Its video is public now, cached for a year like any published media; the intro is not.
    const file = await visitor.request({ url: rocks.media[0]!.url })
    expect(file.statusCode).toBe(200)
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await visitor.request({ url: entries.a!.videos.find((v) => v.slot === 'intro')!.url })).statusCode).toBe(
      404,
    )
    expect((await visitor.request({ url: winner.videos[0]!.captionsUrl! })).body).toBe(VTT)
    // The losing entry stays private.
    expect((await visitor.request({ url: entries.c!.videos[1]!.url })).statusCode).toBe(404)
  })

  it('serve the works list from the cache until something changes', async () => {
    const visitor = new TestClient(t.app)
    const first = await visitor.request({ url: '/api/app-works' })
    const etag = first.headers.etag as string
    expect((await visitor.request({ url: '/api/app-works', headers: { 'if-none-match': etag } })).statusCode).toBe(304)
  })

  it('freeze the contest once published', async () => {
    const change = await admin.request({
      method: 'PUT',
      url: `/api/admin/contests/${contestId}`,
      payload: { config: explanationContest(), published: true },
    })
    expect(change.statusCode).toBe(409)
    const again = await admin.request({
      method: 'PUT',
      url: `/api/admin/contests/${contestId}/results`,
      payload: { awards: [] },
    })
    expect(again.statusCode).toBe(409)
  })
})
