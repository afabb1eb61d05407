import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from '../../playwright.config.ts'
import { originHeaders, signInApi } from './support/app.ts'

test.describe('accounts', () => {
  test('an admin creates a staff account and the staff member signs in on the phone', async ({ page, playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL })
    await signInApi(admin, baseURL!, E2E_ADMIN.username, E2E_ADMIN.password)
    const created = await admin.post('/api/admin/accounts', {
      headers: originHeaders(baseURL!),
      data: { username: 'staff-hunan', password: 'staff-password-1', displayName: '湖南馆工作人员', baseId: 'hunan-geo-museum' },
    })
    expect(created.status(), await created.text()).toBe(201)
    await admin.dispose()

    await page.goto('/me/login')
    await page.getByLabel('用户名').fill('staff-hunan')
    await page.getByLabel('密码').fill('wrong-password-1')
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page.getByText(/用户名或密码错误/)).toBeVisible()

    await page.getByLabel('密码').fill('staff-password-1')
    await page.getByRole('button', { name: '登录' }).click()
    await expect(page.getByTestId('me-account')).toContainText('湖南馆工作人员')

    // The session survives a reload (server-side session, httpOnly cookie).
    await page.reload()
    await expect(page.getByTestId('me-account')).toContainText('湖南馆工作人员')
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'zk_session')
    expect(session?.httpOnly).toBe(true)
  })
})
