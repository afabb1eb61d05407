import type { LocalizedText } from '../schemas/common.ts'
import type {
  ActivityPoint,
  ActivityTypeTotal,
  AudienceCounts,
  Satisfaction,
  StatsGranularity,
  ThemeDayPeak,
  VisitorPoint,
} from '../schemas/stats.ts'
import { ACTIVITY_TYPES, VISITOR_AUDIENCES, type ActivityType, type VisitorAudience } from '../schemas/sync.ts'
import type { ThemeDay } from '../schemas/theme-day.ts'
import { addDays, isoWeekday, type IsoDate } from './calendar-date.ts'
import { occurrencesBetween } from './theme-day-dates.ts'
import { byCodeUnit } from './compare.ts'

/*
 * Indicators of the national science-popularization survey (全国科普统计, run yearly for the
 * Ministry of Science and Technology) that the bases' records roll up into, and the pure arithmetic
 * of the dashboards and the export. The server does the counting in SQL; everything here works on
 * its day-level rows.
 */

export interface IndicatorDefinition {
  /** The survey's name, as it appears on the form and in MOST releases. */
  name: LocalizedText
  unit: LocalizedText
}

/** The indicators the app reports, with the survey's names and units. */
export const INDICATORS = {
  visitors: { name: { zh: '参观人次', en: 'Visits' }, unit: { zh: '人次', en: 'visits' } },
  activities: { name: { zh: '科普活动次数', en: 'Popularization activities' }, unit: { zh: '次', en: 'events' } },
  participants: {
    name: { zh: '科普活动参加人次', en: 'Activity participation' },
    unit: { zh: '人次', en: 'participations' },
  },
  satisfaction: { name: { zh: '满意度', en: 'Satisfaction' }, unit: { zh: '分', en: 'points of 5' } },
  ratings: { name: { zh: '满意度评价数', en: 'Satisfaction ratings' }, unit: { zh: '份', en: 'ratings' } },
} as const satisfies Record<string, IndicatorDefinition>
export type IndicatorId = keyof typeof INDICATORS

/** Who came, as the gate buttons say it. */
export const AUDIENCE_LABELS: Record<VisitorAudience, LocalizedText> = {
  public: { zh: '普通公众', en: 'General public' },
  student: { zh: '学生', en: 'Students' },
  group: { zh: '团体', en: 'Groups' },
  other: { zh: '其他', en: 'Other' },
}

export interface ActivityTypeDefinition {
  label: LocalizedText
  /** The survey's word for the people an activity reached: 参加人次, or 参观人次 for exhibitions. */
  participantsName: LocalizedText
}

/** Activity types, named as the survey's 科普活动 block names them where it has the item. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, ActivityTypeDefinition> = {
  lecture: { label: { zh: '科普(技)讲座', en: 'Lectures' }, participantsName: { zh: '参加人次', en: 'attendance' } },
  exhibition: {
    label: { zh: '科普(技)专题展览', en: 'Themed exhibitions' },
    participantsName: { zh: '参观人次', en: 'visits' },
  },
  competition: {
    label: { zh: '科普(技)竞赛', en: 'Competitions' },
    participantsName: { zh: '参加人次', en: 'participants' },
  },
  open_day: { label: { zh: '开放日活动', en: 'Open days' }, participantsName: { zh: '参观人次', en: 'visits' } },
  study_tour: {
    label: { zh: '研学活动', en: 'Study tours' },
    participantsName: { zh: '参加人次', en: 'participants' },
  },
  online: {
    label: { zh: '线上科普活动', en: 'Online activities' },
    participantsName: { zh: '参加人次', en: 'participants' },
  },
  other: {
    label: { zh: '其他科普活动', en: 'Other activities' },
    participantsName: { zh: '参加人次', en: 'participants' },
  },
}

/** A column header the way the survey form writes it: `参观人次（人次）`. */
export function indicatorHeader(name: string, unit: string): string {
  return `${name}（${unit}）`
}

