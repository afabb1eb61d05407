import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test'
import { originHeaders, waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import {
  adminApi,
  apiSignedIn,
  beijingDate,
  createSchool,
  createSquadron,
  createStaff,
  publishEvent,
  type Person,
  type Playwright,
} from './support/seed.ts'

/*
 * Issue 19 "Journeys", schools and staff (items 9–14): each test walks one journey the way a
 * teacher or a gate worker does it, on a phone, in Chinese, offline where the gate is offline.
 * Every test has its own base, so their statistics never mix (and none is another spec's base).
 */

/** A class booked through the API for a squadron event `inDays` ahead at `baseId`, 09:00–11:30: its ticket code. */
async function bookedClass(
  playwright: Playwright,
  baseURL: string,
  staffApi: APIRequestContext,
  teacher: Person,
  baseId: string,
  inDays: number,
  headcount = 30,
): Promise<{ eventId: string; day: string; code: string; title: string }> {
  const day = beijingDate(inDays)
  const title = `地质研学 ${crypto.randomUUID().slice(0, 4)}`
  const eventId = await publishEvent(
    staffApi,
    baseURL,
    baseId,
    {
      title,
      start: `${day}T09:00:00+08:00`,
      end: `${day}T11:30:00+08:00`,
      place: '北门',
      audience: 'squadron',
      capacity: 100,
      registrationRequired: true,
    },
    'e2e-journeys-setup',
  )
  const api = await apiSignedIn(playwright, baseURL, teacher)
  const squadronId = await createSquadron(api, baseURL, {
    name: `${teacher.displayName}五年级一班李四光中队`,
    grade: 5,
    headcount,
    teacher: teacher.displayName,
  })
  const made = await api.post(`/api/events/${eventId}/registrations`, {
    headers: originHeaders(baseURL),
    data: { squadronId, headcount, requestId: crypto.randomUUID() },
  })
  expect(made.status(), await made.text()).toBe(201)
  const code = ((await made.json()) as { registration: { ticket: { code: string } | null } }).registration.ticket!.code
  await api.dispose()
  return { eventId, day, code, title }
}

/** The staff phone opens the event's list online (kept for the gate), then goes offline at the gate. */
async function offlineGate(context: BrowserContext, page: Page, eventId: string): Promise<void> {
  await page.goto('/me/staff/squadron')
  await page.getByTestId(`staff-event-${eventId}`).click()
  await expect(page.getByTestId('roster-confirmed')).toBeVisible()
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.goto(`/me/staff/squadron/${eventId}/checkin`)
  await expect(page.getByTestId('gate-count')).toContainText('已入园 0/1 个中队')
}

async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('scan-code').locator('input').fill(code)
  await page.getByTestId('scan-code-submit').click()
}

