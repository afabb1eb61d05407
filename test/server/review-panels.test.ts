import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeTieRules, rankItems, weightedTotal } from '../../src/shared/domain/review-ranking.ts'
import {
  createReviewPanel,
  declareConflict,
  openNextRound,
  panelRanking,
  reviewerItems,
  sameOrganisation,
  saveScoreSheet,
} from '../../src/server/services/review-panels.ts'
import type { ReviewSettings } from '../../src/shared/index.ts'
import { seedJudge } from './helpers/review-fixtures.ts'
import { buildTestApp, seedAccount, type TestApp } from './helpers/test-app.ts'

/*
 * The review engine on its own (services/review-panels.ts): what any workflow (contests, base
 * applications) gets from it. Items here are made-up `application` items of a made-up round.
 */

let t: TestApp
const judges: Record<string, string> = {}
const now = new Date('2026-05-01T02:00:00Z')
const single: ReviewSettings = {
  criteria: [{ id: 'overall', label: { zh: '综合', en: 'Overall' }, weight: 1, maxScore: 100 }],
  tieBreakers: [],
  outlierPoints: 20,
}
const two: ReviewSettings = {
  criteria: [
    { id: 'accuracy', label: { zh: '科学准确', en: 'Accuracy' }, weight: 50, maxScore: 10 },
    { id: 'expression', label: { zh: '表达', en: 'Expression' }, weight: 50, maxScore: 10 },
  ],
  tieBreakers: [{ by: 'criterion', criterion: 'accuracy' }, { by: 'median' }],
  outlierPoints: 20,
}
let subjects = 0
const subject = () => ({ kind: 'application-round', id: `round-${String(++subjects)}` })
const item = (id: string, organisations: string[] = [`单位-${id}`]) => ({ kind: 'application', id, organisations })
const sheet = (scores: Record<string, number>, submit = true) => ({
  scores: Object.entries(scores).map(([criterion, score]) => ({ criterion, score, comment: `意见 ${criterion}` })),
  submit,
})
const score = (panelId: string, id: string, judge: string, scores: Record<string, number>, submit = true) =>
  saveScoreSheet(
    t.database.db,
    panelId,
    { kind: 'application', id },
    { id: judges[judge]! },
    sheet(scores, submit),
    now,
  )

