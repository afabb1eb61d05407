import { expect, test, type Page } from '@playwright/test'
import { originHeaders, signInApi } from './support/app.ts'
import { signIn } from './support/phone.ts'
import { ADMIN, adminApi, apiSignedIn, createStaff } from './support/seed.ts'

/*
 * Issue 19, the admin's journeys (items 15–18 and forms alike everywhere): each walked as an admin
 * does it, on a phone (Pixel 7 from playwright.config.ts), in Chinese, by tapping.
 */

test('15: the setup link works under /me/setup as under /setup, token kept in the fragment', async ({ page }) => {
  await page.goto('/me/setup#token=0123456789abcdef0123')
  await expect(page.getByTestId('view-setup')).toBeVisible()
  await expect(page.getByRole('heading', { name: '创建管理员账号' })).toBeVisible()
  expect(new URL(page.url()).hash).toBe('#token=0123456789abcdef0123')
  // Without the token, the same screen says the link is incomplete (not a 404).
  await page.goto('/me/setup')
  await expect(page.getByText('链接不完整')).toBeVisible()
  await page.goto('/setup#token=0123456789abcdef0123')
  await expect(page.getByTestId('view-setup')).toBeVisible()
})

test('16: an admin finds accounts, rejects a sign-up and disables a staff member with reasons, re-enables and resets a password', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  // A staff member with a session on their own phone, and a school waiting for approval.
  const setup = await adminApi(playwright, baseURL!)
  await createStaff(
    setup,
    baseURL!,
    { username: 'staff-changsha', password: 'Changsha-Staff-88', displayName: '长沙馆讲解员' },
    'hunan-geo-museum',
  )
  await setup.dispose()
  const teacher = await playwright.request.newContext({ baseURL })
  const signedUp = await teacher.post('/api/auth/signup', {
    headers: originHeaders(baseURL!),
    data: {
      username: 'teacher-yuelu',
      password: 'Yuelu-Teacher-77',
      displayName: '王老师',
      school: { name: '岳麓区第一小学', province: '湖南省', city: '长沙市', contact: '0731-88886666' },
    },
  })
  expect(signedUp.status(), await signedUp.text()).toBe(201)
  await teacher.dispose()
  const staffPhone = await apiSignedIn(playwright, baseURL!, {
    username: 'staff-changsha',
    password: 'Changsha-Staff-88',
  })

  await signIn(page, ADMIN)
  await page.getByTestId('accounts-link').click()
  await expect(page.getByTestId('view-accounts')).toBeVisible()
  await expect(page.getByTestId('accounts-list')).toContainText('长沙馆讲解员')
  await expect(page.getByTestId('accounts-list')).toContainText('王老师（岳麓区第一小学）')

  // Filter to sign-ups waiting, open the school, reject it with a reason.
  await page.getByLabel('状态').selectOption({ label: '待审核' })
  await expect(page.getByTestId('accounts-list')).not.toContainText('长沙馆讲解员')
  await page.getByTestId('account-teacher-yuelu').click()
  await page.getByTestId('account-reject').click()
  await page.getByTestId('reject-sheet').getByLabel('原因').fill('学校信息无法核实，请补充材料后重新注册')
  await page.getByTestId('reject-sheet-confirm').click()
  await expect(page.getByTestId('account-status')).toHaveText('已驳回')
  await expect(page.getByTestId('account-reason')).toContainText('学校信息无法核实')

  // Search for the staff member by name, disable them: the reason is asked for, once, under the field.
  await page.getByRole('link', { name: /返回/ }).click()
  await page.getByLabel('状态').selectOption({ label: '全部状态' })
  await page.getByRole('searchbox').fill('讲解员')
  await expect(page.getByTestId('accounts-list')).toContainText('长沙馆讲解员')
  await expect(page.getByTestId('accounts-list')).not.toContainText('王老师')
  await page.getByTestId('account-staff-changsha').click()
  await page.getByTestId('account-disable').click()
  const disableSheet = page.getByTestId('disable-sheet')
  await expect(disableSheet).toContainText('停用“长沙馆讲解员”？')
  await page.getByTestId('disable-sheet-confirm').click()
  await expect(disableSheet.getByText('请写明原因（至少 2 个字）')).toHaveCount(1)
  await disableSheet.getByLabel('原因').fill('已调离本馆')
  await page.getByTestId('disable-sheet-confirm').click()
  await expect(page.getByTestId('account-status')).toHaveText('已停用')
  await expect(page.getByTestId('account-reason')).toContainText('已调离本馆')
  // Their phone's session ended at once.
  const session = (await (await staffPhone.get('/api/auth/session')).json()) as { account: unknown }
  expect(session.account).toBeNull()

  // Enable again, then reset the password: shown once, with a copy button and a note to pass it on.
  await page.getByTestId('account-enable').click()
  await expect(page.getByTestId('account-status')).toHaveText('正常')
  await page.getByTestId('account-reset').click()
  await page.getByTestId('reset-sheet-confirm').click()
  const temporary = (await page.getByTestId('temporary-password').textContent())!.trim()
  expect(temporary.length).toBeGreaterThanOrEqual(10)
  await expect(page.getByTestId('temporary-password-sheet')).toContainText('只显示这一次')
  await expect(page.getByTestId('temporary-password-copy')).toBeVisible()
  await page.getByTestId('temporary-password-done').click()
  await expect(page.getByTestId('temporary-password-sheet')).toBeHidden()
  await expect(page.getByText(temporary)).toHaveCount(0)
  await signInApi(staffPhone, baseURL!, 'staff-changsha', temporary)
  await staffPhone.dispose()
})