test('9 · a class of 32 registers with its 2 teachers: pupils and adults apart, 34 places, each error once', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const BASE = 'naiman-desert-station'
  const STAFF = { username: 'staff-places', password: 'staff-password-1', displayName: '奈曼站工作人员' }
  const TEACHER = { username: 'teacher-places', password: 'teacher-password-1', displayName: '吴老师' }
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)
  await createSchool(playwright, admin, baseURL!, TEACHER, { province: '内蒙古自治区' })
  const staffApi = await apiSignedIn(playwright, baseURL!, STAFF)
  const day = beijingDate(6)
  const eventId = await publishEvent(
    staffApi,
    baseURL!,
    BASE,
    {
      title: '沙漠里的地质课',
      start: `${day}T09:00:00+08:00`,
      end: `${day}T11:00:00+08:00`,
      audience: 'squadron',
      capacity: 100,
      registrationRequired: true,
    },
    'e2e-places',
  )

  const context = await phone(browser, baseURL!)
  const page = await context.newPage()
  await signIn(page, TEACHER)
  await page.goto('/me/squadron/squadrons')
  await page.getByTestId('squadron-new').click()
  await page.getByTestId('squadron-name').locator('input').fill('奈曼旗实验小学五年级一班李四光中队')
  await page.getByTestId('squadron-grade').locator('input').fill('5')
  await page.getByTestId('squadron-headcount').locator('input').fill('32')
  await page.getByTestId('squadron-teacher').locator('input').fill('吴老师')
  await page.getByTestId('squadron-save').click()
  await expect(page.getByTestId('squadrons-list')).toContainText('五年级 · 32 人')

  await page.goto('/me/squadron/events')
  const event = page.getByTestId(`squadron-event-${eventId}`)
  await expect(event.getByTestId('event-remaining')).toHaveText('余 100 个名额（共 100）')
  await event.getByTestId(`register-${eventId}`).click()
  const sheet = page.getByTestId('register-sheet')
  // Pupils and adults are two fields: the pupils start at the class's 32.
  await expect(page.getByTestId('register-headcount').locator('input')).toHaveValue('32')
  await page.getByTestId('register-adults').locator('input').fill('2')
  await expect(page.getByTestId('register-total')).toHaveText('共 34 人（学生 32，成人 2），占 34 个名额')
  await page.screenshot({ path: '/tmp/school-register.png' })

  // More pupils than the class: said once, under the field, also after trying to send.
  await page.getByTestId('register-headcount').locator('input').fill('40')
  const tooMany = sheet.getByText('学生人数不能超过中队人数 32 人')
  await expect(tooMany).toHaveCount(1)
  await page.getByTestId('register-submit').click()
  await expect(tooMany).toHaveCount(1)
  await expect(page.getByTestId('register-error')).toHaveCount(0)
  await page.screenshot({ path: '/tmp/school-register-error.png' })

  await page.getByTestId('register-headcount').locator('input').fill('32')
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('squadron-notice')).toHaveText('报名成功，电子票已生成。')
  await expect(page.getByTestId('view-squadron')).toContainText('34 人（学生 32 · 成人 2）')
  await page.goto('/me/squadron/events')
  await expect(page.getByTestId(`squadron-event-${eventId}`).getByTestId('event-remaining')).toHaveText(
    '余 66 个名额（共 100）',
  )

  // The base's gate list shows the two apart as well.
  const roster = (await (await staffApi.get(`/api/staff/events/${eventId}/registrations`)).json()) as {
    registrations: { headcount: number; adults: number }[]
  }
  expect(roster.registrations.map((r) => [r.headcount, r.adults])).toEqual([[34, 2]])
  await context.close()
  for (const r of [admin, staffApi]) await r.dispose()
})

test("10 · a ticket for another day is refused at the gate; on the day it checks in and the visit lands on the event's date", async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const BASE = 'huangshan-geopark'
  const STAFF = { username: 'staff-gate-day', password: 'staff-password-1', displayName: '黄山门岗' }
  const TEACHER = { username: 'teacher-gate-day', password: 'teacher-password-1', displayName: '周老师' }
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)
  await createSchool(playwright, admin, baseURL!, TEACHER, { province: '安徽省' })
  const staffApi = await apiSignedIn(playwright, baseURL!, STAFF)
  // Booked for 12 days from now; the gate worker scans it today.
  const { eventId, day, code } = await bookedClass(playwright, baseURL!, staffApi, TEACHER, BASE, 12)

  const context = await phone(browser, baseURL!)
  const page = await context.newPage()
  await signIn(page, STAFF)
  await offlineGate(context, page, eventId)
  await typeCode(page, code)
  await expect(page.getByTestId('gate-result')).toHaveAttribute('data-result', 'outside-window')
  await expect(page.getByTestId('gate-result')).toContainText('还没到活动时间，不能签到')
  await expect(page.getByTestId('gate-window')).toContainText(`${day} 09:00–11:30`)
  await expect(page.getByTestId('gate-confirm')).toHaveCount(0)
  await page.screenshot({ path: '/tmp/school-gate-early.png' })

  // On the event's day, half an hour before it starts (the phone's clock, still offline).
  await page.clock.setFixedTime(new Date(`${day}T08:30:00+08:00`))
  await page.reload()
  await typeCode(page, code)
  await expect(page.getByTestId('gate-result')).toHaveAttribute('data-result', 'ok')
  await page.getByTestId('gate-confirm').click()
  await expect(page.getByTestId('gate-done')).toContainText('已签到，30 人')

  await context.setOffline(false)
  await page.goto('/me/staff')
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  const today = beijingDate(0)
  const onEventDay = (await (await admin.get(`/api/stats/bases/${BASE}?from=${day}&to=${day}`)).json()) as {
    totals: { visitors: number; participants: number }
  }
  expect(onEventDay.totals).toMatchObject({ visitors: 30, participants: 30 })
  const onScanDay = (await (await admin.get(`/api/stats/bases/${BASE}?from=${today}&to=${today}`)).json()) as {
    totals: { visitors: number; participants: number }
  }
  expect(onScanDay.totals).toMatchObject({ visitors: 0, participants: 0 })

  // The school's record shows the visit on the event's date.
  const teacherPhone = await phone(browser, baseURL!)
  const teacherPage = await teacherPhone.newPage()
  await signIn(teacherPage, TEACHER)
  await teacherPage.goto('/me/squadron/visits')
  await expect(teacherPage.getByTestId('visits-record')).toContainText(day)
  for (const c of [context, teacherPhone]) await c.close()
  for (const r of [admin, staffApi]) await r.dispose()
})

