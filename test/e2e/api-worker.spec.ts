import { expect, test, type Page } from '@playwright/test'

/*
 * Validated reads (the notices feed, the calendar's events) run in a dedicated worker, so Zod and
 * IndexedDB work never blocks the screen (src/client/api/off-thread.ts). Where the worker cannot
 * run, the page does the same work itself: a visitor never loses the list because of it.
 */

/** The calendar and the notices tab have their data, from the server just now. */
async function expectLiveLists(page: Page): Promise<void> {
  await page.goto('/calendar')
  await expect(page.locator('[data-testid^="event-"]').first().or(page.getByTestId('events-empty'))).toBeVisible()
  await expect(page.getByTestId('events-failed')).toHaveCount(0)
  await expect(page.getByTestId('events-saved-note')).toHaveCount(0)
  await page.getByRole('link', { name: '通知' }).click()
  await expect(page.getByTestId('view-notices')).toBeVisible()
  await expect(page.getByText('暂无预警通知').or(page.getByTestId('notices-current'))).toBeVisible()
  await expect(page.getByText('暂时无法获取通知，请联网后重试。')).toHaveCount(0)
  await expect(page.getByTestId('notices-saved')).toHaveCount(0)
}

test('the calendar and the notices are fetched and validated in the API worker', async ({ page }) => {
  const started = page.waitForEvent('worker', (w) => /api\.worker/.test(w.url()))
  await expectLiveLists(page)
  await started
})

test('when the worker script cannot load, the page fetches and validates the lists itself', async ({ page }) => {
  let blocked = 0
  await page.route(/\/assets\/api\.worker-[^/]*\.js$/, async (route) => {
    blocked++
    await route.abort()
  })
  await expectLiveLists(page)
  expect(blocked).toBeGreaterThan(0)
})
