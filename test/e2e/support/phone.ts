import { devices, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
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
