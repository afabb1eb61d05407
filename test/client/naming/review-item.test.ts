import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account, ScoreSheet } from '../../../src/shared/index.ts'
import { json, mountApp, waitFor } from '../helpers/mount-app.ts'

/*
 * A reviewer scoring an application (/me/review/:panelId/items/:itemId): the score range is
 * enforced with a message before anything is sent, a complete sheet is handed in, the other
 * reviewers' scores stay hidden until every reviewer has submitted, and a declared conflict is
 * recorded and ends the scoring.
 */

const expert: Account = {
  id: '0193b2c4-0000-7000-8000-0000000000e1',
  username: 'reviewer-wang',
  displayName: '王评审',
  role: 'expert',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
const PANEL = '0193b2c4-0000-7000-8000-00000000a001'
const ITEM = '0193b2c4-0000-7000-8000-00000000b001'
const criteria = [
  { id: 'conditions', label: { zh: '科普条件', en: 'Conditions' }, weight: 60, maxScore: 10 },
  { id: 'plans', label: { zh: '工作计划', en: 'Plans' }, weight: 40, maxScore: 5 },
]
const mine = (status: ScoreSheet['status'], scores: ScoreSheet['scores'] = []): ScoreSheet => ({
  reviewerAccountId: expert.id,
  reviewerName: expert.displayName,
  status,
  scores,
  total: null,
  submittedAt: null,
  outlier: false,
})

let sheet: ScoreSheet
let others: ScoreSheet[] | null
let conflicted: boolean
let sent: unknown[]
function panel() {
  return {
    panel: {
      id: PANEL,
      subjectKind: 'naming-call',
      subjectId: '0193b2c4-0000-7000-8000-00000000c001',
      stage: 'review',
      round: 1,
      status: 'open',
      settings: { criteria, tieBreakers: [], outlierPoints: 20 },
      members: [{ accountId: expert.id, name: expert.displayName }],
      createdAt: '2026-11-10T00:00:00.000Z',
    },
    items: conflicted
      ? []
      : [
          {
            id: ITEM,
            title: '湘江地学科普馆',
            detail: {
              form: {
                institution: { name: '湘江地学科普中心', authority: '某省自然资源厅' },
                place: { name: '湘江地学科普馆', province: '湖南省', address: '湖南省某路 1 号' },
                plans: '每年举办地球日主题活动。',
              },
              attachments: [],
            },
            complete: false,
            assigned: 2,
            submitted: others ? 2 : sheet.status === 'submitted' ? 1 : 0,
            mine: sheet,
            others,
          },
        ],
  }
}

beforeEach(() => {
  sheet = mine('assigned')
  others = null
  conflicted = false
  sent = []
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://app',
    ).pathname
    if (path === '/api/auth/session') return Promise.resolve(json(200, { account: expert, setupRequired: false }))
    if (path === `/api/review/naming-panels/${PANEL}`) return Promise.resolve(json(200, panel()))
    if (path === `/api/review/naming-panels/${PANEL}/items/${ITEM}/scores`) {
      const body = JSON.parse(init?.body as string) as { scores: ScoreSheet['scores']; submit: boolean }
      sent.push(body)
      sheet = { ...mine(body.submit ? 'submitted' : 'draft', body.scores), total: 76 }
      return Promise.resolve(json(200, { sheet }))
    }
    if (path === `/api/review/naming-panels/${PANEL}/items/${ITEM}/conflict`) {
      sent.push(JSON.parse(init?.body as string))
      conflicted = true
      return Promise.resolve(
        json(201, {
          conflict: {
            reviewerAccountId: expert.id,
            reviewerName: expert.displayName,
            itemKind: 'base-application',
            itemId: ITEM,
            reason: 'declared',
            note: '曾在该馆兼职',
            recordedAt: '2026-11-12T00:00:00.000Z',
          },
        }),
      )
    }
    return Promise.reject(new Error(`unexpected fetch ${path}`))
  }
})
afterEach(() => {
  document.body.innerHTML = ''
})

const itemPath = `/me/review/${PANEL}/items/${ITEM}`

describe('a reviewer’s score sheet', () => {
  it('shows the application, each criterion with its weight, and refuses a score out of range', async () => {
    const { wrapper } = await mountApp(itemPath)
    await waitFor(wrapper, '[data-testid="score-sheet"]')
    expect(wrapper.get('[data-testid="review-item-detail"]').text()).toContain('湘江地学科普中心')
    expect(wrapper.get('[data-testid="score-conditions"]').text()).toContain('权重 60 · 满分 10')
    await wrapper.get('[data-testid="score-conditions"] input').setValue('8')
    await wrapper.get('[data-testid="score-plans"] input').setValue('7')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="score-plans"]').text()).toContain('0–5 分'))
    expect(sent).toEqual([])
  })

  it('hands in a complete sheet with a comment per criterion, the others’ scores hidden until all submitted', async () => {
    const { wrapper } = await mountApp(itemPath)
    await waitFor(wrapper, '[data-testid="score-sheet"]')
    expect(wrapper.get('[data-testid="review-others-hidden"]').text()).toContain('已提交 0/2')
    await wrapper.get('[data-testid="score-conditions"] input').setValue('8')
    await wrapper.get('[data-testid="comment-conditions"] textarea').setValue('场馆条件好')
    await wrapper.get('[data-testid="score-plans"] input').setValue('4')
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('加权总分 80.0 / 100')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    await waitFor(wrapper, '[data-testid="review-message"]')
    expect(sent).toEqual([
      {
        scores: [
          { criterion: 'conditions', score: 8, comment: '场馆条件好' },
          { criterion: 'plans', score: 4, comment: '' },
        ],
        submit: true,
      },
    ])
    expect(wrapper.get('[data-testid="review-others-hidden"]').text()).toContain('已提交 1/2')
  })

  it('records a declared conflict and no longer offers the sheet', async () => {
    const { wrapper } = await mountApp(itemPath)
    await waitFor(wrapper, '[data-testid="score-sheet"]')
    await wrapper.get('[data-testid="review-conflict"]').trigger('click')
    const note = await waitFor(wrapper, '[data-testid="review-conflict-note"] textarea')
    await note.setValue('曾在该馆兼职')
    await wrapper.get('[data-testid="review-conflict-confirm"]').trigger('click')
    await waitFor(wrapper, '[data-testid="review-declared"]')
    expect(wrapper.get('[data-testid="review-declared"]').text()).toContain('已登记回避并记录在案')
    expect(wrapper.find('[data-testid="score-sheet"]').exists()).toBe(false)
    expect(sent).toEqual([{ note: '曾在该馆兼职' }])
  })
})
