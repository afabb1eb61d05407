// Accessibility and Content Security Policy on every screen, in Chinese and in English, as the
// right kind of user: axe-core finds no serious or critical violation, and the browser reports no
// CSP violation (neither a `securitypolicyviolation` event nor a console error). The route list is
// the router's own: a new screen without an entry in ROUTES below fails the first test.
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { v7 as uuidv7 } from 'uuid'
import { E2E_ADMIN } from '../../playwright.config.ts'
import { originHeaders } from './support/app.ts'
import { adminApi, apiSignedIn, createStaff } from './support/seed.ts'

type Role = 'anonymous' | 'staff' | 'admin' | 'school'
interface RouteCase {
  /** Who opens the screen (staff and admin sign in first). */
  as: Role
  /** The address to open, with real ids for the parameters. */
  url: (ids: Ids) => string
}
interface Ids {
  base: string
  work: string
  themeDay: string
  guide: string
  event: string
  /** An emergency notice; a 李四光中队 event of the staff member's base and the school's confirmed registration for it. */
  notice: string
  squadronEvent: string
  registration: string
  /** The staff member's account, as the admin's accounts screen opens it. */
  account: string
  /** The first expert of the public pool (the seeded chief experts of 2017). */
  expert: string
  /** A contest taking entries, and the school's draft entry in it. */
  contest: string
  contestEntry: string
  /** A draft work in the works editor, written by the admin. */
  editorWork: string
  /** A call for applications (申报), as the admin's call screen opens it. */
  namingCall: string
}

const STAFF = {
  username: 'a11y-staff',
  password: 'a11y-staff-password-1',
  displayName: '无障碍测试员',
  baseId: 'geological-museum-of-china',
}
const SCHOOL = { username: 'a11y-school', password: 'a11y-school-password-1', displayName: '无障碍测试老师' }
const LOCALES = ['zh-CN', 'en'] as const
/** An id nothing has: the review screens' "not found" state. */
const NO_SUCH = '0193b2c4-0000-7000-8000-000000000000'

/**
 * ▶ EVERY ROUTER PATH (src/client/app/router.ts) → who opens it and with which ids.
 * Add a line here for each new screen; the first test below fails naming any path left out.
 */
