import { readFileSync } from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { originHeaders } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import {
  ADMIN,
  adminApi,
  apiSignedIn,
  beijingDate,
  createSchool,
  type Person,
  type Playwright,
} from './support/seed.ts'

/*
 * Judging a contest end to end, each person on a phone of their own (Pixel 7, Chinese): the
 * programme office sets up a 讲解大赛 through its form, a school's entry arrives (through the API:
 * the entrant's screens are tested on their own), the office checks it and forms a panel of two
 * experts, each judge watches the entry and scores it, the other's scores showing only once both
 * have handed in, and the office reads the ranking and publishes the results.
 */

const SCHOOL: Person = { username: 'review-school', password: 'Review-School-2026', displayName: '星海中学' }
const JUDGES = [
  { name: '王岩松', username: 'judge-wang', password: 'a-long-judge-passphrase-1' },
  { name: '李海澜', username: 'judge-li', password: 'a-long-judge-passphrase-2' },
] as const
const TITLE = '花岗岩讲解大赛（测试）'
const VTT = 'WEBVTT\n\n00:00.000 --> 00:04.000\n大家好，我来讲讲花岗岩。\n'
const TUS = { 'tus-resumable': '1.0.0' }
const b64 = (value: string) => Buffer.from(value).toString('base64')

/** An expert invited by the admin who set up their account from the link: their profile id. */
async function invitedJudge(
  playwright: Playwright,
  admin: APIRequestContext,
  baseURL: string,
  judge: (typeof JUDGES)[number],
): Promise<string> {
  const made = await admin.post('/api/admin/experts', {
    headers: originHeaders(baseURL),
    data: { name: judge.name, title: '研究员', institution: null },
  })
  expect(made.status(), await made.text()).toBe(201)
  const { expert, invite } = (await made.json()) as { expert: { id: string }; invite: { token: string } }
  const link = await playwright.request.newContext({ baseURL })
  const accepted = await link.post('/api/expert-invites/accept', {
    headers: originHeaders(baseURL),
    data: { token: invite.token, username: judge.username, password: judge.password },
  })
  expect(accepted.status(), await accepted.text()).toBeLessThan(300)
  await link.dispose()
  return expert.id
}

