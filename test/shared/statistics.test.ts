import { describe, expect, it } from 'vitest'
import type { ThemeDay, ThemeDayRule } from '../../src/shared/schemas/theme-day.ts'
import { ACTIVITY_TYPES, VISITOR_AUDIENCES, type ActivityType } from '../../src/shared/schemas/sync.ts'
import {
  ACTIVITY_TYPE_LABELS,
  AUDIENCE_LABELS,
  EXPORT_COLUMNS,
  INDICATORS,
  activitySeries,
  activityTypeTotals,
  audienceTotals,
  daysBetween,
  emptyAudienceCounts,
  exportTable,
  indicatorHeader,
  isActivityType,
  isVisitorAudience,
  periodOf,
  periodsBetween,
  presetRange,
  satisfactionOf,
  sumOf,
  themeDayPeaks,
  visitorSeries,
  type BaseIndicatorRow,
  type DailyActivities,
  type DailyVisitors,
} from '../../src/shared/domain/statistics.ts'

const themeDay = (id: string, zh: string, rule: ThemeDayRule): ThemeDay => ({
  id,
  rule,
  name: { zh, en: id },
  sinceYear: 2000,
  description: { zh, en: id },
  windows: {},
  source: 'recalled',
  verified: false,
  sortKey: '01-01',
})

describe('indicators, as the national survey (全国科普统计) names them', () => {
  it('uses the survey’s names and units in both languages', () => {
    expect(INDICATORS.visitors).toEqual({ name: { zh: '参观人次', en: 'Visits' }, unit: { zh: '人次', en: 'visits' } })
    expect(INDICATORS.activities.name.zh).toBe('科普活动次数')
    expect(INDICATORS.activities.unit.zh).toBe('次')
    expect(INDICATORS.participants.name.zh).toBe('科普活动参加人次')
    expect(INDICATORS.satisfaction.unit.zh).toBe('分')
    expect(INDICATORS.ratings.unit.zh).toBe('份')
    for (const indicator of Object.values(INDICATORS)) {
      expect(indicator.name.zh && indicator.name.en && indicator.unit.zh && indicator.unit.en).toBeTruthy()
    }
  })

  it('labels every audience and activity type (the gate buttons and the activity form)', () => {
    expect(Object.keys(AUDIENCE_LABELS).sort()).toEqual([...VISITOR_AUDIENCES].sort())
    expect(Object.keys(ACTIVITY_TYPE_LABELS).sort()).toEqual([...ACTIVITY_TYPES].sort())
    expect(AUDIENCE_LABELS.student.zh).toBe('学生')
    // Exhibitions and open days are visited, the rest are attended.
    expect(ACTIVITY_TYPE_LABELS.exhibition.participantsName.zh).toBe('参观人次')
    expect(ACTIVITY_TYPE_LABELS.open_day.participantsName.zh).toBe('参观人次')
    expect(ACTIVITY_TYPE_LABELS.lecture.participantsName.zh).toBe('参加人次')
  })

  it('writes a column header the way the form does, with a full-width bracket', () => {
    expect(indicatorHeader('参观人次', '人次')).toBe('参观人次（人次）')
  })

  it('tells audiences and activity types from anything else', () => {
    expect(isVisitorAudience('student')).toBe(true)
    expect(isVisitorAudience('teacher')).toBe(false)
    expect(isVisitorAudience(undefined)).toBe(false)
    expect(isActivityType('lecture')).toBe(true)
    expect(isActivityType('Lecture')).toBe(false)
  })
})

