import { expect, test } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'

const tabs = ['bases', 'works', 'calendar', 'notices', 'me'] as const

test.describe('app shell', () => {
  test('is installable: the manifest names the app in Chinese and has the icons', async ({ page, request }) => {
    await page.goto('/')
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(href).toBeTruthy()
    const manifest = await (await request.get(href!)).json() as {
      name: string; short_name: string; lang: string; icons: { sizes: string; purpose?: string }[]; shortcuts: unknown[]
    }
    expect(manifest.name).toBe('自然资源科普')
    expect(manifest.lang).toBe('zh-CN')
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(manifest.icons.some((i) => i.purpose?.includes('maskable'))).toBe(true)
    expect(manifest.shortcuts.length).toBeGreaterThan(0)
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  })

  test('after one online visit it opens and navigates every tab with no network', async ({ page, context }) => {
    await page.goto('/bases')
    await expect(page.getByTestId('view-bases')).toBeVisible()
    await waitForServiceWorkerControl(page)

    await context.setOffline(true)
    await page.reload()
    await expect(page.getByTestId('offline-indicator')).toBeVisible()
    for (const tab of tabs) {
      await page.getByTestId(`tab-${tab}`).click()
      await expect(page.getByTestId(`view-${tab}`)).toBeVisible()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    }
    // Content shipped with the app (bases from content/) is there offline too.
    await page.getByTestId('tab-bases').click()
    await page.getByRole('searchbox').fill('湖南')
    await expect(page.getByTestId('bases-list').getByText('湖南省地质博物馆')).toBeVisible()

    // A deep link typed while offline still opens (navigation fallback to the shell).
    await page.goto('/calendar')
    await expect(page.getByTestId('view-calendar')).toBeVisible()
    await context.setOffline(false)
  })
})
