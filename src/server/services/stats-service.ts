import { and, asc, between, eq, inArray, notExists, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import {
  type BaseStatsResponse,
  type NationalStatsResponse,
  type ProvinceTotal,
  type StatsGranularity,
} from '../../shared/index.ts'
import {
  activitySeries,
  activityTypeTotals,
  audienceTotals,
  EXPORT_COLUMNS,
  exportTable,
  isActivityType,
  isVisitorAudience,
  satisfactionOf,
  sumOf,
  themeDayPeaks,
  visitorSeries,
  type BaseIndicatorRow,
  type DailyActivities,
  type DailyVisitors,
} from '../../shared/domain/statistics.ts'
import type { BuiltContent } from '../content/built-content.ts'
import type { Database } from '../db/connect.ts'
import { CSV_TYPE, csvBody, XLSX_TYPE, xlsxBody, type ExportFile } from './table-export.ts'
import { bases, ratings, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'

/*
 * Statistics are counted by PostgreSQL (the same SQL on PGlite and PostgreSQL 15) down to one row
 * per day and category, or per base and category; shared/domain/statistics.ts turns those into
 * periods, theme-day peaks and the export. `day` is already the Asia/Shanghai date (derived on
 * write by sync-service.ts), so no time zone is involved here.
 */

export interface StatsRange {
  from: string
  to: string
}

const voids = alias(syncRecords, 'voids')

/*
 * How a 李四光中队 class checked in at the gate counts (one rule for every dashboard, table and
 * export, in the survey's indicators of shared/domain/statistics.ts):
 *   · 参观人次 (on-site visits, the venue's 当年参观人次): the class's actual headcount, pupils and
 *     the adults with them, under the 团体 audience (an organised group, adults included), on
 *     the event's date. Staff do not tally the class again: the gate screen shows it as counted.
 *   · 科普活动次数 / 参加人次: the event is one 研学活动 however many classes come, and everyone
 *     checked in is a participant. Visits and participations are separate survey indicators, and
 *     a person at an activity on site is in both, as a tallied visitor at a lecture already is.
 * The staff activities list shows each such event as a 研学活动 row (from the same check-ins), so
 * the list and the dashboard agree on the number of activities.
 */
const CHECKIN_AUDIENCE = 'group'

/**
 * Tallies that count: a void undoes its tally whichever of the two reached the server first,
 * because it is looked up when counting, never applied on write.
 */
function countedTallies(db: Database, range: StatsRange, baseId?: string): SQL | undefined {
  const voiding = db
    .select({ one: sql`1` })
    .from(voids)
    .where(and(eq(voids.kind, 'tally-void'), eq(voids.target, syncRecords.id), eq(voids.baseId, syncRecords.baseId)))
  return and(
    between(syncRecords.day, range.from, range.to),
    baseId === undefined ? undefined : eq(syncRecords.baseId, baseId),
    // Check-ins are visits too (the rule above); a void only ever names a tally.
    or(and(eq(syncRecords.kind, 'tally'), notExists(voiding)), eq(syncRecords.kind, 'checkin')),
  )
}

/** The audience a visit counts under: a tally's own, 团体 for a checked-in class. */
// A literal, not a parameter: GROUP BY must see the same expression as SELECT.
const visitAudience = sql<string>`(case when "sync_records"."kind" = 'checkin' then ${sql.raw(`'${CHECKIN_AUDIENCE}'`)} else "sync_records"."category" end)`

/**
 * Activities that count: not withdrawn, held in the range. 李四光中队 check-ins count too (as
 * study tours): their pupils are participants, once per registration (sync-service.ts).
 */
function countedActivities(range: StatsRange, baseId?: string): SQL | undefined {
  return and(
    inArray(syncRecords.kind, ['activity', 'checkin']),
    eq(syncRecords.deleted, false),
    between(syncRecords.day, range.from, range.to),
    baseId === undefined ? undefined : eq(syncRecords.baseId, baseId),
  )
}

function ratingsIn(range: StatsRange, baseId?: string): SQL | undefined {
  return and(between(ratings.day, range.from, range.to), baseId === undefined ? undefined : eq(ratings.baseId, baseId))
}

// Dates leave as text and sums as numbers on both drivers (PGlite and node-postgres differ on both).
const dayText = sql<string>`to_char(${syncRecords.day}::timestamp, 'YYYY-MM-DD')`
const total = (column: SQL | typeof syncRecords.amount) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number)
const rowCount = sql<number>`count(*)`.mapWith(Number)
/** An activity counts once; the check-ins of one event are one activity with all its classes. */
const activityCount =
  sql<number>`count(distinct case when ${syncRecords.kind} = 'checkin' then 'event:' || (${syncRecords.payload}->>'eventId') else ${syncRecords.id}::text end)`.mapWith(
    Number,
  )

async function dailyVisitors(db: Database, range: StatsRange, baseId?: string): Promise<DailyVisitors[]> {
  const rows = await db
    .select({ day: dayText, audience: visitAudience, visitors: total(syncRecords.amount) })
    .from(syncRecords)
    .where(countedTallies(db, range, baseId))
    .groupBy(syncRecords.day, visitAudience)
  return rows.flatMap((r) =>
    isVisitorAudience(r.audience) ? [{ day: r.day, audience: r.audience, visitors: r.visitors }] : [],
  )
}

/**
 * The theme day an activity names: its own `themeDayId`, or for check-ins their event's. The
 * theme-day table counts an activity under the day it names, and only one that names none under the
 * theme day its date falls in.
 */
// Written out with table names: in a SELECT list Drizzle drops them, and inside the subquery a
// bare "payload" would be the linked event's own.
const linkedThemeDay = sql<string | null>`(case when "sync_records"."kind" = 'checkin'
  then (select "linked_events"."payload"->>'themeDayId' from "sync_records" "linked_events" where "linked_events"."id" = ("sync_records"."payload"->>'eventId')::uuid)
  else "sync_records"."payload"->>'themeDayId' end)`

async function dailyActivities(db: Database, range: StatsRange, baseId?: string): Promise<DailyActivities[]> {
  const rows = await db
    .select({
      day: dayText,
      type: syncRecords.category,
      themeDayId: linkedThemeDay,
      count: activityCount,
      participants: total(syncRecords.amount),
    })
    .from(syncRecords)
    .where(countedActivities(range, baseId))
    .groupBy(syncRecords.day, syncRecords.category, linkedThemeDay)
  return rows.flatMap((r) =>
    isActivityType(r.type)
      ? [{ day: r.day, type: r.type, themeDayId: r.themeDayId, count: r.count, participants: r.participants }]
      : [],
  )
}

async function satisfactionIn(db: Database, range: StatsRange, baseId?: string) {
  const [row] = await db
    .select({ sum: total(sql`${ratings.score}`), count: rowCount })
    .from(ratings)
    .where(ratingsIn(range, baseId))
  return satisfactionOf(row?.sum ?? 0, row?.count ?? 0)
}

/** What the base and national dashboards share: totals, series, activity types, theme days. */
async function summary(
  db: Database,
  content: BuiltContent,
  range: StatsRange,
  granularity: StatsGranularity,
  baseId?: string,
) {
  const [visitors, activities, satisfaction] = await Promise.all([
    dailyVisitors(db, range, baseId),
    dailyActivities(db, range, baseId),
    satisfactionIn(db, range, baseId),
  ])
  return {
    from: range.from,
    to: range.to,
    granularity,
    totals: {
      visitors: sumOf(visitors, (r) => r.visitors),
      byAudience: audienceTotals(visitors),
      activities: sumOf(activities, (r) => r.count),
      participants: sumOf(activities, (r) => r.participants),
      satisfaction,
    },
    visitors: visitorSeries(visitors, range.from, range.to, granularity),
    activitySeries: activitySeries(activities, range.from, range.to, granularity),
    activityTypes: activityTypeTotals(activities),
    themeDays: themeDayPeaks(content.themeDays, visitors, activities, range.from, range.to),
  }
}

const baseColumns = {
  id: bases.id,
  nameZh: bases.nameZh,
  nameEn: sql<string>`${bases.data}->'name'->>'en'`,
  province: bases.province,
}

export async function baseStats(
  db: Database,
  content: BuiltContent,
  baseId: string,
  range: StatsRange,
  granularity: StatsGranularity,
): Promise<BaseStatsResponse> {
  const [base] = await db.select(baseColumns).from(bases).where(eq(bases.id, baseId)).limit(1)
  if (!base) throw new HttpError(404, `没有编号为 "${baseId}" 的基地 / no base "${baseId}"`)
  return {
    ...(await summary(db, content, range, granularity, baseId)),
    base: { id: base.id, name: { zh: base.nameZh, en: base.nameEn }, province: base.province },
  }
}

interface BaseRow extends BaseIndicatorRow {
  nameEn: string
}

/** Every base's indicators for the range: all listed bases, and unlisted ones that still have records. */
async function perBase(db: Database, range: StatsRange, baseId?: string): Promise<BaseRow[]> {
  const [tallies, activities, rated] = await Promise.all([
    db
      .select({ baseId: syncRecords.baseId, audience: visitAudience, visitors: total(syncRecords.amount) })
      .from(syncRecords)
      .where(countedTallies(db, range, baseId))
      .groupBy(syncRecords.baseId, visitAudience),
    db
      .select({
        baseId: syncRecords.baseId,
        type: syncRecords.category,
        count: activityCount,
        participants: total(syncRecords.amount),
      })
      .from(syncRecords)
      .where(countedActivities(range, baseId))
      .groupBy(syncRecords.baseId, syncRecords.category),
    db
      .select({ baseId: ratings.baseId, sum: total(sql`${ratings.score}`), count: rowCount })
      .from(ratings)
      .where(ratingsIn(range, baseId))
      .groupBy(ratings.baseId),
  ])
  const withRecords = [...new Set([...tallies, ...activities, ...rated].map((r) => r.baseId))]
  const which =
    baseId !== undefined
      ? eq(bases.id, baseId)
      : withRecords.length > 0
        ? or(eq(bases.listed, true), inArray(bases.id, withRecords))
        : eq(bases.listed, true)
  const baseRows = await db.select(baseColumns).from(bases).where(which).orderBy(asc(bases.id))

  return baseRows.map((base): BaseRow => {
    const visitors = tallies.flatMap((r) =>
      r.baseId === base.id && isVisitorAudience(r.audience) ? [{ audience: r.audience, visitors: r.visitors }] : [],
    )
    const held = activities.flatMap((r) =>
      r.baseId === base.id && isActivityType(r.type)
        ? [{ type: r.type, count: r.count, participants: r.participants }]
        : [],
    )
    const rating = rated.find((r) => r.baseId === base.id)
    const byType = Object.fromEntries(
      activityTypeTotals(held).map((t) => [t.type, { count: t.count, participants: t.participants }]),
    ) as BaseIndicatorRow['byType']
    return {
      baseId: base.id,
      name: base.nameZh,
      nameEn: base.nameEn,
      province: base.province,
      visitors: sumOf(visitors, (r) => r.visitors),
      byAudience: audienceTotals(visitors),
      activities: sumOf(held, (r) => r.count),
      participants: sumOf(held, (r) => r.participants),
      byType,
      satisfaction: satisfactionOf(rating?.sum ?? 0, rating?.count ?? 0),
    }
  })
}

/** One base's indicators for the range (the yearly evaluation's self-report starts from them). */
export async function baseIndicators(
  db: Database,
  range: StatsRange,
  baseId: string,
): Promise<BaseIndicatorRow | null> {
  return (await perBase(db, range, baseId))[0] ?? null
}

function hasRecords(row: BaseIndicatorRow): boolean {
  return row.visitors > 0 || row.activities > 0 || row.satisfaction.count > 0
}

export async function nationalStats(
  db: Database,
  content: BuiltContent,
  range: StatsRange,
  granularity: StatsGranularity,
): Promise<NationalStatsResponse> {
  const [shared, rows] = await Promise.all([summary(db, content, range, granularity), perBase(db, range)])
  const reporting = rows.filter(hasRecords)
  const provinces = new Map<string, ProvinceTotal>()
  for (const row of reporting) {
    const p = provinces.get(row.province) ?? {
      province: row.province,
      bases: 0,
      visitors: 0,
      activities: 0,
      participants: 0,
    }
    p.bases += 1
    p.visitors += row.visitors
    p.activities += row.activities
    p.participants += row.participants
    provinces.set(row.province, p)
  }
  const byVisitors = <T extends { visitors: number; participants: number }>(a: T, b: T) =>
    b.visitors - a.visitors || b.participants - a.participants
  return {
    ...shared,
    basesReporting: reporting.length,
    ranking: reporting
      .map((r) => ({
        id: r.baseId,
        name: { zh: r.name, en: r.nameEn },
        province: r.province,
        visitors: r.visitors,
        activities: r.activities,
        participants: r.participants,
        satisfaction: r.satisfaction,
      }))
      .sort((a, b) => byVisitors(a, b) || a.id.localeCompare(b.id)),
    provinces: [...provinces.values()].sort(
      (a, b) => byVisitors(a, b) || a.province.localeCompare(b.province, 'zh-CN'),
    ),
  }
}

// ── Export ───────────────────────────────────────────────────────────────────────────────

export type { ExportFile }

function filenames(range: StatsRange, extension: 'csv' | 'xlsx', base: { id: string; name: string } | null) {
  const scope = base ? base.name.replace(/[\\/:*?"<>|\s]+/g, '_') : '全国'
  return {
    ascii: `ziran-kepu-stats-${base?.id ?? 'all'}-${range.from}-${range.to}.${extension}`,
    utf8: `科普统计-${scope}-${range.from}-${range.to}.${extension}`,
  }
}

/** The export's rows: one base, or every base (admins). */
async function exportRows(db: Database, range: StatsRange, baseId: string | undefined): Promise<BaseIndicatorRow[]> {
  const rows = await perBase(db, range, baseId)
  if (baseId !== undefined && rows.length === 0)
    throw new HttpError(404, `没有编号为 "${baseId}" 的基地 / no base "${baseId}"`)
  return rows
}

/** CSV in UTF-8 with a byte-order mark (Excel reads Chinese headers correctly only with it), CRLF rows. */
export async function exportCsv(db: Database, range: StatsRange, baseId?: string): Promise<ExportFile> {
  const rows = await exportRows(db, range, baseId)
  const base = baseId !== undefined ? { id: baseId, name: rows[0]!.name } : null
  return {
    body: csvBody(exportTable(rows, range)),
    contentType: CSV_TYPE,
    filename: filenames(range, 'csv', base),
  }
}

export async function exportXlsx(db: Database, range: StatsRange, baseId?: string): Promise<ExportFile> {
  const rows = await exportRows(db, range, baseId)
  const body = await xlsxBody('科普统计', exportTable(rows, range), {
    frozenColumns: 2,
    setup: (sheet) =>
      EXPORT_COLUMNS.forEach((column, index) => {
        const col = sheet.getColumn(index + 1)
        col.width = column.format === 'text' ? (index === 1 ? 32 : 14) : 16
        if (column.format === 'integer') col.numFmt = '0'
        if (column.format === 'decimal') col.numFmt = '0.00'
      }),
  })
  const base = baseId !== undefined ? { id: baseId, name: rows[0]!.name } : null
  return {
    body,
    contentType: XLSX_TYPE,
    filename: filenames(range, 'xlsx', base),
  }
}

/**
 * `attachment` with an ASCII fallback and the real (Chinese) name as an RFC 5987 `filename*`,
 * which every current browser prefers (RFC 6266 §4.3).
 */
export function contentDisposition(filename: ExportFile['filename']): string {
  const encoded = encodeURIComponent(filename.utf8).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${filename.ascii}"; filename*=UTF-8''${encoded}`
}
