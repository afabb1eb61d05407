import rateLimit from '@fastify/rate-limit'
import type { FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import {
  apiError,
  appWorksResponse,
  contestEntriesResponse,
  contestEntryResponse,
  contestResponse,
  contestsResponse,
  entryCaptionsBody,
  entryCreateBody,
  entryUpdateBody,
  entryVideoBody,
  voteBody,
  voteDeviceResponse,
  voteRefusal,
  voteResponse,
} from '../../shared/index.ts'
import { replyCached } from '../cache/public-cache.ts'
import { HttpError } from '../http-error.ts'
import { listAppWorks } from '../services/app-works.ts'
import { entryCaptions } from '../services/contest-access.ts'
import {
  attachVideo,
  createEntry,
  ownEntries,
  ownEntryView,
  setCaptions,
  submitEntry,
  updateEntry,
  withdrawEntry,
} from '../services/contest-entries.ts'
import { contestDetail, listContests } from '../services/contest-service.ts'
import { castVote, issueVoteToken } from '../services/contest-votes.ts'
import { databaseRateLimitStore } from '../services/rate-limit-store.ts'
import { DEVICE_TOKEN_LIMIT } from './stats.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Contests for the public (the list, each contest's rules, shortlist and results, the vote), for
 * entrants (a school's or a base's account: entries, their videos and captions), and the works
 * winners became. Admins' routes are in contest-admin.ts, judges' in contest-judging.ts.
 */

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError, 422: apiError }
const entrants = { auth: { roles: ['school', 'base_staff'] as const } }
const PUBLIC_CACHE = 'public, max-age=60, stale-while-revalidate=60'
const JSON_TYPE = 'application/json; charset=utf-8'
/** Votes per address per minute: a class voting together on one Wi-Fi fits, a script does not. */
export const VOTE_LIMIT = { max: 60, timeWindow: '1 minute' } as const

const contestParams = z.object({ id: z.uuid() })
const entryParams = z.object({ id: z.uuid() })
const slot = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(30)
const slotParams = z.object({ id: z.uuid(), slot })

