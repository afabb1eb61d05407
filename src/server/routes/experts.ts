import rateLimit from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  accountResponse,
  adminExpertsQuery,
  adminExpertsResponse,
  apiError,
  expertCreateBody,
  expertInviteAcceptBody,
  expertInvitePreview,
  expertInvitePreviewBody,
  expertInviteResponse,
  expertInvite,
  expertPage,
  expertPauseBody,
  expertPhotoBody,
  expertProfileInput,
  expertsQuery,
  expertsResponse,
  idParams,
  ownExpertProfileResponse,
  profileChangeRejectBody,
  profileChangeResponse,
  workExpertsResponse,
} from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { queryKey, replyCached } from '../cache/public-cache.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import {
  acceptInvite,
  createExpert,
  decideChange,
  issueInvite,
  listAdminExperts,
  previewInvite,
} from '../services/expert-admin-service.ts'
import {
  creditedExpertsOf,
  listPublicExperts,
  ownProfile,
  publicExpertPage,
  requireExpert,
  setOwnPhoto,
  setPaused,
  updateOwnProfile,
} from '../services/expert-service.ts'
import { databaseRateLimitStore } from '../services/rate-limit-store.ts'
import { createSession, deleteSession } from '../services/session-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
const tags = ['experts']
const adminOnly = { auth: { roles: ['admin'] as const } }
const expertOnly = { auth: { roles: ['expert'] as const } }
/** Invite pages are public (the link is the credential): per address, so guessing costs time. */
export const INVITE_LIMIT = { max: 10, timeWindow: '1 minute' } as const
/** Public expert lists change when an expert edits their page: short enough to show it soon. */
const PUBLIC_CACHE = 'public, max-age=60'
const JSON_TYPE = 'application/json; charset=utf-8'

