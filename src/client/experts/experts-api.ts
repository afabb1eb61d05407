import { z } from 'zod'
import {
  accountResponse,
  adminExpertsResponse,
  expertInvite,
  expertInvitePreview,
  expertInviteResponse,
  expertPage,
  expertRequestResponse,
  expertRequestsResponse,
  expertScheduleResponse,
  expertsResponse,
  ownExpertProfileResponse,
  profileChangeResponse,
  workExpertsResponse,
  type ExpertCreateBody,
  type ExpertInviteAcceptBody,
  type ExpertProfileInput,
  type ExpertRequestInput,
} from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/*
 * The 科普专家库 routes (server/routes/experts.ts and expert-requests.ts), each answer validated by
 * its schema. Stores call these; screens never do.
 */

const enc = encodeURIComponent
const post = <S extends z.ZodType>(path: string, body: unknown, response: S) =>
  apiRequest(path, { method: 'POST', body, response })

export const expertsApi = {
  // Public
  /** The whole public list: filters and search run on the phone, the same online and offline. */
  list: () => apiRequest('/api/experts', { response: expertsResponse }),
  page: (id: string) => apiRequest(`/api/experts/${enc(id)}`, { response: expertPage }),

  // Invite links (the token is the credential)
  previewInvite: (token: string) => post('/api/expert-invites/preview', { token }, expertInvitePreview),
  acceptInvite: (body: ExpertInviteAcceptBody) => post('/api/expert-invites/accept', body, accountResponse),

  // The expert's own account
  ownProfile: () => apiRequest('/api/expert/profile', { response: ownExpertProfileResponse }),
  saveProfile: (body: ExpertProfileInput) =>
    apiRequest('/api/expert/profile', { method: 'PUT', body, response: ownExpertProfileResponse }),
  setPhoto: (mediaId: string | null) =>
    apiRequest('/api/expert/photo', { method: 'PUT', body: { mediaId }, response: ownExpertProfileResponse }),
  workExperts: (workId: string) => apiRequest(`/api/works/${enc(workId)}/experts`, { response: workExpertsResponse }),
  setPaused: (paused: boolean) =>
    apiRequest('/api/expert/pause', { method: 'PUT', body: { paused }, response: ownExpertProfileResponse }),
  schedule: () => apiRequest('/api/expert/schedule', { response: expertScheduleResponse }),
  accept: (id: string) => post(`/api/expert/requests/${enc(id)}/accept`, {}, expertRequestResponse),
  decline: (id: string, reason: string) =>
    post(`/api/expert/requests/${enc(id)}/decline`, reason ? { reason } : {}, expertRequestResponse),
  withdrawAsExpert: (id: string, reason: string) =>
    post(`/api/expert/requests/${enc(id)}/withdraw`, { reason }, expertRequestResponse),

  // Admins
  adminExperts: (pendingOnly: boolean) =>
    apiRequest(`/api/admin/experts${pendingOnly ? '?changes=pending' : ''}`, { response: adminExpertsResponse }),
  createExpert: (body: ExpertCreateBody) => post('/api/admin/experts', body, expertInviteResponse),
  reissueInvite: (id: string) => post(`/api/admin/experts/${enc(id)}/invite`, {}, z.object({ invite: expertInvite })),
  approveChange: (id: string) => post(`/api/admin/expert-changes/${enc(id)}/approve`, {}, profileChangeResponse),
  rejectChange: (id: string, reason: string) =>
    post(`/api/admin/expert-changes/${enc(id)}/reject`, { reason }, profileChangeResponse),

  // Base staff
  baseRequests: (baseId: string) =>
    apiRequest(`/api/staff/bases/${enc(baseId)}/expert-requests`, { response: expertRequestsResponse }),
  request: (baseId: string, body: ExpertRequestInput) =>
    post(`/api/staff/bases/${enc(baseId)}/expert-requests`, body, expertRequestResponse),
  withdrawAsBase: (baseId: string, id: string, reason: string) =>
    post(`/api/staff/bases/${enc(baseId)}/expert-requests/${enc(id)}/withdraw`, { reason }, expertRequestResponse),
}
