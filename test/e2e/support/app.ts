import type { APIRequestContext, Page } from '@playwright/test'

/** Waits until the service worker controls the page, so that going offline is meaningful. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  // With registerType 'prompt' the first load is not controlled; one reload hands it over.
  await page.reload()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
}

/** Cookie-authenticated writes must carry the page's own Origin (CSRF defence). */
export function originHeaders(baseURL: string): Record<string, string> {
  return { origin: new URL(baseURL).origin }
}

export async function signInApi(
  request: APIRequestContext,
  baseURL: string,
  username: string,
  password: string,
): Promise<void> {
  const response = await request.post('/api/auth/login', {
    data: { username, password },
    headers: originHeaders(baseURL),
  })
  if (!response.ok()) throw new Error(`login as ${username} failed: ${response.status()} ${await response.text()}`)
}