const ROUTES: Record<string, RouteCase> = {
  '/': { as: 'anonymous', url: () => '/' },
  '/bases': { as: 'anonymous', url: () => '/bases' },
  '/bases/:id': { as: 'anonymous', url: (ids) => `/bases/${ids.base}` },
  '/works': { as: 'anonymous', url: () => '/works' },
  '/works/:id': { as: 'anonymous', url: (ids) => `/works/${ids.work}` },
  '/calendar': { as: 'anonymous', url: () => '/calendar' },
  '/calendar/events/:id': { as: 'anonymous', url: (ids) => `/calendar/events/${ids.event}` },
  '/calendar/days/:id': { as: 'anonymous', url: (ids) => `/calendar/days/${ids.themeDay}` },
  '/notices': { as: 'anonymous', url: () => '/notices' },
  '/notices/guides/:id': { as: 'anonymous', url: (ids) => `/notices/guides/${ids.guide}` },
  '/notices/admin': { as: 'admin', url: () => '/notices/admin' },
  '/notices/:id': { as: 'anonymous', url: (ids) => `/notices/${ids.notice}` },
  '/me': { as: 'anonymous', url: () => '/me' },
  '/me/login': { as: 'anonymous', url: () => '/me/login' },
  '/me/signup': { as: 'anonymous', url: () => '/me/signup' },
  '/me/admin': { as: 'admin', url: () => '/me/admin' },
  '/me/admin/accounts': { as: 'admin', url: () => '/me/admin/accounts' },
  '/me/admin/accounts/:id': { as: 'admin', url: (ids) => `/me/admin/accounts/${ids.account}` },
  '/me/admin/bases': { as: 'admin', url: () => '/me/admin/bases' },
  '/me/admin/bases/:baseId': { as: 'admin', url: (ids) => `/me/admin/bases/${ids.base}` },
  '/me/admin/bases/:baseId/history': { as: 'admin', url: (ids) => `/me/admin/bases/${ids.base}/history` },
  '/me/stats': { as: 'admin', url: () => '/me/stats' },
  '/me/staff': { as: 'staff', url: () => '/me/staff' },
  '/me/staff/activities': { as: 'staff', url: () => '/me/staff/activities' },
  '/me/staff/events': { as: 'staff', url: () => '/me/staff/events' },
  '/me/staff/base': { as: 'staff', url: () => '/me/staff/base' },
  '/me/staff/conflicts': { as: 'staff', url: () => '/me/staff/conflicts' },
  '/me/squadron': { as: 'school', url: () => '/me/squadron' },
  '/me/squadron/squadrons': { as: 'school', url: () => '/me/squadron/squadrons' },
  '/me/squadron/events': { as: 'school', url: () => '/me/squadron/events' },
  '/me/squadron/tickets/:id': { as: 'school', url: (ids) => `/me/squadron/tickets/${ids.registration}` },
  '/me/squadron/visits': { as: 'school', url: () => '/me/squadron/visits' },
  '/me/staff/squadron': { as: 'staff', url: () => '/me/staff/squadron' },
  '/me/staff/squadron/:eventId': { as: 'staff', url: (ids) => `/me/staff/squadron/${ids.squadronEvent}` },
  '/me/staff/squadron/:eventId/checkin': {
    as: 'staff',
    url: (ids) => `/me/staff/squadron/${ids.squadronEvent}/checkin`,
  },
  '/me/downloads': { as: 'anonymous', url: () => '/me/downloads' },
  '/me/settings': { as: 'anonymous', url: () => '/me/settings' },
  '/me/password': { as: 'staff', url: () => '/me/password' },
  '/setup': { as: 'anonymous', url: () => '/setup' },
  '/search': { as: 'anonymous', url: () => '/search?q=dizhi' },
  '/experts': { as: 'anonymous', url: () => '/experts' },
  '/experts/:id': { as: 'anonymous', url: (ids) => `/experts/${ids.expert}` },
  // Without a token in the link the screen says the link is incomplete: that state is checked.
  '/expert-invite': { as: 'anonymous', url: () => '/expert-invite' },
  '/me/admin/experts': { as: 'admin', url: () => '/me/admin/experts' },
  '/me/staff/experts': { as: 'staff', url: () => '/me/staff/experts' },
  // No expert account is seeded here yet: these open as a visitor, who is asked to sign in.
  '/me/expert': { as: 'anonymous', url: () => '/me/expert' },
  '/me/expert/requests': { as: 'anonymous', url: () => '/me/expert/requests' },
  '/contests': { as: 'anonymous', url: () => '/contests' },
  '/designations': { as: 'anonymous', url: () => '/designations' },
  // 申报: no applicant account is seeded here; a visitor sees the sign-up, and is asked to sign in elsewhere.
  '/me/applicant-signup': { as: 'anonymous', url: () => '/me/applicant-signup' },
  '/me/applications': { as: 'anonymous', url: () => '/me/applications' },
  '/me/applications/:id': { as: 'anonymous', url: () => '/me/applications/00000000-0000-4000-8000-000000000000' },
  '/me/admin/naming': { as: 'admin', url: () => '/me/admin/naming' },
  '/me/admin/naming/calls/:id': { as: 'admin', url: (ids) => `/me/admin/naming/calls/${ids.namingCall}` },
  // Judging is for experts on a panel; an admin sees the same screen with no panels (no expert account here).
  '/me/judging/:rest(.*)*': { as: 'admin', url: () => '/me/judging' },
  '/me/admin/contests/:rest(.*)*': { as: 'admin', url: (ids) => `/me/admin/contests/${ids.contest}` },
  '/contests/:id': { as: 'anonymous', url: (ids) => `/contests/${ids.contest}` },
  '/me/contests': { as: 'school', url: () => '/me/contests' },
  '/me/contests/:contestId/new': { as: 'school', url: (ids) => `/me/contests/${ids.contest}/new` },
  '/me/contests/entries/:entryId': { as: 'school', url: (ids) => `/me/contests/entries/${ids.contestEntry}` },
  '/me/editor/works': { as: 'admin', url: () => '/me/editor/works' },
  '/me/editor/works/new': { as: 'admin', url: () => '/me/editor/works/new' },
  '/me/editor/works/:id': { as: 'admin', url: (ids) => `/me/editor/works/${ids.editorWork}` },
  // Base naming review and the yearly evaluation. An admin may review (REVIEWER_ROLES) and sits on
  // no panel here; the screens of a panel, call or evaluation that does not exist say so.
  '/me/review': { as: 'admin', url: () => '/me/review' },
  '/me/review/:panelId': { as: 'admin', url: () => `/me/review/${NO_SUCH}` },
  '/me/review/:panelId/items/:itemId': { as: 'admin', url: () => `/me/review/${NO_SUCH}/items/${NO_SUCH}` },
  '/me/admin/naming-review': { as: 'admin', url: () => '/me/admin/naming-review' },
  '/me/admin/naming-review/:callId': { as: 'admin', url: () => `/me/admin/naming-review/${NO_SUCH}` },
  '/me/admin/naming-panels/:panelId': { as: 'admin', url: () => `/me/admin/naming-panels/${NO_SUCH}` },
  '/me/admin/evaluations': { as: 'admin', url: () => '/me/admin/evaluations' },
  '/me/admin/evaluations/:evaluationId': { as: 'admin', url: () => `/me/admin/evaluations/${NO_SUCH}` },
  '/me/evaluation': { as: 'staff', url: () => '/me/evaluation' },
  '/:pathMatch(.*)*': { as: 'anonymous', url: () => '/no-such-page' },
}

