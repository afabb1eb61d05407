import { z } from 'zod'
import {
  adminContestResponse,
  adminContestsResponse,
  adminExpertsResponse,
  contestEntriesResponse,
  contestEntryResponse,
  contestPanelResponse,
  contestRankingResponse,
  contestStandings,
  contestVotes,
  judgePanelResponse,
  judgePanelsResponse,
  resultsBody,
  reviewConflictResponse,
  scoreSheetResponse,
  type ContestBody,
  type JudgedStage,
  type ResultsBody,
  type ReviewNormalisation,
  type ScoreSheetBody,
} from '../../../shared/index.ts'
import { apiRequest } from '../../api/http.ts'

/*
 * The judges' and the programme office's contest routes (server/routes/contest-judging.ts and
 * contest-admin.ts), each answer validated by its schema. Stores call these; screens never do.
 */

const enc = encodeURIComponent
const post = <S extends z.ZodType>(path: string, body: unknown, response: S) =>
  apiRequest(path, { method: 'POST', body, response })
const put = <S extends z.ZodType>(path: string, body: unknown, response: S) =>
  apiRequest(path, { method: 'PUT', body, response })

export const judgingApi = {
  panels: () => apiRequest('/api/judge/contest-panels', { response: judgePanelsResponse }),
  panel: (id: string) => apiRequest(`/api/judge/contest-panels/${enc(id)}`, { response: judgePanelResponse }),
  score: (panelId: string, entryId: string, body: ScoreSheetBody) =>
    put(`/api/judge/contest-panels/${enc(panelId)}/entries/${enc(entryId)}/scores`, body, scoreSheetResponse),
  declareConflict: (panelId: string, entryId: string, note: string) =>
    post(
      `/api/judge/contest-panels/${enc(panelId)}/entries/${enc(entryId)}/conflict`,
      { note },
      reviewConflictResponse,
    ),
}

export const contestAdminApi = {
  list: () => apiRequest('/api/admin/contests', { response: adminContestsResponse }),
  get: (id: string) => apiRequest(`/api/admin/contests/${enc(id)}`, { response: adminContestResponse }),
  create: (body: ContestBody) => post('/api/admin/contests', body, adminContestResponse),
  update: (id: string, body: ContestBody) => put(`/api/admin/contests/${enc(id)}`, body, adminContestResponse),
  entries: (id: string) => apiRequest(`/api/admin/contests/${enc(id)}/entries`, { response: contestEntriesResponse }),
  eligibility: (entryId: string, eligible: boolean, reason: string) =>
    post(`/api/admin/contest-entries/${enc(entryId)}/eligibility`, { eligible, reason }, contestEntryResponse),
  shortlist: (id: string, entryIds: string[]) =>
    put(`/api/admin/contests/${enc(id)}/shortlist`, { entryIds }, contestEntriesResponse),
  createPanel: (id: string, stage: JudgedStage, expertIds: string[]) =>
    post(`/api/admin/contests/${enc(id)}/panels`, { stage, expertIds }, contestPanelResponse),
  ranking: (panelId: string, normalise: ReviewNormalisation) =>
    apiRequest(`/api/admin/contest-panels/${enc(panelId)}/ranking?normalise=${normalise}`, {
      response: contestRankingResponse,
    }),
  votes: (id: string) => apiRequest(`/api/admin/contests/${enc(id)}/votes`, { response: contestVotes }),
  discount: (id: string, flagIds: string[], discount: boolean) =>
    post(
      `/api/admin/contests/${enc(id)}/votes/discount`,
      { flagIds, discount },
      z.object({ changed: z.number(), votes: contestVotes }),
    ),
  standings: (id: string, panelId: string | null, normalise: ReviewNormalisation) =>
    apiRequest(
      `/api/admin/contests/${enc(id)}/standings?normalise=${normalise}${panelId ? `&panelId=${enc(panelId)}` : ''}`,
      { response: z.object({ standings: contestStandings }) },
    ),
  setResults: (id: string, body: ResultsBody) =>
    put(`/api/admin/contests/${enc(id)}/results`, body, z.object({ results: resultsBody })),
  publishResults: (id: string) =>
    post(`/api/admin/contests/${enc(id)}/results/publish`, {}, z.object({ works: z.number() })),
  /** Experts who may sit on a panel: those with an account. */
  experts: () => apiRequest('/api/admin/experts', { response: adminExpertsResponse }),
}
