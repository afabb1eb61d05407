import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { originHeaders, waitForServiceWorkerControl } from './support/app.ts'
import { phone, signIn } from './support/phone.ts'
import { ADMIN, adminApi, type Person, type Playwright } from './support/seed.ts'

/*
 * Applying to become a base (issue 24), each person on a phone of their own: the admin opens a
 * call through its form, an institution signs up and is approved, fills in the application (an
 * attachment the server refuses, then a real PDF), goes on typing with no signal, reloads and
 * finds the draft still there, submits once back online, and the admin accepts it at the formal
 * check; two experts score it on their phones, and the admin names a batch with it. The new base
 * is on the public batch page and the map, its page links its batch; its staff
 * (the applicant's account) set its hours, count visitors, and find the year's evaluation
 * pre-filled with them. Every name is made unique: other journeys share this server and may have
 * calls of theirs.
 */

const stamp = Date.now().toString(36)
const CALL = `申报测试批次 ${stamp}`
const PLACE = `湘江地学科普馆 ${stamp}`
const BATCH = `国家自然资源科普基地（测试批次 ${stamp}）`
/** The year the base's first statistics fall in (Asia/Shanghai): its first evaluation is of it. */
const EVALUATION_YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4))
const APPLICANT: Person = {
  username: `applicant-${stamp}`,
  password: 'Applicant-Pass-2026',
  displayName: `申报联系人${stamp}`,
}

