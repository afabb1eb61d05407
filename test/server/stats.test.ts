import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { BaseStatsResponse, NationalStatsResponse, PushAck } from '../../src/shared/index.ts'
import { ratings } from '../../src/server/db/schema.ts'
import { RATING_LIMIT } from '../../src/server/routes/stats.ts'
import { buildTestApp, ratingDeviceToken, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let staffA: TestClient
let admin: TestClient
const A = 'geological-museum-of-china' // 北京市
const B = 'hunan-geo-museum' // 湖南省
const C = 'beijing-planning-hall' // 北京市
const MAY_JUNE = 'from=2026-05-01&to=2026-06-30'

const tally = (baseId: string, audience: string, count: number, at: string) => ({
  id: crypto.randomUUID(),
  kind: 'tally',
  baseId,
  payload: { audience, count, at },
})
const voidOf = (record: { id: string; baseId: string }) => ({
  id: crypto.randomUUID(),
  kind: 'tally-void',
  baseId: record.baseId,
  payload: { target: record.id },
})
const activity = (
  baseId: string,
  type: string,
  date: string,
  participants: number,
  extra: { id?: string; baseVersion?: number; deleted?: boolean } = {},
) => ({
  id: extra.id ?? crypto.randomUUID(),
  kind: 'activity',
  baseId,
  baseVersion: extra.baseVersion ?? 0,
  payload: {
    type,
    title: `${type} ${date}`,
    date,
    participants,
    themeDayId: null,
    notes: '',
    deleted: extra.deleted ?? false,
  },
})

async function push(client: TestClient, records: unknown[]): Promise<void> {
  const response = await client.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: { deviceId: 'stats-test-device', records },
  })
  expect(response.statusCode, response.body).toBe(200)
  const acks = response.json<{ acks: PushAck[] }>().acks
  expect(
    acks.filter((a) => a.status !== 'accepted'),
    'every record accepted',
  ).toEqual([])
}

async function getJson<T>(client: TestClient, url: string): Promise<T> {
  const response = await client.request({ url })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<T>()
}

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'stats-a', 'base_staff', { baseId: A })
  const boss = await seedAccount(t, 'stats-boss', 'admin')
  staffA = new TestClient(t.app)
  admin = new TestClient(t.app)
  expect((await staffA.login('stats-a', a.password)).statusCode).toBe(200)
  expect((await admin.login('stats-boss', boss.password)).statusCode).toBe(200)

  // Records go in through the real sync push, so `day` is derived the way production derives it.
  const voidedAfter = tally(A, 'public', 100, '2026-05-12T10:00:00+08:00')
  const voidedBefore = tally(A, 'student', 200, '2026-05-12T11:00:00+08:00')
  const withdrawn = activity(A, 'exhibition', '2026-05-13', 150)
  const edited = activity(A, 'competition', '2026-05-20', 30)
  await push(staffA, [voidOf(voidedBefore)]) // the void arrives first …
  await push(staffA, [
    tally(A, 'student', 5, '2026-05-12T23:30:00+08:00'), // 15:30 UTC, still 12 May in China
    tally(A, 'public', 3, '2026-05-13T00:30:00+08:00'), // 16:30 UTC on 12 May, already 13 May in China
    tally(A, 'group', 40, '2026-05-10T10:00:00+08:00'), // a Sunday
    tally(A, 'public', 7, '2026-05-11T09:00:00+08:00'), // the Monday after
    tally(A, 'other', 2, '2026-05-31T12:00:00+08:00'),
    tally(A, 'other', 4, '2026-06-01T08:00:00+08:00'),
    voidedAfter,
    voidedBefore, // … and its tally after it
    activity(A, 'lecture', '2026-05-12', 80),
    withdrawn,
    edited,
  ])
  await push(staffA, [
    voidOf(voidedAfter),
    { ...withdrawn, baseVersion: 1, payload: { ...withdrawn.payload, deleted: true } },
    { ...edited, baseVersion: 1, payload: { ...edited.payload, participants: 35 } },
  ])
  await push(admin, [
    tally(B, 'public', 500, '2026-05-12T09:00:00+08:00'),
    activity(B, 'lecture', '2026-05-22', 20),
    tally(C, 'public', 9, '2026-05-15T09:00:00+08:00'),
  ])
  // Ratings of past days go straight into the table (the API stamps today).
  await t.database.db.insert(ratings).values([
    { baseId: A, deviceId: 'device-rate-1', day: '2026-05-12', score: 4 },
    { baseId: A, deviceId: 'device-rate-2', day: '2026-05-12', score: 5 },
    { baseId: A, deviceId: 'device-rate-3', day: '2026-05-13', score: 5 },
    { baseId: B, deviceId: 'device-rate-1', day: '2026-05-12', score: 2 },
  ])
})
afterAll(async () => {
  await t.close()
})