test('16, 17: the new-staff form says what is wrong under each field in Chinese, once; the base is found by initials under its province', async ({
  page,
}) => {
  await signIn(page, ADMIN)
  await page.getByTestId('admin-link').click()
  await expect(page.getByTestId('view-admin')).toBeVisible()
  await page.getByRole('button', { name: '新增基地工作人员' }).click()
  const form = page.getByTestId('create-staff')
  await expect(form.getByText('请填写此项')).toHaveCount(1)
  await expect(form.getByText('至少 10 个字符')).toHaveCount(1)
  await expect(form.getByText('请选择此工作人员所在的基地')).toHaveCount(1)
  await expect(page.getByText(/at least|characters/)).toHaveCount(0)

  await form.getByLabel('姓名').fill('湖南馆讲解员')
  await form.getByLabel('用户名').fill('Staff Hunan!')
  await form.getByLabel('密码').fill('Hunan-Museum-2027')
  // The base: a sheet with search; "hnsdzbwg" (initials) finds 湖南省地质博物馆 under 湖南省.
  await page.getByTestId('staff-base').click()
  const sheet = page.getByTestId('staff-base-sheet')
  await expect(sheet.getByRole('heading', { name: '北京市' })).toBeVisible()
  await page.getByTestId('staff-base-search').locator('input').fill('hnsdzbwg')
  await expect(sheet.getByRole('button', { name: /湖南省地质博物馆/ })).toHaveCount(1)
  await expect(sheet.getByRole('heading', { name: '湖南省' })).toBeVisible()
  await expect(sheet.getByRole('heading', { name: '北京市' })).toHaveCount(0)
  await sheet.getByRole('button', { name: /湖南省地质博物馆/ }).click()
  await expect(page.getByTestId('staff-base')).toHaveText('湖南省地质博物馆')
  await page.getByRole('button', { name: '新增基地工作人员' }).click()
  await expect(form.getByText('3–40 位小写字母、数字、点、连字符或下划线')).toHaveCount(1)
  await form.getByLabel('用户名').fill('staff-hunan-museum')
  await page.getByRole('button', { name: '新增基地工作人员' }).click()
  await expect(page.getByTestId('admin-message')).toContainText('已创建账号 staff-hunan-museum')
})

test('18: the notice form speaks Chinese (CAP values, errors under each field); a published notice names its issuer and its expiry in China time', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000)
  await signIn(page, ADMIN)
  await page.getByTestId('tab-notices').click()
  await page.getByTestId('notice-admin-link').click()
  const form = page.getByTestId('notice-form')
  await expect(form).toBeVisible()
  // CAP's severity, urgency and certainty, in Chinese; the values CAP needs stay underneath.
  await expect(page.getByLabel('严重程度')).toHaveValue('Moderate')
  await expect(page.getByLabel('严重程度').locator('option:checked')).toHaveText('较重')
  await expect(page.getByLabel('紧急程度').locator('option:checked')).toHaveText('尽快行动（1 小时内）')
  await expect(page.getByLabel('确定程度').locator('option:checked')).toHaveText('很可能发生')
  await expect(form.getByText(/Extreme|Severe|Moderate|Immediate|Expected|Likely/)).toHaveCount(0)

  // An empty form: what is missing, under each field, once, in Chinese.
  await page.getByTestId('notice-submit').click()
  await expect(form.getByText('请填写标题')).toHaveCount(1)
  await expect(form.getByText(/请用文字说明预警范围/)).toHaveCount(1)
  await expect(form.getByText('请至少选择一个省份')).toHaveCount(1)
  await expect(page.getByText(/a short headline|describe the area|name at least one/)).toHaveCount(0)

  await page.getByLabel('标题').fill('岳阳市汛期地质灾害黄色预警（演练）')
  await page.getByTestId('notice-level-yellow').check()
  await page.getByLabel('区域说明').fill('湖南省岳阳市丘陵山区')
  await page.getByTestId('notice-admin-province-430000').check()
  await expect(page.getByLabel('发布单位')).toHaveValue('自然资源科普')
  await page.getByLabel('失效时间').fill('2030-07-01T18:00')
  await page.getByTestId('notice-submit').click()
  await expect(page.getByTestId('notice-issued')).toContainText('岳阳市汛期地质灾害黄色预警（演练）')

  // A visitor whose phone is set to New York still reads Beijing time, and who issued it.
  const visitorContext = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    viewport: { width: 412, height: 915 },
    isMobile: true,
    hasTouch: true,
  })
  const visitor = await visitorContext.newPage()
  await visitor.goto('/notices')
  const card = visitor.getByTestId('notice-card').filter({ hasText: '岳阳市汛期地质灾害黄色预警' })
  await expect(card.getByTestId('notice-card-expires')).toHaveText('有效至 7月1日 18:00')
  await card.click()
  await expect(visitor.getByTestId('notice-sender')).toHaveText('自然资源科普')
  await expect(visitor.getByTestId('notice-expires')).toHaveText('7月1日 18:00')
  await expect(visitor.getByText('notices@ziran-kepu.cn')).toHaveCount(0)
  await visitorContext.close()
})

