import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Account } from '../../../src/shared/index.ts'
import { json, mountApp, settle, waitFor } from '../helpers/mount-app.ts'

const admin: Account = {
  id: '0193b2c4-0000-7000-8000-00000000000a',
  username: 'admin',
  displayName: '管理员',
  role: 'admin',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-11-01T00:00:00.000Z',
}
const staff: Account = {
  id: '0193b2c4-0000-7000-8000-000000000002',
  username: 'staff-xixi',
  displayName: '西溪工作人员',
  role: 'base_staff',
  status: 'active',
  baseId: 'xixi-wetland',
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
}
const school: Account = {
  id: '0193b2c4-0000-7000-8000-000000000003',
  username: 'teacher-li',
  displayName: '李老师',
  role: 'school',
  status: 'pending',
  baseId: null,
  school: { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: '0731-1234567' },
  createdAt: '2026-11-26T00:00:00.000Z',
}

/** Every request the screens made, as "METHOD /path?query" with its JSON body. */
let calls: { line: string; body: unknown }[] = []
let accounts: Account[] = []

function stubAdminApi(): void {
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    )
    const method = init?.method ?? 'GET'
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ line: `${method} ${url.pathname}${url.search}`, body })
    if (url.pathname === '/api/auth/session')
      return Promise.resolve(json(200, { account: admin, setupRequired: false }))
    if (url.pathname === '/api/sync/pull') return Promise.resolve(json(200, { records: [], cursor: 0, more: false }))
    if (url.pathname === '/api/admin/accounts' && method === 'GET') {
      const q = url.searchParams.get('q') ?? ''
      const status = url.searchParams.get('status')
      return Promise.resolve(
        json(200, {
          accounts: accounts.filter(
            (a) => (!status || a.status === status) && (!q || a.username.includes(q) || a.displayName.includes(q)),
          ),
        }),
      )
    }
    const action = /^\/api\/admin\/accounts\/([^/]+)\/(\w+)$/.exec(url.pathname)
    if (action && method === 'POST') {
      const [, id, verb] = action
      const found = accounts.find((a) => a.id === id)!
      const reason = (body as { reason?: string } | undefined)?.reason ?? null
      const next: Account =
        verb === 'disable'
          ? { ...found, status: 'disabled', statusReason: reason }
          : verb === 'enable'
            ? { ...found, status: 'active', statusReason: null }
            : verb === 'approve'
              ? { ...found, status: 'active' }
              : verb === 'reject'
                ? { ...found, status: 'rejected', statusReason: reason }
                : found
      accounts = accounts.map((a) => (a.id === id ? next : a))
      return Promise.resolve(
        json(200, verb === 'password' ? { account: next, temporaryPassword: 'Tmp-7hQ2-x9Lk-Wp4z' } : { account: next }),
      )
    }
    return Promise.reject(new Error(`unexpected fetch ${method} ${url.pathname}`))
  }
}

beforeEach(() => {
  localStorage.clear()
  calls = []
  accounts = [admin, staff, school]
  stubAdminApi()
})
afterEach(() => {
  document.body.innerHTML = ''
})

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await settle()
  expect(check()).toBe(true)
}

