import { expect, test, type Page } from '@playwright/test'
import { originHeaders, waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import { ADMIN, adminApi, apiSignedIn, createStaff } from './support/seed.ts'

/*
 * The works editor's screens (issue 26), from end to end: the admin lets a base's staff member edit
 * works on the account's page; the staff member writes an article and a video (uploaded resumably,
 * with captions) on the phone and submits the article; the admin, a second editor, approves and
 * publishes it on the same screens. A visitor's phone that was offline meanwhile lists it after
 * reconnecting, and the one search finds it by pinyin. The e2e specs share one server, so the
 * accounts here are this run's own and no list is assumed empty.
 */

const run = Date.now().toString(36)
const STAFF = { username: `works-ed-${run}`, password: 'works-editor-pass-1', displayName: `作品编辑${run}` }
// 张 begins a base's name (张掖国家地质公园) and chief experts' (张洪涛 …): one pinyin query finds all three kinds.
const TITLE = '张掖的七彩丹霞'
// Screenshots for a person to look at (390×844, zh-CN) when WORKS_EDITOR_SHOTS names a folder.
const shots = process.env.WORKS_EDITOR_SHOTS
test.use({ viewport: { width: 390, height: 844 } })

async function editorIdFrom(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/me\/editor\/works\/[0-9a-f-]{36}$/)
  return page.url().split('/').at(-1)!
}