export function isVisitorAudience(value: unknown): value is VisitorAudience {
  return (VISITOR_AUDIENCES as readonly unknown[]).includes(value)
}
export function isActivityType(value: unknown): value is ActivityType {
  return (ACTIVITY_TYPES as readonly unknown[]).includes(value)
}

export function emptyAudienceCounts(): AudienceCounts {
  return { public: 0, student: 0, group: 0, other: 0 }
}

// ── Periods ──────────────────────────────────────────────────────────────────────────────

/** The period a day falls in: the day itself, the Monday of its ISO week, or `YYYY-MM`. */
export function periodOf(day: IsoDate, granularity: StatsGranularity): string {
  switch (granularity) {
    case 'day':
      return day
    case 'week':
      return addDays(day, 1 - isoWeekday(day))
    case 'month':
      return day.slice(0, 7)
  }
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}

/** Every period touching [from, to], in order (a range starting mid-week still gets that week). */
export function periodsBetween(from: IsoDate, to: IsoDate, granularity: StatsGranularity): string[] {
  const periods: string[] = []
  for (const day of daysBetween(from, to)) {
    const period = periodOf(day, granularity)
    if (periods.at(-1) !== period) periods.push(period)
  }
  return periods
}

/** The dashboard's quick ranges, each with the granularity that reads best for it. */
export const RANGE_PRESETS = ['7d', '30d', 'year'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number]

export function presetRange(
  preset: RangePreset,
  today: IsoDate,
): { from: IsoDate; to: IsoDate; granularity: StatsGranularity } {
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: today, granularity: 'day' }
    case '30d':
      return { from: addDays(today, -29), to: today, granularity: 'day' }
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today, granularity: 'month' }
  }
}

// ── Series from day-level rows (what the SQL returns) ───────────────────────────────────────

export interface DailyVisitors {
  day: IsoDate
  audience: VisitorAudience
  visitors: number
}
export interface DailyActivities {
  day: IsoDate
  type: ActivityType
  count: number
  participants: number
  /** The theme day the activities name (an event's, for check-ins); null or absent when none. */
  themeDayId?: string | null
}

export function visitorSeries(
  rows: readonly DailyVisitors[],
  from: IsoDate,
  to: IsoDate,
  granularity: StatsGranularity,
): VisitorPoint[] {
  const points = new Map(
    periodsBetween(from, to, granularity).map((period) => [
      period,
      { period, total: 0, byAudience: emptyAudienceCounts() },
    ]),
  )
  for (const row of rows) {
    const point = points.get(periodOf(row.day, granularity))
    if (!point) continue
    point.total += row.visitors
    point.byAudience[row.audience] += row.visitors
  }
  return [...points.values()]
}

export function activitySeries(
  rows: readonly DailyActivities[],
  from: IsoDate,
  to: IsoDate,
  granularity: StatsGranularity,
): ActivityPoint[] {
  const points = new Map(
    periodsBetween(from, to, granularity).map((period) => [period, { period, count: 0, participants: 0 }]),
  )
  for (const row of rows) {
    const point = points.get(periodOf(row.day, granularity))
    if (!point) continue
    point.count += row.count
    point.participants += row.participants
  }
  return [...points.values()]
}

/** Totals per activity type, every type present, in ACTIVITY_TYPES order. */
export function activityTypeTotals(
  rows: readonly { type: ActivityType; count: number; participants: number }[],
): ActivityTypeTotal[] {
  const totals = new Map(ACTIVITY_TYPES.map((type) => [type, { type, count: 0, participants: 0 }]))
  for (const row of rows) {
    const total = totals.get(row.type)!
    total.count += row.count
    total.participants += row.participants
  }
  return [...totals.values()]
}

export function audienceTotals(rows: readonly { audience: VisitorAudience; visitors: number }[]): AudienceCounts {
  const counts = emptyAudienceCounts()
  for (const row of rows) counts[row.audience] += row.visitors
  return counts
}

