import { expect, test } from '@playwright/test'
import { fillSignIn } from './support/phone.ts'
import { adminApi, createStaff } from './support/seed.ts'

test.describe('accounts', () => {
  test('an admin creates a staff account and the staff member signs in on the phone', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const staff = { username: 'staff-hunan', password: 'staff-password-1', displayName: '湖南馆工作人员' }
    const admin = await adminApi(playwright, baseURL!)
    await createStaff(admin, baseURL!, staff, 'hunan-geo-museum')
    await admin.dispose()

    await page.goto('/me/login')
    await fillSignIn(page, { ...staff, password: 'wrong-password-1' })
    await expect(page.getByText(/用户名或密码错误/)).toBeVisible()

    await fillSignIn(page, staff)
    await expect(page.getByTestId('me-account')).toContainText('湖南馆工作人员')

    // The session survives a reload (server-side session, httpOnly cookie).
    await page.reload()
    await expect(page.getByTestId('me-account')).toContainText('湖南馆工作人员')
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'zk_session')
    expect(session?.httpOnly).toBe(true)
  })
})
