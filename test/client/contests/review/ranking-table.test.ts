import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account, RankedItem, ReviewNormalisation, ScoreSheet } from '../../../../src/shared/index.ts'
import { json, mountApp, waitFor } from '../../helpers/mount-app.ts'

/*
 * The admin's ranking of a panel: each judge's total per entry, and the normalisation toggle,
 * which asks the server for the z-score ranking and shows the order it gives.
 */

const admin: Account = {
  id: '0193b2c4-0000-7000-8000-0000000000ad',
  username: 'office',
  displayName: '项目办',
  role: 'admin',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
const CONTEST = '0193b2c4-0000-7000-8000-00000000c001'
const PANEL = '0193b2c4-0000-7000-8000-00000000a001'
const ROCKS = '0193b2c4-0000-7000-8000-0000000000e1'
const OCEAN = '0193b2c4-0000-7000-8000-0000000000e2'
const criteria = [{ id: 'accuracy', label: { zh: '科学准确', en: 'Accuracy' }, weight: 1, maxScore: 10 }]

const sheet = (name: string, total: number, outlier = false): ScoreSheet => ({
  reviewerAccountId: `judge-${name}`,
  reviewerName: name,
  status: 'submitted',
  scores: [{ criterion: 'accuracy', score: total / 10, comment: '' }],
  total,
  submittedAt: '2026-11-20T02:00:00.000Z',
  outlier,
})
const item = (id: string, rank: number, mean: number, normalised: number | null, sheets: ScoreSheet[]): RankedItem => ({
  itemKind: 'contest-entry',
  itemId: id,
  rank,
  complete: true,
  assigned: 2,
  submitted: 2,
  mean,
  median: mean,
  normalised,
  score: normalised ?? mean,
  tie: null,
  sheets,
  conflicts: [],
})

/** A lenient judge (王) and a strict one (李): the raw means and the z-scores put the entries in opposite order. */
function ranking(normalisation: ReviewNormalisation) {
  const z = normalisation === 'z-score'
  const items = z
    ? [
        item(OCEAN, 1, 77.5, 80, [sheet('王评委', 90), sheet('李评委', 65)]),
        item(ROCKS, 2, 78, 75, [sheet('王评委', 96, true), sheet('李评委', 60)]),
      ]
    : [
        item(ROCKS, 1, 78, null, [sheet('王评委', 96, true), sheet('李评委', 60)]),
        item(OCEAN, 2, 77.5, null, [sheet('王评委', 90), sheet('李评委', 65)]),
      ]
  return {
    ranking: {
      panel: {
        id: PANEL,
        subjectKind: 'contest',
        subjectId: CONTEST,
        stage: 'preliminary',
        round: 1,
        status: 'open',
        settings: { criteria, tieBreakers: [{ by: 'median' }], outlierPoints: 20 },
        members: [
          { accountId: 'judge-王评委', name: '王评委' },
          { accountId: 'judge-李评委', name: '李评委' },
        ],
        createdAt: '2026-11-10T00:00:00.000Z',
      },
      normalisation,
      items,
      reviewers: [
        { accountId: 'judge-王评委', name: '王评委', submitted: 2, assigned: 2, mean: 93, sd: 3, outliers: 1 },
        { accountId: 'judge-李评委', name: '李评委', submitted: 2, assigned: 2, mean: 62.5, sd: 2.5, outliers: 0 },
      ],
      tieRules: { zh: '总分相同时，评委总分中位数高者在前；仍相同则并列。', en: 'Ties: higher median; else shared.' },
      entries: {
        [ROCKS]: { title: '岩石的故事', entrantNames: ['张小明'], organisationName: '某某中学' },
        [OCEAN]: { title: '海洋的呼吸', entrantNames: ['李小红'], organisationName: '中国地质博物馆' },
      },
    },
  }
}

let asked: string[] = []
beforeEach(() => {
  asked = []
  globalThis.fetch = (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://app')
    if (url.pathname === '/api/auth/session')
      return Promise.resolve(json(200, { account: admin, setupRequired: false }))
    if (url.pathname === `/api/admin/contest-panels/${PANEL}/ranking`) {
      const mode = (url.searchParams.get('normalise') ?? 'none') as ReviewNormalisation
      asked.push(mode)
      return Promise.resolve(json(200, ranking(mode)))
    }
    return Promise.reject(new Error(`unexpected fetch ${url.pathname}`))
  }
})
afterEach(() => {
  document.body.innerHTML = ''
})

const order = (root: Element) =>
  [...root.querySelectorAll('[data-testid^="ranking-item-"]')].map(
    (li) =>
      `${li.querySelector('[data-testid="ranking-rank"]')!.textContent.trim()} ${li.querySelector('.ranking__title')!.textContent.trim()}`,
  )

describe('the ranking table', () => {
  it('shows every judge’s total per entry, the outlier marked, and the tie rule in words', async () => {
    const { wrapper } = await mountApp(`/me/admin/contests/${CONTEST}/panels/${PANEL}`)
    const table = await waitFor(wrapper, '[data-testid="ranking"]')
    expect(order(table.element)).toEqual(['1 岩石的故事', '2 海洋的呼吸'])
    const rocks = table.get(`[data-testid="ranking-item-${ROCKS}"]`)
    expect(rocks.findAll('[data-testid="ranking-sheet"]').map((s) => s.text())).toEqual([
      '王评委 96.0 · 偏离中位数',
      '李评委 60.0',
    ])
    expect(rocks.get('[data-testid="ranking-score"]').text()).toBe('78.0')
    expect(table.get('[data-testid="ranking-ties"]').text()).toBe(
      '同分规则：总分相同时，评委总分中位数高者在前；仍相同则并列。',
    )
    expect(table.get('[data-testid="normalise-none"]').attributes('aria-checked')).toBe('true')
  })

  it('re-ranks with z-scores when the admin switches the normalisation, and back', async () => {
    const { wrapper } = await mountApp(`/me/admin/contests/${CONTEST}/panels/${PANEL}`)
    const table = await waitFor(wrapper, '[data-testid="ranking"]')
    await table.get('[data-testid="normalise-z-score"]').trigger('click')
    await vi.waitFor(() => expect(order(wrapper.element)).toEqual(['1 海洋的呼吸', '2 岩石的故事']))
    expect(wrapper.get('[data-testid="normalise-z-score"]').attributes('aria-checked')).toBe('true')
    expect(wrapper.get(`[data-testid="ranking-item-${OCEAN}"]`).text()).toContain('标准化 80.0')
    expect(wrapper.text()).toContain('先把每位评委的打分换算到同一尺度')

    await wrapper.get('[data-testid="normalise-none"]').trigger('click')
    await vi.waitFor(() => expect(order(wrapper.element)).toEqual(['1 岩石的故事', '2 海洋的呼吸']))
    expect(asked).toEqual(['none', 'z-score', 'none'])
  })
})
