import { eq } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { bases, evaluationReports } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { callApplications, findCall } from './naming-applications.ts'
import { namingRanking } from './naming-review.ts'
import { findEvaluation } from './base-evaluations.ts'
import { tableFile, type ExportFile, type TableCell } from './table-export.ts'

/* The naming workflow's admin lists as files (table-export.ts): applications, scores, results. Headers in Chinese. */

type Format = 'csv' | 'xlsx'

const STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '退回补正',
  accepted: '通过形式审查',
  named: '已命名',
}

export async function applicationsFile(db: Database, callId: string, format: Format): Promise<ExportFile> {
  const call = await findCall(db, callId)
  if (!call) throw new HttpError(404, '没有这个申报批次 / no such call')
  const rows = await callApplications(db, call.id)
  const header = [
    '申报编号',
    '申报单位',
    '主管部门',
    '联系人',
    '联系电话',
    '申报场所',
    '省份',
    '地址',
    '纬度',
    '经度',
    '场馆面积（平方米）',
    '展品数',
    '科普人员',
    '志愿者',
    '近年年接待量',
    '近年年活动数',
    '附件数',
    '状态',
    '提交时间',
    '退回原因',
    '命名基地',
  ]
  const table: TableCell[][] = [
    header,
    ...rows.map((a) => {
      const f = a.form
      const years = f.conditions?.years ?? []
      return [
        a.id,
        f.institution?.name ?? '',
        f.institution?.authority ?? '',
        f.institution?.contactName ?? '',
        f.institution?.contactPhone ?? '',
        f.place?.name ?? '',
        f.place?.province ?? '',
        f.place?.address ?? '',
        f.place?.location?.lat ?? null,
        f.place?.location?.lon ?? null,
        f.conditions?.venueAreaM2 ?? null,
        f.conditions?.exhibits ?? null,
        f.conditions?.staff ?? null,
        f.conditions?.volunteers ?? null,
        years.map((y) => `${String(y.year)}: ${String(y.visitors)}`).join('; '),
        years.map((y) => `${String(y.year)}: ${String(y.activities)}`).join('; '),
        a.attachments.length,
        STATUS_ZH[a.status] ?? a.status,
        a.submittedAt ?? '',
        a.returnReasons.join('; '),
        a.baseId ?? '',
      ]
    }),
  ]
  return tableFile(format, '申报', table, {
    ascii: `naming-applications-${String(call.year)}`,
    utf8: `申报汇总-${call.config.title}`,
  })
}

/** One row per reviewer and item: every criterion, the total, the item's rank and the outlier flag. */
export async function scoresFile(db: Database, panelId: string, format: Format): Promise<ExportFile> {
  const { ranking, titles } = await namingRanking(db, panelId, 'none')
  const criteria = ranking.panel.settings.criteria
  const header = [
    '排名',
    '评审对象',
    '平均分',
    '中位数',
    '评审专家',
    ...criteria.map((c) => `${c.label.zh}（满分 ${String(c.maxScore)}，权重 ${String(c.weight)}）`),
    '加权总分',
    '偏离中位数',
    '状态',
  ]
  const table: TableCell[][] = [header]
  for (const item of ranking.items)
    for (const sheet of item.sheets) {
      const by = new Map(sheet.scores.map((s) => [s.criterion, s.score]))
      table.push([
        item.rank,
        titles[item.itemId] ?? item.itemId,
        item.mean,
        item.median,
        sheet.reviewerName,
        ...criteria.map((c) => by.get(c.id) ?? null),
        sheet.total,
        sheet.outlier ? '是' : '否',
        sheet.status === 'submitted' ? '已提交' : '未提交',
      ])
    }
  return tableFile(format, '评分', table, {
    ascii: `review-scores-${ranking.panel.id}-round-${String(ranking.panel.round)}`,
    utf8: `评审评分-第${String(ranking.panel.round)}轮`,
  })
}

export async function resultsFile(db: Database, evaluationId: string, format: Format): Promise<ExportFile> {
  const evaluation = await findEvaluation(db, evaluationId)
  const rows = await db
    .select({ report: evaluationReports, name: bases.nameZh, province: bases.province })
    .from(evaluationReports)
    .innerJoin(bases, eq(bases.id, evaluationReports.baseId))
    .where(eq(evaluationReports.evaluationId, evaluation.id))
    .orderBy(evaluationReports.baseId)
  const header = [
    '基地编号',
    '基地名称',
    '省份',
    '接待人次',
    '活动次数',
    '主题日活动',
    '李四光中队到访',
    '满意度',
    '评价数',
    '资料完整度',
    '自评状态',
    '评估等级',
  ]
  const table: TableCell[][] = [
    header,
    ...rows.map(({ report: r, name, province }) => [
      r.baseId,
      name,
      province,
      r.prefill.visitors,
      r.prefill.activities,
      r.prefill.themeDayEvents,
      r.prefill.squadronVisits,
      r.prefill.satisfaction.mean ?? '-',
      r.prefill.satisfaction.count,
      r.prefill.profileCompleteness,
      r.status === 'submitted' ? '已提交' : '草稿',
      r.grade ?? '',
    ]),
  ]
  return tableFile(format, '评估结果', table, {
    ascii: `evaluation-results-${String(evaluation.year)}`,
    utf8: `年度评估结果-${String(evaluation.year)}`,
  })
}
