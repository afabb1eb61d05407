import { z } from 'zod'
import { contentId } from './common.ts'
import { ACTIVITY_TYPES, activityType, localDate, visitorAudience } from './sync.ts'

/*
 * The statistics API (routes/stats.ts): dashboards for one base or the whole country, the
 * national-survey export, and the public satisfaction rating. Indicator names and units live in
 * shared/domain/statistics.ts.
 */

/** How a series is bucketed. Weeks are ISO weeks (Monday first) of Asia/Shanghai dates. */
export const STATS_GRANULARITIES = ['day', 'week', 'month'] as const
export const statsGranularity = z.enum(STATS_GRANULARITIES)
export type StatsGranularity = z.infer<typeof statsGranularity>

/** The longest range one request may ask for: five years (an annual report needs one). */
export const MAX_STATS_RANGE_DAYS = 5 * 366

function rangeDays(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
}

const range = {
  /** First Asia/Shanghai day counted (inclusive). */
  from: localDate,
  /** Last Asia/Shanghai day counted (inclusive). */
  to: localDate,
}
/** Both range rules, for any query with `from` and `to`. */
function checkRange<T extends z.ZodType<{ from: string; to: string }>>(schema: T): T {
  return schema
    .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期 / from must not be after to', path: ['to'] })
    .refine((q) => rangeDays(q.from, q.to) <= MAX_STATS_RANGE_DAYS, {
      message: `最长 ${MAX_STATS_RANGE_DAYS} 天 / at most ${MAX_STATS_RANGE_DAYS} days`,
      path: ['from'],
    })
}

export const statsQuery = checkRange(
  z.object({
    ...range,
    /** @default 'day' */
    granularity: statsGranularity.default('day'),
  }),
)
export type StatsQuery = z.infer<typeof statsQuery>

/** Export: staff always get their own base; admins one base (`baseId`) or every base. */
export const statsExportQuery = checkRange(z.object({ ...range, baseId: contentId.optional() }))
export type StatsExportQuery = z.infer<typeof statsExportQuery>

const count = z.number().int().min(0)
const name = z.object({ zh: z.string(), en: z.string() })

export const audienceCounts = z.record(visitorAudience, count)
export type AudienceCounts = z.infer<typeof audienceCounts>

/** Satisfaction (满意度): mean score 1–5 to two decimals, null when nobody rated. */
export const satisfaction = z.object({ average: z.number().min(1).max(5).nullable(), count })
export type Satisfaction = z.infer<typeof satisfaction>

/** Visitors in one period: `period` is the day, the week's Monday, or `YYYY-MM`. */
export const visitorPoint = z.object({ period: z.string(), total: count, byAudience: audienceCounts })
export type VisitorPoint = z.infer<typeof visitorPoint>

export const activityPoint = z.object({ period: z.string(), count, participants: count })
export type ActivityPoint = z.infer<typeof activityPoint>

export const activityTypeTotal = z.object({ type: activityType, count, participants: count })
export type ActivityTypeTotal = z.infer<typeof activityTypeTotal>

/** One theme-day occurrence inside the range, with what happened on its days. */
export const themeDayPeak = z.object({
  themeDayId: contentId,
  name,
  /** The occurrence's dates, clipped to the requested range. */
  start: localDate,
  end: localDate,
  /** `expected`: the window is not announced yet, only the day it always contains is counted. */
  source: z.enum(['rule', 'announced', 'expected']),
  visitors: count,
  activities: count,
  participants: count,
  /** The busiest day of the occurrence; null when nobody came. */
  peakDay: localDate.nullable(),
  peakVisitors: count,
  /** Visitors per day during the occurrence ÷ visitors per day over the whole range; null when the range had none. */
  lift: z.number().min(0).nullable(),
})
export type ThemeDayPeak = z.infer<typeof themeDayPeak>

export const statsTotals = z.object({
  visitors: count,
  byAudience: audienceCounts,
  activities: count,
  participants: count,
  satisfaction,
})
export type StatsTotals = z.infer<typeof statsTotals>

const statsSummary = z.object({
  from: localDate,
  to: localDate,
  granularity: statsGranularity,
  totals: statsTotals,
  /** Every period of the range, zeros included, so charts and tables line up. */
  visitors: z.array(visitorPoint),
  activitySeries: z.array(activityPoint),
  /** One entry per activity type, in ACTIVITY_TYPES order. */
  activityTypes: z.array(activityTypeTotal).length(ACTIVITY_TYPES.length),
  /** Busiest first. */
  themeDays: z.array(themeDayPeak),
})

export const statsBase = z.object({ id: contentId, name, province: z.string() })

export const baseStatsResponse = statsSummary.extend({ base: statsBase })
export type BaseStatsResponse = z.infer<typeof baseStatsResponse>

export const baseRanking = statsBase.extend({ visitors: count, activities: count, participants: count, satisfaction })
export type BaseRanking = z.infer<typeof baseRanking>

export const provinceTotal = z.object({
  province: z.string(),
  /** Bases of the province with any record in the range. */
  bases: count,
  visitors: count,
  activities: count,
  participants: count,
})
export type ProvinceTotal = z.infer<typeof provinceTotal>

export const nationalStatsResponse = statsSummary.extend({
  /** Bases with any record (visitors, activities or ratings) in the range. */
  basesReporting: count,
  /** Bases with any record, most visitors first. */
  ranking: z.array(baseRanking),
  /** Most visitors first. */
  provinces: z.array(provinceTotal),
})
export type NationalStatsResponse = z.infer<typeof nationalStatsResponse>

/** A rating was stored; `day` is the Asia/Shanghai day it counts for. */
export const ratingResponse = z.object({ ok: z.literal(true), day: localDate })
export type RatingResponse = z.infer<typeof ratingResponse>
