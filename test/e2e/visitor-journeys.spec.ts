import { expect, test, type Page } from '@playwright/test'
import { originHeaders } from './support/app.ts'
import { fillSignIn } from './support/phone.ts'
import {
  adminApi,
  apiSignedIn,
  beijingDate,
  createSchool,
  createSquadron,
  createStaff,
  publishEvent,
  type Playwright,
} from './support/seed.ts'

/*
 * Issue 19, the visitor's journeys: each test walks one of them on a phone, in Chinese, by tapping,
 * the way a visitor or a teacher would (see the issue's items 1–8).
 */

const STAFF = { username: 'staff-visitor-journeys', password: 'staff-password-19', displayName: '地调中心讲解员' }
const TEACHER = { username: 'teacher-visitor-19', password: 'teacher-password-19', displayName: '周老师' }
const SQUADRON = '东城小学四年级一班李四光中队'
/** Its own base, so other specs counting events or registrations at their bases are unaffected. */
const BASE = 'agrs-center'

let setUp: Promise<void> | null = null
/** The base's staff member and an approved school with one squadron, made once through the API. */
function accounts(playwright: Playwright, baseURL: string): Promise<void> {
  setUp ??= (async () => {
    const admin = await adminApi(playwright, baseURL)
    try {
      // Made already, by a test before a retry in a fresh worker: the rest was made with it.
      if ((await createStaff(admin, baseURL, STAFF, BASE, { existing: 'ok' })) === 'existed') return
      await createSchool(playwright, admin, baseURL, TEACHER, {
        name: '北京市东城小学',
        province: '北京市',
        city: '北京市',
        contact: '010-88880000',
      })
    } finally {
      await admin.dispose()
    }
    const school = await apiSignedIn(playwright, baseURL, TEACHER)
    await createSquadron(school, baseURL, { name: SQUADRON, grade: 4, headcount: 30, teacher: '周老师' })
    await school.dispose()
  })()
  return setUp
}

/** An event at BASE, published from a staff phone (an `event` sync record). */
async function publishBaseEvent(
  playwright: Playwright,
  baseURL: string,
  payload: Record<string, unknown>,
): Promise<string> {
  await accounts(playwright, baseURL)
  const staff = await apiSignedIn(playwright, baseURL, STAFF)
  const id = await publishEvent(staff, baseURL, BASE, payload, 'e2e-visitor-journeys')
  await staff.dispose()
  return id
}

test('1. an event can be booked where it is read: places left, sign in, register the squadron, back on the event', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const day = beijingDate(5)
  const eventId = await publishBaseEvent(playwright, baseURL!, {
    title: '航空物探开放日：飞机怎样“看”地下',
    start: `${day}T09:00:00+08:00`,
    end: `${day}T11:00:00+08:00`,
    place: '学院路园区',
    audience: 'squadron',
    capacity: 40,
    registrationRequired: true,
  })

  // Not signed in: the event page says how many places are left and offers to sign in.
  await page.goto(`/calendar/events/${eventId}`)
  const booking = page.getByTestId('event-booking')
  await expect(booking.getByTestId('booking-places')).toHaveText('余 40 个名额（共 40）')
  await booking.getByRole('button', { name: '登录学校账号后报名' }).click()

  // Sign in, and come back to the event, not to 我的.
  await fillSignIn(page, TEACHER)
  await expect(page).toHaveURL(new RegExp(`/calendar/events/${eventId}$`))

  // 报名 opens the registration form for this very event; sending it returns to the event.
  await page.getByTestId('booking-register').click()
  const sheet = page.getByTestId('register-sheet')
  await expect(sheet).toContainText('航空物探开放日')
  await expect(page.getByTestId('register-squadron')).toHaveValue(/.+/)
  await page.getByTestId('register-submit').click()
  await expect(page).toHaveURL(new RegExp(`/calendar/events/${eventId}\\?registered=`))
  await expect(page.getByTestId('booking-done')).toContainText('报名已提交')
  await expect(page.getByTestId('booking-places')).not.toHaveText('余 40 个名额（共 40）')
  await expect(page.getByTestId('booking-places')).toHaveText(/^余 \d+ 个名额（共 40）$/)
})

