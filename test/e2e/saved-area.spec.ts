import { expect, test } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'

// A 1×1 PNG stands in for OpenStreetMap tiles (CI has no internet access).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

test('a saved map area shows its tiles offline, at zoom levels never viewed online, and can be deleted', async ({
  page,
  context,
}) => {
  const requested: string[] = []
  await context.route('https://tile.openstreetmap.org/**', (route) => {
    requested.push(route.request().url())
    return route.fulfill({
      status: 200,
      body: PNG,
      headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
    })
  })
  await page.goto('/bases')
  await waitForServiceWorkerControl(page)
  await expect(page.getByTestId('bases-map').locator('.leaflet-container')).toBeVisible()

  await page.getByTestId('save-area').click()
  await expect(page.getByTestId('save-estimate')).toContainText(/约 \d+ 张图块/)
  await page.getByTestId('save-start').click()
  await expect(page.getByTestId('save-done')).toBeVisible({ timeout: 45_000 })
  expect(requested.some((url) => /\/6\/\d+\/\d+\.png$/.test(url))).toBe(true)

  await context.unrouteAll({ behavior: 'ignoreErrors' })
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('offline-indicator')).toBeVisible()
  await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible()
  // Zoom 6 was saved but never displayed: its tiles can only come from the saved-area cache.
  await page.locator('.leaflet-control-zoom-in').click()
  await page.waitForTimeout(500)
  await page.locator('.leaflet-control-zoom-in').click()
  await expect
    .poll(
      () =>
        page
          .locator('img.leaflet-tile-loaded')
          .evaluateAll((imgs) => imgs.filter((i) => /\/6\/\d+\/\d+\.png$/.test((i as HTMLImageElement).src)).length),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0)

  await page.goto('/me/downloads')
  await expect(page.getByTestId('saved-area-complete')).toHaveCount(1)
  await page.getByTestId('delete-area').click()
  await expect(page.getByTestId('saved-area-complete')).toHaveCount(0)
  await context.setOffline(false)
})