describe('periods', () => {
  it('puts a day in its day, its ISO week (from Monday) or its month', () => {
    // 2026-11-26 is a Thursday; 2026-11-30 a Monday; 2027-01-03 a Sunday in the week of Monday 2026-12-28.
    expect(periodOf('2026-11-26', 'day')).toBe('2026-11-26')
    expect(periodOf('2026-11-26', 'week')).toBe('2026-11-23')
    expect(periodOf('2026-11-30', 'week')).toBe('2026-11-30')
    expect(periodOf('2027-01-03', 'week')).toBe('2026-12-28')
    expect(periodOf('2026-11-26', 'month')).toBe('2026-11')
  })

  it('lists every day of a range, both ends included, across a leap day', () => {
    expect(daysBetween('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01'])
    expect(daysBetween('2026-05-01', '2026-05-01')).toEqual(['2026-05-01'])
    expect(daysBetween('2026-05-02', '2026-05-01')).toEqual([])
  })

  it('gives every period touching a range once, in order, including a week begun before it', () => {
    expect(periodsBetween('2026-11-26', '2026-12-08', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07'])
    expect(periodsBetween('2026-11-26', '2027-02-01', 'month')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
  })

  it('offers the last 7 and 30 days by day, and the year so far by month', () => {
    expect(presetRange('7d', '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02', granularity: 'day' })
    expect(daysBetween(presetRange('30d', '2026-03-02').from, '2026-03-02')).toHaveLength(30)
    expect(presetRange('year', '2026-03-02')).toEqual({ from: '2026-01-01', to: '2026-03-02', granularity: 'month' })
  })
})

describe('dashboard series from day-level rows', () => {
  const visitors: DailyVisitors[] = [
    { day: '2026-04-20', audience: 'public', visitors: 10 },
    { day: '2026-04-20', audience: 'student', visitors: 30 },
    { day: '2026-04-22', audience: 'group', visitors: 5 },
    { day: '2026-04-27', audience: 'public', visitors: 7 },
    { day: '2026-05-30', audience: 'other', visitors: 99 }, // outside the range: ignored
  ]

  it('sums visitors per period and per audience, with empty periods as zeros', () => {
    const days = visitorSeries(visitors, '2026-04-20', '2026-04-23', 'day')
    expect(days.map((p) => p.period)).toEqual(['2026-04-20', '2026-04-21', '2026-04-22', '2026-04-23'])
    expect(days.map((p) => p.total)).toEqual([40, 0, 5, 0])
    expect(days[0]!.byAudience).toEqual({ public: 10, student: 30, group: 0, other: 0 })
    expect(days[1]!.byAudience).toEqual(emptyAudienceCounts())

    const weeks = visitorSeries(visitors, '2026-04-20', '2026-04-30', 'week')
    expect(weeks).toEqual([
      { period: '2026-04-20', total: 45, byAudience: { public: 10, student: 30, group: 5, other: 0 } },
      { period: '2026-04-27', total: 7, byAudience: { public: 7, student: 0, group: 0, other: 0 } },
    ])
  })

  it('keeps the series’ sum equal to the audiences’ sums (the dashboard’s total adds up)', () => {
    const inRange = visitors.filter((v) => v.day <= '2026-04-30')
    const series = visitorSeries(inRange, '2026-04-01', '2026-04-30', 'month')
    const audiences = audienceTotals(inRange)
    expect(series).toHaveLength(1)
    expect(series[0]!.total).toBe(52)
    expect(sumOf(Object.values(audiences), (n) => n)).toBe(52)
    expect(series[0]!.byAudience).toEqual(audiences)
  })

  it('sums activities and their participants per period', () => {
    const rows: DailyActivities[] = [
      { day: '2026-04-01', type: 'lecture', count: 2, participants: 120 },
      { day: '2026-04-15', type: 'exhibition', count: 1, participants: 800 },
      { day: '2026-05-02', type: 'lecture', count: 1, participants: 60 },
    ]
    expect(activitySeries(rows, '2026-04-01', '2026-05-31', 'month')).toEqual([
      { period: '2026-04', count: 3, participants: 920 },
      { period: '2026-05', count: 1, participants: 60 },
    ])
  })

  it('totals every activity type, in the survey’s order, zeros included', () => {
    const totals = activityTypeTotals([
      { type: 'online', count: 1, participants: 300 },
      { type: 'lecture', count: 2, participants: 40 },
      { type: 'lecture', count: 1, participants: 20 },
    ])
    expect(totals.map((t) => t.type)).toEqual([...ACTIVITY_TYPES])
    expect(totals.find((t) => t.type === 'lecture')).toEqual({ type: 'lecture', count: 3, participants: 60 })
    expect(totals.find((t) => t.type === 'online')).toEqual({ type: 'online', count: 1, participants: 300 })
    expect(totals.find((t) => t.type === 'competition')).toEqual({ type: 'competition', count: 0, participants: 0 })
  })

  it('averages satisfaction from the sum of scores, to two decimals, and none without ratings', () => {
    expect(satisfactionOf(0, 0)).toEqual({ average: null, count: 0 })
    expect(satisfactionOf(14, 3)).toEqual({ average: 4.67, count: 3 })
    // Two bases, 1 rating of 5 and 500 ratings of 3: the national figure weighs every rating once.
    expect(satisfactionOf(5 + 1500, 501).average).toBe(3)
  })
})

describe('theme-day peaks', () => {
  const earthDay = themeDay('world-earth-day', '世界地球日', { type: 'fixed', month: 4, day: 22 })
  const landDay = themeDay('national-land-day', '全国土地日', { type: 'fixed', month: 6, day: 25 })
  const from = '2026-04-01'
  const to = '2026-06-30'

  it('orders the theme days in the range by visitors, with each one’s lift over an average day', () => {
    const visitors: DailyVisitors[] = [
      { day: '2026-04-22', audience: 'student', visitors: 910 },
      { day: '2026-06-25', audience: 'public', visitors: 91 },
      { day: '2026-05-10', audience: 'public', visitors: 91 },
    ]
    const peaks = themeDayPeaks([landDay, earthDay], visitors, [], from, to)
    expect(peaks.map((p) => p.name.zh)).toEqual(['世界地球日', '全国土地日'])
    // 91 days in the range, 1,092 visitors: 12 an average day.
    expect(peaks[0]).toMatchObject({
      start: '2026-04-22',
      end: '2026-04-22',
      visitors: 910,
      peakDay: '2026-04-22',
      peakVisitors: 910,
    })
    expect(peaks[0]!.lift).toBeCloseTo(910 / 12, 2)
    expect(peaks[1]).toMatchObject({ visitors: 91, lift: Math.round((91 / 12) * 100) / 100 })
  })

  it('counts an activity that names a theme day under it even when held the week before', () => {
    const activities: DailyActivities[] = [
      { day: '2026-04-15', type: 'lecture', count: 1, participants: 80, themeDayId: 'world-earth-day' },
      // Held on Earth Day but for Land Day: Land Day's, not Earth Day's.
      { day: '2026-04-22', type: 'exhibition', count: 1, participants: 200, themeDayId: 'national-land-day' },
      // Names no theme day: counts where its date falls.
      { day: '2026-04-22', type: 'open_day', count: 2, participants: 50, themeDayId: null },
    ]
    const peaks = themeDayPeaks([earthDay, landDay], [], activities, from, to)
    const byId = new Map(peaks.map((p) => [p.themeDayId, p]))
    expect(byId.get('world-earth-day')).toMatchObject({
      activities: 3,
      participants: 130,
      visitors: 0,
      peakDay: null,
      lift: null,
    })
    expect(byId.get('national-land-day')).toMatchObject({ activities: 1, participants: 200 })
    // With no visitors anywhere, busier by participants comes first.
    expect(peaks[0]!.themeDayId).toBe('national-land-day')
  })

  it('ignores an activity naming a theme day that does not fall in the range', () => {
    const peaks = themeDayPeaks(
      [earthDay],
      [],
      [{ day: '2026-06-01', type: 'lecture', count: 1, participants: 9, themeDayId: 'national-land-day' }],
      from,
      to,
    )
    expect(peaks).toHaveLength(1)
    expect(peaks[0]).toMatchObject({ activities: 0, participants: 0 })
  })
})

describe('the export', () => {
  const byType = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { count: 0, participants: 0 }])) as Record<
    ActivityType,
    { count: number; participants: number }
  >
  const row: BaseIndicatorRow = {
    baseId: 'beijing-planning-hall',
    name: '北京市规划展览馆',
    province: '北京市',
    visitors: 120,
    byAudience: { public: 70, student: 40, group: 10, other: 0 },
    activities: 3,
    participants: 260,
    byType: { ...byType, lecture: { count: 2, participants: 60 }, exhibition: { count: 1, participants: 200 } },
    satisfaction: { average: null, count: 0 },
  }
  const range = { from: '2026-01-01', to: '2026-06-30' }

  it('heads its columns with the survey’s names and units', () => {
    const headers = EXPORT_COLUMNS.map((c) => c.header)
    expect(headers.slice(0, 5)).toEqual(['基地编号', '基地名称', '省份', '统计开始日期', '统计截止日期'])
    expect(headers).toContain('参观人次（人次）')
    expect(headers).toContain('其中：学生参观人次（人次）')
    expect(headers).toContain('科普活动次数（次）')
    expect(headers).toContain('科普(技)讲座举办次数（次）')
    expect(headers).toContain('科普(技)专题展览参观人次（人次）')
    expect(headers.at(-2)).toBe('满意度（分）')
    expect(headers.at(-1)).toBe('满意度评价数（份）')
    expect(new Set(headers).size).toBe(headers.length)
  })

  it('writes one row per base, counts as integers, and “-” for a score nobody gave', () => {
    const [header, cells] = exportTable([row], range)
    const cell = (name: string) => cells![header!.indexOf(name)]
    expect(cell('基地名称')).toBe('北京市规划展览馆')
    expect(cell('统计开始日期')).toBe('2026-01-01')
    expect(cell('参观人次（人次）')).toBe(120)
    expect(cell('其中：普通公众参观人次（人次）')).toBe(70)
    expect(cell('科普(技)讲座参加人次（人次）')).toBe(60)
    expect(cell('满意度（分）')).toBe('-')
    expect(cell('满意度评价数（份）')).toBe(0)
    expect(EXPORT_COLUMNS.filter((c) => c.format === 'decimal').map((c) => c.header)).toEqual(['满意度（分）'])
    // The audience columns add up to the visitors column.
    const audienceSum = VISITOR_AUDIENCES.reduce(
      (sum, a) => sum + Number(cell(`其中：${AUDIENCE_LABELS[a].zh}参观人次（人次）`)),
      0,
    )
    expect(audienceSum).toBe(cell('参观人次（人次）'))
  })

  it('writes the satisfaction score when there are ratings', () => {
    const [header, cells] = exportTable([{ ...row, satisfaction: satisfactionOf(9, 2) }], range)
    expect(cells![header!.indexOf('满意度（分）')]).toBe(4.5)
    expect(cells![header!.indexOf('满意度评价数（份）')]).toBe(2)
  })

  it('is only the header row when no base has figures', () => {
    expect(exportTable([], range)).toEqual([EXPORT_COLUMNS.map((c) => c.header)])
  })
})