describe('base dashboard', () => {
  it('counts visitors by audience, leaving out voided tallies whichever arrived first', async () => {
    const stats = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?${MAY_JUNE}`)
    expect(stats.base).toEqual({
      id: A,
      name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
      province: '北京市',
    })
    expect(stats.totals.visitors).toBe(61)
    expect(stats.totals.byAudience).toEqual({ public: 10, student: 5, group: 40, other: 6 })
  })

  it('counts a tally on its Asia/Shanghai day, not its UTC day', async () => {
    const stats = await getJson<BaseStatsResponse>(
      staffA,
      `/api/stats/bases/${A}?from=2026-05-12&to=2026-05-13&granularity=day`,
    )
    expect(stats.visitors).toEqual([
      { period: '2026-05-12', total: 5, byAudience: { public: 0, student: 5, group: 0, other: 0 } },
      { period: '2026-05-13', total: 3, byAudience: { public: 3, student: 0, group: 0, other: 0 } },
    ])
  })

  it('buckets weeks from Monday and months by local date, zeros included', async () => {
    const weeks = await getJson<BaseStatsResponse>(
      staffA,
      `/api/stats/bases/${A}?from=2026-05-04&to=2026-06-07&granularity=week`,
    )
    expect(weeks.visitors.map((p) => [p.period, p.total])).toEqual([
      ['2026-05-04', 40],
      ['2026-05-11', 15],
      ['2026-05-18', 0],
      ['2026-05-25', 2],
      ['2026-06-01', 4],
    ])
    const months = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?${MAY_JUNE}&granularity=month`)
    expect(months.visitors.map((p) => [p.period, p.total])).toEqual([
      ['2026-05', 57],
      ['2026-06', 4],
    ])
    expect(months.activitySeries).toEqual([
      { period: '2026-05', count: 2, participants: 115 },
      { period: '2026-06', count: 0, participants: 0 },
    ])
  })

  it('counts activities by type in their latest version and leaves withdrawn ones out', async () => {
    const stats = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?${MAY_JUNE}`)
    expect(stats.totals).toMatchObject({ activities: 2, participants: 115 })
    const byType = Object.fromEntries(stats.activityTypes.map((a) => [a.type, [a.count, a.participants]]))
    expect(byType).toMatchObject({ lecture: [1, 80], competition: [1, 35], exhibition: [0, 0] })
  })

  it('shows theme days in the range with their visitors, busiest first', async () => {
    const stats = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?${MAY_JUNE}`)
    const disasterDay = stats.themeDays.find((d) => d.themeDayId === 'national-disaster-prevention-day')!
    expect(disasterDay).toMatchObject({
      start: '2026-05-12',
      end: '2026-05-12',
      visitors: 5,
      activities: 1,
      participants: 80,
      peakDay: '2026-05-12',
      source: 'rule',
    })
    expect(disasterDay.lift).toBeCloseTo(5 / (61 / 61), 2)
    expect(stats.themeDays.map((d) => d.themeDayId)).toContain('national-land-day')
    expect(stats.themeDays[0]!.visitors).toBeGreaterThanOrEqual(stats.themeDays.at(-1)!.visitors)
  })

  it('averages satisfaction over the ratings in the range', async () => {
    const stats = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?${MAY_JUNE}`)
    expect(stats.totals.satisfaction).toEqual({ average: 4.67, count: 3 })
    const empty = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?from=2025-01-01&to=2025-01-31`)
    expect(empty.totals).toMatchObject({ visitors: 0, activities: 0, satisfaction: { average: null, count: 0 } })
    expect(empty.visitors).toHaveLength(31)
  })

  it('refuses a reversed or too long range with 400', async () => {
    expect((await staffA.request({ url: `/api/stats/bases/${A}?from=2026-06-01&to=2026-05-01` })).statusCode).toBe(400)
    expect((await staffA.request({ url: `/api/stats/bases/${A}?from=2000-01-01&to=2026-05-01` })).statusCode).toBe(400)
    expect((await staffA.request({ url: `/api/stats/bases/${A}?from=2026-05-01` })).statusCode).toBe(400)
  })
})