/**
 * The router's paths, read from its source: importing router.ts here would pull every view (.vue)
 * into the Node type check of the tests.
 */
const ROUTER_PATHS = [...readFileSync('src/client/app/router.ts', 'utf8').matchAll(/\{\s*path:\s*'([^']+)'/g)].map(
  (m) => m[1]!,
)

const firstId = (file: string): string => {
  const entries = JSON.parse(readFileSync(`generated/content/${file}`, 'utf8')) as { id: string }[]
  if (!entries[0]) throw new Error(`generated/content/${file} is empty`)
  return entries[0].id
}

let ids: Ids

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await adminApi(playwright, baseURL!)
  // Made already by an earlier worker of this run (Playwright starts a new worker after a failure).
  await createStaff(admin, baseURL!, STAFF, STAFF.baseId, { existing: 'ok' })

  // A notice for the notice screen (an exercise, linked to the landslide guide).
  const issued = await admin.post('/api/notices', {
    headers: originHeaders(baseURL!),
    data: {
      status: 'Exercise',
      event: '地质灾害气象风险预警',
      level: 'yellow',
      hazards: ['landslide'],
      headline: '无障碍测试：滑坡黄色预警（演练）',
      description: '未来24小时山区降雨较多。',
      instruction: '远离陡坡和沟口。',
      area: { description: '湖南省山区', provinces: ['430000'] },
    },
  })
  expect(issued.status(), await issued.text()).toBe(201)
  const notice = ((await issued.json()) as { notice: { id: string } }).notice.id

  // A school account (a teacher), approved by the admin; already there on a retry by a new worker.
  const signup = await playwright.request.newContext({ baseURL })
  const signedUp = await signup.post('/api/auth/signup', {
    headers: originHeaders(baseURL!),
    data: {
      ...SCHOOL,
      school: { name: '北京市无障碍小学', province: '北京市', city: '北京市', contact: '010-88880000' },
    },
  })
  expect([201, 409], await signedUp.text()).toContain(signedUp.status())
  if (signedUp.status() === 201) {
    const schoolId = ((await signedUp.json()) as { account: { id: string } }).account.id
    const approved = await admin.post(`/api/admin/accounts/${schoolId}/approve`, {
      headers: originHeaders(baseURL!),
      data: {},
    })
    expect(approved.status(), await approved.text()).toBe(200)
  }
  await signup.dispose()
  const listed = await admin.get(`/api/admin/accounts?q=${STAFF.username}`)
  const account = ((await listed.json()) as { accounts: { id: string; username: string }[] }).accounts.find(
    (a) => a.username === STAFF.username,
  )!.id
  // A contest taking entries today, with one video slot (the contest screens).
  const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10)
  const contestMade = await admin.post('/api/admin/contests', {
    headers: originHeaders(baseURL!),
    data: {
      published: true,
      config: {
        kind: 'micro-video',
        title: { zh: '无障碍测试微视频大赛', en: 'Accessibility test micro-video contest' },
        year: 2026,
        stages: [
          { stage: 'entry', starts: day(-1), ends: day(10) },
          { stage: 'results', starts: day(20), ends: day(40) },
        ],
        videos: [
          {
            slot: 'film',
            label: { zh: '微视频', en: 'Film' },
            minDurationS: 120,
            maxDurationS: 300,
            maxBytes: 300 * 1024 * 1024,
          },
        ],
        quotas: { perOrganisation: 5 },
        criteria: [{ id: 'science', label: { zh: '科学性', en: 'Science' }, weight: 100, maxScore: 10 }],
        awards: [{ id: 'first', label: { zh: '一等奖', en: 'First prize' }, kind: 'prize', count: 1 }],
        vote: { mode: 'none' },
      },
    },
  })
  expect(contestMade.status(), await contestMade.text()).toBe(201)
  const contest = ((await contestMade.json()) as { contest: { id: string } }).contest.id
  // A draft in the works editor (its form, steps and tabs).
  const workMade = await admin.post('/api/editor/works', {
    headers: originHeaders(baseURL!),
    data: {
      document: {
        type: 'article',
        title: { zh: '无障碍测试：岩石的故事' },
        summary: { zh: '三类岩石怎样相互转化。' },
        body: '岩石在**地球内部**不断转化。',
      },
    },
  })
  expect(workMade.status(), await workMade.text()).toBe(201)
  const editorWork = ((await workMade.json()) as { work: { id: string } }).work.id
  // A call for applications (申报), open for a month: the admin's call screen.
  const callMade = await admin.post('/api/admin/naming/calls', {
    headers: originHeaders(baseURL!),
    data: {
      title: '无障碍测试申报批次',
      year: 2026,
      list: 'national',
      category: '科普场馆类',
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      attachments: [{ id: 'licence', label: '法人证书' }],
      criteria: [{ id: 'venue', label: { zh: '场馆条件', en: 'Venue' }, weight: 1 }],
    },
  })
  expect(callMade.status(), await callMade.text()).toBe(201)
  const namingCall = ((await callMade.json()) as { call: { id: string } }).call.id
  await admin.dispose()

  // Events of the staff member's base: an open day for the event screen, and one 李四光中队 classes
  // register for (roster and gate screens).
  const staff = await apiSignedIn(playwright, baseURL!, STAFF)
  const event = uuidv7()
  const squadronEvent = uuidv7()
  const start = new Date(Date.now() + 7 * 86_400_000)
  const end = new Date(start.getTime() + 3_600_000)
  const pushed = await staff.post('/api/sync/push', {
    headers: originHeaders(baseURL!),
    data: {
      deviceId: 'a11y-device',
      records: [
        {
          id: event,
          kind: 'event',
          baseId: STAFF.baseId,
          baseVersion: 0,
          payload: { title: '地质博物馆开放日', start: start.toISOString(), end: end.toISOString(), place: '一层大厅' },
        },
        {
          id: squadronEvent,
          kind: 'event',
          baseId: STAFF.baseId,
          baseVersion: 0,
          payload: {
            title: '李四光中队研学：认识岩石',
            start: start.toISOString(),
            end: end.toISOString(),
            place: '二层矿物厅',
            audience: 'squadron',
            capacity: 100,
            registrationRequired: true,
          },
        },
      ],
    },
  })
  expect(pushed.status(), await pushed.text()).toBe(200)
  const acks = ((await pushed.json()) as { acks: { status: string }[] }).acks
  expect(
    acks.map((a) => a.status),
    await pushed.text(),
  ).toEqual(['accepted', 'accepted'])

  // The school: a squadron, registered for the event; confirmed (approved by staff if the base asks for it).
  const school = await apiSignedIn(playwright, baseURL!, SCHOOL)
  const made = await school.post('/api/school/squadrons', {
    headers: originHeaders(baseURL!),
    // A new name each time: a retry by a new worker adds a squadron to the same school (names are unique there).
    data: {
      name: `北京市无障碍小学四年级一班李四光中队（${squadronEvent.slice(-6)}）`,
      grade: 4,
      headcount: 30,
      teacher: '李老师',
    },
  })
  expect(made.status(), await made.text()).toBe(201)
  const squadronId = ((await made.json()) as { squadron: { id: string } }).squadron.id
  const registered = await school.post(`/api/events/${squadronEvent}/registrations`, {
    headers: originHeaders(baseURL!),
    data: { squadronId, headcount: 30, requestId: uuidv7() },
  })
  expect(registered.status(), await registered.text()).toBe(201)
  let registration = ((await registered.json()) as { registration: { id: string; status: string } }).registration
  if (registration.status === 'pending') {
    const approved = await staff.post(`/api/registrations/${registration.id}/approve`, {
      headers: originHeaders(baseURL!),
      data: {},
    })
    expect(approved.status(), await approved.text()).toBe(200)
    registration = ((await approved.json()) as { registration: typeof registration }).registration
  }
  expect(registration.status).toBe('confirmed')
  const pool = (await (await staff.get('/api/experts')).json()) as { experts: { id: string }[] }
  const expert = pool.experts[0]!.id
  const entryMade = await school.post(`/api/contests/${contest}/entries`, {
    headers: originHeaders(baseURL!),
    data: { title: '岩石的一生', theme: '地质遗迹', entrantNames: ['李老师'] },
  })
  expect(entryMade.status(), await entryMade.text()).toBe(201)
  const contestEntry = ((await entryMade.json()) as { entry: { id: string } }).entry.id
  await school.dispose()
  await staff.dispose()

  ids = {
    base: STAFF.baseId,
    work: firstId('works.json'),
    themeDay: firstId('theme-days.json'),
    guide: firstId('guides.json'),
    event,
    notice,
    squadronEvent,
    registration: registration.id,
    account,
    expert,
    contest,
    contestEntry,
    editorWork,
    namingCall,
  }
})