beforeAll(async () => {
  t = await buildTestApp()
  for (const [username, name, institution] of [
    ['judge-wang', '王评委', '中国地质博物馆'],
    ['judge-li', '李评委', '湖南省地质博物馆'],
    ['judge-zhao', '赵评委', null],
    ['judge-qian', '钱评委', '中国地质大学'],
  ] as const)
    judges[username] = (await seedJudge(t, username, { name, institution })).accountId
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('panels and conflicts of interest', () => {
  it('assigns every member every item, except items of their own organisation, which are recorded', async () => {
    const created = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-wang']!, judges['judge-li']!],
      items: [item('a', ['中国地质博物馆']), item('b', ['中国 地质博物馆 科普部']), item('c')],
      createdBy: null,
    })
    expect(created.assigned).toBe(4)
    expect(created.conflicts.map((c) => [c.itemId, c.reviewerName, c.reason])).toEqual([
      ['a', '王评委', 'same-organisation'],
      ['b', '王评委', 'same-organisation'],
    ])
    const wang = await reviewerItems(t.database.db, created.panel.id, judges['judge-wang']!)
    expect(wang.items.map((i) => i.item.id)).toEqual(['c'])
    // Blocked, not merely hidden: scoring the item is refused, saying why.
    await expect(score(created.panel.id, 'a', 'judge-wang', { overall: 90 })).rejects.toThrow(
      /conflict of interest is recorded/,
    )
  })

  it('compares organisations loosely, but not by a fragment', () => {
    expect(sameOrganisation('中国地质博物馆', '中国地质博物馆（北京）')).toBe(true)
    expect(sameOrganisation('Hunan Geological Museum', 'hunan geological museum')).toBe(true)
    expect(sameOrganisation('地质', '中国地质大学')).toBe(false)
    expect(sameOrganisation('中国地质大学', '中国地质博物馆')).toBe(false)
  })

  it('refuses members without an expert account, and a judge outside the panel', async () => {
    const { account } = await seedAccount(t, 'panel-school', 'school')
    await expect(
      createReviewPanel(t.database.db, {
        subject: subject(),
        stage: 'evaluation',
        settings: single,
        memberAccountIds: [account.id],
        items: [item('a')],
        createdBy: null,
      }),
    ).rejects.toThrow(/panel members must be active expert accounts/)
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-li']!],
      items: [item('a')],
      createdBy: null,
    })
    await expect(score(panel.id, 'a', 'judge-zhao', { overall: 80 })).rejects.toThrow(/not on this review panel/)
    await expect(score(panel.id, 'nope', 'judge-li', { overall: 80 })).rejects.toThrow(/no such item/)
  })

  it('removes the assignment and its scores when a conflict is declared later', async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!],
      items: [item('a')],
      createdBy: null,
    })
    await score(panel.id, 'a', 'judge-li', { overall: 60 })
    await score(panel.id, 'a', 'judge-zhao', { overall: 70 }, false)
    const conflict = await declareConflict(
      t.database.db,
      panel.id,
      { kind: 'application', id: 'a' },
      judges['judge-zhao']!,
      {
        note: '指导过申报单位',
        recordedBy: judges['judge-zhao']!,
      },
    )
    expect(conflict).toMatchObject({ reason: 'declared', note: '指导过申报单位', reviewerName: '赵评委' })
    const ranking = await panelRanking(t.database.db, panel.id, 'none')
    // Only the other judge's sheet is left, so the item is complete with it.
    expect(ranking.items[0]).toMatchObject({ complete: true, rank: 1, assigned: 1, mean: 60 })
    expect(ranking.items[0]!.conflicts.map((c) => c.reason)).toEqual(['declared'])
    await expect(score(panel.id, 'a', 'judge-zhao', { overall: 70 })).rejects.toThrow(/conflict of interest/)
  })
})

describe('score sheets', () => {
  it('checks every criterion: known, within its maximum, all of them when submitting', async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: two,
      memberAccountIds: [judges['judge-li']!],
      items: [item('a')],
      createdBy: null,
    })
    await expect(score(panel.id, 'a', 'judge-li', { accuracy: 11, expression: 5 })).rejects.toThrow(
      /11 is above the highest score for "Accuracy" \(10\)/,
    )
    await expect(score(panel.id, 'a', 'judge-li', { accuracy: 8, style: 5 })).rejects.toThrow(/no criterion "style"/)
    await expect(score(panel.id, 'a', 'judge-li', { accuracy: 8 })).rejects.toThrow(/"Expression" has no score/)
    // A draft may be partial.
    const draft = await score(panel.id, 'a', 'judge-li', { accuracy: 8 }, false)
    expect(draft).toMatchObject({ status: 'draft', total: null })
    const done = await score(panel.id, 'a', 'judge-li', { accuracy: 8, expression: 6 })
    expect(done).toMatchObject({ status: 'submitted', total: 70 })
  })

  it("hides other judges' scores until every judge of the item has submitted, then makes them final", async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!],
      items: [item('a')],
      createdBy: null,
    })
    await score(panel.id, 'a', 'judge-li', { overall: 81 })
    const zhaoBefore = await reviewerItems(t.database.db, panel.id, judges['judge-zhao']!)
    expect(zhaoBefore.items[0]).toMatchObject({ complete: false, submitted: 1, assigned: 2, others: null })
    const liBefore = await reviewerItems(t.database.db, panel.id, judges['judge-li']!)
    expect(liBefore.items[0]!.others).toBeNull()
    // Before the panel is complete a judge may still change their sheet.
    await score(panel.id, 'a', 'judge-li', { overall: 82 })
    await score(panel.id, 'a', 'judge-zhao', { overall: 75 })
    const liAfter = await reviewerItems(t.database.db, panel.id, judges['judge-li']!)
    expect(liAfter.items[0]!.complete).toBe(true)
    expect(liAfter.items[0]!.others!.map((s) => [s.reviewerName, s.total, s.scores[0]!.comment])).toEqual([
      ['赵评委', 75, '意见 overall'],
    ])
    await expect(score(panel.id, 'a', 'judge-li', { overall: 95 })).rejects.toThrow(/the scores are final/)
  })
})

