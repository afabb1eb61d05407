import { expect, test, type Page } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'

const CHANGSHA = { latitude: 28.1941, longitude: 112.9823 }

async function listMode(page: Page) {
  await page.getByTestId('mode-list').click()
  await expect(page.getByTestId('bases-list')).toBeVisible()
}

test.describe('bases near me', () => {
  test('orders bases by distance from my position and shows the distance on every card', async ({ page, context }) => {
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation(CHANGSHA)
    await page.goto('/bases')
    await expect(page.getByTestId('bases-map').locator('.leaflet-container')).toBeVisible()
    await page.getByTestId('locate').click()
    await expect(page.getByTestId('origin-status')).toContainText('按你的当前位置计算距离')
    const first = page.getByTestId('bases-list').locator('li').first()
    await expect(first).toContainText('湖南省')
    await expect(first.getByTestId('base-distance')).toHaveText(/公里|米/)
    // The ten nearest under the map are drawn as the visitor scrolls down to them.
    await expect(async () => {
      await page.getByTestId('bases-list').locator('li').last().scrollIntoViewIfNeeded()
      await expect(page.getByTestId('bases-list').locator('li')).toHaveCount(10, { timeout: 500 })
    }).toPass({ timeout: 10_000 })
    await expect(page.getByTestId('list-more')).toHaveCount(0)
    // Approximate places are circles with a label on the map, never pins.
    await expect(page.locator('.zk-approx').first()).toBeVisible()
  })

  test('without location permission, a picked city is used and the app says so', async ({ page }) => {
    await page.goto('/bases')
    await page.getByTestId('locate').click()
    await expect(page.getByTestId('origin-status')).toContainText(/没有定位权限|无法获取位置/)
    await page.getByTestId('pick-place').click()
    await page.getByTestId('place-province').selectOption('北京市')
    await page.getByTestId('place-whole-province').click()
    await expect(page.getByTestId('origin-status')).toContainText('按 北京市 计算距离（你选择的）')
    await listMode(page)
    await expect(page.getByTestId('bases-list').locator('li').first()).toContainText('北京')
  })

  test('finds a base by pinyin initials and by category filter', async ({ page }) => {
    await page.goto('/bases')
    await listMode(page)
    await page.getByRole('searchbox').fill('zgdzbwg')
    await expect(page.getByTestId('bases-list').locator('li')).toHaveCount(1)
    await expect(page.getByTestId('bases-list')).toContainText('中国地质博物馆')
    await page.getByRole('searchbox').fill('')
    await page.getByTestId('open-filters').click()
    await page.getByTestId('filter-category-marine').click()
    await page.getByTestId('filter-apply').click()
    const cards = page.getByTestId('bases-list').locator('li')
    await expect(cards.first()).toBeVisible()
    for (const text of await cards.allInnerTexts()) expect(text).toContain('海洋')
  })

  test('"open now" uses Beijing time and the detail page says until when', async ({ page }) => {
    // Wednesday 10:00 in Beijing.
    await page.clock.setFixedTime(new Date('2026-11-25T02:00:00Z'))
    await page.goto('/bases')
    await listMode(page)
    await page.getByTestId('open-filters').click()
    await page.getByTestId('filter-open-now').click()
    await page.getByTestId('filter-apply').click()
    await expect(page.getByTestId('bases-list')).toContainText('中国地质博物馆')
    await page.getByTestId('base-geological-museum-of-china').click()
    await expect(page.getByTestId('opening-state')).toHaveText('开放中，16:30 闭馆')
  })

  test('detail page: navigation hand-off in GCJ-02/BD-09, share link round trip, passport stamp', async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto('/bases/geological-museum-of-china')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('中国地质博物馆')
    const amap = await page.getByTestId('navigate-amap').getAttribute('href')
    const [lon, lat] = new URL(amap!).searchParams.get('position')!.split(',').map(Number)
    // GCJ-02 is shifted a few hundred metres from the WGS-84 coordinates in content.
    expect(Math.abs(lon! - 116.3722) + Math.abs(lat! - 39.9235)).toBeGreaterThan(0.002)
    expect(await page.getByTestId('navigate-baidu').getAttribute('href')).toContain('coord_type=bd09ll')

    await page.evaluate(() => {
      Object.defineProperty(navigator, 'share', { value: undefined })
    })
    await page.getByTestId('share').click()
    await expect(page.getByTestId('share-copied')).toBeVisible()
    const link = await page.evaluate(() => navigator.clipboard.readText())
    expect(link).toBe(`${baseURL}/bases/geological-museum-of-china`)

    await page.getByTestId('mark-visited').click()
    await expect(page.getByTestId('mark-visited')).toContainText('已打卡')
    await page.goto(link)
    await expect(page.getByTestId('mark-visited')).toContainText('已打卡')
    await page.getByTestId('tab-me').click()
    await expect(page.getByTestId('passport')).toContainText('已打卡 1 个基地')
  })

  test('offline: list, search, map markers and detail pages still work', async ({ page, context }) => {
    await page.goto('/bases')
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    await page.reload()
    await expect(page.locator('.zk-cluster, .zk-pin, .zk-approx').first()).toBeVisible()
    await listMode(page)
    await page.getByRole('searchbox').fill('hunan')
    await expect(page.getByTestId('bases-list')).toContainText('湖南省地质博物馆')
    await page.getByTestId('base-hunan-geo-museum').click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('湖南省地质博物馆')
    await page.goto('/bases/geological-museum-of-china')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('中国地质博物馆')
    await context.setOffline(false)
  })
})