/** Records CSP violations from the first byte of every page: the DOM event and Chromium's console error. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content[ -]Security[ -]Policy/i.test(message.text())) violations.push(`console: ${message.text()}`)
  })
  await page.exposeFunction('__zkCspViolation', (text: string) => {
    violations.push(text)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { __zkCspViolation: (t: string) => Promise<void> }).__zkCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${String(e.lineNumber)}`,
      )
    })
  })
  return violations
}

async function useLocale(page: Page, locale: (typeof LOCALES)[number]): Promise<void> {
  await page.addInitScript((value) => {
    localStorage.setItem('zk.settings.v1', JSON.stringify({ locale: value, theme: 'system' }))
  }, locale)
}

async function signInAs(page: Page, role: Role, baseURL: string): Promise<void> {
  if (role === 'anonymous') return
  const [username, password] =
    role === 'admin'
      ? [E2E_ADMIN.username, E2E_ADMIN.password]
      : role === 'school'
        ? [SCHOOL.username, SCHOOL.password]
        : [STAFF.username, STAFF.password]
  const response = await page.request.post('/api/auth/login', {
    data: { username, password },
    headers: originHeaders(baseURL),
  })
  expect(response.ok(), await response.text()).toBe(true)
}

/** The screen has rendered: its main landmark with a heading, and no request still loading it. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main h1').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
}

test('every router path has an entry in this file, and every entry is a router path', () => {
  const paths = ROUTER_PATHS
  expect(paths.length, 'no route found in src/client/app/router.ts: has its shape changed?').toBeGreaterThan(10)
  const missing = paths.filter((p) => !(p in ROUTES))
  const stale = Object.keys(ROUTES).filter((p) => !paths.includes(p))
  expect(
    missing,
    `add these router paths to ROUTES in test/e2e/a11y.spec.ts (who opens them, with which ids): ${missing.join(', ')}`,
  ).toEqual([])
  expect(stale, `these ROUTES entries are no longer router paths: ${stale.join(', ')}`).toEqual([])
})

for (const [path, route] of Object.entries(ROUTES)) {
  test(`${path}: no serious or critical axe violation and no CSP violation, in Chinese and English (${route.as})`, async ({
    page,
    baseURL,
  }) => {
    const violations = await watchCsp(page)
    await signInAs(page, route.as, baseURL!)
    for (const locale of LOCALES) {
      await useLocale(page, locale) // init scripts run in order: the last one added wins
      await page.goto(route.url(ids))
      await settled(page)
      await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en' : 'zh-CN')
      expect(violations, `CSP violations on ${path} (${locale})`).toEqual([])

      // Plus one rule axe still calls experimental: a control's accessible name contains its visible
      // text (WCAG 2.5.3, "label in name"), which speech control needs to find it.
      const { violations: axe } = await new AxeBuilder({ page })
        .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
        .analyze()
      const bad = axe.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      const report = bad.map(
        (v) =>
          `${v.id} (${String(v.impact)}): ${v.help}\n${v.nodes
            .slice(0, 5)
            .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
            .join('\n')}`,
      )
      expect(report, `axe on ${path} (${locale})`).toEqual([])
    }
  })
}

// Page zoom at 200 %, as a phone's browser does it: the same screen, half as many CSS pixels.
test.describe('text at 200 %', () => {
  test.use({ viewport: { width: 206, height: 420 }, deviceScaleFactor: 5.25 })
  const MAIN = ['/bases', '/works', '/calendar', '/notices', '/me']
  for (const locale of LOCALES) {
    test(`the main screens keep their heading and tab bar in view without sideways scrolling (${locale})`, async ({
      page,
    }) => {
      await useLocale(page, locale)
      for (const url of MAIN) {
        await page.goto(url)
        await settled(page)
        const fit = await page.evaluate(() => {
          const width = document.documentElement.clientWidth
          const box = (el: Element | null) => el?.getBoundingClientRect() ?? null
          const h1 = box(document.querySelector('main h1'))
          const tabs = [...document.querySelectorAll('nav a')].map((a) => box(a)!)
          // Anything wider than the screen that is not inside a scroller of its own (the map, a chart).
          const overflowing = [...document.querySelectorAll('main *')]
            .filter((el) => {
              const r = el.getBoundingClientRect()
              if (r.width === 0 || r.right <= width + 1) return false
              for (let p = el.parentElement; p; p = p.parentElement) {
                if (
                  p.matches('.leaflet-container') ||
                  ['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)
                )
                  return false
              }
              return true
            })
            .slice(0, 5)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)}px)`,
            )
          return { scroll: document.documentElement.scrollWidth - width, h1, tabs, width, overflowing }
        })
        expect(fit.overflowing, `${url}: wider than the ${String(fit.width)}px screen`).toEqual([])
        expect(fit.scroll, `${url}: the page scrolls sideways`).toBeLessThanOrEqual(1)
        expect(fit.h1 && fit.h1.left >= 0 && fit.h1.right <= fit.width + 1, `${url}: the heading is cut off`).toBe(true)
        expect(
          fit.tabs.every((r) => r.left >= -1 && r.right <= fit.width + 1 && r.height > 0),
          `${url}: a tab is out of view`,
        ).toBe(true)
      }
    })
  }
})

test('map markers are named buttons a keyboard user reaches with Tab and opens with Enter, down to a base', async ({
  page,
}) => {
  await page.goto('/bases')
  await settled(page)
  const markers = page.locator('.leaflet-marker-icon[role="button"]')
  await expect(markers.first()).toBeVisible()
  // Every marker has a name that says what it is, not the badge's bare number or glyph.
  const names = await markers.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))
  expect(names.length).toBeGreaterThan(0)
  for (const name of names) expect(name).toMatch(/\d+ ?个基地|[\u4e00-\u9fff]{3,}/)

  // Tab from the map into its markers, then Enter on clusters until a base opens. (A cluster's
  // marker is gone after it zooms in, so each round starts again from the map.)
  for (let step = 0; step < 8 && !page.url().includes('/bases/'); step++) {
    await page.locator('.leaflet-container').focus()
    let focused = ''
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab')
      focused = await page.evaluate(() =>
        document.activeElement?.matches('.leaflet-marker-icon')
          ? (document.activeElement.getAttribute('aria-label') ?? '')
          : '',
      )
      if (focused) break
    }
    expect(focused, 'Tab never reached a map marker').not.toBe('')
    await page.keyboard.press('Enter')
    await page.waitForTimeout(700) // the cluster's zoom animation (0.4 s)
  }
  await expect(page).toHaveURL(/\/bases\/[a-z0-9-]+$/)
  await expect(page.locator('main h1')).toBeVisible()
})

test('tally buttons are named buttons that count with the keyboard', async ({ page, baseURL }) => {
  await signInAs(page, 'staff', baseURL!)
  await page.goto('/me/staff')
  await settled(page)
  const button = page.getByRole('button', { name: /公众/ })
  await expect(button).toBeVisible()
  const before = Number(await button.getByTestId('tally-count').textContent())
  // Reached by Tab from the top of the page, counted by Enter and by Space.
  let reached = false
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab')
    reached = await button.evaluate((el) => el === document.activeElement)
  }
  expect(reached, 'Tab never reached the tally button').toBe(true)
  await page.keyboard.press('Enter')
  await page.keyboard.press('Space')
  await expect(button.getByTestId('tally-count')).toHaveText(String(before + 2))
})
