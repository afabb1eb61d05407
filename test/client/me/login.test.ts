import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const staff = {
  id: '0193b2c4-0000-7000-8000-000000000001',
  username: 'staff-hunan',
  displayName: '湖南馆工作人员',
  role: 'base_staff',
  status: 'active',
  baseId: 'hunan-geo-museum',
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
}

async function submitLogin(username: string, password: string) {
  const { wrapper, router } = await mountApp('/me/login')
  await wrapper.get('input[name="username"]').setValue(username)
  await wrapper.get('input[name="password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
  await settle()
  return { wrapper, router }
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  document.body.innerHTML = ''
})

describe('signing in', () => {
  it('labels the fields 用户名 and 密码 for screen readers and password managers', async () => {
    stubFetch({})
    const { wrapper } = await mountApp('/me/login')
    const labels = wrapper.findAll('label').map((l) => [l.text(), l.attributes('for')])
    expect(labels.map(([text]) => text)).toEqual(['用户名', '密码'])
    for (const [, id] of labels) expect(document.getElementById(id!)).not.toBeNull()
    expect(wrapper.get('input[name="password"]').attributes('autocomplete')).toBe('current-password')
  })

  it('says 用户名或密码错误 for a wrong password, and keeps what was typed', async () => {
    stubFetch({
      '/api/auth/login': () =>
        json(401, { statusCode: 401, error: 'Unauthorized', message: '用户名或密码错误 / wrong username or password' }),
    })
    const { wrapper } = await submitLogin('staff-hunan', 'not-the-password')
    // The error's schema loads with the first failed request: wait for the message, do not race it.
    expect((await waitFor(wrapper, '[data-testid="login-error"]')).text()).toBe('用户名或密码错误')
    expect((wrapper.get('input[name="username"]').element as HTMLInputElement).value).toBe('staff-hunan')
  })

  it('tells a throttled user how long to wait', async () => {
    stubFetch({
      '/api/auth/login': () =>
        json(429, { statusCode: 429, error: 'Too Many Requests', message: 'too many' }, { 'retry-after': '600' }),
    })
    const { wrapper } = await submitLogin('staff-hunan', 'again-and-again')
    expect((await waitFor(wrapper, '[data-testid="login-error"]')).text()).toBe('尝试次数过多，请 10 分钟后再试')
  })

  it('says it is offline rather than showing a technical error', async () => {
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const { wrapper } = await submitLogin('staff-hunan', 'staff-password-1')
    expect((await waitFor(wrapper, '[data-testid="login-error"]')).text()).toBe('当前离线，无法登录')
  })

  it('opens 我的 with the account and its base after a successful sign-in', async () => {
    let signedIn = false
    stubFetch({
      '/api/auth/login': () => {
        signedIn = true
        return json(200, { account: staff })
      },
      '/api/auth/session': () => json(200, { account: signedIn ? staff : null, setupRequired: false }),
    })
    const { wrapper, router } = await submitLogin('Staff-Hunan ', 'staff-password-1')
    await waitFor(wrapper, '[data-testid="me-account"]')
    expect(router.currentRoute.value.path).toBe('/me')
    expect(wrapper.get('[data-testid="me-account"]').text()).toContain('湖南馆工作人员')
    // The base's name comes from the content shipped with the app.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="me-account"]').text()).toContain('湖南省地质博物馆'))
  })

  it('stays signed in when a session check sent before signing in answers after it', async () => {
    let answerOldCheck: (r: Response) => void = () => undefined
    let checks = 0
    stubFetch({
      '/api/auth/login': () => json(200, { account: staff }),
      // The first check (from the sign-in screen, with no cookie yet) is slow; later ones see the new session.
      '/api/auth/session': () =>
        ++checks === 1
          ? new Promise<Response>((resolve) => {
              answerOldCheck = resolve
            })
          : json(200, { account: staff, setupRequired: false }),
    })
    const { useSessionStore } = await import('../../../src/client/app/session-store.ts')
    const { wrapper } = await submitLogin('staff-hunan', 'staff-password-1')
    const session = useSessionStore()
    const oldCheck = session.refresh()
    await session.login({ username: 'staff-hunan', password: 'staff-password-1' })
    answerOldCheck(json(200, { account: null, setupRequired: false }))
    await oldCheck
    await settle()
    expect(session.account?.username).toBe('staff-hunan')
    expect(session.state).toBe('signed-in')
    await waitFor(wrapper, '[data-testid="me-account"]')
  })

  it('keeps the button named 登录 while the sign-in is being sent (a screen reader still hears it)', async () => {
    stubFetch({ '/api/auth/login': () => new Promise<Response>(() => undefined) })
    const { wrapper } = await submitLogin('staff-hunan', 'staff-password-1')
    const button = wrapper.get('button[type="submit"]')
    expect(button.classes()).toContain('van-button--loading')
    expect(button.text()).toContain('登录')
  })
})
