import { expect, test, type Page } from '@playwright/test'
import { waitForServiceWorkerControl } from './support/app.ts'
import { startsPlaying } from './support/phone.ts'

const VIDEO = 'video-fire-ice'

const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0)

test('a saved video plays offline after a reload, and deleting it frees the space', async ({ page, context }) => {
  await page.goto(`/works/${VIDEO}`)
  await waitForServiceWorkerControl(page)
  const save = page.getByTestId('save-work')
  await expect(save).toContainText(/保存离线（\d+ KB）/)
  const before = await usage(page)
  await save.click()
  await expect(page.getByTestId('save-done')).toContainText('已保存到本机', { timeout: 30_000 })
  // The browser accounts for a stored blob a moment after its transaction commits: wait for it.
  await expect.poll(async () => (await usage(page)) - before, { timeout: 15_000 }).toBeGreaterThan(100_000)
  const afterSave = await usage(page)

  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('offline-indicator')).toBeVisible()
  const player = page.getByTestId('media-player')
  await expect(player).toBeVisible()
  // Plays from the IndexedDB blob (an object URL), not from the network.
  await expect(player.locator('source')).toHaveAttribute('src', /^blob:/)
  const playing = await startsPlaying(player)
  expect(playing).toBe(true)
  await expect.poll(() => player.evaluate((el) => (el as HTMLVideoElement).currentTime)).toBeGreaterThan(0.2)

  await page.goto('/me/downloads')
  await expect(page.getByTestId(`saved-work-${VIDEO}`)).toBeVisible()
  await expect(page.getByTestId('saved-works-total')).toContainText('1 项作品')
  await page.getByTestId('delete-work').click()
  await expect(page.getByTestId(`saved-work-${VIDEO}`)).toHaveCount(0)
  await expect(page.getByText('还没有保存作品')).toBeVisible()
  await expect.poll(() => usage(page), { timeout: 15_000 }).toBeLessThan(afterSave - 100_000)
  await context.setOffline(false)
})

test('search works offline by a two-character Chinese word and by pinyin', async ({ page, context }) => {
  await page.goto('/works')
  await waitForServiceWorkerControl(page)
  await context.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('offline-indicator')).toBeVisible()
  const search = page.getByTestId('works-search').locator('input')

  await search.fill('湿地')
  const list = page.getByTestId('works-list')
  await expect(list.getByTestId('work-wetlands-kidneys')).toBeVisible()
  await expect(page.getByText(/找到 \d+ 项/)).toBeVisible()

  await search.fill('keranbing')
  await expect(list.locator('[data-testid^="work-gas-hydrate"]').first()).toBeVisible()
  await search.fill('zzzqqq')
  await expect(page.getByText('没有找到与“zzzqqq”相关的作品')).toBeVisible()

  // A work opens offline too (text is precached with the app).
  await search.fill('shidi')
  await list.getByTestId('work-wetlands-kidneys').click()
  await expect(page.getByTestId('work-text')).toContainText('湿地')
  await context.setOffline(false)
})

test('opening the works tab draws no step of the list more than the screen needs', async ({ page }) => {
  await page.goto('/works')
  const list = page.getByTestId('works-list')
  await expect(list.locator(':scope > li').first()).toBeVisible()
  // Once the list has stopped growing (the same count a moment apart) …
  let drawn = -1
  await expect
    .poll(
      async () => {
        const before = drawn
        await page.waitForTimeout(300)
        drawn = await list.locator(':scope > li').count()
        return drawn === before
      },
      { timeout: 10_000 },
    )
    .toBe(true)
  const geometry = await page.evaluate(() => {
    const items = [...document.querySelectorAll('[data-testid="works-list"] > li')]
    const more = document.querySelector('[data-testid="list-more"]')
    return {
      reach: innerHeight * 1.5, // the screen and half a screen below it (ProgressiveList's observer margin)
      end: more?.getBoundingClientRect().top ?? Number.POSITIVE_INFINITY,
      beforeLastStep: items.length > 6 ? items[items.length - 5]!.getBoundingClientRect().bottom : null,
    }
  })
  // … its end lies beyond reach, so it stopped; and the last step was needed: before it, the end was within reach.
  expect(geometry.end).toBeGreaterThan(geometry.reach)
  if (geometry.beforeLastStep !== null) expect(geometry.beforeLastStep).toBeLessThan(geometry.reach)
})

test('the works list draws what is on screen first and the rest as the visitor scrolls, or on request', async ({
  page,
}) => {
  await page.goto('/works')
  const cards = page.getByTestId('works-list').locator(':scope > li')
  await expect(cards.first()).toBeVisible()
  // The 47 shipped works, and those other journeys on this server published in the app (the phone
  // takes the works feed as the app opens). Works made in the app have UUIDs, shipped ones their
  // content ids: an edited shipped work counts once, a withdrawn one is one fewer.
  const feed = (await (await page.request.get('/api/works')).json()) as { works: { id: string }[]; removed: string[] }
  const madeInApp = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id)
  const total =
    47 + feed.works.filter((w) => madeInApp(w.id)).length - feed.removed.filter((id) => !madeInApp(id)).length
  await expect(page.locator('.works__count')).toHaveText(`共 ${String(total)} 项`)
  // The list may already be growing (its end can sit within half a screen of a tall viewport), so the
  // count and the button are read in one go: whatever has been drawn, the button names exactly the rest.
  const snapshot = await page.evaluate(() => ({
    drawn: document.querySelectorAll('[data-testid="works-list"] > li').length,
    button: document.querySelector('[data-testid="list-more"]')?.textContent.trim() ?? null,
  }))
  expect(snapshot.drawn).toBeLessThan(total) // not the whole list at once: a slow phone would freeze while it drew
  expect(snapshot.button).toBe(`再显示 ${String(total - snapshot.drawn)} 项`)
  const more = page.getByTestId('list-more')

  // Scrolling towards the end draws more; reaching it draws everything, and the button goes.
  await expect(async () => {
    if (await more.count()) await more.scrollIntoViewIfNeeded()
    await expect(more).toHaveCount(0, { timeout: 500 })
  }).toPass({ timeout: 20_000 })
  await expect(cards).toHaveCount(total)

  // A new filter starts the list again from its first items; a keyboard reaches the button and presses it.
  await page.evaluate(() => {
    window.scrollTo(0, 0)
  })
  await page.getByTestId('works-type-article').click()
  await page.getByTestId('works-type-article').click()
  await expect(cards).not.toHaveCount(total)
  const before = await cards.count()
  const button = page.getByRole('button', { name: /^再显示 \d+ 项$/ })
  await button.focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => cards.count()).toBeGreaterThan(before)
})
