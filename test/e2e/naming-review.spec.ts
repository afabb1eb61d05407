import { randomBytes } from 'node:crypto'
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { originHeaders } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import { ADMIN, adminApi, apiSignedIn, createStaff, type Person, type Playwright } from './support/seed.ts'

/*
 * Expert review of base applications and the yearly evaluation, each person on a phone of their
 * own at 390×844: a call with two applications accepted at the formal check (made through the
 * API; applying through the screens is its own journey), the admin forms a panel of two experts on
 * screen, both score on their phones (one declares a conflict on an application and is blocked),
 * and the admin reads the ranking. Then the admin opens an evaluation, a base's staff submit the
 * self-report the server pre-filled, and the admin publishes a grade.
 *
 * Every spec shares one server: names are this run's own, and nothing counts what others made.
 */

const RUN = randomBytes(3).toString('hex')
const CALL_TITLE = `第九批科普基地申报（测试 ${RUN}）`
const EXPERTS = [
  { name: `甲评审（测试 ${RUN}）`, username: `nr-${RUN}-a`, password: `nr-${RUN}-passphrase-a` },
  { name: `乙评审（测试 ${RUN}）`, username: `nr-${RUN}-b`, password: `nr-${RUN}-passphrase-b` },
] as const
const PLACES = [`银杏地学馆（测试 ${RUN}）`, `青石峡科普园（测试 ${RUN}）`] as const
const STAFF: Person = {
  username: `nr-${RUN}-staff`,
  password: `nr-${RUN}-staff-pass`,
  displayName: `评估填报员 ${RUN}`,
}
const STAFF_BASE = 'henan-geo-museum'
// Evaluations are one per year and the newest open one is current: a far year of this run's own.
const YEAR = 2080 + (parseInt(RUN, 16) % 20)
const criteria = [
  { id: 'conditions', label: { zh: '科普条件', en: 'Conditions' }, weight: 60, maxScore: 10 },
  { id: 'plans', label: { zh: '工作计划', en: 'Plans' }, weight: 40, maxScore: 10 },
]
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/** An expert invited by the admin who set up their account from the link: their profile id. */
async function invitedExpert(
  playwright: Playwright,
  admin: APIRequestContext,
  baseURL: string,
  expert: (typeof EXPERTS)[number],
): Promise<string> {
  const made = await admin.post('/api/admin/experts', {
    headers: originHeaders(baseURL),
    data: { name: expert.name, title: '研究员', institution: `测试研究所 ${expert.username}` },
  })
  expect(made.status(), await made.text()).toBe(201)
  const { expert: profile, invite } = (await made.json()) as { expert: { id: string }; invite: { token: string } }
  const link = await playwright.request.newContext({ baseURL })
  const accepted = await link.post('/api/expert-invites/accept', {
    headers: originHeaders(baseURL),
    data: { token: invite.token, username: expert.username, password: expert.password },
  })
  expect(accepted.status(), await accepted.text()).toBeLessThan(300)
  await link.dispose()
  return profile.id
}

/** An approved applicant's complete application to the call, submitted and accepted at the formal check. */
async function acceptedApplication(
  playwright: Playwright,
  admin: APIRequestContext,
  baseURL: string,
  callId: string,
  place: string,
  index: number,
): Promise<string> {
  const headers = originHeaders(baseURL)
  const who = { username: `nr-${RUN}-applicant-${index}`, password: `nr-${RUN}-applicant-pass-${index}` }
  const institution = `${place}管理中心`
  const anonymous = await playwright.request.newContext({ baseURL })
  const signup = await anonymous.post('/api/auth/applicant-signup', {
    headers,
    data: {
      ...who,
      displayName: institution,
      institution: { name: institution, province: '河南省', contact: '0371-1234567' },
    },
  })
  expect(signup.status(), await signup.text()).toBe(201)
  const accountId = ((await signup.json()) as { account: { id: string } }).account.id
  await anonymous.dispose()
  const approved = await admin.post(`/api/admin/accounts/${accountId}/approve`, { headers })
  expect(approved.status(), await approved.text()).toBe(200)

  const applicant = await apiSignedIn(playwright, baseURL, who)
  const started = await applicant.post(`/api/applicant/calls/${callId}/applications`, { headers })
  expect(started.status(), await started.text()).toBe(201)
  const { application } = (await started.json()) as { application: { id: string; version: number } }
  const saved = await applicant.put(`/api/applicant/applications/${application.id}`, {
    headers,
    data: {
      version: application.version,
      attachments: [],
      form: {
        institution: {
          name: institution,
          authority: '某省自然资源厅',
          contactName: '王老师',
          contactPhone: '0371-1234567',
        },
        place: {
          name: place,
          baseCategory: 'geology_museum',
          province: '河南省',
          city: null,
          address: `河南省某县科普路 ${index} 号`,
          location: { lat: 34.1 + index / 10, lon: 113.2 + index / 10 },
          website: null,
        },
        conditions: {
          venueAreaM2: 3000 + index * 500,
          exhibits: 800,
          staff: 12,
          volunteers: 40,
          years: [{ year: 2025, visitors: 60000, activities: 30 }],
        },
        plans: '每年举办地球日、土地日主题活动，面向中小学生开设研学课程。',
      },
    },
  })
  expect(saved.status(), await saved.text()).toBe(200)
  const submitted = await applicant.post(`/api/applicant/applications/${application.id}/submit`, { headers })
  expect(submitted.status(), await submitted.text()).toBe(200)
  await applicant.dispose()
  const checked = await admin.post(`/api/admin/naming/applications/${application.id}/check`, {
    headers,
    data: { decision: 'accept' },
  })
  expect(checked.status(), await checked.text()).toBe(200)
  return application.id
}

