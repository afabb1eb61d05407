import { expect, test } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'

// Screenshots for a person to look at (390×844, zh-CN, light and dark) when SEARCH_SHOTS names a folder.
const shots = process.env.SEARCH_SHOTS
test.use({ viewport: { width: 390, height: 844 } })

test('offline, one search finds a work by pinyin with a base in the same results', async ({ page, context }) => {
  await page.goto('/works')
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('offline-indicator')).toBeVisible()

  // From any tab's header.
  await page.getByTestId('open-search').click()
  await expect(page.getByTestId('view-search')).toBeVisible()
  await page.getByTestId('search-input').locator('input').fill('shidi')

  await expect(page.getByTestId('search-offline')).toContainText('只显示手机上已有的内容')
  const works = page.getByTestId('search-group-work')
  await expect(works.getByTestId('search-hit-work-wetlands-kidneys')).toBeVisible()
  await expect(page.getByTestId('search-group-base').getByTestId('search-hit-base-xixi-wetland')).toBeVisible()
  if (shots) await page.screenshot({ path: `${shots}/search-offline-light.png` })

  // Kind chips narrow the results; a result opens offline.
  await page.getByTestId('search-kind-base').click()
  await expect(works).toHaveCount(0)
  await page.getByTestId('search-kind-base').click()
  await works.getByTestId('search-hit-work-wetlands-kidneys').click()
  await expect(page.getByTestId('work-text')).toContainText('湿地')
  await context.setOffline(false)
})

test('online, the server answers with every kind, and filters narrow it', async ({ page }) => {
  await page.goto('/search?q=%E6%B9%BF%E5%9C%B0')
  await expect(page.getByTestId('search-group-base')).toBeVisible()
  await expect(page.getByTestId('search-group-theme-day')).toBeVisible()
  await expect(page.getByTestId('search-offline')).toHaveCount(0)
  await page.getByTestId('search-filters-toggle').click()
  await page.getByTestId('search-province').selectOption('330000')
  await expect(page.getByTestId('search-hit-base-xixi-wetland')).toBeVisible()
  await expect(page.getByTestId('search-hit-base-haizhu-wetland')).toHaveCount(0)
  if (shots) {
    await page.screenshot({ path: `${shots}/search-filters-light.png` })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.evaluate(() => localStorage.setItem('zk.settings.v1', JSON.stringify({ theme: 'dark' })))
    await page.goto('/search?q=shidi')
    await expect(page.getByTestId('search-group-work')).toBeVisible()
    await page.screenshot({ path: `${shots}/search-dark.png` })
    await page.goto('/works')
    await expect(page.getByTestId('open-search')).toBeVisible()
    await page.screenshot({ path: `${shots}/works-header-dark.png` })
  }
})