describe('who may see what', () => {
  it('staff of base A get 403 for base B: dashboard and both exports; the national view is admin only', async () => {
    for (const url of [
      `/api/stats/bases/${B}?${MAY_JUNE}`,
      `/api/stats/export.csv?${MAY_JUNE}&baseId=${B}`,
      `/api/stats/export.xlsx?${MAY_JUNE}&baseId=${B}`,
      `/api/stats/national?${MAY_JUNE}`,
    ]) {
      expect((await staffA.request({ url })).statusCode, url).toBe(403)
    }
    expect((await new TestClient(t.app).request({ url: `/api/stats/bases/${A}?${MAY_JUNE}` })).statusCode).toBe(401)
    expect((await admin.request({ url: `/api/stats/bases/${B}?${MAY_JUNE}` })).statusCode).toBe(200)
    expect((await admin.request({ url: `/api/stats/bases/no-such-base?${MAY_JUNE}` })).statusCode).toBe(404)
  })
})

describe('national dashboard', () => {
  it('ranks bases by visitors and breaks the country down by province', async () => {
    const stats = await getJson<NationalStatsResponse>(admin, `/api/stats/national?${MAY_JUNE}&granularity=month`)
    expect(stats.totals).toMatchObject({
      visitors: 570,
      activities: 3,
      participants: 135,
      satisfaction: { average: 4, count: 4 },
    })
    expect(stats.basesReporting).toBe(3)
    expect(stats.ranking.map((r) => [r.id, r.visitors])).toEqual([
      [B, 500],
      [A, 61],
      [C, 9],
    ])
    expect(stats.ranking[0]).toMatchObject({
      name: { zh: '湖南省地质博物馆' },
      province: '湖南省',
      activities: 1,
      participants: 20,
      satisfaction: { average: 2, count: 1 },
    })
    expect(stats.provinces).toEqual([
      { province: '湖南省', bases: 1, visitors: 500, activities: 1, participants: 20 },
      { province: '北京市', bases: 2, visitors: 70, activities: 2, participants: 115 },
    ])
    expect(stats.visitors.map((p) => p.total)).toEqual([566, 4])
  })
})

/** RFC 4180 rows of our export (no field in it contains a comma, quote or line break). */
function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','))
}

