import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from '../../playwright.config.ts'
import { signInApi, waitForServiceWorkerControl } from './support/app.ts'

const HUNAN = '430000'

test('an admin issues a notice for Hunan; a visitor following Hunan sees the banner, and later, offline, the notice and its guide still open', async ({
  browser,
  page,
  context,
  baseURL,
}) => {
  // Two browsers and a service worker install: more than the default minute on a busy machine.
  test.setTimeout(150_000)
  // The visitor has opened the app before (its service worker installed); the alert comes later.
  await page.goto('/notices')
  await waitForServiceWorkerControl(page)

  // The admin, in their own browser: signs in and issues a red landslide alert for 湖南省 from the form.
  const adminContext = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await signInApi(adminContext.request, baseURL!, E2E_ADMIN.username, E2E_ADMIN.password)
  const admin = await adminContext.newPage()
  await admin.goto('/notices/admin')
  await admin.getByTestId('notice-headline').locator('input').fill('湘西州滑坡红色预警（演练）')
  await admin.getByTestId('notice-level-red').check()
  await admin.getByTestId('notice-hazard-landslide').check()
  await admin
    .getByTestId('notice-instruction-input')
    .locator('textarea')
    .fill('远离陡坡和沟口，发现裂缝立即向滑坡两侧撤离。')
  await admin.getByTestId('notice-area-description').locator('input').fill('湖南省湘西州山区')
  await admin.getByTestId(`notice-admin-province-${HUNAN}`).check()
  await admin.getByTestId('notice-submit').click()
  await expect(admin.getByTestId('notice-issued')).toContainText('湘西州滑坡红色预警（演练）')
  await adminContext.close()

  // The visitor opens the app again and follows 湖南省 in the 通知 tab: the banner appears, in red.
  await page.reload()
  await page.getByTestId('notice-areas-open').click()
  await page.getByTestId(`notice-province-${HUNAN}`).check()
  await page.getByTestId('notice-areas-done').click()
  const banner = page.getByTestId('notice-banner')
  await expect(banner).toContainText('红色预警 · 湘西州滑坡红色预警（演练）')
  await expect(banner).toHaveAttribute('data-level', 'red')
  await expect(page.getByTestId('notices-current')).toContainText('湘西州滑坡红色预警（演练）')

  // The banner follows them to other tabs.
  await page.getByTestId('tab-works').click()
  await expect(banner).toBeVisible()

  await banner.getByRole('link').click()
  await expect(page.getByTestId('notice-instruction')).toContainText('向滑坡两侧撤离')
  const noticeUrl = page.url()

  // Later, with no signal: the notice (from the saved copy) and its guide still open.
  await context.setOffline(true)
  await page.goto(noticeUrl)
  await expect(page.getByTestId('offline-indicator')).toBeVisible()
  await expect(page.getByTestId('notice-instruction')).toContainText('向滑坡两侧撤离')
  await expect(page.getByTestId('notice-banner')).toBeVisible()
  await page.getByTestId('notice-guide-landslide').click()
  await expect(page.getByTestId('view-guide')).toContainText('滑坡避险指南')
  await expect(page.getByTestId('view-guide')).toContainText('识别征兆')
  await context.setOffline(false)
})
