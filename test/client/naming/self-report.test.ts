import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account, SelfReport } from '../../../src/shared/index.ts'
import { json, mountApp, waitFor } from '../helpers/mount-app.ts'

/*
 * A base's self-report (/me/evaluation): what the app knows is shown filled in, the staff add
 * what it does not know, a bad number is refused before anything is sent, and a submitted report
 * is final.
 */

const staff: Account = {
  id: '0193b2c4-0000-7000-8000-0000000000b1',
  username: 'xiangjiang-staff',
  displayName: '湘江科普馆',
  role: 'base_staff',
  status: 'active',
  baseId: 'xiangjiang-geo',
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
const base = (over: Partial<SelfReport> = {}): SelfReport => ({
  id: '0193b2c4-0000-7000-8000-00000000d001',
  evaluationId: '0193b2c4-0000-7000-8000-00000000e001',
  year: 2026,
  baseId: 'xiangjiang-geo',
  status: 'draft',
  prefill: {
    from: '2026-01-01',
    to: '2026-12-31',
    visitors: 12840,
    byAudience: { 学生: 8000, 公众: 4840 },
    activities: 36,
    byType: { 讲座: { count: 12, participants: 1500 } },
    themeDayEvents: 4,
    squadronVisits: 210,
    satisfaction: { mean: 4.6, count: 87 },
    profileCompleteness: 0.75,
  },
  extra: { summary: '' },
  grade: null,
  submittedAt: null,
  ...over,
})

let report: SelfReport
let sent: unknown[]
let open: boolean
beforeEach(() => {
  report = base()
  sent = []
  open = true
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://app',
    ).pathname
    if (path === '/api/auth/session') return Promise.resolve(json(200, { account: staff, setupRequired: false }))
    if (path === '/api/staff/bases/xiangjiang-geo/evaluation') {
      if (!open) return Promise.resolve(json(404, { message: '目前没有开放的年度评估 / no evaluation is open' }))
      if (init?.method === 'PUT') {
        const body = JSON.parse(init.body as string) as { submit: boolean; summary: string }
        sent.push(body)
        const { submit, ...extra } = body
        report = base({
          extra,
          status: submit ? 'submitted' : 'draft',
          submittedAt: submit ? '2026-12-01T02:00:00.000Z' : null,
        })
      }
      return Promise.resolve(json(200, { report }))
    }
    return Promise.reject(new Error(`unexpected fetch ${path}`))
  }
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('the self-report', () => {
  it('shows what the app knows, filled in', async () => {
    const { wrapper } = await mountApp('/me/evaluation')
    const known = await waitFor(wrapper, '[data-testid="evaluation-prefill"]')
    expect(known.get('[data-testid="prefill-visitors"]').text()).toContain('12840 人次')
    expect(known.text()).toContain('学生')
    expect(known.text()).toContain('4.6 分（87 条评价）')
    expect(known.get('[data-testid="prefill-completeness"]').text()).toContain('75%')
  })

  it('refuses a negative number, then submits what the base adds, and is final', async () => {
    const { wrapper } = await mountApp('/me/evaluation')
    await waitFor(wrapper, '[data-testid="self-report-summary"]')
    await wrapper.get('[data-testid="self-report-summary"] textarea').setValue('全年开展科普活动三十六场。')
    await wrapper.get('[data-testid="self-report-staff"] input').setValue('20')
    await wrapper.get('[data-testid="self-report-funding"] input').setValue('-5')
    await wrapper.get('[data-testid="self-report-submit"]').trigger('click')
    await waitFor(wrapper, '[data-testid="self-report-funding"] .van-field__error-message')
    expect(wrapper.get('[data-testid="self-report-funding"]').text()).toContain('请填写不小于 0 的数字')
    expect(sent).toEqual([])

    await wrapper.get('[data-testid="self-report-funding"] input').setValue('')
    await wrapper.get('[data-testid="self-report-submit"]').trigger('click')
    await waitFor(wrapper, '[data-testid="self-report-message"]')
    expect(sent).toEqual([{ summary: '全年开展科普活动三十六场。', staff: 20, submit: true }])
    expect(wrapper.get('[data-testid="self-report-submitted"]').text()).toContain('2026-12-01')
    expect(wrapper.find('[data-testid="self-report-submit"]').exists()).toBe(false)
  })

  it('says so when no evaluation is open', async () => {
    open = false
    const { wrapper } = await mountApp('/me/evaluation')
    await waitFor(wrapper, '.app-empty')
    expect(wrapper.text()).toContain('目前没有开放的年度评估')
  })
})
