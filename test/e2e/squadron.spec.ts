import { expect, test } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import { adminApi, apiSignedIn, beijingDate, createSchool, createStaff, publishEvent } from './support/seed.ts'

// Not the staff-sync spec's base: both count what the server holds for their base.
const BASE = 'zhejiang-mapping-museum'
const STAFF = { username: 'staff-squadron', password: 'staff-password-1', displayName: '西溪研学老师' }
const TEACHER = { username: 'teacher-wang', password: 'teacher-password-1', displayName: '王老师' }
const SQUADRON = '西溪小学五年级二班李四光中队'

test('teacher registers → staff approves → ticket offline → offline gate check-in → sync → the dashboard counts the class once', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000)
  // Accounts: a staff member of the base, a school approved by the admin.
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)
  await createSchool(playwright, admin, baseURL!, TEACHER, { name: '杭州市西溪小学' })

  // The base's event for squadrons, made on a staff phone (an `event` sync record), three days ahead.
  const staffApi = await apiSignedIn(playwright, baseURL!, STAFF)
  const day = beijingDate(3)
  const eventId = await publishEvent(
    staffApi,
    baseURL!,
    BASE,
    {
      title: '湿地里的地质故事',
      start: `${day}T09:00:00+08:00`,
      end: `${day}T11:30:00+08:00`,
      place: '东门集合',
      audience: 'squadron',
      capacity: 100,
      registrationRequired: true,
    },
    'e2e-staff-setup',
  )

  const staffPhone = await phone(browser, baseURL!)
  const staff = await staffPhone.newPage()
  const teacherPhone = await phone(browser, baseURL!)
  const teacher = await teacherPhone.newPage()

  // Staff: this base approves registrations.
  await signIn(staff, STAFF)
  await staff.getByTestId('staff-squadron').click()
  await staff.getByTestId('squadron-settings').click()
  await staff.getByTestId('settings-approval').click()
  await staff.getByTestId('settings-save').click()
  await expect(staff.getByTestId('squadron-settings')).toContainText('报名需审核')

  // Teacher: a squadron, then a registration for the event.
  await signIn(teacher, TEACHER)
  await teacher.getByTestId('squadron-area').click()
  await teacher.getByTestId('squadron-squadrons-link').click()
  await teacher.getByTestId('squadron-new').click()
  await teacher.getByTestId('squadron-name').locator('input').fill(SQUADRON)
  await teacher.getByTestId('squadron-grade').locator('input').fill('5')
  await teacher.getByTestId('squadron-headcount').locator('input').fill('32')
  await teacher.getByTestId('squadron-teacher').locator('input').fill('王老师')
  await teacher.getByTestId('squadron-save').click()
  await expect(teacher.getByTestId('squadrons-list')).toContainText(SQUADRON)

  await teacher.goto('/me/squadron/events')
  await teacher.getByTestId('events-province').selectOption('浙江省')
  const event = teacher.getByTestId(`squadron-event-${eventId}`)
  await expect(event.getByTestId('event-remaining')).toHaveText('余 100 个名额（共 100）')
  await event.getByTestId(`register-${eventId}`).click()
  await teacher.getByTestId('register-headcount').locator('input').fill('40')
  await expect(teacher.getByTestId('register-sheet')).toContainText('人数不能超过中队人数 32 人')
  await teacher.getByTestId('register-headcount').locator('input').fill('32')
  await teacher.getByTestId('register-submit').click()
  await expect(teacher.getByTestId('squadron-notice')).toHaveText('报名已提交，名额已保留，等待基地审核。')
  await expect(teacher.getByTestId('registration-status')).toHaveText('待审核')

  // Staff approve; opening the list keeps it on the staff phone for the gate.
  await staff.goto('/me/staff/squadron')
  await staff.getByTestId(`staff-event-${eventId}`).click()
  const pending = staff.getByTestId('roster-pending')
  await expect(pending).toContainText(SQUADRON)
  await pending.getByRole('button', { name: '通过', exact: true }).click()
  await expect(staff.getByTestId('roster-confirmed')).toContainText(SQUADRON)
  await waitForServiceWorkerControl(staff)

  // Teacher: the ticket, then the same ticket with no network at all.
  await teacher.goto('/me/squadron')
  await expect(teacher.getByTestId('registration-status')).toHaveText('已确认')
  await teacher.getByTestId('registration-ticket').click()
  await expect(teacher.getByTestId('ticket-qr').locator('svg')).toBeVisible()
  const code = (await teacher.getByTestId('ticket-code').textContent())!.trim()
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await waitForServiceWorkerControl(teacher)
  await teacherPhone.setOffline(true)
  await teacher.reload()
  await expect(teacher.getByTestId('ticket-code')).toHaveText(code)
  await expect(teacher.getByTestId('ticket-squadron')).toHaveText(SQUADRON)
  await expect(teacher.getByTestId('ticket-qr').locator('svg')).toBeVisible()

  // Staff at the gate on the event's day (the phone's clock; the gate refuses a ticket on another
  // day), offline: the typed code, 30 of 32 came; a second try is refused with the time.
  await staff.clock.setFixedTime(new Date(`${day}T09:10:00+08:00`))
  await staffPhone.setOffline(true)
  await staff.goto(`/me/staff/squadron/${eventId}/checkin`)
  await expect(staff.getByTestId('gate-count')).toContainText('已入园 0/1 个中队')
  await staff.getByTestId('scan-code').locator('input').fill(code.toLowerCase())
  await staff.getByTestId('scan-code-submit').click()
  await expect(staff.getByTestId('gate-result')).toHaveAttribute('data-result', 'ok')
  await expect(staff.getByTestId('gate-squadron')).toHaveText(SQUADRON)
  await staff.getByTestId('gate-headcount').locator('input').fill('30')
  await staff.getByTestId('gate-headcount').locator('input').blur()
  await staff.getByTestId('gate-confirm').click()
  await expect(staff.getByTestId('gate-done')).toContainText('已签到，30 人')
  await expect(staff.getByTestId('gate-count')).toContainText('已入园 1/1 个中队')
  await staff.getByTestId('scan-code').locator('input').fill(code)
  await staff.getByTestId('scan-code-submit').click()
  await expect(staff.getByTestId('gate-result')).toHaveAttribute('data-result', 'already-checked-in')
  await expect(staff.getByTestId('gate-already')).toContainText('入园签到（30 人）')
  await expect(staff.getByTestId('sync-status')).toContainText('离线')

  // The tally screen already shows the class as counted.
  await staff.goto('/me/staff')
  await expect(staff.getByTestId('staff-checkins')).toContainText('今天入园的李四光中队：30 人')

  // Back online: the check-in goes up through the outbox, once.
  await staffPhone.setOffline(false)
  await staff.reload()
  await expect(staff.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  // Counted on the event's day: one study tour of 30, and 30 on-site visits (stats-service.ts).
  const stats = await admin.get(`/api/stats/bases/${BASE}?from=${day}&to=${day}&granularity=day`)
  expect(stats.status(), await stats.text()).toBe(200)
  expect(((await stats.json()) as { totals: unknown }).totals).toMatchObject({
    visitors: 30,
    activities: 1,
    participants: 30,
  })
  const pull = (await (await admin.get(`/api/sync/pull?baseId=${BASE}`)).json()) as { records: { kind: string }[] }
  expect(pull.records.filter((r) => r.kind === 'checkin')).toHaveLength(1)

  // The base dashboard on the staff phone counts the 30 pupils once.
  await staff.goto('/me/stats')
  await expect(staff.getByTestId('stats-total-participants')).toContainText('30')

  // And the teacher, back online, sees the visit.
  await teacherPhone.setOffline(false)
  await teacher.goto('/me/squadron/visits')
  await expect(teacher.getByTestId('visits-record')).toContainText('湿地里的地质故事')
  await expect(teacher.getByTestId('visits-record')).toContainText('30')

  for (const c of [staffPhone, teacherPhone]) await c.close()
  for (const r of [admin, staffApi]) await r.dispose()
})
