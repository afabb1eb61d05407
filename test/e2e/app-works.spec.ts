import { expect, test, type APIRequestContext } from '@playwright/test'
import { originHeaders, waitForServiceWorkerControl } from './support/app.ts'
import { phone } from './support/phone.ts'
import { adminApi, apiSignedIn, createStaff } from './support/seed.ts'

/*
 * Works reach phones without a release (issue 26), from end to end: an editor publishes an article
 * through the API while a visitor's phone is offline; when the phone reconnects it lists the
 * article, and offline again its search finds it and its page opens.
 */

const EDITOR = { username: 'works-editor-e2e', password: 'editor-password-1', displayName: '作品编辑' }
const TITLE = '湿地里的候鸟驿站'
test.use({ viewport: { width: 390, height: 844 } })

async function call(api: APIRequestContext, baseURL: string, method: 'post' | 'put', url: string, data: object) {
  const response = await api[method](url, { headers: originHeaders(baseURL), data })
  expect(response.status(), await response.text()).toBeLessThan(300)
  return ((await response.json()) as { work: { id: string; publicId: string; version: number } }).work
}

test('a phone that was offline gets an article published meanwhile, and finds it offline', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, EDITOR, 'xixi-wetland', { existing: 'ok' })
  const editor = await apiSignedIn(playwright, baseURL!, EDITOR)
  const me = (await (await editor.get('/api/auth/session')).json()) as { account: { id: string } }
  await call(admin, baseURL!, 'put', `/api/admin/accounts/${me.account.id}/works-editor`, { allowed: true })

  // The visitor has the app, then loses signal.
  const visitorPhone = await phone(browser, baseURL!)
  const visitor = await visitorPhone.newPage()
  await visitor.goto('/works')
  await waitForServiceWorkerControl(visitor)
  await expect(visitor.getByTestId('works-list')).toBeVisible()
  await visitorPhone.setOffline(true)

  // Meanwhile an editor writes an article, the admin approves it, and the editor publishes it.
  const draft = await call(editor, baseURL!, 'post', '/api/editor/works', {
    document: {
      type: 'article',
      title: { zh: TITLE },
      summary: { zh: '候鸟迁徙路上的湿地。' },
      topics: ['farmland'],
      body: '候鸟在**湿地**歇脚、觅食。',
    },
  })
  const step = async (api: APIRequestContext, w: { id: string; version: number }, name: string) =>
    call(api, baseURL!, 'post', `/api/editor/works/${w.id}/${name}`, { version: w.version })
  await step(editor, await step(admin, await step(editor, draft, 'submit'), 'approve'), 'publish')

  // Back in signal: the phone takes the feed and lists the article.
  await visitorPhone.setOffline(false)
  await expect(visitor.getByTestId(`work-${draft.publicId}`)).toContainText(TITLE, { timeout: 15_000 })

  // Offline again: the search finds it, and its page opens.
  await visitorPhone.setOffline(true)
  await visitor.reload()
  await visitor.getByTestId('open-search').click()
  await visitor.getByTestId('search-input').locator('input').fill('候鸟驿站')
  await expect(visitor.getByTestId('search-offline')).toBeVisible()
  const hit = visitor.getByTestId(`search-hit-work-${draft.publicId}`)
  await expect(hit).toBeVisible()
  await hit.click()
  await expect(visitor.getByTestId('work-text').locator('strong')).toHaveText('湿地')

  await editor.dispose()
  await admin.dispose()
  await visitorPhone.close()
})
