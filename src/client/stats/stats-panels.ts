import { ACTIVITY_TYPE_LABELS, AUDIENCE_LABELS, INDICATORS, indicatorHeader } from '../../shared/domain/statistics.ts'
import { VISITOR_AUDIENCES, type BaseStatsResponse, type NationalStatsResponse } from '../../shared/index.ts'

/*
 * Turns a stats response into the dashboard's blocks: for each, the chart's series and the table's
 * rows come from the same numbers, so the picture and the table can never disagree.
 */

type Translate = (key: string, values?: Record<string, unknown>) => string
type Lang = 'zh' | 'en'
type Summary = Omit<BaseStatsResponse, 'base'>

export interface ChartSeries {
  label: string
  data: number[]
}
export interface PanelChart {
  kind: 'bar' | 'line' | 'pie'
  labels: string[]
  series: ChartSeries[]
  horizontal?: boolean
}
export interface TableColumn {
  key: string
  label: string
  numeric?: boolean
}
export type TableRow = Record<string, string | number | null>

export interface Panel {
  id: string
  title: string
  chart: PanelChart | null
  columns: TableColumn[]
  rows: TableRow[]
  note?: string
}

/** Ranking charts show the leaders; their tables list everyone. */
const CHART_TOP = 10

const header = (id: keyof typeof INDICATORS, lang: Lang) =>
  indicatorHeader(INDICATORS[id].name[lang], INDICATORS[id].unit[lang])

export function summaryPanels(s: Summary, lang: Lang, t: Translate): Panel[] {
  const name = (id: keyof typeof INDICATORS) => INDICATORS[id].name[lang]
  const periods = s.visitors.map((p) => p.period)
  const activityByPeriod = new Map(s.activitySeries.map((p) => [p.period, p]))
  const panels: Panel[] = [
    {
      id: 'visitors',
      title: t('stats.panels.visitors'),
      chart: {
        kind: 'line',
        labels: periods,
        series: [
          { label: name('visitors'), data: s.visitors.map((p) => p.total) },
          { label: name('participants'), data: s.activitySeries.map((p) => p.participants) },
        ],
      },
      columns: [
        { key: 'period', label: t(`stats.period.${s.granularity}`) },
        { key: 'total', label: header('visitors', lang), numeric: true },
        ...VISITOR_AUDIENCES.map((a) => ({ key: a, label: AUDIENCE_LABELS[a][lang], numeric: true })),
        { key: 'activities', label: header('activities', lang), numeric: true },
        { key: 'participants', label: header('participants', lang), numeric: true },
      ],
      rows: s.visitors.map((p) => ({
        period: p.period,
        total: p.total,
        ...p.byAudience,
        activities: activityByPeriod.get(p.period)?.count ?? 0,
        participants: activityByPeriod.get(p.period)?.participants ?? 0,
      })),
    },
  ]

  const total = s.totals.visitors
  panels.push({
    id: 'audience',
    title: t('stats.panels.audience'),
    chart:
      total > 0
        ? {
            kind: 'pie',
            labels: VISITOR_AUDIENCES.map((a) => AUDIENCE_LABELS[a][lang]),
            series: [{ label: name('visitors'), data: VISITOR_AUDIENCES.map((a) => s.totals.byAudience[a]) }],
          }
        : null,
    columns: [
      { key: 'audience', label: t('stats.col.audience') },
      { key: 'visitors', label: header('visitors', lang), numeric: true },
      { key: 'share', label: t('stats.col.share'), numeric: true },
    ],
    rows: VISITOR_AUDIENCES.map((a) => ({
      audience: AUDIENCE_LABELS[a][lang],
      visitors: s.totals.byAudience[a],
      share: total > 0 ? Math.round((s.totals.byAudience[a] / total) * 1000) / 10 : null,
    })),
  })

  panels.push({
    id: 'activities',
    title: t('stats.panels.activities'),
    chart:
      s.totals.activities > 0
        ? {
            kind: 'bar',
            labels: s.activityTypes.map((a) => ACTIVITY_TYPE_LABELS[a.type].label[lang]),
            series: [{ label: name('activities'), data: s.activityTypes.map((a) => a.count) }],
          }
        : null,
    columns: [
      { key: 'type', label: t('stats.col.type') },
      { key: 'count', label: header('activities', lang), numeric: true },
      { key: 'participants', label: header('participants', lang), numeric: true },
    ],
    rows: s.activityTypes.map((a) => ({
      type: ACTIVITY_TYPE_LABELS[a.type].label[lang],
      count: a.count,
      participants: a.participants,
    })),
  })

  if (s.themeDays.length > 0) {
    panels.push({
      id: 'theme-days',
      title: t('stats.panels.themeDays'),
      note: t('stats.themeDaysNote'),
      chart: null,
      columns: [
        { key: 'name', label: t('stats.col.themeDay') },
        { key: 'dates', label: t('stats.col.dates') },
        { key: 'visitors', label: header('visitors', lang), numeric: true },
        { key: 'activities', label: header('activities', lang), numeric: true },
        { key: 'peakDay', label: t('stats.col.peakDay') },
        { key: 'lift', label: t('stats.col.lift'), numeric: true },
      ],
      rows: s.themeDays.map((d) => ({
        name: d.name[lang],
        dates: (d.start === d.end ? d.start : `${d.start} – ${d.end}`) + (d.source === 'expected' ? ' *' : ''),
        visitors: d.visitors,
        activities: d.activities,
        peakDay: d.peakDay,
        lift: d.lift,
      })),
    })
  }
  return panels
}

export function nationalPanels(n: NationalStatsResponse, lang: Lang, t: Translate): Panel[] {
  const top = n.ranking.slice(0, CHART_TOP)
  return [
    {
      id: 'ranking',
      title: t('stats.panels.ranking'),
      chart:
        top.length > 0
          ? {
              kind: 'bar',
              horizontal: true,
              labels: top.map((r) => r.name[lang]),
              series: [{ label: INDICATORS.visitors.name[lang], data: top.map((r) => r.visitors) }],
            }
          : null,
      columns: [
        { key: 'base', label: t('stats.col.base') },
        { key: 'rank', label: t('stats.col.rank'), numeric: true },
        { key: 'province', label: t('stats.col.province') },
        { key: 'visitors', label: header('visitors', lang), numeric: true },
        { key: 'activities', label: header('activities', lang), numeric: true },
        { key: 'participants', label: header('participants', lang), numeric: true },
        { key: 'satisfaction', label: header('satisfaction', lang), numeric: true },
      ],
      rows: n.ranking.map((r, i) => ({
        rank: i + 1,
        base: r.name[lang],
        province: r.province,
        visitors: r.visitors,
        activities: r.activities,
        participants: r.participants,
        satisfaction: r.satisfaction.average,
      })),
    },
    {
      id: 'provinces',
      title: t('stats.panels.provinces'),
      chart:
        n.provinces.length > 0
          ? {
              kind: 'bar',
              labels: n.provinces.map((p) => p.province),
              series: [{ label: INDICATORS.visitors.name[lang], data: n.provinces.map((p) => p.visitors) }],
            }
          : null,
      columns: [
        { key: 'province', label: t('stats.col.province') },
        { key: 'bases', label: t('stats.col.bases'), numeric: true },
        { key: 'visitors', label: header('visitors', lang), numeric: true },
        { key: 'activities', label: header('activities', lang), numeric: true },
        { key: 'participants', label: header('participants', lang), numeric: true },
      ],
      rows: n.provinces.map((p) => ({ ...p })),
    },
  ]
}
