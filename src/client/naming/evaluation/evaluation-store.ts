import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Evaluation, EvaluationBody, SelfReport, SelfReportBody } from '../../../shared/index.ts'
import { evaluationAdminApi, selfReportApi } from '../review/naming-review-api.ts'

/**
 * The yearly evaluation: the admin's list, one evaluation's self-reports, publishing grades and
 * withdrawing a base; a base's staff read and fill in their self-report. Online only: the
 * pre-filled part is computed by the server from the base's statistics each time it is read.
 */
export const useEvaluationStore = defineStore('naming-evaluation', () => {
  const evaluations = ref<Evaluation[] | null>(null)
  const reports = ref<SelfReport[] | null>(null)
  const report = ref<SelfReport | null>(null)

  async function loadEvaluations(): Promise<void> {
    evaluations.value = (await evaluationAdminApi.list()).evaluations
  }
  async function open(body: EvaluationBody): Promise<Evaluation> {
    const { evaluation } = await evaluationAdminApi.open(body)
    await loadEvaluations()
    return evaluation
  }
  async function loadReports(id: string): Promise<void> {
    reports.value = (await evaluationAdminApi.reports(id)).reports
  }
  async function publish(id: string, grades: { baseId: string; grade: string }[]): Promise<void> {
    reports.value = (await evaluationAdminApi.publish(id, grades)).reports
    await loadEvaluations()
  }
  const withdraw = (baseId: string, reason: string) => evaluationAdminApi.withdraw(baseId, reason)

  async function loadReport(baseId: string): Promise<SelfReport> {
    report.value = (await selfReportApi.read(baseId)).report
    return report.value
  }
  async function saveReport(baseId: string, body: SelfReportBody): Promise<SelfReport> {
    report.value = (await selfReportApi.save(baseId, body)).report
    return report.value
  }

  return {
    evaluations,
    reports,
    report,
    loadEvaluations,
    open,
    loadReports,
    publish,
    withdraw,
    loadReport,
    saveReport,
  }
})
