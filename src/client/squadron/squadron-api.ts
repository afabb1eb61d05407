import {
  accountListResponse,
  accountResponse,
  registrationResponse,
  schoolRegistrationsResponse,
  squadronEventsResponse,
  squadronListResponse,
  squadronProgramme,
  squadronResponse,
  squadronSettings,
  staffRegistrationsResponse,
  type RegistrationRequest,
  type SquadronSettings,
  type SquadronEventsQuery,
  type SquadronInput,
  type SquadronPatch,
} from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/*
 * The 李四光中队 routes (listed in shared/schemas/squadron.ts), each answer validated by its schema.
 * Stores call these; screens never do.
 */

const enc = encodeURIComponent

export const squadronApi = {
  programme: () => apiRequest('/api/squadron-programme', { response: squadronProgramme }),

  squadrons: () => apiRequest('/api/school/squadrons', { response: squadronListResponse }),
  createSquadron: (body: SquadronInput) =>
    apiRequest('/api/school/squadrons', { method: 'POST', body, response: squadronResponse }),
  patchSquadron: (id: string, body: SquadronPatch) =>
    apiRequest(`/api/school/squadrons/${enc(id)}`, { method: 'PATCH', body, response: squadronResponse }),

  events: (query: SquadronEventsQuery) => {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    )
    const search = params.size ? `?${params.toString()}` : ''
    return apiRequest(`/api/squadron-events${search}`, { response: squadronEventsResponse })
  },

  register: (eventId: string, body: RegistrationRequest) =>
    apiRequest(`/api/events/${enc(eventId)}/registrations`, { method: 'POST', body, response: registrationResponse }),
  myRegistrations: () => apiRequest('/api/school/registrations', { response: schoolRegistrationsResponse }),
  changeHeadcount: (id: string, headcount: number) =>
    apiRequest(`/api/registrations/${enc(id)}`, {
      method: 'PATCH',
      body: { headcount },
      response: registrationResponse,
    }),
  cancel: (id: string) =>
    apiRequest(`/api/registrations/${enc(id)}/cancel`, { method: 'POST', body: {}, response: registrationResponse }),
  acceptOffer: (id: string) =>
    apiRequest(`/api/registrations/${enc(id)}/offer/accept`, {
      method: 'POST',
      body: {},
      response: registrationResponse,
    }),
  declineOffer: (id: string) =>
    apiRequest(`/api/registrations/${enc(id)}/offer/decline`, {
      method: 'POST',
      body: {},
      response: registrationResponse,
    }),

  eventRegistrations: (eventId: string) =>
    apiRequest(`/api/staff/events/${enc(eventId)}/registrations`, { response: staffRegistrationsResponse }),
  settings: (baseId: string) =>
    apiRequest(`/api/staff/bases/${enc(baseId)}/squadron-settings`, { response: squadronSettings }),
  putSettings: (baseId: string, body: SquadronSettings) =>
    apiRequest(`/api/staff/bases/${enc(baseId)}/squadron-settings`, {
      method: 'PUT',
      body,
      response: squadronSettings,
    }),
  pendingSchools: () => apiRequest('/api/staff/school-accounts', { response: accountListResponse }),
  approveSchool: (id: string) =>
    apiRequest(`/api/staff/school-accounts/${enc(id)}/approve`, {
      method: 'POST',
      body: {},
      response: accountResponse,
    }),
  approve: (id: string) =>
    apiRequest(`/api/registrations/${enc(id)}/approve`, { method: 'POST', body: {}, response: registrationResponse }),
  decline: (id: string, reason: string) =>
    apiRequest(`/api/registrations/${enc(id)}/decline`, {
      method: 'POST',
      body: { reason },
      response: registrationResponse,
    }),
}