describe('export', () => {
  it('CSV: UTF-8 with BOM, the survey indicator names and units as headers, an RFC 5987 file name', async () => {
    const response = await staffA.request({ url: `/api/stats/export.csv?${MAY_JUNE}` })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/)
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const disposition = String(response.headers['content-disposition'])
    expect(disposition).toBe(
      `attachment; filename="ziran-kepu-stats-${A}-2026-05-01-2026-06-30.csv"; filename*=UTF-8''${encodeURIComponent('科普统计-中国地质博物馆-2026-05-01-2026-06-30.csv')}`,
    )

    const [header, ...rows] = csvRows(response.rawPayload.toString('utf8'))
    expect(header).toEqual(
      expect.arrayContaining([
        '基地名称',
        '参观人次（人次）',
        '其中：学生参观人次（人次）',
        '科普活动次数（次）',
        '科普活动参加人次（人次）',
        '科普(技)讲座举办次数（次）',
        '满意度（分）',
      ]),
    )
    expect(rows).toHaveLength(1) // staff: their own base only
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]))
    expect(row).toMatchObject({
      基地编号: A,
      基地名称: '中国地质博物馆',
      省份: '北京市',
      '参观人次（人次）': '61',
      '科普活动次数（次）': '2',
      '科普活动参加人次（人次）': '115',
      '满意度（分）': '4.67',
      '满意度评价数（份）': '3',
    })
  })

  it('admin: every base, one row each; a base without ratings shows "-" for satisfaction', async () => {
    const response = await admin.request({ url: `/api/stats/export.csv?${MAY_JUNE}` })
    expect(response.headers['content-disposition']).toContain(
      'filename="ziran-kepu-stats-all-2026-05-01-2026-06-30.csv"',
    )
    const [header, ...rows] = csvRows(response.rawPayload.toString('utf8'))
    expect(rows).toHaveLength(126)
    const c = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0] === C)![i]]))
    expect(c).toMatchObject({ '参观人次（人次）': '9', '满意度（分）': '-', '满意度评价数（份）': '0' })
  })

  it('XLSX parses back with the same numbers as the CSV', async () => {
    const csv = csvRows((await admin.request({ url: `/api/stats/export.csv?${MAY_JUNE}` })).rawPayload.toString('utf8'))
    const response = await admin.request({ url: `/api/stats/export.xlsx?${MAY_JUNE}` })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('科普统计')!
    const xlsx: string[][] = []
    sheet.eachRow((row) => {
      xlsx.push((row.values as unknown[]).slice(1).map(String))
    })
    expect(xlsx).toEqual(csv)
    const b = xlsx.find((r) => r[0] === B)!
    expect(sheet.getRow(xlsx.indexOf(b) + 1).getCell(6).value).toBe(500) // a number, not text
  })
})

describe('public satisfaction rating', () => {
  const rate = (client: TestClient, body: Record<string, unknown>) =>
    client.request({ method: 'POST', url: '/api/ratings', payload: body })

  it('takes one rating per device, base and day; the second gets 409 with a clear message', async () => {
    const visitor = new TestClient(t.app, '192.0.2.10')
    const device = await ratingDeviceToken(t.app, '192.0.2.10')
    const first = await rate(visitor, { baseId: A, deviceId: device, score: 5, comment: '讲解很好' })
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toEqual({ ok: true, day: todayInChina() })
    const again = await rate(visitor, { baseId: A, deviceId: device, score: 1 })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ message: expect.stringContaining('今天已经评价过') })
    expect((await rate(visitor, { baseId: B, deviceId: device, score: 3 })).statusCode).toBe(201)
    const today = todayInChina()
    const stats = await getJson<BaseStatsResponse>(staffA, `/api/stats/bases/${A}?from=${today}&to=${today}`)
    expect(stats.totals.satisfaction).toEqual({ average: 5, count: 1 })
  })

  it('refuses an unknown base (404) and a score outside 1–5 (400)', async () => {
    const visitor = new TestClient(t.app, '192.0.2.11')
    const device = await ratingDeviceToken(t.app, '192.0.2.11')
    expect((await rate(visitor, { baseId: 'no-such-base', deviceId: device, score: 4 })).statusCode).toBe(404)
    expect((await rate(visitor, { baseId: A, deviceId: device, score: 6 })).statusCode).toBe(400)
  })

  it('limits how often one address may rate', async () => {
    const visitor = new TestClient(t.app, '192.0.2.12')
    // Tokens from many addresses (a token is not tied to one), ratings from one.
    const devices = await Promise.all(
      Array.from({ length: RATING_LIMIT.max + 1 }, (_, i) => ratingDeviceToken(t.app, `198.51.100.${i + 1}`)),
    )
    for (let i = 0; i < RATING_LIMIT.max; i++) {
      expect((await rate(visitor, { baseId: C, deviceId: devices[i], score: 3 })).statusCode).toBe(201)
    }
    const limited = await rate(visitor, { baseId: C, deviceId: devices[RATING_LIMIT.max], score: 3 })
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ statusCode: 429, message: expect.stringContaining('too many ratings') })
    expect(limited.headers['retry-after']).toBeDefined()
  })
})
