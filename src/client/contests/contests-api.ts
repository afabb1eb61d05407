import {
  contestEntriesResponse,
  contestEntryResponse,
  contestResponse,
  contestsResponse,
  voteDeviceResponse,
  voteResponse,
  type EntryCreateBody,
  type EntryUpdateBody,
} from '../../shared/index.ts'
import { apiRequest } from '../api/http.ts'

/*
 * The public and entrants' contest routes (server/routes/contests.ts), each answer validated by
 * its schema. Screens go through these (and video-upload.ts for the files), never `fetch`.
 */

const enc = encodeURIComponent

export const contestsApi = {
  // Public
  list: () => apiRequest('/api/contests', { response: contestsResponse, cache: 'no-cache' }),
  detail: (id: string) => apiRequest(`/api/contests/${enc(id)}`, { response: contestResponse, cache: 'no-cache' }),
  deviceToken: () => apiRequest('/api/contest-votes/device', { method: 'POST', response: voteDeviceResponse }),
  vote: (contestId: string, entryId: string, deviceToken: string) =>
    apiRequest(`/api/contests/${enc(contestId)}/votes`, {
      method: 'POST',
      body: { entryId, deviceToken },
      response: voteResponse,
    }),

  // Entrants (a school's or a base's account)
  entries: (contestId: string) =>
    apiRequest(`/api/contests/${enc(contestId)}/entries`, { response: contestEntriesResponse }),
  create: (contestId: string, body: EntryCreateBody) =>
    apiRequest(`/api/contests/${enc(contestId)}/entries`, { method: 'POST', body, response: contestEntryResponse }),
  entry: (id: string) => apiRequest(`/api/contest-entries/${enc(id)}`, { response: contestEntryResponse }),
  update: (id: string, body: EntryUpdateBody) =>
    apiRequest(`/api/contest-entries/${enc(id)}`, { method: 'PATCH', body, response: contestEntryResponse }),
  attachVideo: (id: string, slot: string, mediaId: string) =>
    apiRequest(`/api/contest-entries/${enc(id)}/videos/${enc(slot)}`, {
      method: 'PUT',
      body: { mediaId },
      response: contestEntryResponse,
    }),
  setCaptions: (id: string, slot: string, vtt: string) =>
    apiRequest(`/api/contest-entries/${enc(id)}/captions/${enc(slot)}`, {
      method: 'PUT',
      body: { vtt },
      response: contestEntryResponse,
    }),
  submit: (id: string) =>
    apiRequest(`/api/contest-entries/${enc(id)}/submit`, { method: 'POST', response: contestEntryResponse }),
}