export function sumOf<T>(rows: readonly T[], pick: (row: T) => number): number {
  let sum = 0
  for (const row of rows) sum += pick(row)
  return sum
}

/**
 * Satisfaction from a sum of scores and their count, so per-base figures add up to national
 * ones exactly (an average of averages would weigh a base with one rating like one with 500).
 */
export function satisfactionOf(scoreSum: number, count: number): Satisfaction {
  return { average: count === 0 ? null : Math.round((scoreSum / count) * 100) / 100, count }
}

// ── Theme days ───────────────────────────────────────────────────────────────────────────

/**
 * Each theme-day occurrence overlapping [from, to] with what its days brought, busiest first.
 * `lift` compares its visitors per day with the range's: 2 means twice an average day.
 * Visitors count by date. Activities count by their link: one that names a theme day counts
 * under that day's occurrence nearest its date (a talk for Earth Day held the week before is an
 * Earth Day activity, and one held on Earth Day for another theme day is not); one that names
 * none counts under the theme days its date falls in.
 */
export function themeDayPeaks(
  themeDays: readonly ThemeDay[],
  visitors: readonly DailyVisitors[],
  activities: readonly DailyActivities[],
  from: IsoDate,
  to: IsoDate,
): ThemeDayPeak[] {
  const visitorsByDay = new Map<IsoDate, number>()
  for (const row of visitors) visitorsByDay.set(row.day, (visitorsByDay.get(row.day) ?? 0) + row.visitors)
  const activitiesByDay = new Map<IsoDate, { count: number; participants: number }>()
  const occurrences = occurrencesBetween(themeDays, from, to)
  /** Activities that name a theme day, by the index of the occurrence they count under. */
  const linked = new Map<number, { count: number; participants: number }>()
  for (const row of activities) {
    if (row.themeDayId) {
      const index = nearestOccurrence(occurrences, row.themeDayId, row.day)
      if (index === -1) continue
      const sum = linked.get(index) ?? { count: 0, participants: 0 }
      sum.count += row.count
      sum.participants += row.participants
      linked.set(index, sum)
      continue
    }
    const day = activitiesByDay.get(row.day) ?? { count: 0, participants: 0 }
    day.count += row.count
    day.participants += row.participants
    activitiesByDay.set(row.day, day)
  }
  const rangeDays = daysBetween(from, to).length
  const rangeVisitors = sumOf([...visitorsByDay.values()], (v) => v)
  const names = new Map(themeDays.map((d) => [d.id, d.name]))

  const peaks = occurrences.map((occurrence, index): ThemeDayPeak => {
    const start = occurrence.start < from ? from : occurrence.start
    const end = occurrence.end > to ? to : occurrence.end
    const days = daysBetween(start, end)
    let peakDay: IsoDate | null = null
    let peakVisitors = 0
    let total = 0
    let count = 0
    let participants = 0
    for (const day of days) {
      const v = visitorsByDay.get(day) ?? 0
      total += v
      if (v > peakVisitors) {
        peakDay = day
        peakVisitors = v
      }
      count += activitiesByDay.get(day)?.count ?? 0
      participants += activitiesByDay.get(day)?.participants ?? 0
    }
    count += linked.get(index)?.count ?? 0
    participants += linked.get(index)?.participants ?? 0
    const lift =
      rangeVisitors === 0 ? null : Math.round((total / days.length / (rangeVisitors / rangeDays)) * 100) / 100
    return {
      themeDayId: occurrence.themeDayId,
      name: names.get(occurrence.themeDayId)!,
      start,
      end,
      source: occurrence.source,
      visitors: total,
      activities: count,
      participants,
      peakDay,
      peakVisitors,
      lift,
    }
  })
  return peaks.sort(
    (a, b) => b.visitors - a.visitors || b.participants - a.participants || byCodeUnit(a.start, b.start),
  )
}