// A 1×1 PNG stands in for OpenStreetMap tiles (CI has no internet access).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A small valid PDF (one empty page) with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ]
  let body = '%PDF-1.7\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(body.length)
    body += `${String(i + 1)} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

async function fakeTiles(page: Page): Promise<void> {
  await page.context().route('https://*.openstreetmap.org/**', (route) =>
    route.fulfill({
      status: 200,
      body: PNG,
      headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
    }),
  )
}

/** An expert the admin invited, with the account they set up from the link. */
async function invitedExpert(
  playwright: Playwright,
  admin: APIRequestContext,
  baseURL: string,
  n: number,
): Promise<{ id: string; person: Person }> {
  const person = {
    username: `reviewer-${stamp}-${n}`,
    password: `Reviewer-${stamp}-pass-${n}`,
    displayName: `评审专家${n}号（测试 ${stamp}）`,
  }
  const made = await admin.post('/api/admin/experts', {
    headers: originHeaders(baseURL),
    data: { name: person.displayName, title: '研究员', institution: `测试地学研究院 ${stamp}-${n}` },
  })
  expect(made.status(), await made.text()).toBe(201)
  const { expert, invite } = (await made.json()) as { expert: { id: string }; invite: { token: string } }
  const link = await playwright.request.newContext({ baseURL })
  const accepted = await link.post('/api/expert-invites/accept', {
    headers: originHeaders(baseURL),
    data: { token: invite.token, username: person.username, password: person.password },
  })
  expect(accepted.status(), await accepted.text()).toBeLessThan(300)
  await link.dispose()
  return { id: expert.id, person }
}

const field = (page: Page, testid: string) => page.getByTestId(testid).locator('input, textarea').first()

/** `YYYY-MM-DDTHH:mm` in China time, `days` from now, for a datetime-local input. */
const chinaLocal = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 16)

test('an institution applies with an offline draft, is checked and named; the new base is kept and evaluated in the app', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)

  // The admin opens a call with one required attachment.
  const adminPhone = await phone(browser, baseURL!)
  const admin = await adminPhone.newPage()
  await signIn(admin, ADMIN)
  await admin.getByTestId('admin-naming-link').click()
  await admin.getByTestId('call-new').click()
  await field(admin, 'call-title').fill(CALL)
  await admin.getByTestId('call-deadline').fill(chinaLocal(30))
  await field(admin, 'call-attachment-0').fill('法人证书')
  await field(admin, 'call-criterion-0').fill('场馆条件')
  await field(admin, 'call-weight-0').fill('1')
  await admin.getByTestId('call-create').click()
  await expect(admin.getByTestId('naming-admin-message')).toContainText(CALL)

  // An institution signs up to apply; the admin approves the account.
  const applicantPhone = await phone(browser, baseURL!)
  const applicant = await applicantPhone.newPage()
  await fakeTiles(applicant)
  await applicant.goto('/me')
  await applicant.getByTestId('applicant-signup-link').click()
  await applicant.getByLabel('单位名称').fill(`湘江地学研究所 ${stamp}`)
  await applicant.getByTestId('applicant-province').selectOption('湖南省')
  await applicant.getByLabel('联系人及电话').fill('李老师 0731-12345678')
  await applicant.getByLabel('姓名').fill(APPLICANT.displayName)
  await applicant.getByLabel('用户名').fill(APPLICANT.username)
  await applicant.getByLabel('密码').fill(APPLICANT.password)
  await applicant.getByRole('button', { name: '提交注册' }).click()
  await expect(applicant.getByTestId('applicant-signup-done')).toBeVisible()

  await admin.goto('/me/admin')
  await admin.getByTestId(`approve-${APPLICANT.username}`).click()
  await expect(admin.getByTestId('admin-message')).toContainText(APPLICANT.displayName)

  // Signed in, the applicant finds 我的申报 and starts an application to the call.
  await signIn(applicant, APPLICANT)
  await applicant.getByTestId('applications-link').click()
  await waitForServiceWorkerControl(applicant)
  await applicant.getByTestId('open-calls').locator('.van-cell', { hasText: CALL }).getByRole('button').click()
  await expect(applicant.getByTestId('view-application')).toBeVisible()
  await expect(applicant.getByTestId('view-application')).toContainText('北京时间')
  await field(applicant, 'field-institution-name').fill(`湘江地学研究所 ${stamp}`)
  await field(applicant, 'field-institution-authority').fill('湖南省自然资源厅')
  await field(applicant, 'field-institution-contactName').fill('李老师')
  await field(applicant, 'field-institution-contactPhone').fill('0731-12345678')

  // A "PDF" that is not one is refused with the server's reason; a real one goes up.
  const input = applicant.getByTestId('attachment-input-attachment-1')
  await input.setInputFiles({
    name: '法人证书.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('不是 PDF 的文字'),
  })
  await expect(applicant.getByTestId('attachment-refused')).toContainText('文件被拒绝')
  await input.setInputFiles({ name: '法人证书.pdf', mimeType: 'application/pdf', buffer: minimalPdf() })
  await expect(applicant.getByTestId('attachment-file')).toContainText('法人证书.pdf')

  // No signal: the applicant goes on typing; the phone keeps every field.
  await applicantPhone.setOffline(true)
  await field(applicant, 'field-place-name').fill(PLACE)
  await applicant.getByTestId('field-base-category').selectOption('geology_museum')
  await applicant.getByTestId('field-province').selectOption('湖南省')
  await field(applicant, 'field-address').fill('长沙市岳麓区麓山南路 1 号')
  await applicant.getByTestId('pin-lat').fill('28.1766')
  await applicant.getByTestId('pin-lat').blur()
  await applicant.getByTestId('pin-lon').fill('112.9417')
  await applicant.getByTestId('pin-lon').blur()
  for (const [key, value] of [
    ['venueAreaM2', '1200'],
    ['exhibits', '350'],
    ['staff', '8'],
    ['volunteers', '40'],
  ] as const)
    await field(applicant, `field-${key}`).fill(value)
  await field(applicant, 'field-visitors').fill('52000')
  await field(applicant, 'field-activities').fill('48')
  await field(applicant, 'field-plans').fill('每年举办二十场地学研学活动，开发面向中小学的岩石课程。')
  await expect(applicant.getByTestId('draft-kept')).toBeVisible()
  await applicant.waitForTimeout(600) // the phone keeps a burst of typing after a short pause
  await applicant.reload()
  await expect(applicant.getByTestId('application-offline')).toBeVisible()
  await expect(field(applicant, 'field-place-name')).toHaveValue(PLACE)
  await expect(field(applicant, 'field-plans')).toHaveValue('每年举办二十场地学研学活动，开发面向中小学的岩石课程。')
  await expect(applicant.getByTestId('attachment-file')).toContainText('法人证书.pdf')

  // Back online, the application is submitted.
  await applicantPhone.setOffline(false)
  await applicant.getByTestId('application-submit').click()
  await expect(applicant.getByTestId('application-submitted')).toBeVisible()
  await expect(applicant.getByTestId('application-status')).toHaveText('已提交，待形式审查')

  // The admin accepts it at the formal check.
  await admin.goto('/me/admin/naming')
  await admin.getByTestId('naming-calls').locator('.van-cell', { hasText: CALL }).click()
  await expect(admin).toHaveURL(/\/me\/admin\/naming\/calls\/[0-9a-f-]{36}$/)
  const callId = admin.url().split('/').at(-1)!
  const card = admin.locator('article', { hasText: PLACE })
  await expect(card.getByTestId('naming-application-status')).toHaveText('待形式审查')
  await card.getByTestId('naming-accept').click()
  await expect(card.getByTestId('naming-application-status')).toHaveText('形式审查通过')
  await expect(admin.getByTestId('export-xlsx')).toHaveAttribute('href', /format=xlsx/)

  // Two experts review it on their phones: the admin forms the call's panel on screen. (Conflicts,
  // ranges, hidden scores and the ranking are walked in naming-review.spec.ts.)
  const office = await adminApi(playwright, baseURL!)
  const reviewers = [
    await invitedExpert(playwright, office, baseURL!, 1),
    await invitedExpert(playwright, office, baseURL!, 2),
  ]
  await office.dispose()
  await admin.goto('/me')
  await admin.getByTestId('naming-review-admin-link').click()
  await admin.getByTestId(`naming-call-${callId}`).click()
  for (const r of reviewers) await admin.getByTestId(`naming-panel-expert-${r.id}`).click()
  await admin.getByTestId('naming-panel-create').click()
  await expect(admin.getByTestId('naming-panel-message')).toContainText('分配 2 项评审任务')
  for (const [i, r] of reviewers.entries()) {
    const reviewerPhone = await phone(browser, baseURL!)
    const reviewer = await reviewerPhone.newPage()
    await reviewer.setViewportSize({ width: 390, height: 844 })
    await signIn(reviewer, r.person)
    await reviewer.getByTestId('naming-review-link').click()
    await reviewer.getByTestId('review-panel').filter({ hasText: CALL }).click()
    await reviewer.getByTestId('review-item').filter({ hasText: PLACE }).click()
    await reviewer
      .getByTestId('score-criterion-1')
      .locator('input')
      .fill(String(8 + i))
    await reviewer.getByTestId('comment-criterion-1').locator('textarea').fill('场馆条件好，研学计划具体')
    await reviewer.getByTestId('score-submit').click()
    await expect(reviewer.getByTestId('review-message')).toContainText('评分已提交')
    await reviewerPhone.close()
  }

  // The admin names a batch on the call's screen: the place becomes a base, the applicant its staff.
  await admin.goto(`/me/admin/naming/calls/${callId}`)
  await card.getByTestId('naming-pick').check()
  await admin.getByTestId('batch-title').locator('input').fill(BATCH)
  await admin.getByTestId('batch-publish').click()
  await expect(admin.getByTestId('naming-call-message')).toContainText(`已发布：${BATCH}，共 1 个基地`)
  await expect(card.getByTestId('naming-application-status')).toHaveText('已命名')

  // A visitor finds the batch on its public page and, from it, the new base and its place on the map.
  const visitorPhone = await phone(browser, baseURL!)
  const visitor = await visitorPhone.newPage()
  await visitor.goto('/designations')
  const batch = visitor.getByTestId('designation-batch').filter({ hasText: BATCH })
  await batch.getByTestId('designated-base').filter({ hasText: PLACE }).click()
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(PLACE)
  const baseId = visitor.url().split('/').at(-1)!
  // Its page names the batch and links back to it.
  await expect(visitor.getByTestId('detail-designation-batch')).toContainText(BATCH)
  await visitor.getByTestId('detail-designation-batch').click()
  await expect(visitor).toHaveURL(/\/designations#batch-/)
  await expect(batch).toBeInViewport()
  await visitor.goBack()
  const onMap = (await (await visitor.request.get('/api/bases.geojson')).json()) as {
    features: { id: string; geometry: { coordinates: [number, number] } }[]
  }
  expect(onMap.features.find((f) => f.id === baseId)?.geometry.coordinates).toEqual([112.9417, 28.1766])

  // The applicant's account is now the base's staff: they set its opening hours.
  await applicant.goto('/me')
  await applicant.getByTestId('me-base-profile').click()
  await expect(applicant.getByTestId('view-base-profile').locator('h1')).toHaveText(PLACE)
  await applicant.getByTestId('hours-start').click()
  await expect(applicant.getByTestId('hours-value')).toHaveText('Tu-Su 09:00-17:00; Mo off')
  await applicant.getByTestId('profile-propose').click()
  await expect(applicant.getByTestId('profile-message')).toContainText(/已提交|已发布/)

  // Through the year they count visitors at the gate; at its end the admin opens the evaluation,
  // and the base's self-report starts from what the app counted.
  await applicant.goto('/me')
  await applicant.getByTestId('staff-area').click()
  for (let i = 0; i < 7; i++) await applicant.getByTestId('tally-public').click()
  await expect(applicant.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 })
  await admin.goto('/me')
  await admin.getByTestId('evaluations-admin-link').click()
  await admin.getByTestId('evaluation-year').locator('input').fill(String(EVALUATION_YEAR))
  await admin.getByTestId('evaluation-deadline').locator('input').fill(chinaLocal(30).slice(0, 10))
  await admin.getByTestId('evaluation-criterion-0').locator('input').fill('科普工作成效')
  await admin.getByTestId('evaluation-open').click()
  await expect(admin.getByTestId('view-evaluation-admin')).toContainText(`${String(EVALUATION_YEAR)} 年度评估`)
  await applicant.goto('/me')
  await applicant.getByTestId('self-report-link').click()
  await expect(applicant.getByTestId('prefill-visitors')).toContainText('7 人次')

  await visitorPhone.close()
  await adminPhone.close()
  await applicantPhone.close()
})