test('11 · a class checked in at the gate is one activity staff can see in their list, and its pupils are in 参观人次', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const BASE = 'cuihuashan-geopark'
  const STAFF = { username: 'staff-count', password: 'staff-password-1', displayName: '翠华山工作人员' }
  const TEACHER = { username: 'teacher-count', password: 'teacher-password-1', displayName: '孙老师' }
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)
  await createSchool(playwright, admin, baseURL!, TEACHER, { province: '陕西省' })
  const staffApi = await apiSignedIn(playwright, baseURL!, STAFF)
  const { eventId, day, code, title } = await bookedClass(playwright, baseURL!, staffApi, TEACHER, BASE, 3)

  const context = await phone(browser, baseURL!)
  const page = await context.newPage()
  await page.clock.setFixedTime(new Date(`${day}T09:10:00+08:00`))
  await signIn(page, STAFF)
  await offlineGate(context, page, eventId)
  await typeCode(page, code)
  await page.getByTestId('gate-confirm').click()
  await expect(page.getByTestId('gate-done')).toContainText('已签到，30 人')

  // Two activities typed by hand the same day.
  await page.goto('/me/staff/activities')
  for (const [name, n] of [
    ['岩石标本讲座', '40'],
    ['秦岭地质展', '25'],
  ] as const) {
    await page.getByTestId('activity-new').click()
    await page.getByTestId('activity-title').locator('input').fill(name)
    await page.getByTestId('activity-participants').locator('input').fill(n)
    await page.getByTestId('activity-save').click()
    await expect(page.getByTestId('activities-list')).toContainText(name)
  }
  // The class's visit is in the list as the study tour it counts as: three rows, like the dashboard.
  await expect(page.getByTestId('activity-sheet')).toBeHidden()
  await expect(page.getByTestId('activities-list').locator('li')).toHaveCount(3)
  const tour = page.getByTestId('activity-checkin-tour')
  await expect(tour).toContainText(title)
  await expect(tour).toContainText('1 个中队入园签到 · 参加 30 人')
  await page.screenshot({ path: '/tmp/school-activities.png' })

  await context.setOffline(false)
  await page.reload()
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  await page.goto('/me/staff')
  await expect(page.getByTestId('tally-total')).toContainText('今天共 30 人次（含入园中队 30 人）')
  await page.goto('/me/stats')
  await expect(page.getByTestId('stats-total-activities')).toContainText('3')
  await expect(page.getByTestId('stats-total-visitors')).toContainText('30')
  await expect(page.getByTestId('stats-total-participants')).toContainText('95')
  await page.screenshot({ path: '/tmp/school-dashboard.png', fullPage: true })

  // The tour opens the event's check-in list, where each class and its headcount are.
  await page.goto('/me/staff/activities')
  await page.getByTestId('activity-checkin-tour').click()
  await expect(page).toHaveURL(new RegExp(`/me/staff/squadron/${eventId}$`))

  // The export says the same.
  const csv = (await (await admin.get(`/api/stats/export.csv?baseId=${BASE}&from=${day}&to=${day}`)).text())
    .replace(/^\uFEFF/, '')
    .split('\r\n')
  const header = csv[0]!.split(',')
  const row = csv[1]!.split(',')
  expect([
    row[header.indexOf('参观人次（人次）')],
    row[header.indexOf('科普活动次数（次）')],
    row[header.indexOf('科普活动参加人次（人次）')],
  ]).toEqual(['30', '3', '95'])
  await context.close()
  for (const r of [admin, staffApi]) await r.dispose()
})