/** Index of `themeDayId`'s occurrence whose dates are nearest `day` (0 days when it is within them); -1 when none is in the range. */
function nearestOccurrence(
  occurrences: readonly { themeDayId: string; start: IsoDate; end: IsoDate }[],
  themeDayId: string,
  day: IsoDate,
): number {
  let best = -1
  let bestDistance = Infinity
  occurrences.forEach((o, index) => {
    if (o.themeDayId !== themeDayId) return
    const distance =
      day < o.start ? daysBetween(day, o.start).length - 1 : day > o.end ? daysBetween(o.end, day).length - 1 : 0
    if (distance < bestDistance) {
      best = index
      bestDistance = distance
    }
  })
  return best
}

// ── The export: one row per base, the survey's names and units as headers ───────────────────

export interface BaseIndicatorRow {
  baseId: string
  name: string
  province: string
  visitors: number
  byAudience: AudienceCounts
  activities: number
  participants: number
  byType: Record<ActivityType, { count: number; participants: number }>
  satisfaction: Satisfaction
}

export type ExportCell = string | number

export interface ExportColumn {
  header: string
  /** Integers, per the survey's filling rules; `decimal` only for the satisfaction score. */
  format: 'text' | 'integer' | 'decimal'
  value: (row: BaseIndicatorRow, range: { from: IsoDate; to: IsoDate }) => ExportCell
}

const integer = (header: string, value: (row: BaseIndicatorRow) => number): ExportColumn => ({
  header,
  format: 'integer',
  value,
})

/**
 * The export's columns. Counts are whole numbers; an item that does not apply is `-`, as the
 * survey form asks (a satisfaction score with no ratings).
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '基地编号', format: 'text', value: (r) => r.baseId },
  { header: '基地名称', format: 'text', value: (r) => r.name },
  { header: '省份', format: 'text', value: (r) => r.province },
  { header: '统计开始日期', format: 'text', value: (_r, range) => range.from },
  { header: '统计截止日期', format: 'text', value: (_r, range) => range.to },
  integer(indicatorHeader(INDICATORS.visitors.name.zh, INDICATORS.visitors.unit.zh), (r) => r.visitors),
  ...VISITOR_AUDIENCES.map((a) =>
    integer(
      indicatorHeader(`其中：${AUDIENCE_LABELS[a].zh}${INDICATORS.visitors.name.zh}`, INDICATORS.visitors.unit.zh),
      (r) => r.byAudience[a],
    ),
  ),
  integer(indicatorHeader(INDICATORS.activities.name.zh, INDICATORS.activities.unit.zh), (r) => r.activities),
  integer(indicatorHeader(INDICATORS.participants.name.zh, INDICATORS.participants.unit.zh), (r) => r.participants),
  ...ACTIVITY_TYPES.flatMap((type) => {
    const { label, participantsName } = ACTIVITY_TYPE_LABELS[type]
    return [
      integer(indicatorHeader(`${label.zh}举办次数`, '次'), (r) => r.byType[type].count),
      integer(indicatorHeader(`${label.zh}${participantsName.zh}`, '人次'), (r) => r.byType[type].participants),
    ]
  }),
  {
    header: indicatorHeader(INDICATORS.satisfaction.name.zh, INDICATORS.satisfaction.unit.zh),
    format: 'decimal',
    value: (r) => r.satisfaction.average ?? '-',
  },
  integer(indicatorHeader(INDICATORS.ratings.name.zh, INDICATORS.ratings.unit.zh), (r) => r.satisfaction.count),
]

/** The export as a table: the header row, then one row per base. */
export function exportTable(rows: readonly BaseIndicatorRow[], range: { from: IsoDate; to: IsoDate }): ExportCell[][] {
  return [EXPORT_COLUMNS.map((c) => c.header), ...rows.map((row) => EXPORT_COLUMNS.map((c) => c.value(row, range)))]
}
