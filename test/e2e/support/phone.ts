import { devices, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test'
import type { Person } from './seed.ts'

/** A phone of its own (cookies, IndexedDB, service worker) for each person, as in real life. */
export function phone(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    ...devices['Pixel 7'],
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  })
}

/** Types the username and password into the sign-in form on screen and taps 登录. */
export async function fillSignIn(page: Page, who: Pick<Person, 'username' | 'password'>): Promise<void> {
  await page.getByLabel('用户名').fill(who.username)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** Signs in the way a person does (我的 → 登录, typing) and waits for 我的 to show their name. */
export async function signIn(page: Page, who: Person): Promise<void> {
  await page.goto('/me/login')
  await fillSignIn(page, who)
  await expect(page.getByTestId('me-account')).toContainText(who.displayName)
}

/** Starts a video muted (as a phone allows without a tap) and says whether it played within 10 s. */
export function startsPlaying(player: Locator): Promise<boolean> {
  return player.evaluate(
    (el) =>
      new Promise<boolean>((resolve) => {
        const video = el as HTMLVideoElement
        video.muted = true
        video.addEventListener('playing', () => resolve(true), { once: true })
        video.addEventListener('error', () => resolve(false), { once: true })
        void video.play().catch(() => resolve(false))
        setTimeout(() => resolve(false), 10_000)
      }),
  )
}