/**
 * Every control of the screen's forms is drawn as the one field row (a Vant field: label, value,
 * error under it), at least a touch target tall; none is a bare boxed <select> or input.
 */
async function expectOneFieldStyle(page: Page, scope: string): Promise<void> {
  const report = await page.locator(scope).evaluate((root) => {
    const controls = [
      ...root.querySelectorAll(
        'select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=search]):not([type=hidden]), .app-picker-field__button',
      ),
    ]
    return controls.map((c) => {
      const row = c.closest('.van-field')
      const style = getComputedStyle(c)
      return {
        what: `${c.tagName.toLowerCase()}${c.getAttribute('data-testid') ? `[${c.getAttribute('data-testid')}]` : ''}`,
        inRow: row !== null,
        rowHeight: row?.getBoundingClientRect().height ?? 0,
        boxed: style.borderTopStyle !== 'none' && style.borderTopWidth !== '0px',
      }
    })
  })
  expect(report.length).toBeGreaterThan(0)
  for (const control of report) expect(control, control.what).toMatchObject({ inRow: true, boxed: false })
  for (const control of report) expect(control.rowHeight, control.what).toBeGreaterThanOrEqual(44)
}

test('forms look alike everywhere: admin forms, the notice form and the calendar filters use one field row', async ({
  page,
}) => {
  await page.goto('/calendar')
  await expectOneFieldStyle(page, '[data-testid="calendar-events"]')
  await page.getByLabel('面向').selectOption({ label: '学校团体' })
  await expect(page.getByLabel('面向')).toHaveValue('school')

  await signIn(page, ADMIN)
  await page.getByTestId('admin-link').click()
  await expectOneFieldStyle(page, '[data-testid="create-staff"]')
  await page.goto('/me/admin/accounts')
  await expectOneFieldStyle(page, '[data-testid="view-accounts"] .accounts__filters')
  await page.goto('/notices/admin')
  await expectOneFieldStyle(page, '[data-testid="notice-form"]')
})

test('a staff member is asked to change the password an admin set, and their other phone is signed out', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000)
  const staff = { username: 'staff-temp-pw', password: 'Set-by-admin-2026', displayName: '临时密码讲解员' }
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, staff, 'hunan-geo-museum')
  await admin.dispose()
  const otherPhone = await apiSignedIn(playwright, baseURL!, staff)

  await signIn(page, staff)
  await expect(page.getByTestId('password-temporary')).toContainText('临时密码')
  await page.getByTestId('password-temporary').getByRole('link', { name: '去修改' }).click()
  await expect(page.getByTestId('view-password')).toBeVisible()

  // Each mistake is said under its own field, in Chinese.
  await page.getByTestId('password-current').locator('input').fill('not-the-password')
  await page.getByTestId('password-new').locator('input').fill('Only-I-know-this-1')
  await page.getByTestId('password-repeat').locator('input').fill('Only-I-know-this-2')
  await page.getByTestId('password-save').click()
  await expect(page.getByTestId('password-repeat')).toContainText('两次输入的新密码不一样')
  await page.getByTestId('password-repeat').locator('input').fill('Only-I-know-this-1')
  await page.getByTestId('password-save').click()
  await expect(page.getByTestId('password-current')).toContainText('当前密码不对')

  await page.getByTestId('password-current').locator('input').fill(staff.password)
  await page.getByTestId('password-save').click()
  await expect(page.getByTestId('password-changed')).toContainText('密码已修改')
  await expect(page.getByTestId('password-temporary')).toHaveCount(0)
  await expect(page.getByTestId('me-account')).toContainText(staff.displayName)

  // The other phone's session ended; the new password signs in, the old one does not.
  const session = (await (await otherPhone.get('/api/auth/session')).json()) as { account: unknown }
  expect(session.account).toBeNull()
  await otherPhone.dispose()
  const fresh = await playwright.request.newContext({ baseURL })
  const old = await fresh.post('/api/auth/login', {
    headers: originHeaders(baseURL!),
    data: { username: staff.username, password: staff.password },
  })
  expect(old.status()).toBe(401)
  await signInApi(fresh, baseURL!, staff.username, 'Only-I-know-this-1')
  await fresh.dispose()
})