/** 科普专家库: public pages, the expert's own profile, and what admins do (contract: shared/schemas/expert.ts). */
export function expertRoutes(app: ZodApp, { db, content, config, now, cache, versions }: RouteDeps): void {
  /**
   * The public reads' version: the experts (their pages and requests), the events they take part
   * in, and the day in Asia/Shanghai (a chief expert's badge ends with the term's last day).
   */
  const publicVersion = async () =>
    `${await versions.current('experts')}|${await versions.current('events')}|${todayInChina(now())}`
  /** Pages list the app's works that credit the expert (published with contests' results). */
  const pageVersion = async () => `${await publicVersion()}|${await versions.current('contests')}`

  const origin = (request: FastifyRequest) =>
    config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`

  // ── Public ──
  app.get(
    '/api/experts',
    {
      schema: {
        tags,
        summary:
          'The expert pool: ?field= (one of the 16 themes), ?region= (province code), ?q= (name, pinyin, initials, institution)',
        querystring: expertsQuery,
        response: { 200: expertsResponse, 400: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'experts',
        key: `${await publicVersion()}|${queryKey(request.query)}`,
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(expertsResponse.parse({ experts: await listPublicExperts(db, request.query, now()) })),
          type: JSON_TYPE,
        }),
      }),
  )

  app.get(
    '/api/experts/:id',
    {
      schema: {
        tags,
        summary: "One expert's page: what they show, credited works, events they take part in",
        params: idParams,
        response: { 200: expertPage, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'expert',
        key: `${await pageVersion()}|${request.params.id}`,
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(expertPage.parse(await publicExpertPage(db, content, request.params.id, now()))),
          type: JSON_TYPE,
        }),
      }),
  )

  app.get(
    '/api/works/:id/experts',
    {
      schema: {
        tags,
        summary: 'The experts a work credits (a built work by its id, or an app work), each linking to their page',
        params: z.object({ id: z.string().min(1).max(80) }),
        response: { 200: workExpertsResponse, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'work-experts',
        key: `${await versions.current('experts')}|${await versions.current('contests')}|${request.params.id}`,
        cacheControl: PUBLIC_CACHE,
        build: async () => ({
          body: JSON.stringify(
            workExpertsResponse.parse({ experts: await creditedExpertsOf(db, content, request.params.id) }),
          ),
          type: JSON_TYPE,
        }),
      }),
  )

  // ── The expert's own profile ──
  app.get(
    '/api/expert/profile',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'My expert profile, contact details and the title/institution change waiting for approval',
        response: { 200: ownExpertProfileResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { profile: await ownProfile(db, await requireExpert(db, request.account!), now()) }
    },
  )

  app.put(
    '/api/expert/profile',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Edit my page and what it shows; a new title or institution waits for an admin',
        body: expertProfileInput,
        response: { 200: ownExpertProfileResponse, ...errors },
      },
    },
    async (request) => ({
      profile: await updateOwnProfile(db, await requireExpert(db, request.account!), request.body, now()),
    }),
  )

  app.put(
    '/api/expert/pause',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Stop or resume taking new requests from bases',
        body: expertPauseBody,
        response: { 200: ownExpertProfileResponse, ...errors },
      },
    },
    async (request) => ({
      profile: await setPaused(db, await requireExpert(db, request.account!), request.body.paused, now()),
    }),
  )

  app.put(
    '/api/expert/photo',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Show a photo on my page (a finished expert-photo upload of mine; null removes it): no approval',
        body: expertPhotoBody,
        response: { 200: ownExpertProfileResponse, ...errors },
      },
    },
    async (request) => ({
      profile: await setOwnPhoto(
        db,
        await requireExpert(db, request.account!),
        request.account!,
        request.body.mediaId,
        now(),
      ),
    }),
  )

  // ── Admins ──
  app.get(
    '/api/admin/experts',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Every expert with contact details, invites and changes to decide (?changes=pending)',
        querystring: adminExpertsQuery,
        response: { 200: adminExpertsResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { experts: await listAdminExperts(db, request.query, now()) }
    },
  )

  app.post(
    '/api/admin/experts',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Add an expert and get their one-time invite link (shown once)',
        body: expertCreateBody,
        response: { 201: expertInviteResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return reply.status(201).send(await createExpert(db, request.account!, request.body, origin(request), now()))
    },
  )

  app.post(
    '/api/admin/experts/:id/invite',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'A new one-time invite link for an expert without an account (earlier unused links stop working)',
        params: idParams,
        response: { 201: z.object({ invite: expertInvite }), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return reply
        .status(201)
        .send({ invite: await issueInvite(db, request.account!, request.params.id, origin(request), now()) })
    },
  )

  app.post(
    '/api/admin/expert-changes/:id/approve',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Approve an expert's new title/institution: their page shows it at once",
        params: idParams,
        response: { 200: profileChangeResponse, ...errors },
      },
    },
    async (request) => decideChange(db, request.account!, request.params.id, { approve: true }, now()),
  )

  app.post(
    '/api/admin/expert-changes/:id/reject',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Turn down an expert's new title/institution, with the reason they read",
        params: idParams,
        body: profileChangeRejectBody,
        response: { 200: profileChangeResponse, ...errors },
      },
    },
    async (request) =>
      decideChange(db, request.account!, request.params.id, { approve: false, reason: request.body.reason }, now()),
  )

  // ── Invites: the link is the credential, so these are public and limited per address ──
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: databaseRateLimitStore(db),
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `尝试太频繁，请 ${context.after} 后再试 / too many attempts, try again in ${context.after}`),
      keyGenerator: (request) => request.ip,
    })
    const invites = scope.withTypeProvider<ZodTypeProvider>()
    invites.post(
      '/api/expert-invites/preview',
      {
        config: { rateLimit: INVITE_LIMIT },
        schema: {
          tags,
          summary: 'Whom a live invite link is for (does not use it up)',
          body: expertInvitePreviewBody,
          response: { 200: expertInvitePreview, 400: apiError, 404: apiError, 429: apiError },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store')
        return previewInvite(db, request.body.token, now())
      },
    )

    invites.post(
      '/api/expert-invites/accept',
      {
        config: { rateLimit: INVITE_LIMIT },
        schema: {
          tags,
          summary: 'The invited expert sets a username and password; signs in',
          body: expertInviteAcceptBody,
          response: { 201: accountResponse, 400: apiError, 404: apiError, 409: apiError, 429: apiError },
        },
      },
      async (request, reply) => {
        const account = await acceptInvite(db, request.body, now())
        if (request.sessionToken) await deleteSession(db, request.sessionToken)
        reply.setSession((await createSession(db, account.id)).token)
        return reply.status(201).send({ account })
      },
    )
  })
}
