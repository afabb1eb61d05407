import { z } from 'zod'
import {
  adminExpertsResponse,
  callsResponse,
  applicationsResponse,
  evaluationResponse,
  evaluationsResponse,
  namingPanelResponse,
  namingRankingResponse,
  reviewConflictResponse,
  reviewerPanelResponse,
  reviewerPanelsResponse,
  reviewPanelsResponse,
  scoreSheetResponse,
  selfReportResponse,
  selfReportsResponse,
  type EvaluationBody,
  type ReviewNormalisation,
  type ScoreSheetBody,
  type SelfReportBody,
} from '../../../shared/index.ts'
import { apiRequest } from '../../api/http.ts'

/*
 * The review and evaluation routes of server/routes/naming.ts, each answer validated by its
 * schema. Stores call these; screens never do. Exports are plain links (the browser downloads them).
 */

const enc = encodeURIComponent
const post = <S extends z.ZodType>(path: string, body: unknown, response: S) =>
  apiRequest(path, { method: 'POST', body, response })

export const reviewerApi = {
  panels: () => apiRequest('/api/review/naming-panels', { response: reviewerPanelsResponse }),
  panel: (id: string) => apiRequest(`/api/review/naming-panels/${enc(id)}`, { response: reviewerPanelResponse }),
  score: (panelId: string, itemId: string, body: ScoreSheetBody) =>
    apiRequest(`/api/review/naming-panels/${enc(panelId)}/items/${enc(itemId)}/scores`, {
      method: 'PUT',
      body,
      response: scoreSheetResponse,
    }),
  declareConflict: (panelId: string, itemId: string, note: string) =>
    post(`/api/review/naming-panels/${enc(panelId)}/items/${enc(itemId)}/conflict`, { note }, reviewConflictResponse),
}

export const reviewAdminApi = {
  calls: () => apiRequest('/api/naming/calls', { response: callsResponse }),
  applications: (callId: string) =>
    apiRequest(`/api/admin/naming/calls/${enc(callId)}/applications`, { response: applicationsResponse }),
  callPanels: (callId: string) =>
    apiRequest(`/api/admin/naming/calls/${enc(callId)}/panels`, { response: reviewPanelsResponse }),
  createCallPanel: (callId: string, expertIds: string[]) =>
    post(`/api/admin/naming/calls/${enc(callId)}/panels`, { expertIds }, namingPanelResponse),
  ranking: (panelId: string, normalise: ReviewNormalisation) =>
    apiRequest(`/api/admin/naming-panels/${enc(panelId)}/ranking?normalise=${normalise}`, {
      response: namingRankingResponse,
    }),
  nextRound: (panelId: string, itemIds: string[]) =>
    post(`/api/admin/naming-panels/${enc(panelId)}/next-round`, { itemIds }, namingPanelResponse),
  scoresExport: (panelId: string, format: 'csv' | 'xlsx') =>
    `/api/admin/naming-panels/${enc(panelId)}/scores/export?format=${format}`,
  /** Experts who may sit on a panel: those with an account. */
  experts: () => apiRequest('/api/admin/experts', { response: adminExpertsResponse }),
}

export const evaluationAdminApi = {
  list: () => apiRequest('/api/admin/evaluations', { response: evaluationsResponse }),
  open: (body: EvaluationBody) => post('/api/admin/evaluations', body, evaluationResponse),
  reports: (id: string) => apiRequest(`/api/admin/evaluations/${enc(id)}/reports`, { response: selfReportsResponse }),
  panels: (id: string) => apiRequest(`/api/admin/evaluations/${enc(id)}/panels`, { response: reviewPanelsResponse }),
  createPanel: (id: string, expertIds: string[]) =>
    post(`/api/admin/evaluations/${enc(id)}/panels`, { expertIds }, namingPanelResponse),
  publish: (id: string, grades: { baseId: string; grade: string }[]) =>
    post(`/api/admin/evaluations/${enc(id)}/publish`, { grades }, selfReportsResponse),
  resultsExport: (id: string, format: 'csv' | 'xlsx') =>
    `/api/admin/evaluations/${enc(id)}/results/export?format=${format}`,
  withdraw: (baseId: string, reason: string) =>
    apiRequest(`/api/admin/bases/${enc(baseId)}/withdraw`, { method: 'POST', body: { reason }, response: z.null() }),
}

export const selfReportApi = {
  read: (baseId: string) => apiRequest(`/api/staff/bases/${enc(baseId)}/evaluation`, { response: selfReportResponse }),
  save: (baseId: string, body: SelfReportBody) =>
    apiRequest(`/api/staff/bases/${enc(baseId)}/evaluation`, { method: 'PUT', body, response: selfReportResponse }),
}