test('an editor writes an article and a video on the phone, a second editor publishes them, a visitor finds them offline', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000)
  const admin = await adminApi(playwright, baseURL!)
  await createStaff(admin, baseURL!, STAFF, 'xixi-wetland')
  const staffApi = await apiSignedIn(playwright, baseURL!, STAFF)
  const { account } = (await (await staffApi.get('/api/auth/session')).json()) as { account: { id: string } }
  await staffApi.dispose()

  // The admin lets the staff member edit works, on the account's page.
  const adminPhone = await phone(browser, baseURL!)
  const adminPage = await adminPhone.newPage()
  await signIn(adminPage, ADMIN)
  await adminPage.goto(`/me/admin/accounts/${account.id}`)
  await adminPage.getByTestId('account-works-editor').click()
  await expect(adminPage.getByTestId('account-works-editor-said')).toHaveText('已允许编辑作品')

  // A visitor has the works tab, then loses signal.
  const visitorPhone = await phone(browser, baseURL!)
  const visitor = await visitorPhone.newPage()
  await visitor.goto('/experts')
  await waitForServiceWorkerControl(visitor)
  await expect(visitor.getByTestId('experts-list')).toBeVisible()
  await visitor.goto('/works')
  await expect(visitor.getByTestId('works-list')).toBeVisible()
  await visitorPhone.setOffline(true)

  // The staff member writes an article from 我的, sees the text as visitors will, saves and submits it.
  const staffPhone = await phone(browser, baseURL!)
  const staff = await staffPhone.newPage()
  await signIn(staff, STAFF)
  await staff.getByTestId('works-editor-link').click()
  await staff.getByTestId('work-new').click()
  await staff.getByTestId('work-save').click()
  await expect(staff.getByTestId('work-title-zh')).toContainText('请填写中文标题')
  await staff.getByTestId('work-title-zh').locator('input').fill(TITLE)
  await staff.getByTestId('work-summary-zh').locator('textarea').fill('红色砂岩层层叠叠，是怎样形成的。')
  await staff.getByTestId('work-body').locator('textarea').fill('雨后的丹霞**很安静**，岩层像彩带一样。')
  await expect(staff.getByTestId('work-live-preview').locator('strong')).toHaveText('很安静')
  if (shots) await staff.screenshot({ path: `${shots}/works-editor-form.png`, fullPage: true })
  await staff.getByTestId('work-save').click()
  const id = await editorIdFrom(staff)
  await expect(staff.getByTestId('work-editor-message')).toHaveText('已创建草稿')
  await staff.getByTestId('work-submit').click()
  await expect(staff.getByTestId('work-state')).toHaveText('待审核')
  // Its last editor may not approve it: the screen says so before and after.
  await expect(staff.getByTestId('work-self-approve-hint')).toBeVisible()
  await staff.getByTestId('work-approve').click()
  await expect(staff.getByTestId('work-editor-problem')).toContainText('请另一位编辑通过')

  // A video too: uploaded resumably, with its captions, and previewed as visitors will see it.
  await staff.goto('/me/editor/works/new')
  await staff.getByTestId('work-type').selectOption('video')
  await staff.getByTestId('work-title-zh').locator('input').fill(`可燃冰的故事 ${run}`)
  await staff.getByTestId('work-summary-zh').locator('textarea').fill('海底的可燃冰是怎样形成的。')
  await staff.getByTestId('work-media-input').setInputFiles('public/media/works/video-fire-ice.mp4')
  await expect(staff.getByTestId('work-media-done')).toBeVisible({ timeout: 60_000 })
  await staff.getByTestId('work-captions-input').setInputFiles('public/media/works/video-fire-ice.vtt')
  await expect(staff.getByTestId('work-captions-loaded')).toBeVisible()
  await staff.getByTestId('work-save').click()
  const videoId = await editorIdFrom(staff)
  await staff.getByRole('tab', { name: '预览' }).click()
  await expect(staff.getByTestId('work-preview').locator('video')).toBeVisible()
  if (shots) await staff.screenshot({ path: `${shots}/works-editor-preview.png` })
  await staff.getByRole('tab', { name: '编辑' }).click()
  await staff.getByTestId('work-submit').click()
  await expect(staff.getByTestId('work-state')).toHaveText('待审核')

  // The admin, a second editor, finds the article among those in review, approves and publishes it.
  await adminPage.goto('/me')
  await adminPage.getByTestId('works-editor-link').click()
  await adminPage.getByTestId('works-filter-in_review').click()
  await adminPage.getByTestId(`editor-work-${id}`).click()
  await adminPage.getByRole('tab', { name: '预览' }).click()
  await expect(adminPage.getByTestId('work-preview-text').locator('strong')).toHaveText('很安静')
  await adminPage.getByRole('tab', { name: '编辑' }).click()
  await adminPage.getByTestId('work-approve').click()
  await expect(adminPage.getByTestId('work-state')).toHaveText('已通过')
  await adminPage.getByTestId('work-publish').click()
  await expect(adminPage.getByTestId('work-listed')).toBeVisible()
  await adminPage.getByRole('tab', { name: '历史' }).click()
  await expect(adminPage.getByTestId('work-history-entry').first()).toContainText('发布')
  await expect(adminPage.getByTestId('work-history')).toContainText(STAFF.displayName)
  if (shots) {
    await adminPage.emulateMedia({ colorScheme: 'dark' })
    await adminPage.screenshot({ path: `${shots}/works-editor-history.png` })
  }

  // The video too, from the list of works in review.
  await adminPage.goto('/me/editor/works')
  await adminPage.getByTestId('works-filter-in_review').click()
  await adminPage.getByTestId(`editor-work-${videoId}`).click()
  await adminPage.getByTestId('work-approve').click()
  await expect(adminPage.getByTestId('work-state')).toHaveText('已通过')
  await adminPage.getByTestId('work-publish').click()
  await expect(adminPage.getByTestId('work-listed')).toBeVisible()

  // Back in signal, the visitor's phone lists both; offline again, the one search finds the
  // article by pinyin, with a base and an expert in the same results.
  await visitorPhone.setOffline(false)
  await expect(visitor.getByTestId(`work-${id}`)).toContainText(TITLE, { timeout: 15_000 })
  await expect(visitor.getByTestId(`work-${videoId}`)).toContainText('可燃冰的故事')
  await visitorPhone.setOffline(true)
  await visitor.reload()
  await visitor.getByTestId('open-search').click()
  await visitor.getByTestId('search-input').locator('input').fill('zhang')
  await expect(visitor.getByTestId('search-offline')).toBeVisible()
  await expect(visitor.getByTestId('search-hit-base-zhangye-geopark')).toBeVisible()
  await expect(visitor.locator('[data-testid^="search-hit-expert-"]').first()).toBeVisible()
  const hit = visitor.getByTestId(`search-hit-work-${id}`)
  await expect(hit).toBeVisible()
  await hit.click()
  await expect(visitor.getByTestId('work-text').locator('strong')).toHaveText('很安静')
  await visitorPhone.setOffline(false)

  // The video unpublished (the admin is still on its page), visitors no longer see it; the article stays.
  await adminPage.getByTestId('work-unpublish').click()
  await expect(adminPage.getByTestId('work-listed')).toHaveCount(0)
  const feed = await admin.get('/api/works', { headers: originHeaders(baseURL!) })
  const listed = ((await feed.json()) as { works: { id: string }[] }).works.map((w) => w.id)
  expect(listed).not.toContain(videoId)
  expect(listed).toContain(id)
  await visitor.goto('/works')
  await expect(visitor.getByTestId(`work-${videoId}`)).toHaveCount(0, { timeout: 15_000 })

  await admin.dispose()
  await Promise.all([adminPhone.close(), staffPhone.close(), visitorPhone.close()])
})
