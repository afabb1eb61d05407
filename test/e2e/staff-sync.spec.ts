import { expect, test } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'
import { signIn } from './support/phone.ts'
import { adminApi, beijingDate, createStaff } from './support/seed.ts'

const BASE = 'xixi-wetland'
const STAFF = { username: 'staff-xixi', password: 'staff-password-1', displayName: '西溪工作人员' }

test('staff log 50 visitors and 3 activities offline; after a reload and reconnect all arrive once; sign-out waits for them', async ({
  page,
  context,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE)

  await signIn(page, STAFF)
  await page.getByTestId('staff-area').click()
  await expect(page.getByTestId('view-staff')).toBeVisible()
  await waitForServiceWorkerControl(page)

  await context.setOffline(true)
  for (let i = 0; i < 30; i++) await page.getByTestId('tally-public').click()
  for (let i = 0; i < 15; i++) await page.getByTestId('tally-student').click()
  await page.getByTestId('tally-group-add').click() // the default group of 20
  await page.getByTestId('tally-undo').click() // …was a mistake
  await page.getByTestId('undo-confirm-yes').click() // a group of 10 or more asks first
  for (let i = 0; i < 5; i++) await page.getByTestId('tally-other').click()
  await expect(page.getByTestId('tally-total')).toContainText('今天共 50 人次')

  await page.goto('/me/staff/activities')
  for (const [title, n] of [
    ['湿地观鸟讲座', '40'],
    ['世界湿地日开放日', '300'],
    ['研学：认识湿地植物', '25'],
  ] as const) {
    await page.getByTestId('activity-new').click()
    await page.getByTestId('activity-title').locator('input').fill(title)
    await page.getByTestId('activity-participants').locator('input').fill(n)
    await page.getByTestId('activity-save').click()
    await expect(page.getByTestId('activities-list')).toContainText(title)
  }
  await expect(page.getByTestId('activity-state').first()).toContainText('待上传')

  // Still offline: the phone restarts the app. Nothing is lost.
  await page.reload()
  await expect(page.getByTestId('activities-list').locator('li')).toHaveCount(3)
  await page.goto('/me/staff')
  await expect(page.getByTestId('tally-total')).toContainText('今天共 50 人次')

  // Signing out now would strand the records: blocked.
  await page.goto('/me')
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('logout-blocked')).toBeVisible()
  await expect(page.getByTestId('logout-blocked')).toContainText('没有上传')

  await page.keyboard.press('Escape')
  await context.setOffline(false)
  // Back online: the page pushes by itself (no Background Sync needed).
  await page.goto('/me/staff')
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  await expect
    .poll(
      async () =>
        ((await (await admin.get(`/api/sync/pull?baseId=${BASE}`)).json()) as { records: unknown[] }).records.length,
      { timeout: 20_000 },
    )
    .toBe(55)
  await page.goto('/me/stats')
  await expect(page.getByTestId('stats-total-visitors')).toContainText('50')
  await expect(page.getByTestId('stats-total-activities')).toContainText('3')
  await expect(page.getByTestId('stats-total-participants')).toContainText('365')

  // Everything is on the server now, so signing out goes straight through.
  await page.goto('/me')
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('logout')).toHaveCount(0)

  // The server holds each record exactly once.
  const today = beijingDate(0)
  const stats = await admin.get(`/api/stats/bases/${BASE}?from=${today}&to=${today}&granularity=day`)
  expect(stats.status(), await stats.text()).toBe(200)
  expect(((await stats.json()) as { totals: unknown }).totals).toMatchObject({
    visitors: 50,
    byAudience: { public: 30, student: 15, group: 0, other: 5 },
    activities: 3,
    participants: 365,
  })
  const pull = await admin.get(`/api/sync/pull?baseId=${BASE}`)
  const records = ((await pull.json()) as { records: { kind: string; id: string }[] }).records
  expect(records.filter((r) => r.kind === 'tally')).toHaveLength(51)
  expect(records.filter((r) => r.kind === 'tally-void')).toHaveLength(1)
  expect(records.filter((r) => r.kind === 'activity')).toHaveLength(3)
  expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
  await admin.dispose()
})
