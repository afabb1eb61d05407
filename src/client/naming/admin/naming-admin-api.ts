import {
  applicationResponse,
  applicationsResponse,
  batchResponse,
  callResponse,
  callsResponse,
  type BatchBody,
  type CallBody,
  type FormalCheckBody,
} from '../../../shared/index.ts'
import { apiRequest } from '../../api/http.ts'

/* The admin's 申报 routes (server/routes/naming.ts), each answer validated. Screens never call these. */
const enc = encodeURIComponent

export const namingAdminApi = {
  calls: () => apiRequest('/api/naming/calls', { response: callsResponse }),
  createCall: (body: CallBody) =>
    apiRequest('/api/admin/naming/calls', { method: 'POST', body, response: callResponse }),
  applications: (callId: string) =>
    apiRequest(`/api/admin/naming/calls/${enc(callId)}/applications`, { response: applicationsResponse }),
  check: (applicationId: string, body: FormalCheckBody) =>
    apiRequest(`/api/admin/naming/applications/${enc(applicationId)}/check`, {
      method: 'POST',
      body,
      response: applicationResponse,
    }),
  publishBatch: (body: BatchBody) =>
    apiRequest('/api/admin/naming/batches', { method: 'POST', body, response: batchResponse }),
  /** A link, not a request: the browser downloads the file with the session cookie. */
  exportUrl: (callId: string, format: 'xlsx' | 'csv') =>
    `/api/admin/naming/calls/${enc(callId)}/applications/export?format=${format}`,
}