/** A phone of 390×844 (the smallest the app is drawn for), signed in on screen. */
async function phonePage(browser: Browser, baseURL: string, who: Person): Promise<[BrowserContext, Page]> {
  const context = await phone(browser, baseURL)
  const page = await context.newPage()
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, who)
  return [context, page]
}

/** 我的 → 评审任务 → this call's panel → the application (listed by its place's name). */
async function openApplication(page: Page, place: string): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('naming-review-link').click()
  await page.getByTestId('review-panel').filter({ hasText: CALL_TITLE }).click()
  await page.getByTestId('review-item').filter({ hasText: place }).click()
  await expect(page.getByTestId('score-sheet')).toBeVisible()
}

async function score(page: Page, conditions: number, plans: number): Promise<void> {
  await page.getByTestId('score-conditions').locator('input').fill(String(conditions))
  await page.getByTestId('comment-conditions').locator('textarea').fill('场馆条件较好')
  await page.getByTestId('score-plans').locator('input').fill(String(plans))
  await page.getByTestId('score-submit').click()
  await expect(page.getByTestId('review-message')).toContainText('评分已提交')
}

test('two experts review applications on their phones, and a base’s yearly evaluation is published', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const admin = await adminApi(playwright, baseURL!)
  const headers = originHeaders(baseURL!)
  const expertIds = [
    await invitedExpert(playwright, admin, baseURL!, EXPERTS[0]),
    await invitedExpert(playwright, admin, baseURL!, EXPERTS[1]),
  ]
  const call = await admin.post('/api/admin/naming/calls', {
    headers,
    data: {
      title: CALL_TITLE,
      year: 2026,
      list: 'national',
      category: '科普场馆类',
      deadline: inDays(30),
      attachments: [],
      criteria,
    },
  })
  expect(call.status(), await call.text()).toBe(201)
  const callId = ((await call.json()) as { call: { id: string } }).call.id
  const apps = [
    await acceptedApplication(playwright, admin, baseURL!, callId, PLACES[0], 1),
    await acceptedApplication(playwright, admin, baseURL!, callId, PLACES[1], 2),
  ]

  // The admin forms the panel on screen: 我的 → 申报评审 → the call → two experts.
  const [officePhone, a] = await phonePage(browser, baseURL!, ADMIN)
  await a.getByTestId('naming-review-admin-link').click()
  await a.getByTestId(`naming-call-${callId}`).click()
  await expect(a.getByTestId('view-naming-review-call')).toContainText('通过形式审查 2 份')
  await a.getByTestId('naming-panel-create').click()
  await expect(a.getByTestId('naming-panels').getByRole('alert')).toContainText('请至少选择一位专家')
  for (const id of expertIds) await a.getByTestId(`naming-panel-expert-${id}`).click()
  await a.getByTestId('naming-panel-create').click()
  await expect(a.getByTestId('naming-panel-message')).toContainText('分配 4 项评审任务')

  // Expert A scores both, a score out of range refused first; the other's scores stay hidden.
  const [phoneA, pa] = await phonePage(browser, baseURL!, {
    username: EXPERTS[0].username,
    password: EXPERTS[0].password,
    displayName: EXPERTS[0].name,
  })
  await openApplication(pa, PLACES[0])
  await expect(pa.getByTestId('review-item-detail')).toContainText(`${PLACES[0]}管理中心`)
  await pa.getByTestId('score-conditions').locator('input').fill('11')
  await pa.getByTestId('score-plans').locator('input').fill('8')
  await pa.getByTestId('score-submit').click()
  await expect(pa.getByTestId('score-conditions')).toContainText('0–10 分')
  await score(pa, 9, 8)
  await expect(pa.getByTestId('score-total')).toContainText('加权总分 86.0 / 100')
  await expect(pa.getByTestId('review-others-hidden')).toContainText('已提交 1/2')
  await openApplication(pa, PLACES[1])
  await score(pa, 7, 7)

  // Expert B declares a conflict on the second application: recorded, and no sheet for it any more.
  const [phoneB, pb] = await phonePage(browser, baseURL!, {
    username: EXPERTS[1].username,
    password: EXPERTS[1].password,
    displayName: EXPERTS[1].name,
  })
  await openApplication(pb, PLACES[1])
  await pb.getByTestId('review-conflict').click()
  await pb.getByTestId('review-conflict-note').locator('textarea').fill('曾在该单位兼职')
  await pb.getByTestId('review-conflict-confirm').click()
  await expect(pb.getByTestId('review-declared')).toContainText('已登记回避并记录在案')
  await expect(pb.getByTestId('score-sheet')).toHaveCount(0)
  await pb.goto(`/me/review`)
  await pb.getByTestId('review-panel').filter({ hasText: CALL_TITLE }).click()
  await expect(pb.getByTestId('review-item')).toHaveCount(1)
  await pb.goto(`${new URL(pb.url()).pathname}/items/${apps[1]}`)
  await expect(pb.getByTestId('review-not-assigned')).toBeVisible()
  // It scores the first; every sheet of it is in, so both see the other's.
  await openApplication(pb, PLACES[0])
  await score(pb, 6, 6)
  await expect(pb.getByTestId('review-final')).toBeVisible()
  await expect(pb.getByTestId('review-others')).toContainText(EXPERTS[0].name)

  // The admin reads the ranking with each expert's total and the conflict.
  await a.reload()
  await a.getByTestId('naming-panel-1').click()
  const ranking = a.getByTestId('ranking')
  await expect(ranking.getByTestId(`ranking-item-${apps[0]}`)).toContainText(PLACES[0])
  await expect(ranking.getByTestId(`ranking-item-${apps[0]}`).getByTestId('ranking-sheet')).toHaveText([
    `${EXPERTS[0].name} 86.0`,
    `${EXPERTS[1].name} 60.0`,
  ])
  await expect(ranking.getByTestId(`ranking-item-${apps[1]}`)).toContainText('申报回避')
  await expect(a.getByRole('link', { name: /导出评分 · Excel/ })).toHaveAttribute('href', /scores\/export\?format=xlsx/)

  // The yearly evaluation: the admin opens one on screen.
  await createStaff(admin, baseURL!, STAFF, STAFF_BASE)
  await a.goto('/me')
  await a.getByTestId('evaluations-admin-link').click()
  await a.getByTestId('evaluation-year').locator('input').fill(String(YEAR))
  await a.getByTestId('evaluation-deadline').locator('input').fill(inDays(30).slice(0, 10))
  await a.getByTestId('evaluation-criterion-0').locator('input').fill('科普工作成效')
  await a.getByTestId('evaluation-open').click()
  await expect(a.getByTestId('view-evaluation-admin')).toContainText(`${YEAR} 年度评估`)

  // The base's staff find their self-report pre-filled, add what the app does not know, and submit.
  const [staffPhone, s] = await phonePage(browser, baseURL!, STAFF)
  await s.getByTestId('self-report-link').click()
  await expect(s.getByTestId('view-self-report')).toContainText(`${YEAR} 年度`)
  await expect(s.getByTestId('prefill-visitors')).toContainText('人次')
  await expect(s.getByTestId('prefill-completeness')).toContainText('%')
  await s.getByTestId('self-report-summary').locator('textarea').fill('全年开展地学科普讲座与研学活动。')
  await s.getByTestId('self-report-staff').locator('input').fill('18')
  await s.getByTestId('self-report-submit').click()
  await expect(s.getByTestId('self-report-message')).toContainText('自评报告已提交')
  await expect(s.getByTestId('self-report-submit')).toHaveCount(0)

  // The admin grades the submitted report and publishes; the grade joins the base's record.
  await a.reload()
  await a.getByTestId(`evaluation-grade-${STAFF_BASE}`).selectOption('优秀')
  await a.getByTestId('evaluation-publish').click()
  await expect(a.getByTestId('evaluation-message')).toContainText('评估结果已发布')
  await expect(a.getByTestId(`evaluation-report-${STAFF_BASE}`).getByTestId('evaluation-grade')).toContainText('优秀')
  const record = await admin.get(`/api/bases/${STAFF_BASE}`)
  expect(((await record.json()) as { evaluations?: unknown[] }).evaluations).toContainEqual({
    year: YEAR,
    grade: '优秀',
  })
  await admin.dispose()

  await Promise.all([officePhone.close(), phoneA.close(), phoneB.close(), staffPhone.close()])
})
