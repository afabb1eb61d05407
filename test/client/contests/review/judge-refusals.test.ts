import { afterEach, describe, expect, it } from 'vitest'
import type { Account, JudgeEntry } from '../../../../src/shared/index.ts'
import { json, mountApp, stubFetch, waitFor } from '../../helpers/mount-app.ts'

/* A judge told plainly why they cannot score: not on the panel, or a conflict of interest recorded. */

const judge: Account = {
  id: '0193b2c4-0000-7000-8000-0000000000a1',
  username: 'judge-zhao',
  displayName: '赵评委',
  role: 'expert',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
const PANEL = '0193b2c4-0000-7000-8000-00000000a001'
const ENTRY = '0193b2c4-0000-7000-8000-0000000000e1'
const refusal = (message: string) => json(403, { statusCode: 403, error: 'Forbidden', message })
const criteria = [{ id: 'accuracy', label: { zh: '科学准确', en: 'Accuracy' }, weight: 1, maxScore: 10 }]
const entry: JudgeEntry = {
  id: ENTRY,
  title: '岩石的故事',
  theme: '地质遗迹',
  description: '',
  entrantNames: null,
  organisationName: null,
  videos: [],
  complete: false,
  assigned: 2,
  submitted: 0,
  mine: {
    reviewerAccountId: judge.id,
    reviewerName: '赵评委',
    status: 'assigned',
    scores: [],
    total: null,
    submittedAt: null,
    outlier: false,
  },
  others: null,
}
const panel = {
  panel: {
    panel: {
      id: PANEL,
      subjectKind: 'contest',
      subjectId: '0193b2c4-0000-7000-8000-00000000c001',
      stage: 'preliminary',
      round: 1,
      status: 'open',
      settings: { criteria, tieBreakers: [], outlierPoints: 20 },
      members: [{ accountId: judge.id, name: '赵评委' }],
      createdAt: '2026-11-10T00:00:00.000Z',
    },
    contest: {
      id: '0193b2c4-0000-7000-8000-00000000c001',
      title: { zh: '讲解大赛', en: 'Contest' },
      blindReview: true,
    },
    entries: [entry],
  },
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('a judge refused', () => {
  it('is told they are not on the panel', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: judge, setupRequired: false }),
      [`/api/judge/contest-panels/${PANEL}`]: () =>
        refusal('你不是这个评审组的成员 / you are not on this review panel'),
    })
    const { wrapper } = await mountApp(`/me/judging/${PANEL}`)
    const problem = await waitFor(wrapper, '[data-testid="judging-problem"]')
    expect(problem.text()).toBe('你不是这个评审组的成员，不能查看或评分')
  })

  it('is told a conflict of interest is recorded when scoring, and an entry no longer theirs says why', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: judge, setupRequired: false }),
      [`/api/judge/contest-panels/${PANEL}`]: () => json(200, panel),
      [`/api/judge/contest-panels/${PANEL}/entries/${ENTRY}/scores`]: () =>
        refusal(
          '已登记利益冲突，不能评这个项目 / a conflict of interest is recorded between you and this item (declared): you cannot score it',
        ),
    })
    const { wrapper } = await mountApp(`/me/judging/${PANEL}/entries/${ENTRY}`)
    const field = await waitFor(wrapper, '[data-testid="score-accuracy"] input')
    await field.setValue('8')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    const problem = await waitFor(wrapper, '[data-testid="judging-problem"]')
    expect(problem.text()).toBe('你与这件作品已登记利益冲突（回避），不能评分')

    const { wrapper: other } = await mountApp(`/me/judging/${PANEL}/entries/0193b2c4-0000-7000-8000-0000000000e9`)
    expect((await waitFor(other, '[data-testid="judging-not-assigned"]')).text()).toContain('不在你的评审任务里')
  })
})