test("2. a base's page lists its own events, and no screen promises a feature that is 'coming'", async ({
  page,
  playwright,
  baseURL,
}) => {
  const day = beijingDate(9)
  const eventId = await publishBaseEvent(playwright, baseURL!, {
    title: '遥感影像里的冰川湖',
    start: `${day}T14:00:00+08:00`,
    end: `${day}T15:30:00+08:00`,
    place: '一层展厅',
    audience: 'public',
    capacity: null,
    registrationRequired: false,
  })

  await page.goto('/bases')
  await page.getByTestId('mode-list').click()
  await page.getByRole('searchbox').fill('航空物探')
  await page.getByTestId(`base-${BASE}`).click()
  const events = page.getByTestId('base-events')
  await expect(events).toContainText('遥感影像里的冰川湖')
  await expect(page.getByTestId('view-base')).not.toContainText('即将上线')
  await events.getByTestId(`base-event-${eventId}`).click()
  await expect(page.getByTestId('view-event')).toContainText('遥感影像里的冰川湖')

  for (const tab of ['bases', 'works', 'calendar', 'notices', 'me']) {
    await page.getByTestId(`tab-${tab}`).click()
    await expect(page.locator('main')).toBeVisible()
    await expect(page.locator('body')).not.toContainText(/即将上线|敬请期待|coming soon/i)
  }
})

test('3. opening hours read as people say them, and on a closed Monday it opens tomorrow, not "at 09:00"', async ({
  page,
}) => {
  // Monday 23 November 2026, noon in Beijing: the museum is shut all day.
  await page.clock.setFixedTime(new Date('2026-11-23T12:00:00+08:00'))
  await page.goto('/bases')
  await page.getByTestId('mode-list').click()
  await page.getByRole('searchbox').fill('中国地质博物馆')
  await page.getByTestId('base-geological-museum-of-china').click()
  const hours = page.getByTestId('opening-hours')
  await expect(hours).toContainText('周二至周日 09:00–16:30，周一闭馆')
  await expect(hours).not.toContainText('Tu-Su')
  await expect(page.getByTestId('opening-state')).toHaveText('已闭馆，明天 09:00 开放')
})

test('4. a theme day reads in Chinese in the Chinese app', async ({ page }) => {
  await page.goto('/calendar')
  await page.goto('/calendar/days/intl-mountain-day')
  const view = page.getByTestId('view-theme-day')
  await expect(view).toContainText('国际山岳日')
  await expect(view).toContainText('联合国关注山地生态系统的国际日')
  await expect(view).not.toContainText('UN day on mountain ecosystems')
})

test('5. a visitor finds 评价这个基地 on the base page and rates it without marking the visit first', async ({
  page,
}) => {
  await page.goto('/bases/geological-museum-of-china')
  await expect(page.getByTestId('mark-visited')).toHaveText('打卡')
  await page.getByTestId('rate').click()
  const rating = page.getByTestId('rating')
  await expect(rating.getByRole('heading', { name: '评价这个基地' })).toBeInViewport()
  await rating.getByRole('radio', { name: '5 星' }).click()
  await rating.getByTestId('rating-submit').click()
  await expect(rating.getByTestId('rating-message')).toHaveAttribute('data-state', /sent|already|queued/)
})

test('6. the bases screen says what the list is, and each place shows its own title, not the national one', async ({
  page,
}) => {
  await page.goto('/bases')
  await expect(page.getByTestId('view-bases')).toContainText('共 126 个科普场所，其中 15 个国家自然资源科普基地')
  await page.getByTestId('mode-list').click()
  await page.getByRole('searchbox').fill('都安')
  await expect(page.getByTestId('base-duan-underground-river-geopark').getByTestId('card-designation')).toContainText(
    '国家地质公园',
  )
  await page.getByRole('searchbox').fill('北京市规划展览馆')
  await page.getByTestId('base-beijing-planning-hall').click()
  const designation = page.getByTestId('detail-designation')
  await expect(designation).toContainText('暂未核实到正式命名')
  await expect(page.getByTestId('view-base')).not.toContainText('国家自然资源科普基地')
})

