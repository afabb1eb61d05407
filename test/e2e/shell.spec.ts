import { expect, test, type Page } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'

const tabs = ['bases', 'works', 'calendar', 'notices', 'me'] as const

test.describe('app shell', () => {
  test('is installable: the manifest names the app in Chinese and has the icons', async ({ page, request }) => {
    await page.goto('/')
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(href).toBeTruthy()
    const manifest = (await (await request.get(href!)).json()) as {
      name: string
      short_name: string
      lang: string
      icons: { sizes: string; purpose?: string }[]
      shortcuts: unknown[]
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
    // Hunan has several bases now (its Global Geoparks too): the whole list, not the three nearest.
    await page.getByTestId('mode-list').click()
    await expect(page.getByTestId('bases-list').getByText('湖南省地质博物馆')).toBeVisible()

    // A deep link typed while offline still opens (navigation fallback to the shell).
    await page.goto('/calendar')
    await expect(page.getByTestId('view-calendar')).toBeVisible()
    await context.setOffline(false)
  })
})

test.describe('the static shell, before the app code arrives', () => {
  // The modules are held back: what shows is index.html and public/before-first-paint.js alone, which is what a
  // phone on a slow network paints first (scripts/vite-app-shell.ts).
  const holdModules = async (page: Page) => {
    await page.route('**/assets/*.js', (route) => route.abort())
  }

  test('shows the tab bar and the title of the tab, in Chinese, with working links', async ({ page }) => {
    await holdModules(page)
    await page.goto('/calendar')
    const shell = page.locator('[data-shell]')
    await expect(shell.getByRole('heading', { level: 1, name: '主题日历' })).toBeVisible()
    const nav = shell.getByRole('navigation', { name: '自然资源科普' })
    await expect(nav.getByRole('link')).toHaveText(['地图', '作品', '日历', '通知', '我的'])
    await expect(nav.getByRole('link', { name: '日历' })).toHaveAttribute('aria-current', 'page')
    await expect(nav.getByRole('link', { name: '作品' })).toHaveAttribute('href', '/works')
    // A deeper screen has no title of its own in the shell, only the tab bar.
    await page.goto('/calendar/events/x')
    await expect(shell.getByRole('heading', { level: 1 })).toBeHidden()
    await expect(nav.getByRole('link', { name: '日历' })).toHaveAttribute('aria-current', 'page')
  })

  test('follows the saved language and a dark theme from the first paint', async ({ page }) => {
    await page.addInitScript(() =>
      localStorage.setItem('zk.settings.v1', JSON.stringify({ locale: 'en', theme: 'dark' })),
    )
    await holdModules(page)
    await page.goto('/works')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.locator('html')).toHaveClass(/van-theme-dark/)
    const shell = page.locator('[data-shell]')
    await expect(shell.getByRole('heading', { level: 1 })).toHaveText('Popular-science works')
    await expect(shell.getByRole('navigation').getByRole('link')).toHaveText([
      'Map',
      'Works',
      'Calendar',
      'Notices',
      'Me',
    ])
  })

  test('is styled by the HTML alone: no stylesheet request stands before the first paint, none is loaded twice', async ({
    page,
  }) => {
    const stylesheets: string[] = []
    page.on('request', (r) => {
      if (r.resourceType() === 'stylesheet') stylesheets.push(new URL(r.url()).pathname)
    })
    await holdModules(page)
    await page.goto('/works')
    // The tab bar is laid out by the inlined first-screen CSS, with its icon font.
    const nav = page.locator('[data-shell] nav')
    await expect(nav).toHaveCSS('position', 'fixed')
    await expect
      .poll(() =>
        page.evaluate(async () => {
          await document.fonts.ready
          return [...document.fonts].some((f) => f.status === 'loaded')
        }),
      )
      .toBe(true)
    expect(stylesheets).toEqual([])

    // With the app running, lazy screens load their own CSS, but never a file already inline.
    await page.unrouteAll()
    await page.goto('/works')
    await expect(page.getByTestId('works-list')).toBeVisible()
    const inline = await page
      .locator('style[data-href]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-href')))
    expect(inline.length).toBeGreaterThan(0)
    expect(stylesheets.filter((s) => inline.includes(s))).toEqual([])
  })

  test('is replaced by the app, which draws the same tab bar', async ({ page }) => {
    await page.goto('/calendar')
    await expect(page.getByTestId('view-calendar')).toBeVisible()
    await expect(page.locator('[data-shell]')).toHaveCount(0)
    await expect(page.getByRole('navigation').getByRole('link')).toHaveText(['地图', '作品', '日历', '通知', '我的'])
  })
})