describe('ranking', () => {
  it("shows each judge's scores, the mean and median, and flags a judge far from the median", async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!, judges['judge-qian']!],
      items: [item('a'), item('b')],
      createdBy: null,
    })
    for (const [id, li, zhao, qian] of [
      ['a', 80, 78, 30],
      ['b', 60, 62, 58],
    ] as const) {
      await score(panel.id, id, 'judge-li', { overall: li })
      await score(panel.id, id, 'judge-zhao', { overall: zhao })
      await score(panel.id, id, 'judge-qian', { overall: qian })
    }
    const ranking = await panelRanking(t.database.db, panel.id, 'none')
    expect(ranking.items.map((i) => [i.itemId, i.rank, i.mean, i.median])).toEqual([
      ['a', 1, 62.667, 78],
      ['b', 2, 60, 60],
    ])
    const a = ranking.items.find((i) => i.itemId === 'a')!
    expect(a.sheets.map((s) => [s.reviewerName, s.total, s.outlier])).toEqual(
      expect.arrayContaining([
        ['李评委', 80, false],
        ['赵评委', 78, false],
        ['钱评委', 30, true],
      ]),
    )
    expect(ranking.reviewers.find((r) => r.name === '钱评委')).toMatchObject({ outliers: 1, submitted: 2 })
  })

  it('puts each judge on a common scale with z-scores, which can change the order', async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: { ...single, outlierPoints: 100 },
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!, judges['judge-qian']!],
      items: [item('x'), item('y'), item('z')],
      createdBy: null,
    })
    // 李 spreads widely; 赵 and 钱 score in a narrow band, in the opposite order.
    for (const [id, li, zhao, qian] of [
      ['x', 90, 60, 61],
      ['y', 50, 66, 67],
      ['z', 70, 63, 64],
    ] as const) {
      await score(panel.id, id, 'judge-li', { overall: li })
      await score(panel.id, id, 'judge-zhao', { overall: zhao })
      await score(panel.id, id, 'judge-qian', { overall: qian })
    }
    const raw = await panelRanking(t.database.db, panel.id, 'none')
    expect(raw.items.map((i) => i.itemId)).toEqual(['x', 'z', 'y'])
    const normalised = await panelRanking(t.database.db, panel.id, 'z-score')
    expect(normalised.items.map((i) => i.itemId)).toEqual(['y', 'z', 'x'])
    expect(normalised.items.map((i) => i.rank)).toEqual([1, 2, 3])
    expect(normalised.reviewers.find((r) => r.name === '李评委')).toMatchObject({ mean: 70, sd: 16.33 })
  })

  it('settles ties by the stated rules in order, and shares the place when none tells them apart', async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: two,
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!],
      items: [item('p'), item('q'), item('s'), item('u')],
      createdBy: null,
    })
    for (const judge of ['judge-li', 'judge-zhao']) {
      await score(panel.id, 'p', judge, { accuracy: 8, expression: 6 })
      await score(panel.id, 'q', judge, { accuracy: 6, expression: 8 })
      await score(panel.id, 's', judge, { accuracy: 6, expression: 8 })
      await score(panel.id, 'u', judge, { accuracy: 9, expression: 9 })
    }
    const ranking = await panelRanking(t.database.db, panel.id, 'none')
    expect(ranking.items.map((i) => [i.itemId, i.rank, i.score, i.tie])).toEqual([
      ['u', 1, 90, null],
      ['p', 2, 70, 'higher mean on "Accuracy"'],
      ['q', 3, 70, 'shared'],
      ['s', 3, 70, 'shared'],
    ])
    expect(ranking.tieRules.en).toBe(
      'Equal scores are separated by, in order: higher mean on "Accuracy"; higher median of the reviewers\' totals; items still equal share the place.',
    )
    expect(ranking.tieRules.zh).toContain('「科学准确」得分高者在前')
  })

  it('leaves items unranked until every judge has submitted', async () => {
    const { panel } = await createReviewPanel(t.database.db, {
      subject: subject(),
      stage: 'evaluation',
      settings: single,
      memberAccountIds: [judges['judge-li']!, judges['judge-zhao']!],
      items: [item('a'), item('b')],
      createdBy: null,
    })
    await score(panel.id, 'a', 'judge-li', { overall: 90 })
    await score(panel.id, 'b', 'judge-li', { overall: 50 })
    await score(panel.id, 'b', 'judge-zhao', { overall: 50 })
    const ranking = await panelRanking(t.database.db, panel.id, 'none')
    expect(ranking.items.map((i) => [i.itemId, i.rank, i.complete, i.submitted])).toEqual([
      ['b', 1, true, 2],
      ['a', null, false, 1],
    ])
  })
})

