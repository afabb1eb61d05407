// `npm run screens`: screenshots of each journey's key screens from the real app (390×844,
// zh-CN, light and dark) into docs/screens/. It starts the app as the browser tests do (a fresh
// embedded database on a throwaway folder, seeded from content/), adds what the journeys need
// through the API (a staff account, an event, an approved school with a registered squadron, a
// notice), then drives Debian's Chromium through each screen as its user.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { v7 as uuidv7 } from 'uuid'
import { addDays, todayInChina } from '../src/shared/domain/calendar-date.ts'

const PORT = Number(process.env.SCREENS_PORT ?? 8230)
const ORIGIN = `http://127.0.0.1:${PORT}`
const OUT = 'docs/screens'
const ADMIN = { username: 'screens-admin', password: 'screens-admin-password-7' }
const BASE = 'geological-museum-of-china'

/** A cookie-keeping API client, with our Origin on writes (the server's CSRF rule). */
class Client {
  private cookie = ''
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${ORIGIN}${path}`, {
      method,
      headers: {
        origin: ORIGIN,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = response.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0]!
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
    return (text ? JSON.parse(text) : null) as T
  }
}

async function startServer(dataDir: string): Promise<() => void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/support/serve.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ZK_ADMIN_USERNAME: ADMIN.username,
      ZK_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return () => child.kill('SIGTERM')
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  child.kill('SIGTERM')
  throw new Error('the app did not start within 3 minutes')
}

interface Seeded {
  eventId: string
  registrationId: string
  staff: { username: string; password: string }
  school: { username: string; password: string }
}

async function seed(): Promise<Seeded> {
  const admin = new Client()
  await admin.call('POST', '/api/auth/login', ADMIN)
  const staff = { username: 'screens-staff', password: 'gate-keeper-Haidian-42' }
  await admin.call('POST', '/api/admin/accounts', { ...staff, displayName: '王明（讲解员）', baseId: BASE })
  const staffClient = new Client()
  await staffClient.call('POST', '/api/auth/login', staff)
  const eventId = uuidv7()
  const day = addDays(todayInChina(), 12)
  await staffClient.call('POST', '/api/sync/push', {
    deviceId: 'screens-device-1',
    records: [
      {
        id: eventId,
        kind: 'event',
        baseId: BASE,
        baseVersion: 0,
        payload: {
          title: '李四光中队 · 岩石与矿物研学',
          description: '在讲解员带领下认识常见岩石和矿物，完成一份标本观察记录。',
          place: '一层序厅集合',
          start: `${day}T09:30:00+08:00`,
          end: `${day}T11:30:00+08:00`,
          audience: 'squadron',
          capacity: 120,
          registrationRequired: true,
          themeDayId: null,
        },
      },
    ],
  })
  const school = { username: 'screens-teacher', password: 'Haidian-No4-teacher-2026' }
  const teacher = new Client()
  await teacher.call('POST', '/api/auth/signup', {
    ...school,
    displayName: '李老师',
    school: { name: '北京市海淀区第四实验小学', province: '北京市', city: '北京市', contact: 'li.teacher@example.cn' },
  })
  const pending = await admin.call<{ accounts: { id: string; username: string }[] }>(
    'GET',
    '/api/admin/accounts?status=pending',
  )
  for (const a of pending.accounts)
    if (a.username === school.username) await admin.call('POST', `/api/admin/accounts/${a.id}/approve`, {})
  await teacher.call('POST', '/api/auth/login', school)
  const squadron = await teacher.call<{ squadron: { id: string } }>('POST', '/api/school/squadrons', {
    name: '五年级二班李四光中队',
    grade: 5,
    headcount: 32,
    teacher: '李老师',
  })
  const registered = await teacher.call<{ registration: { id: string } }>(
    'POST',
    `/api/events/${eventId}/registrations`,
    { squadronId: squadron.squadron.id, headcount: 34, adults: 2, requestId: uuidv7() },
  )
  await admin.call('POST', '/api/notices', {
    kind: 'alert',
    msgType: 'Alert',
    event: '地质灾害气象风险预警',
    level: 'orange',
    hazards: ['landslide'],
    headline: '湖南省西部山区地质灾害气象风险橙色预警',
    description: '受持续强降雨影响，湘西、怀化等地发生崩塌、滑坡、泥石流的风险高。',
    instruction: '远离陡坡和沟谷，留意山体裂缝、异响和井水浑浊等前兆，听从当地转移安排。',
    area: { description: '湖南省湘西州、怀化市', provinces: ['430000'] },
  })
  return { eventId, registrationId: registered.registration.id, staff, school }
}

interface Shot {
  name: string
  path: string
  as?: 'staff' | 'school' | 'admin'
  ready?: (page: Page) => Promise<void>
}

async function signIn(context: BrowserContext, username: string, password: string): Promise<void> {
  const response = await context.request.post(`${ORIGIN}/api/auth/login`, {
    data: { username, password },
    headers: { origin: ORIGIN },
  })
  if (!response.ok()) throw new Error(`sign-in as ${username}: ${response.status()}`)
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-screens-'))
  const stop = await startServer(dataDir)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  try {
    const s = await seed()
    const shots: Shot[] = [
      { name: 'visitor-bases', path: '/bases' },
      { name: 'visitor-base', path: `/bases/${BASE}` },
      { name: 'visitor-event', path: `/calendar/events/${s.eventId}` },
      { name: 'visitor-calendar', path: '/calendar' },
      { name: 'visitor-notices', path: '/notices' },
      { name: 'visitor-works', path: '/works' },
      { name: 'teacher-event', path: `/calendar/events/${s.eventId}`, as: 'school' },
      { name: 'teacher-ticket', path: `/me/squadron/tickets/${s.registrationId}`, as: 'school' },
      { name: 'staff-gate', path: '/me/staff', as: 'staff' },
      { name: 'staff-roster', path: `/me/staff/squadron/${s.eventId}`, as: 'staff' },
      { name: 'admin-accounts', path: '/me/admin/accounts', as: 'admin' },
      { name: 'admin-notice', path: '/notices/admin', as: 'admin' },
    ]
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    const accounts = { staff: s.staff, school: s.school, admin: ADMIN }
    for (const scheme of ['light', 'dark'] as const) {
      for (const shot of shots) {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 1,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          colorScheme: scheme,
          serviceWorkers: 'block',
        })
        if (shot.as) await signIn(context, accounts[shot.as].username, accounts[shot.as].password)
        const page = await context.newPage()
        await page.goto(`${ORIGIN}${shot.path}`, { waitUntil: 'networkidle' })
        // The static shell is replaced once the route's code is in; then let fonts and images settle.
        await page.waitForSelector('[data-testid^="view-"]', { timeout: 20_000 }).catch(() => {})
        await page.waitForTimeout(800)
        await page.screenshot({ path: join(OUT, `${shot.name}-${scheme}.png`) })
        console.log(`${OUT}/${shot.name}-${scheme}.png`)
        await context.close()
      }
    }
  } finally {
    await browser.close()
    stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
