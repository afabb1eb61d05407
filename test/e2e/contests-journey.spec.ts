import { readFileSync } from 'node:fs'
import { devices, expect, test, type APIRequestContext } from '@playwright/test'
import { originHeaders, waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn, startsPlaying } from './support/phone.ts'
import { adminApi, beijingDate, createSchool, type Person } from './support/seed.ts'

/*
 * A 讲解大赛 from a phone: a school enters, its upload of the talk loses the connection half way
 * and carries on after a reload from the bytes the server already has; the public votes during
 * the vote; the published results show the winner, whose talk is now a work the visitor saves
 * and watches offline. The programme office's steps between them
 * (nomination check, shortlist, moving the stages to today, awards, publishing) are API calls
 * here: their screens are the admin's (contests/review/).
 */

const SCHOOL: Person = {
  username: 'contest-school',
  password: 'contest-school-password-1',
  displayName: '岳麓实验小学',
}
const MB = 1024 * 1024
/** The works' sample video (H.264/AAC, 640×360, 44 s) padded with a `free` box to 8 MB: four 2 MB chunks. */
const SIZE = 8 * MB
const HALF = SIZE / 2
function paddedSample(): Buffer {
  const sample = readFileSync('public/media/works/video-fire-ice.mp4')
  const pad = Buffer.alloc(SIZE - sample.length)
  pad.writeUInt32BE(pad.length, 0)
  pad.write('free', 4, 'latin1')
  return Buffer.concat([sample, pad])
}
const VTT =
  'WEBVTT\n\n00:00.000 --> 00:04.000\n大家好，我来讲讲冰与火的故事。\n\n00:04.000 --> 00:09.000\n岩浆遇到冰川会怎样？\n'

const stages = (entry: [number, number], vote: [number, number], results: [number, number]) => [
  { stage: 'entry', starts: beijingDate(entry[0]), ends: beijingDate(entry[1]) },
  { stage: 'public-vote', starts: beijingDate(vote[0]), ends: beijingDate(vote[1]) },
  { stage: 'results', starts: beijingDate(results[0]), ends: beijingDate(results[1]) },
]
const config = (s: ReturnType<typeof stages>) => ({
  kind: 'explanation',
  title: { zh: '自然资源科普讲解大赛（演示）', en: 'Science explanation contest (demo)' },
  year: 2026,
  themeDayId: 'earth-day',
  stages: s,
  themes: ['矿产资源', '地质遗迹'],
  videos: [
    {
      slot: 'talk',
      label: { zh: '自主命题讲解', en: 'Talk on a chosen topic' },
      minDurationS: 30,
      maxDurationS: 60,
      maxBytes: 20 * MB,
      minShortSidePx: 360,
      aspectRatios: ['16:9'],
    },
  ],
  quotas: { perOrganisation: 2 },
  criteria: [{ id: 'accuracy', label: { zh: '科学准确', en: 'Accuracy' }, weight: 100, maxScore: 10 }],
  awards: [
    { id: 'first', label: { zh: '一等奖', en: 'First prize' }, kind: 'prize', count: 1 },
    { id: 'popularity', label: { zh: '最佳人气奖', en: 'Popularity award' }, kind: 'special', count: 1 },
  ],
  vote: { mode: 'popularity-award', awardId: 'popularity' },
})

let admin: APIRequestContext
let contestId: string

test.beforeAll(async ({ playwright, baseURL }) => {
  admin = await adminApi(playwright, baseURL!)
  await createSchool(playwright, admin, baseURL!, SCHOOL)
  const made = await admin.post('/api/admin/contests', {
    headers: originHeaders(baseURL!),
    data: { config: config(stages([-2, 2], [5, 8], [9, 30])), published: true },
  })
  expect(made.status(), await made.text()).toBe(201)
  contestId = ((await made.json()) as { contest: { id: string } }).contest.id
})
test.afterAll(async () => {
  await admin.dispose()
})