describe('admin accounts', () => {
  it('lists staff and school accounts, and asks the server again for a search and a status filter', async () => {
    const { wrapper } = await mountApp('/me/admin/accounts')
    const list = await waitFor(wrapper, '[data-testid="accounts-list"]')
    expect(list.text()).toContain('西溪工作人员')
    expect(list.text()).toContain('李老师（长沙市实验小学）')
    expect(list.text()).toContain('待审核')

    await wrapper.get('[data-testid="accounts-status"]').setValue('pending')
    await until(() => calls.some((c) => c.line === 'GET /api/admin/accounts?status=pending'))
    await until(() => !wrapper.get('[data-testid="accounts-list"]').text().includes('西溪工作人员'))

    await wrapper.get('[data-testid="accounts-status"]').setValue(null)
    await wrapper.get('[data-testid="accounts-search"] input').setValue('xixi')
    await until(() => calls.some((c) => c.line === 'GET /api/admin/accounts?q=xixi'))
    await until(() => wrapper.get('[data-testid="accounts-list"]').text().includes('西溪工作人员'))
  })

  it("says in an alert, in the admin's language, why the accounts could not be loaded", async () => {
    const served = globalThis.fetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      (input instanceof Request ? input.url : input.toString()).includes('/api/admin/accounts')
        ? Promise.resolve(
            json(503, {
              statusCode: 503,
              error: 'Service Unavailable',
              message: '数据库暂不可用 / database unavailable',
            }),
          )
        : served(input, init)
    const { wrapper } = await mountApp('/me/admin/accounts')
    expect((await waitFor(wrapper, '[role="alert"]')).text()).toBe('数据库暂不可用')
  })

  it('disables an account only with a reason, said under the field once, and shows the new status', async () => {
    const { wrapper } = await mountApp(`/me/admin/accounts/${staff.id}`)
    await (await waitFor(wrapper, '[data-testid="account-disable"]')).trigger('click')
    await settle()
    await wrapper.get('[data-testid="disable-sheet-confirm"]').trigger('click')
    await settle()
    const sheet = wrapper.get('[data-testid="disable-sheet"]')
    expect(sheet.findAll('.van-field__error-message').map((e) => e.text())).toEqual(['请写明原因（至少 2 个字）'])
    expect(calls.some((c) => c.line.endsWith('/disable'))).toBe(false)

    await sheet.get('textarea').setValue('人员已离职')
    await wrapper.get('[data-testid="disable-sheet-confirm"]').trigger('click')
    await until(() => wrapper.find('[data-testid="account-status"]').text() === '已停用')
    expect(calls.find((c) => c.line.endsWith('/disable'))?.body).toEqual({ reason: '人员已离职' })
    expect(wrapper.get('[data-testid="account-reason"]').text()).toContain('人员已离职')
    expect(wrapper.find('[data-testid="account-enable"]').exists()).toBe(true)
  })

  it('shows a reset password once, with a copy button, and forgets it when closed', async () => {
    const { wrapper } = await mountApp(`/me/admin/accounts/${staff.id}`)
    await (await waitFor(wrapper, '[data-testid="account-reset"]')).trigger('click')
    await settle()
    await wrapper.get('[data-testid="reset-sheet-confirm"]').trigger('click')
    const shown = await waitFor(wrapper, '[data-testid="temporary-password"]')
    expect(shown.text()).toBe('Tmp-7hQ2-x9Lk-Wp4z')
    expect(wrapper.get('[data-testid="temporary-password-sheet"]').text()).toContain('只显示这一次')
    expect(wrapper.find('[data-testid="temporary-password-copy"]').exists()).toBe(true)
    await wrapper.get('[data-testid="temporary-password-done"]').trigger('click')
    await settle()
    expect(document.body.textContent).not.toContain('Tmp-7hQ2-x9Lk-Wp4z')
  })

  it('approves or rejects a school from the admin page; a new staff form says what is wrong in Chinese, under each field', async () => {
    const { wrapper } = await mountApp('/me/admin')
    await (await waitFor(wrapper, '[data-testid="reject-teacher-li"]')).trigger('click')
    await settle()
    await wrapper.get('[data-testid="reject-sheet"] textarea').setValue('学校信息无法核实')
    await wrapper.get('[data-testid="reject-sheet-confirm"]').trigger('click')
    await until(() => calls.some((c) => c.line === `POST /api/admin/accounts/${school.id}/reject`))
    expect(calls.find((c) => c.line.endsWith('/reject'))?.body).toEqual({ reason: '学校信息无法核实' })

    await wrapper.get('[data-testid="create-staff"]').trigger('submit')
    await settle()
    const messages = wrapper
      .get('[data-testid="create-staff"]')
      .findAll('.van-field__error-message')
      .map((e) => e.text())
    expect(messages).toEqual([
      '请填写此项',
      '3–40 位小写字母、数字、点、连字符或下划线',
      '至少 10 个字符',
      '请选择此工作人员所在的基地',
    ])
    expect(calls.some((c) => c.line === 'POST /api/admin/accounts')).toBe(false)
  })
})