export function contestRoutes(app: ZodApp, { db, content, cache, versions, now }: RouteDeps): void {
  app.get(
    '/api/contests',
    {
      schema: {
        tags: ['contests'],
        summary: '讲解大赛 and 微视频大赛: published contests with their stages, dates and the stage running today',
        response: { 200: contestsResponse },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'contests',
        // The current stage moves with the day in Asia/Shanghai.
        key: `${await versions.current('contests')}|${todayInChina(now())}`,
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(contestsResponse.parse({ contests: await listContests(db, content, now()) })),
          type: JSON_TYPE,
        }),
      }),
  )

  app.get(
    '/api/contests/:id',
    {
      schema: {
        tags: ['contests'],
        summary:
          'One contest: its rules (in words too), the shortlist while the public vote runs, the results once published',
        params: contestParams,
        response: { 200: contestResponse, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'contest',
        key: `${request.params.id}|${await versions.current('contests')}|${todayInChina(now())}`,
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(
            contestResponse.parse({ contest: await contestDetail(db, content, request.params.id, now()) }),
          ),
          type: JSON_TYPE,
        }),
      }),
  )

  app.get(
    '/api/contest-entries/:id/captions/:slot',
    {
      schema: {
        tags: ['contests'],
        summary:
          "An entry video's WebVTT captions: to its organisation, its judges, the public while it is in the vote or once it won",
        params: slotParams,
        response: { 404: apiError },
      },
    },
    async (request, reply) => {
      const vtt = await entryCaptions(db, request.params.id, request.params.slot, request.account, now())
      // Plain text, not the JSON the route's schemas describe.
      return (reply as FastifyReply)
        .type('text/vtt; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .send(vtt)
    },
  )

  app.get(
    '/api/app-works',
    {
      schema: {
        tags: ['works'],
        summary: 'Works published in the app (today: contest winners), with media URLs, captions, credits and licence',
        response: { 200: appWorksResponse },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'app-works',
        key: await versions.current('contests'),
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(appWorksResponse.parse({ works: await listAppWorks(db) })),
          type: JSON_TYPE,
        }),
      }),
  )

  // ——— Entrants ———
  app.get(
    '/api/contests/:id/entries',
    {
      schema: {
        tags: ['contests'],
        summary: "The caller's organisation's entries in a contest, with what each still lacks",
        params: contestParams,
        response: { 200: contestEntriesResponse, ...errors },
      },
      config: entrants,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { entries: await ownEntries(db, request.params.id, request.account!) }
    },
  )

  app.post(
    '/api/contests/:id/entries',
    {
      schema: {
        tags: ['contests'],
        summary: "A new entry (a draft) for the caller's organisation, within its quota, while entries are open",
        params: contestParams,
        body: entryCreateBody,
        response: { 201: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ entry: await createEntry(db, request.params.id, request.account!, request.body, now()) }),
  )

  app.get(
    '/api/contest-entries/:id',
    {
      schema: {
        tags: ['contests'],
        summary: 'One entry of the caller’s organisation',
        params: entryParams,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { entry: await ownEntryView(db, request.params.id, request.account!) }
    },
  )

  app.patch(
    '/api/contest-entries/:id',
    {
      schema: {
        tags: ['contests'],
        summary: 'Change an entry (title, theme, description, names, declaration of originality) until entries close',
        params: entryParams,
        body: entryUpdateBody,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request) => ({ entry: await updateEntry(db, request.params.id, request.account!, request.body, now()) }),
  )

  app.put(
    '/api/contest-entries/:id/videos/:slot',
    {
      schema: {
        tags: ['contests'],
        summary:
          'Attach (or replace) a video: a finished contest-video upload of the caller, checked against the slot’s rule. 422 names each broken rule with the measured value; the entry is then unchanged',
        params: slotParams,
        body: entryVideoBody,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request) => ({
      entry: await attachVideo(
        db,
        request.params.id,
        request.params.slot,
        request.body.mediaId,
        request.account!,
        now(),
      ),
    }),
  )

  app.put(
    '/api/contest-entries/:id/captions/:slot',
    {
      schema: {
        tags: ['contests'],
        summary: 'Set a video’s captions: WebVTT text, checked (header, cue timings in order)',
        params: slotParams,
        body: entryCaptionsBody,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request) => ({
      entry: await setCaptions(db, request.params.id, request.params.slot, request.body.vtt, request.account!, now()),
    }),
  )

  app.post(
    '/api/contest-entries/:id/submit',
    {
      schema: {
        tags: ['contests'],
        summary:
          'Submit an entry: every video, caption and the declaration are checked again; 422 lists what is missing',
        params: entryParams,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request) => ({ entry: await submitEntry(db, request.params.id, request.account!, now()) }),
  )

  app.post(
    '/api/contest-entries/:id/withdraw',
    {
      schema: {
        tags: ['contests'],
        summary: 'Withdraw an entry: its place in the organisation’s quota is free again',
        params: entryParams,
        response: { 200: contestEntryResponse, ...errors },
      },
      config: entrants,
    },
    async (request) => ({ entry: await withdrawEntry(db, request.params.id, request.account!, now()) }),
  )

  // ——— The public vote: anonymous, so limited per address (in the database, shared by instances) ———
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: databaseRateLimitStore(db),
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `投票太频繁，请 ${context.after} 后再试 / too many votes, try again in ${context.after}`),
      keyGenerator: (request) => request.ip,
    })
    const votes = scope.withTypeProvider<ZodTypeProvider>()
    votes.post(
      '/api/contest-votes/device',
      {
        schema: {
          tags: ['contests'],
          summary: 'A device token for voting: the device keeps it and sends it with each vote',
          response: { 201: voteDeviceResponse, 429: apiError },
        },
        config: { rateLimit: DEVICE_TOKEN_LIMIT },
      },
      async (_request, reply) =>
        reply
          .status(201)
          .header('cache-control', 'no-store')
          .send({ deviceToken: await issueVoteToken(db, now()) }),
    )
    votes.post(
      '/api/contests/:id/votes',
      {
        schema: {
          tags: ['contests'],
          summary:
            'Vote for a shortlisted entry: once per device token, entry and Asia/Shanghai day, within per-address caps',
          params: contestParams,
          body: voteBody,
          response: { 201: voteResponse, 403: apiError, 404: apiError, 409: voteRefusal, 429: apiError },
        },
        config: { rateLimit: VOTE_LIMIT },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ ok: true as const, ...(await castVote(db, request.params.id, request.body, request.ip, now())) }),
    )
  })
}