test('12 · undoing a 35-person group asks first, names it, and a second tap undoes nothing more', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const BASE = 'danxiashan-geopark'
  const STAFF = { username: 'staff-undo', password: 'staff-password-1', displayName: '丹霞山门岗' }
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)
  const context = await phone(browser, baseURL!)
  const page = await context.newPage()
  await signIn(page, STAFF)
  await page.getByTestId('staff-area').click()
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)

  for (let i = 0; i < 3; i++) await page.getByTestId('tally-public').click()
  await page.getByTestId('group-size').fill('35')
  await page.getByTestId('group-size').press('Enter')
  await expect(page.getByTestId('tally-group-add')).toHaveText('登记 35 人')
  await page.getByTestId('tally-group-add').click()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 38 人次')

  // The undo names the group and asks: keeping it changes nothing.
  await page.getByTestId('tally-undo').click()
  const sheet = page.getByTestId('undo-confirm')
  await expect(sheet).toContainText('撤销这条 35 人的记录？')
  await expect(sheet).toContainText('团体 35 人将从今天的人次中移除')
  await page.screenshot({ path: '/tmp/school-undo-confirm.png' })
  await page.getByTestId('undo-confirm-no').click()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 38 人次')

  // Confirmed: the 35 go, and tapping again (a double tap) takes nothing else.
  await page.getByTestId('tally-undo').click()
  await page.getByTestId('undo-confirm-yes').click()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 3 人次')
  await expect(page.getByTestId('tally-undone')).toContainText('已撤销：团体 35 人')
  await expect(page.getByTestId('tally-undo')).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 3 人次')
  await expect(page.getByTestId('tally-undo')).toHaveCount(0)

  // A single tap of 1 undoes at once, without a question.
  await page.getByTestId('tally-student').click()
  await page.getByTestId('tally-undo').click()
  await expect(page.getByTestId('undo-confirm')).toBeHidden()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 3 人次')
  await page.screenshot({ path: '/tmp/school-undo-done.png' })

  await context.setOffline(false)
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  const today = beijingDate(0)
  const stats = (await (
    await admin.get(`/api/stats/bases/${BASE}?from=${today}&to=${today}&granularity=day`)
  ).json()) as { totals: { visitors: number } }
  expect(stats.totals.visitors).toBe(3)
  await context.close()
  await admin.dispose()
})

test('14 · a school signs up with a province picked from the list; grades read 四年级', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const admin = await adminApi(playwright, baseURL!)
  const context = await phone(browser, baseURL!)
  const page = await context.newPage()
  await page.goto('/me/signup')
  await page.getByLabel('学校名称').fill('杭州市文一街小学')
  // A picker, not free text: the names are the app's province list.
  const province = page.getByTestId('signup-province')
  await expect(province.locator('option')).toHaveCount(35)
  await page.getByLabel('城市').fill('杭州市')
  await page.getByLabel('联系电话或邮箱').fill('0571-88881234')
  await page.getByLabel('姓名').fill('文一街李老师')
  await page.getByLabel('用户名').fill('teacher-wenyi')
  await page.getByLabel('密码').fill('teacher-password-1')
  await page.getByRole('button', { name: '提交注册' }).click()
  await expect(page.getByTestId('view-signup')).toContainText('请选择省份')
  await province.selectOption({ label: '浙江省' })
  await page.screenshot({ path: '/tmp/school-signup.png' })
  await page.getByRole('button', { name: '提交注册' }).click()
  await expect(page.getByTestId('signup-done')).toBeVisible()

  const pending = (await (await admin.get('/api/admin/accounts?status=pending')).json()) as {
    accounts: { id: string; username: string; school: { province: string } | null }[]
  }
  const mine = pending.accounts.find((a) => a.username === 'teacher-wenyi')!
  expect(mine.school?.province).toBe('浙江省')
  expect(
    (
      await admin.post(`/api/admin/accounts/${mine.id}/approve`, { headers: originHeaders(baseURL!), data: {} })
    ).status(),
  ).toBe(200)

  await signIn(page, { username: 'teacher-wenyi', password: 'teacher-password-1', displayName: '文一街李老师' })
  await page.goto('/me/squadron/squadrons')
  await page.getByTestId('squadron-new').click()
  await page.getByTestId('squadron-name').locator('input').fill('文一街小学四年级三班李四光中队')
  await page.getByTestId('squadron-grade').locator('input').fill('4')
  await page.getByTestId('squadron-headcount').locator('input').fill('32')
  await page.getByTestId('squadron-teacher').locator('input').fill('李老师')
  await page.getByTestId('squadron-save').click()
  await expect(page.getByTestId('squadrons-list')).toContainText('四年级 · 32 人')
  await expect(page.getByTestId('squadrons-list')).not.toContainText('4 年级')
  await context.close()
  await admin.dispose()
})