describe('a second round', () => {
  it('takes items of the first round with the same criteria, and keeps conflicts found in it', async () => {
    const round = subject()
    const first = await createReviewPanel(t.database.db, {
      subject: round,
      stage: 'evaluation',
      settings: two,
      memberAccountIds: [judges['judge-wang']!, judges['judge-li']!],
      items: [item('a', ['中国地质博物馆']), item('b'), item('c')],
      createdBy: null,
    })
    await expect(
      openNextRound(t.database.db, first.panel.id, { items: [{ kind: 'application', id: 'zz' }], createdBy: null }),
    ).rejects.toThrow(/not on it: zz/)
    const second = await openNextRound(t.database.db, first.panel.id, {
      items: [
        { kind: 'application', id: 'a' },
        { kind: 'application', id: 'b' },
      ],
      memberAccountIds: [judges['judge-wang']!, judges['judge-li']!, judges['judge-zhao']!],
      createdBy: null,
    })
    expect(second.panel).toMatchObject({ round: 2, stage: 'evaluation', settings: { tieBreakers: two.tieBreakers } })
    // 王 is still not assigned item a; 赵 joins for both.
    expect(second.assigned).toBe(5)
    const wang = await reviewerItems(t.database.db, second.panel.id, judges['judge-wang']!)
    expect(wang.items.map((i) => i.item.id)).toEqual(['b'])
    const third = await openNextRound(t.database.db, second.panel.id, {
      items: [{ kind: 'application', id: 'b' }],
      createdBy: null,
    })
    expect(third.panel.round).toBe(3)
  })
})

describe('the arithmetic', () => {
  it('weights each criterion by its share of the maximum', () => {
    expect(weightedTotal(two.criteria, { accuracy: 10, expression: 5 })).toBe(75)
    expect(
      weightedTotal(
        [
          { id: 'a', label: { zh: 'a', en: 'a' }, weight: 3, maxScore: 5 },
          { id: 'b', label: { zh: 'b', en: 'b' }, weight: 1, maxScore: 20 },
        ],
        { a: 5, b: 0 },
      ),
    ).toBe(75)
    expect(weightedTotal(two.criteria, { accuracy: 10 })).toBeNull()
  })

  it('gives a judge without spread no say in the normalised order', () => {
    const { items } = rankItems(
      [
        {
          key: 'a',
          complete: true,
          sheets: [
            { reviewerId: 'flat', scores: { overall: 70 } },
            { reviewerId: 'keen', scores: { overall: 90 } },
          ],
        },
        {
          key: 'b',
          complete: true,
          sheets: [
            { reviewerId: 'flat', scores: { overall: 70 } },
            { reviewerId: 'keen', scores: { overall: 60 } },
          ],
        },
      ],
      { ...single, normalisation: 'z-score' },
    )
    expect(items.map((i) => i.key)).toEqual(['a', 'b'])
  })

  it('states the rule when there are no tie breakers', () => {
    expect(describeTieRules([], single.criteria)).toEqual({
      zh: '总分相同者并列。',
      en: 'Equal scores share the place.',
    })
  })
})
