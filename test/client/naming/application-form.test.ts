import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Application, NamingCall } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const ID = '6f1c3a52-8d7e-4b7a-9a55-2d5a8f0c1e01'
const MEDIA = '0b6a7c1e-2f3d-4e5a-8b9c-0d1e2f3a4b5c'
const call: NamingCall = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  title: '2026 年国家自然资源科普基地申报',
  year: 2026,
  list: 'national',
  category: '科普场馆类',
  deadline: '2026-06-30T09:00:00.000Z',
  attachments: [{ id: 'licence', label: '法人证书', kinds: ['pdf', 'image'], maxMb: 20, required: true }],
  criteria: [{ id: 'venue', label: { zh: '场馆条件', en: 'Venue' }, weight: 1, maxScore: 10 }],
  tieBreakers: [],
  outlierPoints: 20,
  fixDays: 10,
  grades: ['优秀', '合格', '不合格'],
  createdAt: '2026-01-01T00:00:00.000Z',
}
const application = (over: Partial<Application> = {}): Application => ({
  id: ID,
  callId: call.id,
  accountId: 'a',
  status: 'draft',
  form: {},
  attachments: [],
  version: 1,
  submittedAt: null,
  returnReasons: [],
  fixUntil: null,
  baseId: null,
  updatedAt: '2026-03-01T02:00:00.000Z',
  ...over,
})
const complete: Application['form'] = {
  institution: {
    name: '湘江地学研究所',
    authority: '湖南省自然资源厅',
    contactName: '李老师',
    contactPhone: '0731-1234567',
  },
  place: {
    name: '湘江地学科普馆',
    baseCategory: 'geology_museum',
    province: '湖南省',
    city: '长沙市',
    address: '岳麓区 1 号',
    location: { lat: 28.2, lon: 112.9 },
    website: null,
  },
  conditions: {
    venueAreaM2: 1200,
    exhibits: 300,
    staff: 8,
    volunteers: 20,
    years: [{ year: 2025, visitors: 50000, activities: 40 }],
  },
  plans: '每年举办地学科普活动，开发研学课程。',
}

let server: Application = application()
let online = true
const offline = () => Promise.reject(new TypeError('Failed to fetch'))
beforeEach(async () => {
  localStorage.clear()
  await localDb.applicationDrafts.clear()
  server = application()
  online = true
  stubFetch({
    '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
    '/api/naming/calls': () => (online ? json(200, { calls: [call] }) : offline()),
    '/api/applicant/applications': () => (online ? json(200, { applications: [server] }) : offline()),
  })
})
afterEach(() => {
  document.body.innerHTML = ''
})