test('an entry survives a dropped upload, wins the vote, and its work plays offline with its credits', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const origin = originHeaders(baseURL!)
  // The school's phone. No service worker: page.route must see every upload request.
  const schoolPhone = await browser.newContext({
    ...devices['Pixel 7'],
    viewport: { width: 390, height: 844 },
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'block',
  })
  const page = await schoolPhone.newPage()
  await signIn(page, SCHOOL)
  await page.getByTestId('my-contests-link').click()
  // Other contests may be open on the same server (other journeys make their own): this one's card.
  await page.locator('section').filter({ hasText: '自然资源科普讲解大赛（演示）' }).getByTestId('new-entry').click()
  await page.getByLabel('作品标题').fill('冰与火之歌：火山与冰川')
  await page.getByTestId('entry-theme').selectOption('地质遗迹')
  await page.getByLabel('作者（讲解人）').fill('李小红')
  await page.getByLabel('非原创素材占比（%）').fill('5')
  await page.getByTestId('entry-save').click()
  await expect(page).toHaveURL(/\/me\/contests\/entries\//)
  const entryId = page.url().split('/').at(-1)!

  // The connection drops once half the file has arrived: every PATCH from there on fails.
  const patches: { offset: number; bytes: number; cut: boolean }[] = []
  let cutting = true
  await page.route('**/api/uploads/*', async (route) => {
    const request = route.request()
    if (request.method() !== 'PATCH') return route.continue()
    const offset = Number(request.headers()['upload-offset'])
    const bytes = request.postDataBuffer()?.length ?? 0
    const cut = cutting && offset >= HALF
    patches.push({ offset, bytes, cut })
    return cut ? route.abort('internetdisconnected') : route.continue()
  })
  const video = { name: 'bing-yu-huo.mp4', mimeType: 'video/mp4', buffer: paddedSample() }
  await page.getByTestId('video-input').setInputFiles(video)
  await expect(page.getByTestId('upload-progress')).toBeVisible()
  await expect.poll(() => patches.some((p) => p.cut), { timeout: 30_000 }).toBe(true)

  // The server holds exactly the first half.
  const uploadUrl = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('tus::zk-contest-video:'))
    return key ? (JSON.parse(localStorage.getItem(key)!) as { uploadUrl: string }).uploadUrl : null
  })
  expect(uploadUrl).not.toBeNull()
  const head = await page.request.head(uploadUrl!, { headers: { 'tus-resumable': '1.0.0' } })
  expect(head.headers()['upload-offset']).toBe(String(HALF))

  // Back online, the page is reloaded; the same file picked again carries on from the half.
  cutting = false
  await page.reload()
  await expect(page.getByTestId('slot-pending')).toContainText('bing-yu-huo.mp4')
  const before = patches.length
  await page.getByTestId('video-input').setInputFiles(video)
  await expect(page.getByTestId('upload-resumed')).toBeVisible()
  await expect(page.getByTestId('slot-attached')).toContainText('已上传', { timeout: 30_000 })
  const after = patches.slice(before)
  expect(after[0]?.offset).toBe(HALF)
  expect(after.reduce((sum, p) => sum + p.bytes, 0)).toBe(SIZE - HALF)

  await page
    .getByTestId('captions-input')
    .setInputFiles({ name: 'talk.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT) })
  await expect(page.getByTestId('slot-captions')).toContainText('已上传字幕：2 条')
  await page.getByTestId('entry-submit').click()
  await expect(page.getByTestId('entry-submitted')).toBeVisible()
  await schoolPhone.close()

  // The programme office: nomination check, shortlist, and the vote moved to today.
  expect(
    (
      await admin.post(`/api/admin/contest-entries/${entryId}/eligibility`, {
        headers: origin,
        data: { eligible: true },
      })
    ).status(),
  ).toBe(200)
  expect(
    (
      await admin.put(`/api/admin/contests/${contestId}/shortlist`, { headers: origin, data: { entryIds: [entryId] } })
    ).status(),
  ).toBe(200)
  const moved = await admin.put(`/api/admin/contests/${contestId}`, {
    headers: origin,
    data: { config: config(stages([-9, -5], [-1, 1], [2, 30])), published: true },
  })
  expect(moved.status(), await moved.text()).toBe(200)

  // A visitor finds the contest from the works tab and votes.
  const visitorPhone = await phone(browser, baseURL!)
  const visitor = await visitorPhone.newPage()
  await visitor.setViewportSize({ width: 390, height: 844 })
  await visitor.goto('/works')
  await visitor.getByTestId('contests-link').click()
  await visitor.getByTestId('contest-card').filter({ hasText: '讲解大赛（演示）' }).click()
  await expect(visitor).toHaveURL(new RegExp(`/contests/${contestId}$`))
  await expect(visitor.getByTestId('contest-now')).toContainText('现在：公众投票')
  await expect(visitor.getByTestId('vote-guarantee')).toContainText('不能保证')
  const entry = visitor.getByTestId('public-entry').filter({ hasText: '冰与火之歌' })
  await expect(entry.locator('video track[kind="captions"]')).toHaveCount(1)
  await entry.getByTestId('vote-button').click()
  await expect(entry.getByTestId('vote-button')).toContainText('已投票')
  // The phone forgets it voted; the server still refuses a second vote today.
  await visitor.evaluate(() => localStorage.removeItem('zk-contest-votes'))
  await visitor.reload()
  await visitor.getByTestId('public-entry').filter({ hasText: '冰与火之歌' }).getByTestId('vote-button').click()
  await expect(visitor.getByTestId('vote-button')).toContainText('今天已为这件作品投过票')

  // Results: the vote ends, the awards are set and published.
  const ended = await admin.put(`/api/admin/contests/${contestId}`, {
    headers: origin,
    data: { config: config(stages([-9, -5], [-3, -1], [0, 30])), published: true },
  })
  expect(ended.status(), await ended.text()).toBe(200)
  const awards = await admin.put(`/api/admin/contests/${contestId}/results`, {
    headers: origin,
    data: {
      awards: [
        { awardId: 'first', entryIds: [entryId] },
        { awardId: 'popularity', entryIds: [entryId] },
      ],
    },
  })
  expect(awards.status(), await awards.text()).toBe(200)
  const published = await admin.post(`/api/admin/contests/${contestId}/results/publish`, { headers: origin, data: {} })
  expect(published.status(), await published.text()).toBe(200)

  await visitor.reload()
  const results = visitor.getByTestId('contest-results')
  await expect(results.getByTestId('award').filter({ hasText: '一等奖' })).toContainText('冰与火之歌')
  await expect(results.getByTestId('award').filter({ hasText: '最佳人气奖' })).toContainText('冰与火之歌')
  const winnerWork = results.getByTestId('winner-work').first()
  await expect(winnerWork).toHaveAttribute('href', /^\/works\//)

  // The winning talk is now a work in the library: the visitor saves it and watches it offline.
  await winnerWork.click()
  await expect(visitor).toHaveURL(/\/works\//)
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText('冰与火之歌')
  await waitForServiceWorkerControl(visitor)
  await visitor.getByTestId('save-work').click()
  await expect(visitor.getByTestId('save-done')).toContainText('已保存到本机', { timeout: 60_000 })
  await visitorPhone.setOffline(true)
  await visitor.reload()
  await expect(visitor.getByTestId('offline-indicator')).toBeVisible()
  const player = visitor.getByTestId('media-player')
  await expect(player.locator('source')).toHaveAttribute('src', /^blob:/)
  const playing = await startsPlaying(player)
  expect(playing).toBe(true)
  // Its credits name the entrant and the awards, offline too.
  await expect(visitor.getByTestId('work-credits')).toContainText('李小红')
  await expect(visitor.getByTestId('work-credits')).toContainText('一等奖')
  await visitorPhone.setOffline(false)
  await visitorPhone.close()
})
