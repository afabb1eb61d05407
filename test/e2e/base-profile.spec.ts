import { expect, test, type Page } from '@playwright/test'
import sharp from 'sharp'
import { waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import { ADMIN, adminApi, createStaff } from './support/seed.ts'

/*
 * Bases kept up to date by the people who run them (issue 21), from end to end: staff move the pin,
 * set the opening hours and add two photos (one upload loses its connection and resumes), the admin
 * approves, and a visitor whose phone saved the area sees the new hours and photos after going
 * online, and still after going offline again.
 */

const BASE = 'ningxia-geo-museum' // placed at the city of Yinchuan, with no hours, phone or photos
const YINCHUAN = { latitude: 38.4872, longitude: 106.2309 }
const STAFF = { username: 'staff-ningxia', password: 'staff-password-1', displayName: '宁夏地质博物馆馆员' }

// A 1×1 PNG stands in for OpenStreetMap tiles (CI has no internet access).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A phone photo: 1600×1200 of noise over a colour, as a JPEG. */
const photo = (background: string) =>
  sharp({
    create: { width: 1600, height: 1200, channels: 3, background, noise: { type: 'gaussian', mean: 120, sigma: 30 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer()

async function fakeTiles(page: Page): Promise<void> {
  await page.context().route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({
      status: 200,
      body: PNG,
      headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
    }),
  )
}

test('staff set the pin, hours and two photos; the admin approves; a phone that saved the area sees them, online and offline', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, BASE, { existing: 'ok' })

  // A visitor near Yinchuan saves the map area for offline use, with the bases in it.
  const visitorPhone = await phone(browser, baseURL!)
  await visitorPhone.grantPermissions(['geolocation'])
  await visitorPhone.setGeolocation(YINCHUAN)
  const visitor = await visitorPhone.newPage()
  await fakeTiles(visitor)
  await visitor.goto('/bases')
  await waitForServiceWorkerControl(visitor)
  await visitor.getByTestId('locate').click()
  await expect(visitor.getByTestId('origin-status')).toBeVisible()
  await visitor.getByTestId('save-area').click()
  await visitor.getByTestId('save-start').click()
  await expect(visitor.getByTestId('save-done')).toBeVisible({ timeout: 60_000 })
  await expect(visitor.getByTestId('save-bases')).toContainText(/\d+ 个基地/)
  await visitor.goto(`/bases/${BASE}`)
  await expect(visitor.getByTestId('base-missing')).toContainText('开放时间、电话、照片')
  await expect(visitor.getByTestId('approximate-badge')).toBeVisible()
  // The visitor is out of signal while the base changes.
  await visitorPhone.setOffline(true)

  // Staff: the pin, the hours, two photos.
  const staffPhone = await phone(browser, baseURL!)
  const staff = await staffPhone.newPage()
  await fakeTiles(staff)
  await signIn(staff, STAFF)
  await staff.getByTestId('me-base-profile').click()
  await expect(staff.getByTestId('view-base-profile')).toBeVisible()
  await expect(staff.getByTestId('view-base-profile').locator('h1')).toHaveText('宁夏地质博物馆')

  await staff.getByTestId('profile-edit-pin').click()
  const pin = staff.locator('.zk-pin-edit')
  await expect(pin).toBeVisible()
  const box = (await pin.boundingBox())!
  await staff.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await staff.mouse.down()
  await staff.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 8 })
  await staff.mouse.up()
  await expect(staff.getByTestId('profile-pin-value')).toContainText('新位置：38.')

  await staff.getByTestId('hours-start').click()
  await staff.getByTestId('hours-holidays-closed').click()
  await expect(staff.getByTestId('hours-value')).toHaveText('Tu-Su 09:00-17:00; Mo off; PH off')
  await expect(staff.getByTestId('hours-preview-day')).toHaveCount(7)

  // The first PATCH of the uploads loses its connection; tus asks where the server is and resumes.
  let dropped = 0
  await staff.route('**/api/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && dropped === 0) {
      dropped++
      return route.abort('connectionreset')
    }
    return route.continue()
  })
  await staff.getByTestId('photo-gallery').setInputFiles([
    { name: 'entrance.jpg', mimeType: 'image/jpeg', buffer: await photo('#4a7a3c') },
    { name: 'hall.jpg', mimeType: 'image/jpeg', buffer: await photo('#7a4a3c') },
  ])
  const pending = staff.getByTestId('photo-pending-item')
  await expect(pending).toHaveCount(2)
  await pending.nth(0).getByTestId('photo-new-caption').fill('博物馆入口')
  await pending.nth(1).getByTestId('photo-new-caption').fill('矿物展厅')
  await staff.getByTestId('photo-upload-all').click()
  await expect(staff.getByTestId('photo-item')).toHaveCount(2, { timeout: 60_000 })
  expect(dropped).toBe(1)
  await expect(staff.getByTestId('profile-changed')).toContainText('已修改 3 项：位置、开放时间、照片')
  await staff.getByTestId('profile-propose').click()
  await expect(staff.getByTestId('profile-message')).toContainText('已提交，等管理员审核')
  await expect(staff.getByTestId('proposal-status').first()).toHaveText('待审核')

  // The admin reads each field before and after, and approves.
  const adminPhone = await phone(browser, baseURL!)
  const reviewer = await adminPhone.newPage()
  await signIn(reviewer, ADMIN)
  await reviewer.getByTestId('base-proposals-link').click()
  const card = reviewer.getByTestId('review-proposal').filter({ hasText: '宁夏地质博物馆' })
  await expect(card.getByTestId('diff-openingHours').getByTestId('diff-after').first()).toHaveText(
    '周二至周日 09:00–17:00，周一闭馆；法定节假日闭馆',
  )
  await expect(card.getByTestId('diff-location').getByTestId('diff-before')).toContainText('城市')
  await expect(card.getByTestId('diff-photos').getByTestId('diff-after')).toHaveText(['1. 博物馆入口', '2. 矿物展厅'])
  await card.getByTestId('review-approve').click()
  await expect(card.getByTestId('review-done')).toHaveText('已批准并发布')

  // Staff see the outcome.
  await staff.reload()
  await expect(staff.getByTestId('proposal-status').first()).toHaveText('已通过')

  // The visitor's phone gets signal back: the saved base refreshes by itself, photos included.
  await visitorPhone.setOffline(false)
  await expect(visitor.getByTestId('opening-hours')).toContainText('周二至周日 09:00–17:00，周一闭馆', {
    timeout: 20_000,
  })
  await expect(visitor.getByTestId('base-photo')).toHaveCount(2)
  await expect(visitor.getByTestId('approximate-badge')).toHaveCount(0)

  // And offline again, after the app restarts: the same, with the copy's date, photos from the phone.
  await visitorPhone.setOffline(true)
  await visitor.reload()
  await expect(visitor.getByTestId('base-copy-date')).toContainText(/离线查看 · 更新于 \d{4}-\d{2}-\d{2}/)
  await expect(visitor.getByTestId('opening-hours')).toContainText('周二至周日 09:00–17:00，周一闭馆')
  await expect(visitor.getByTestId('base-photo-saved')).toHaveCount(2)
  await expect
    .poll(() =>
      visitor
        .getByTestId('base-photo-saved')
        .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
    )
    .toBe(2)
  await expect(visitor.getByTestId('base-missing')).toContainText('电话')

  await visitorPhone.setOffline(false)
  await Promise.all([visitorPhone.close(), staffPhone.close(), adminPhone.close(), admin.dispose()])
})