/** The school's entry with the sample video (H.264/AAC, 44 s, 640×360) and captions, submitted. */
async function submittedEntry(school: APIRequestContext, baseURL: string, contestId: string): Promise<string> {
  const headers = originHeaders(baseURL)
  const made = await school.post(`/api/contests/${contestId}/entries`, {
    headers,
    data: {
      title: '花岗岩的一生',
      theme: '地质遗迹',
      description: '从岩浆到山峰。',
      entrantNames: ['张小明'],
      declaration: { nonOriginalPercent: 5, aiGeneratedPercent: 0, sources: '片头素材来自学校资料库' },
    },
  })
  expect(made.status(), await made.text()).toBe(201)
  const entryId = ((await made.json()) as { entry: { id: string } }).entry.id
  const video = readFileSync('public/media/works/video-fire-ice.mp4')
  const created = await school.post('/api/uploads', {
    headers: {
      ...headers,
      ...TUS,
      'upload-length': String(video.length),
      'upload-metadata': `purpose ${b64('contest-video')},filename ${b64('talk.mp4')}`,
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const sent = await school.patch(created.headers().location!, {
    headers: {
      ...headers,
      ...TUS,
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    data: video,
  })
  expect(sent.status(), await sent.text()).toBe(200)
  const mediaId = ((await sent.json()) as { media: { id: string } }).media.id
  for (const [url, data] of [
    [`/api/contest-entries/${entryId}/videos/talk`, { mediaId }],
    [`/api/contest-entries/${entryId}/captions/talk`, { vtt: VTT }],
  ] as const) {
    const put = await school.put(url, { headers, data })
    expect(put.status(), await put.text()).toBe(200)
  }
  const submitted = await school.post(`/api/contest-entries/${entryId}/submit`, { headers })
  expect(submitted.status(), await submitted.text()).toBe(200)
  return entryId
}

/** Types into a Vant stepper's box, as a judge or admin does for a number far from the default. */
async function setStepper(page: Page, scope: string, field: string, value: number): Promise<void> {
  const input = page.getByTestId(scope).locator('.van-field', { hasText: field }).locator('.van-stepper__input')
  await input.fill(String(value))
  await input.blur()
}

async function score(page: Page, entryId: string, scores: [number, number, number]): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('judging-link').click()
  await expect(page.getByTestId('judging-panels')).toContainText(TITLE)
  await page.getByTestId('judging-panel-preliminary').click()
  await expect(page.getByTestId('judging-blind')).toBeVisible()
  await expect(page.getByTestId('judging-entries')).not.toContainText('星海中学') // blind: no organisation
  await page.getByTestId(`judging-entry-${entryId}`).click()
  const video = page.getByTestId('judge-video-talk').locator('video')
  await expect(video).toHaveAttribute('src', /\/api\/media\//)
  await expect(video.locator('track[kind="captions"]')).toHaveAttribute('src', /.+/)
  await page.getByTestId('score-accuracy').locator('input').fill(String(scores[0]))
  await page.getByTestId('score-expression').locator('input').fill(String(scores[1]))
  await page.getByTestId('score-manner').locator('input').fill(String(scores[2]))
  await page.getByTestId('comment-accuracy').locator('textarea').fill('概念准确，举例贴切')
  await page.getByTestId('score-submit').click()
  await expect(page.getByTestId('judging-message')).toContainText('评分已提交')
}

test('the office sets up a contest, two judges score an entry on their phones, and the results are published', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const admin = await adminApi(playwright, baseURL!)
  await createSchool(playwright, admin, baseURL!, SCHOOL)
  const expertIds = [
    await invitedJudge(playwright, admin, baseURL!, JUDGES[0]),
    await invitedJudge(playwright, admin, baseURL!, JUDGES[1]),
  ]

  // The office sets the contest up on a phone: 我的 → 大赛管理 → 新建比赛.
  const officePhone = await phone(browser, baseURL!)
  const a = await officePhone.newPage()
  await signIn(a, ADMIN)
  await a.getByTestId('contests-admin-link').click()
  await a.getByTestId('contest-new').click()
  await a.getByTestId('contest-save').click()
  await expect(a.getByTestId('contest-form-problem')).toContainText('有几项需要修改')
  await expect(a.getByTestId('config-basics')).toContainText('请填写名称')
  await a.getByTestId('config-title-zh').locator('input').fill(TITLE)
  await a.getByTestId('config-title-en').locator('input').fill('Granite explanation contest (test)')
  // The sample talk is 44 s at 640×360: the rules the office sets must let it in.
  await setStepper(a, 'config-video-0', '最短', 30)
  await setStepper(a, 'config-video-0', '最长', 60)
  await setStepper(a, 'config-video-0', '最低分辨率', 360)
  await a.getByTestId('config-quotas').locator('.van-stepper__plus').first().click()
  await a.getByTestId('config-vote-mode').selectOption('none')
  await a.getByTestId('config-published').click()
  await a.getByTestId('contest-save').click()
  await expect(a.getByTestId('view-contest-admin')).toContainText(TITLE)
  const contestId = /\/me\/admin\/contests\/([0-9a-f-]{36})$/.exec(a.url())![1]!
  await expect(a.getByTestId('contest-stages')).toContainText('报名')

  // A school's entry arrives.
  const school = await apiSignedIn(playwright, baseURL!, SCHOOL)
  const entryId = await submittedEntry(school, baseURL!, contestId)
  await school.dispose()

  // The nomination check, then a panel of the two experts.
  await a.reload()
  await a.getByTestId(`entry-eligible-${entryId}`).click()
  await expect(a.getByTestId(`admin-entry-${entryId}`)).toContainText('资格通过')
  for (const id of expertIds) await a.getByTestId(`panel-judge-${id}`).click()
  await a.getByTestId('panel-create').click()
  await expect(a.getByTestId('panel-message')).toContainText('分配 2 项评审任务')

  // Each judge scores on their own phone; the other's scores stay hidden until both are in.
  const wangPhone = await phone(browser, baseURL!)
  const w = await wangPhone.newPage()
  await signIn(w, { username: JUDGES[0].username, password: JUDGES[0].password, displayName: JUDGES[0].name })
  await score(w, entryId, [9, 8, 8])
  await expect(w.getByTestId('judging-others-hidden')).toContainText('已提交 1/2')
  await expect(w.getByTestId('score-total')).toContainText('加权总分 84.0 / 100')

  const liPhone = await phone(browser, baseURL!)
  const l = await liPhone.newPage()
  await signIn(l, { username: JUDGES[1].username, password: JUDGES[1].password, displayName: JUDGES[1].name })
  await score(l, entryId, [7, 7, 6])
  await expect(l.getByTestId('judging-final')).toBeVisible()
  await expect(l.getByTestId('judging-others')).toContainText(JUDGES[0].name)
  await expect(l.getByTestId('judging-others')).toContainText('84.0')
  await w.reload()
  await expect(w.getByTestId('judging-others')).toContainText(JUDGES[1].name)
  await expect(w.getByTestId('score-submit')).toHaveCount(0)

  // The office reads the ranking with each judge's total, and the z-score view.
  await a.getByTestId('panel-preliminary-1').click()
  const ranking = a.getByTestId('ranking')
  await expect(ranking.getByTestId(`ranking-item-${entryId}`)).toContainText('花岗岩的一生')
  await expect(ranking.getByTestId('ranking-sheet')).toHaveText([`${JUDGES[0].name} 84.0`, `${JUDGES[1].name} 67.0`])
  await expect(ranking.getByTestId('ranking-score')).toHaveText('75.5')
  await expect(ranking.getByTestId('ranking-ties')).toContainText('同分规则')
  await a.getByTestId('normalise-z-score').click()
  await expect(a.getByTestId('normalise-z-score')).toHaveAttribute('aria-checked', 'true')

  // The results stage begins (the office moves the dates: the server's clock is real here).
  const current = (await (await admin.get(`/api/admin/contests/${contestId}`)).json()) as {
    contest: { config: { stages: { stage: string; starts: string; ends: string }[] } }
  }
  const moved = {
    ...current.contest.config,
    stages: [
      { stage: 'entry', starts: beijingDate(-30), ends: beijingDate(-20) },
      { stage: 'nomination-check', starts: beijingDate(-19), ends: beijingDate(-15) },
      { stage: 'preliminary', starts: beijingDate(-14), ends: beijingDate(-2) },
      { stage: 'results', starts: beijingDate(-1), ends: beijingDate(30) },
    ],
  }
  const put = await admin.put(`/api/admin/contests/${contestId}`, {
    headers: originHeaders(baseURL!),
    data: { config: moved, published: true },
  })
  expect(put.status(), await put.text()).toBe(200)
  await admin.dispose()

  await a.goto(`/me/admin/contests/${contestId}`)
  await a.getByTestId(`award-first-${entryId}`).click()
  await a.getByTestId('results-publish').click()
  await a.getByTestId('results-publish-confirm').click()
  await expect(a.getByTestId('results-message')).toContainText('结果已公布，1 件获奖作品已进入作品库')
  await expect(a.getByTestId('results-published')).toBeVisible()

  await Promise.all([officePhone.close(), wangPhone.close(), liPhone.close()])
})
