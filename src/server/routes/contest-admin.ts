import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  adminContestResponse,
  adminContestsResponse,
  apiError,
  contestBody,
  contestEntriesResponse,
  contestEntryResponse,
  contestPanelResponse,
  contestRankingResponse,
  contestStandings,
  contestVotes,
  discountBody,
  eligibilityBody,
  nextRoundBody,
  panelConflictBody,
  panelCreateBody,
  resultsBody,
  reviewConflictResponse,
  reviewNormalisation,
  shortlistBody,
} from '../../shared/index.ts'
import { adminEntries, setEligibility, setShortlist } from '../services/contest-admin.ts'
import { contestRanking, createContestPanel, nextContestRound, recordConflict } from '../services/contest-judging.ts'
import { contestStandings as standings, publishResults, setResults } from '../services/contest-results.ts'
import { adminContest, adminContests, createContest, updateContest } from '../services/contest-service.ts'
import { discountVotes, voteReport } from '../services/contest-votes.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * The programme office's contest routes: configuration, the nomination check and shortlist,
 * judging panels and their rankings, the vote's tallies and anomaly flags, results.
 */

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
const id = z.object({ id: z.uuid() })
const tags = ['contests (admin)']
/** Admins only; answers are never kept by a cache (they change with every entry, score and vote). */
const adminRoute = {
  config: { auth: { roles: ['admin'] as const } },
  onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('cache-control', 'no-store')
  },
}

export function contestAdminRoutes(app: ZodApp, { db, content, now }: RouteDeps): void {
  app.get(
    '/api/admin/contests',
    {
      schema: {
        tags,
        summary: 'Every contest, drafts included, with its configuration and panels',
        response: { 200: adminContestsResponse, ...errors },
      },
      ...adminRoute,
    },
    async () => ({ contests: await adminContests(db, content, now()) }),
  )

  app.post(
    '/api/admin/contests',
    {
      schema: {
        tags,
        summary: 'A new contest from its configuration (a draft unless published)',
        body: contestBody,
        response: { 201: adminContestResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request, reply) =>
      reply.status(201).send({ contest: await createContest(db, content, request.body, request.account!.id, now()) }),
  )

  app.get(
    '/api/admin/contests/:id',
    {
      schema: {
        tags,
        summary: 'One contest as admins see it',
        params: id,
        response: { 200: adminContestResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ contest: await adminContest(db, content, request.params.id, now()) }),
  )

  app.put(
    '/api/admin/contests/:id',
    {
      schema: {
        tags,
        summary: 'Replace a contest’s configuration (until its results are published)',
        params: id,
        body: contestBody,
        response: { 200: adminContestResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ contest: await updateContest(db, content, request.params.id, request.body, now()) }),
  )

  app.get(
    '/api/admin/contests/:id/entries',
    {
      schema: {
        tags,
        summary: 'Every entry of a contest, with entrants and organisations',
        params: id,
        response: { 200: contestEntriesResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ entries: await adminEntries(db, request.params.id) }),
  )

  app.post(
    '/api/admin/contest-entries/:id/eligibility',
    {
      schema: {
        tags,
        summary: 'The nomination check of a submitted entry: eligible, or not with the reason',
        params: id,
        body: eligibilityBody,
        response: { 200: contestEntryResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ entry: await setEligibility(db, request.params.id, request.body, now()) }),
  )

  app.put(
    '/api/admin/contests/:id/shortlist',
    {
      schema: {
        tags,
        summary: 'The shortlist for the public vote and the final: exactly these eligible entries',
        params: id,
        body: shortlistBody,
        response: { 200: contestEntriesResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ entries: await setShortlist(db, request.params.id, request.body.entryIds, now()) }),
  )

  app.post(
    '/api/admin/contests/:id/panels',
    {
      schema: {
        tags,
        summary:
          'A judging panel for a stage: experts assigned every entry, except where a conflict of interest is found (recorded)',
        params: id,
        body: panelCreateBody,
        response: { 201: contestPanelResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request, reply) =>
      reply.status(201).send(await createContestPanel(db, request.params.id, request.body, request.account!)),
  )

  app.get(
    '/api/admin/contest-panels/:id/ranking',
    {
      schema: {
        tags,
        summary:
          'A panel’s ranking: every judge’s scores, optional z-score normalisation, outliers, ties settled by the stated rules',
        params: id,
        querystring: z.object({ normalise: reviewNormalisation.default('none') }),
        response: { 200: contestRankingResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ ranking: await contestRanking(db, request.params.id, request.query.normalise) }),
  )

  app.post(
    '/api/admin/contest-panels/:id/conflicts',
    {
      schema: {
        tags,
        summary: 'Record a judge’s conflict of interest with an entry: their assignment and scores for it go',
        params: id,
        body: panelConflictBody,
        response: { 201: reviewConflictResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request, reply) =>
      reply.status(201).send({ conflict: await recordConflict(db, request.params.id, request.body, request.account!) }),
  )

  app.post(
    '/api/admin/contest-panels/:id/next-round',
    {
      schema: {
        tags,
        summary: 'A second round of the panel for the named entries (the same criteria and tie rules)',
        params: id,
        body: nextRoundBody,
        response: { 201: contestPanelResponse, ...errors },
      },
      ...adminRoute,
    },
    async (request, reply) =>
      reply.status(201).send(await nextContestRound(db, request.params.id, request.body, request.account!)),
  )

  app.get(
    '/api/admin/contests/:id/votes',
    {
      schema: {
        tags,
        summary: 'The public vote: tallies (all, counted, flagged) and the anomaly flags',
        params: id,
        response: { 200: contestVotes, ...errors },
      },
      ...adminRoute,
    },
    async (request) => voteReport(db, request.params.id),
  )

  app.post(
    '/api/admin/contests/:id/votes/discount',
    {
      schema: {
        tags,
        summary: 'Discount the votes of flags (or count them again with discount: false)',
        params: id,
        body: discountBody,
        response: { 200: z.object({ changed: z.number().int(), votes: contestVotes }), ...errors },
      },
      ...adminRoute,
    },
    async (request) => {
      const changed = await discountVotes(db, request.params.id, request.body.flagIds, request.body.discount)
      return { changed, votes: await voteReport(db, request.params.id) }
    },
  )

  app.get(
    '/api/admin/contests/:id/standings',
    {
      schema: {
        tags,
        summary: 'Judges’ scores with the counted votes, and the final score when the vote is a share of it',
        params: id,
        querystring: z.object({ panelId: z.uuid().optional(), normalise: reviewNormalisation.default('none') }),
        response: { 200: z.object({ standings: contestStandings }), ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ standings: await standings(db, request.params.id, request.query) }),
  )

  app.put(
    '/api/admin/contests/:id/results',
    {
      schema: {
        tags,
        summary: 'The awards (prizes, special awards), before publishing',
        params: id,
        body: resultsBody,
        response: { 200: z.object({ results: resultsBody }), ...errors },
      },
      ...adminRoute,
    },
    async (request) => ({ results: await setResults(db, request.params.id, request.body, now()) }),
  )

  app.post(
    '/api/admin/contests/:id/results/publish',
    {
      schema: {
        tags,
        summary: 'Publish the results (from the results stage): every awarded entry becomes a work in the app',
        params: id,
        response: { 200: z.object({ works: z.number().int() }), ...errors },
      },
      ...adminRoute,
    },
    async (request) => publishResults(db, request.params.id, now()),
  )
}
