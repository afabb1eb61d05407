import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Application, NamingCall } from '../../../src/shared/index.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const CALL = 'c0ffee00-0000-4000-8000-000000000002'
const APP = '6f1c3a52-8d7e-4b7a-9a55-2d5a8f0c1e02'
const call: NamingCall = {
  id: CALL,
  title: '2026 年科普场馆类申报',
  year: 2026,
  list: 'ministry',
  category: '科普场馆类',
  deadline: '2026-06-30T09:00:00.000Z',
  attachments: [],
  criteria: [{ id: 'venue', label: { zh: '场馆条件', en: 'Venue' }, weight: 1, maxScore: 10 }],
  tieBreakers: [],
  outlierPoints: 20,
  fixDays: 10,
  grades: ['优秀', '合格', '不合格'],
  createdAt: '2026-01-01T00:00:00.000Z',
}
const submitted: Application = {
  id: APP,
  callId: CALL,
  accountId: 'a',
  status: 'submitted',
  form: { institution: { name: '湘江地学研究所' }, place: { name: '湘江地学科普馆', province: '湖南省' } },
  attachments: [],
  version: 2,
  submittedAt: '2026-03-01T02:00:00.000Z',
  returnReasons: [],
  fixUntil: null,
  baseId: null,
  updatedAt: '2026-03-01T02:00:00.000Z',
}

const sent: { path: string; body: unknown }[] = []
const admin = { id: 'admin-1', username: 'admin', displayName: '管理员', role: 'admin', status: 'active' }
beforeEach(() => {
  sent.length = 0
  localStorage.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

function serve(application: Application, answer: (body: unknown) => Application): void {
  stubFetch({
    '/api/auth/session': () => json(200, { account: admin, setupRequired: false }),
    '/api/naming/calls': () => json(200, { calls: [call] }),
    [`/api/admin/naming/calls/${CALL}/applications`]: () => json(200, { applications: [application] }),
    [`/api/admin/naming/applications/${APP}/check`]: (init) => {
      const body = JSON.parse(init?.body as string) as unknown
      sent.push({ path: 'check', body })
      return json(200, { application: answer(body) })
    },
    '/api/admin/naming/batches': (init) => {
      const body = JSON.parse(init?.body as string) as unknown
      sent.push({ path: 'batch', body })
      return json(201, {
        batch: {
          id: 'b1',
          title: '第二批自然资源部科普基地',
          year: 2026,
          list: 'ministry',
          publishedAt: '2026-07-01T00:00:00.000Z',
          bases: [
            {
              id: 'xiangjiang',
              name: '湘江地学科普馆',
              province: '湖南省',
              category: 'geology_museum',
              callCategory: '科普场馆类',
              renamed: false,
            },
          ],
        },
      })
    },
  })
}

describe('the formal check of a call', () => {
  it('returns an application with one reason a line, which the applicant will read', async () => {
    serve(submitted, () => ({
      ...submitted,
      status: 'returned',
      returnReasons: ['缺少法人证书', '近三年接待人次没有证明'],
      fixUntil: '2026-03-11T02:00:00.000Z',
    }))
    const { wrapper } = await mountApp(`/me/admin/naming/calls/${CALL}`)
    await waitFor(wrapper, '[data-testid="naming-return"]')
    expect(wrapper.text()).toContain('待形式审查')
    await wrapper.get('[data-testid="naming-return"]').trigger('click')
    await settle()
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="naming-return-sheet-reason"] textarea')!
    // Nothing typed: the sheet says why it cannot send, in Chinese.
    document.querySelector<HTMLButtonElement>('[data-testid="naming-return-sheet-confirm"]')!.click()
    await settle()
    expect(document.body.textContent).toContain('请写明退回的原因')
    expect(sent).toEqual([])
    reason.value = '缺少法人证书\n近三年接待人次没有证明'
    reason.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="naming-return-sheet-confirm"]')!.click()
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]!.body).toEqual({ decision: 'return', reasons: ['缺少法人证书', '近三年接待人次没有证明'] })
    await settle()
    expect(wrapper.get('[data-testid="naming-call-message"]').text()).toBe('已退回：湘江地学科普馆')
    expect(wrapper.text()).toContain('缺少法人证书')
  })

  it('names a batch of the accepted applications', async () => {
    const accepted = { ...submitted, status: 'accepted' as const }
    serve(accepted, () => accepted)
    const { wrapper } = await mountApp(`/me/admin/naming/calls/${CALL}`)
    await waitFor(wrapper, '[data-testid="naming-pick"]')
    expect(wrapper.get('[data-testid="export-csv"]').attributes('href')).toBe(
      `/api/admin/naming/calls/${CALL}/applications/export?format=csv`,
    )
    await wrapper.get('[data-testid="naming-pick"]').setValue(true)
    await wrapper.get('[data-testid="batch-title"] input').setValue('第二批自然资源部科普基地')
    await wrapper.get('[data-testid="batch-publish"]').trigger('click')
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]!.body).toEqual({
      title: '第二批自然资源部科普基地',
      year: 2026,
      list: 'ministry',
      applicationIds: [APP],
    })
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid="naming-call-message"]').text()).toBe(
        '已发布：第二批自然资源部科普基地，共 1 个基地',
      ),
    )
  })
})

describe('a returned application', () => {
  it('shows the reasons and the date to fix it by, in China time', async () => {
    const returned: Application = {
      ...submitted,
      status: 'returned',
      returnReasons: ['缺少法人证书'],
      fixUntil: '2026-03-11T09:00:00.000Z',
    }
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/naming/calls': () => json(200, { calls: [call] }),
      '/api/applicant/applications': () => json(200, { applications: [returned] }),
    })
    const { wrapper } = await mountApp(`/me/applications/${APP}`)
    await waitFor(wrapper, '[data-testid="application-returned"]')
    const notice = wrapper.get('[data-testid="application-returned"]').text()
    expect(notice).toContain('缺少法人证书')
    expect(notice).toContain('请在 2026-03-11 17:00（北京时间）前补正后重新提交')
  })
})