test('7. a base page links only official and news sources, never a repost', async ({ page }) => {
  await page.goto('/bases/geological-museum-of-china')
  await expect(page.getByRole('link', { name: 'https://www.gmc.org.cn/' })).toBeVisible()
  await expect(page.locator('a[href*="0sosb.group"], a[href*="jbnbyw.com"]')).toHaveCount(0)
  await page.goto('/bases/bj-groundwater-center')
  await expect(page.getByTestId('view-base')).toContainText('北京市地下水科普中心')
  await expect(page.locator('a[href*="gansuziben.cn"]')).toHaveCount(0)
  await page.goto(`/bases/${BASE}`)
  await expect(page.getByRole('link', { name: 'https://mp.zgkyb.com/m/news/94741' })).toBeVisible()
})

/** Every tab's centre is the tab itself, wherever the page is scrolled: nothing floats over the bar. */
async function expectTabBarUncovered(page: Page, label: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  const viewport = page.viewportSize()!
  for (let y = 0; y <= height; y += Math.round(viewport.height / 6)) {
    await page.evaluate((top) => {
      window.scrollTo(0, top)
    }, y)
    const covered = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.app-shell__tab')].flatMap((tab) => {
        const r = tab.getBoundingClientRect()
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        return hit && tab.contains(hit)
          ? []
          : [`${tab.textContent?.trim() ?? ''} under ${hit?.className.toString() ?? 'nothing'}`]
      }),
    )
    expect(covered, `${label}, scrolled to ${y}`).toEqual([])
  }
}

test('8. with an alert for a followed area, the map never covers the tab bar, and 已可离线使用 asks nothing', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const admin = await adminApi(playwright, baseURL!)
  const issued = await admin.post('/api/notices', {
    headers: originHeaders(baseURL!),
    data: {
      kind: 'alert',
      msgType: 'Alert',
      event: '滑坡',
      level: 'orange',
      headline: '北京山区滑坡橙色预警（演练）',
      description: '演练',
      area: { description: '北京市山区', provinces: ['110000'] },
    },
  })
  expect(issued.status(), await issued.text()).toBe(201)
  await admin.dispose()

  // First visit: the offline notice is a notice, with nothing to put off.
  await page.goto('/notices')
  const ready = page.getByTestId('offline-ready')
  await expect(ready).toContainText('已可离线使用')
  await expect(ready.getByRole('button')).toHaveCount(1)
  await expect(ready.getByRole('button', { name: '关闭' })).toBeVisible()
  await expect(ready).not.toContainText('稍后')
  await expect(ready).toBeHidden({ timeout: 10_000 })

  // The visitor follows 北京市: the alert banner now sits above every screen.
  await page.getByTestId('notice-areas-open').click()
  await page.getByTestId('notice-province-110000').check()
  await page.getByTestId('notice-areas-done').click()
  await expect(page.getByTestId('notice-banner')).toContainText('北京山区滑坡橙色预警')

  for (const size of [
    { width: 390, height: 844 },
    { width: 360, height: 640 },
  ]) {
    for (const fontSize of ['', '22px']) {
      await page.setViewportSize(size)
      await page.goto('/bases')
      if (fontSize) await page.addStyleTag({ content: `html { font-size: ${fontSize} !important; }` })
      await expect(page.getByTestId('notice-banner')).toBeVisible()
      await expect(page.getByTestId('save-area')).toBeVisible()
      await expectTabBarUncovered(page, `${size.width}×${size.height}${fontSize ? ` at ${fontSize}` : ''}`)
    }
  }

  // With the map's save button scrolled right onto the bar, a tap on 我的 opens 我的.
  await page.goto('/bases')
  const save = await page.getByTestId('save-area').boundingBox()
  const bar = await page.locator('.app-shell__tabbar').boundingBox()
  await page.evaluate(
    (dy) => {
      window.scrollBy(0, dy)
    },
    Math.round(save!.y - bar!.y),
  )
  await page.getByTestId('tab-me').tap()
  await expect(page).toHaveURL(/\/me$/)
  await expect(page.getByTestId('save-estimate')).toHaveCount(0)
})
