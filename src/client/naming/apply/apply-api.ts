import {
  applicantAccountResponse,
  applicationResponse,
  applicationsResponse,
  callsResponse,
  type ApplicantSignupBody,
  type ApplicationDraftBody,
} from '../../../shared/index.ts'
import { apiRequest } from '../../api/http.ts'

/*
 * The applicant's routes (server/routes/naming.ts), each answer validated by its schema. The stores
 * call these; screens never do.
 */
const enc = encodeURIComponent

export const applyApi = {
  signup: (body: ApplicantSignupBody) =>
    apiRequest('/api/auth/applicant-signup', { method: 'POST', body, response: applicantAccountResponse }),
  calls: () => apiRequest('/api/naming/calls', { response: callsResponse }),
  mine: () => apiRequest('/api/applicant/applications', { response: applicationsResponse }),
  start: (callId: string) =>
    apiRequest(`/api/applicant/calls/${enc(callId)}/applications`, { method: 'POST', response: applicationResponse }),
  save: (id: string, body: ApplicationDraftBody) =>
    apiRequest(`/api/applicant/applications/${enc(id)}`, { method: 'PUT', body, response: applicationResponse }),
  submit: (id: string) =>
    apiRequest(`/api/applicant/applications/${enc(id)}/submit`, { method: 'POST', response: applicationResponse }),
}
