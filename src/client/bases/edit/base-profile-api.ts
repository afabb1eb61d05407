import {
  baseEditConflict,
  baseEditRecord,
  baseHistoryList,
  baseProfileSettings,
  baseProposalList,
  baseProposalResponse,
  type BaseEditConflict,
  type BaseProposalInput,
  type ProposalStatus,
} from '../../../shared/schemas/base-edit.ts'
import { apiRequest, ApiRequestError } from '../../api/http.ts'

/*
 * The base profile routes (listed in shared/schemas/base-edit.ts), each answer validated by its
 * schema. The stores call these; screens never do.
 */

const enc = encodeURIComponent

export const baseProfileApi = {
  record: (baseId: string) => apiRequest(`/api/base-profiles/${enc(baseId)}`, { response: baseEditRecord }),
  propose: (baseId: string, body: BaseProposalInput) =>
    apiRequest(`/api/base-profiles/${enc(baseId)}/proposals`, { method: 'POST', body, response: baseProposalResponse }),
  proposalsOf: (baseId: string) =>
    apiRequest(`/api/base-profiles/${enc(baseId)}/proposals`, { response: baseProposalList }),

  pending: (status: ProposalStatus = 'pending', baseId?: string) => {
    const query = new URLSearchParams({ status, ...(baseId ? { baseId } : {}) })
    return apiRequest(`/api/admin/base-proposals?${query.toString()}`, { response: baseProposalList })
  },
  approve: (id: string) =>
    apiRequest(`/api/admin/base-proposals/${enc(id)}/approve`, {
      method: 'POST',
      body: {},
      response: baseProposalResponse,
    }),
  reject: (id: string, reason: string) =>
    apiRequest(`/api/admin/base-proposals/${enc(id)}/reject`, {
      method: 'POST',
      body: { reason },
      response: baseProposalResponse,
    }),
  setMinorFieldsDirect: (baseId: string, minorFieldsDirect: boolean) =>
    apiRequest(`/api/admin/base-profiles/${enc(baseId)}/settings`, {
      method: 'PUT',
      body: { minorFieldsDirect },
      response: baseProfileSettings,
    }),
  history: (baseId: string) =>
    apiRequest(`/api/admin/base-profiles/${enc(baseId)}/history`, { response: baseHistoryList }),
}

/** The 409 of a stale edit, with the field's current value; null for any other error. */
export function staleEdit(error: unknown): BaseEditConflict | null {
  if (!(error instanceof ApiRequestError) || error.failure.kind !== 'http' || error.failure.status !== 409) return null
  const parsed = baseEditConflict.safeParse(error.failure.payload)
  return parsed.success ? parsed.data : null
}