const input = (wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper'], testid: string) =>
  wrapper.get<HTMLInputElement>(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea`)

describe('the application form', () => {
  it('keeps what was typed on the phone and shows it after a reload with no signal', async () => {
    const first = await mountApp(`/me/applications/${ID}`)
    await waitFor(first.wrapper, '[data-testid="field-institution-name"]')
    await input(first.wrapper, 'field-institution-name').setValue('湘江地学研究所')
    await input(first.wrapper, 'field-plans').setValue('开发研学课程')
    // The phone keeps it after a short pause; the screen says when.
    await vi.waitFor(async () => expect((await localDb.applicationDrafts.get(ID))?.form).toBeDefined(), {
      timeout: 3000,
    })
    await vi.waitFor(
      async () =>
        expect(((await localDb.applicationDrafts.get(ID))?.form as { plans: string }).plans).toBe('开发研学课程'),
      { timeout: 3000 },
    )
    first.wrapper.unmount()

    online = false
    const again = await mountApp(`/me/applications/${ID}`)
    await waitFor(again.wrapper, '[data-testid="field-institution-name"]')
    expect(input(again.wrapper, 'field-institution-name').element.value).toBe('湘江地学研究所')
    expect(input(again.wrapper, 'field-plans').element.value).toBe('开发研学课程')
    expect(again.wrapper.get('[data-testid="application-offline"]').text()).toContain('没有网络')
    again.wrapper.unmount()

    // Back online, the server still has the empty draft: the phone's copy is the newer one, and says so.
    online = true
    const online2 = await mountApp(`/me/applications/${ID}`)
    await waitFor(online2.wrapper, '[data-testid="draft-source"]')
    expect(online2.wrapper.get('[data-testid="draft-source"]').text()).toContain('已恢复手机上的草稿')
    expect(input(online2.wrapper, 'field-institution-name').element.value).toBe('湘江地学研究所')
  })

  it('shows the server’s copy when it was saved elsewhere after the phone’s draft', async () => {
    const first = await mountApp(`/me/applications/${ID}`)
    await waitFor(first.wrapper, '[data-testid="field-institution-name"]')
    await input(first.wrapper, 'field-institution-name').setValue('手机上的名称')
    await vi.waitFor(
      async () =>
        expect(
          ((await localDb.applicationDrafts.get(ID))?.form as { institution: { name: string } }).institution.name,
        ).toBe('手机上的名称'),
      { timeout: 3000 },
    )
    first.wrapper.unmount()

    server = application({
      version: 2,
      form: { institution: { name: '电脑上的名称' } },
      updatedAt: new Date().toISOString(),
    })
    const again = await mountApp(`/me/applications/${ID}`)
    await waitFor(again.wrapper, '[data-testid="draft-source"]')
    expect(again.wrapper.get('[data-testid="draft-source"]').text()).toContain('服务器上的版本')
    expect(input(again.wrapper, 'field-institution-name').element.value).toBe('电脑上的名称')
    await again.wrapper.get('[data-testid="draft-switch"]').trigger('click')
    await settle()
    expect(input(again.wrapper, 'field-institution-name').element.value).toBe('手机上的名称')
  })

  it('names each missing field in Chinese before anything is sent', async () => {
    const { wrapper } = await mountApp(`/me/applications/${ID}`)
    await waitFor(wrapper, '[data-testid="application-submit"]')
    await wrapper.get('[data-testid="application-submit"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="fix-errors"]').text()).toBe('请先改正标出的内容')
    const institution = wrapper.get('[data-testid="field-institution-name"]').text()
    expect(institution).toContain('请填写此项')
    expect(wrapper.get('[data-testid="attachment-licence"]').text()).toContain('请填写此项')
    await input(wrapper, 'field-plans').setValue('太短')
    await wrapper.get('[data-testid="application-submit"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="field-plans"]').text()).toContain('至少 10 个字符')
  })

  it('shows the deadline in China time and the server’s own words when it refuses a late submission', async () => {
    server = application({
      form: complete,
      attachments: [{ slot: 'licence', mediaId: MEDIA, filename: '法人证书.pdf', kind: 'pdf', bytes: 1000 }],
    })
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/naming/calls': () => json(200, { calls: [call] }),
      '/api/applicant/applications': () => json(200, { applications: [server] }),
      [`/api/applicant/applications/${ID}`]: () => json(200, { application: { ...server, version: 2 } }),
      [`/api/applicant/applications/${ID}/submit`]: () =>
        json(409, {
          statusCode: 409,
          error: 'Conflict',
          message: '申报截止时间已过（2026-06-30 17:00 北京时间）/ the deadline has passed (2026-06-30T09:00:00.000Z)',
        }),
    })
    const { wrapper } = await mountApp(`/me/applications/${ID}`)
    await waitFor(wrapper, '[data-testid="application-submit"]')
    expect(wrapper.get('[data-testid="view-application"]').text()).toContain('截止时间：2026-06-30 17:00（北京时间）')
    expect(wrapper.get('[data-testid="attachment-licence"]').text()).toContain('法人证书.pdf')
    await wrapper.get('[data-testid="application-submit"]').trigger('click')
    await vi.waitFor(() => wrapper.get('[data-testid="application-refused"]'), { timeout: 3000 })
    expect(wrapper.get('[data-testid="application-refused"]').text()).toBe(
      '服务器：申报截止时间已过（2026-06-30 17:00 北京时间）',
    )
  })
})
