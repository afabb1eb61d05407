import type { FastifyRequest } from 'fastify'
import {
  apiError,
  baseIdParams,
  expertRequestDeclineBody,
  expertRequestIdParams,
  expertRequestInput,
  expertRequestReasonBody,
  expertRequestResponse,
  expertRequestsResponse,
  expertScheduleResponse,
  idParams,
} from '../../shared/index.ts'
import { requireExpert } from '../services/expert-service.ts'
import {
  baseRequests,
  createRequest,
  expertSchedule,
  respondToRequest,
  withdrawRequest,
} from '../services/expert-request-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
const tags = ['experts']
const expertOnly = { auth: { roles: ['expert'] as const } }
/** Staff of the base in the path (plugins/auth.ts checks it), and admins. */
const ownBase = {
  auth: {
    roles: ['admin', 'base_staff'] as const,
    base: (request: FastifyRequest) => (request.params as { baseId?: string }).baseId,
  },
}

/** Bases ask experts to their events; experts answer and keep their schedule. */
export function expertRequestRoutes(app: ZodApp, { db, now }: RouteDeps): void {
  // ── Base staff ──
  app.get(
    '/api/staff/bases/:baseId/expert-requests',
    {
      config: ownBase,
      schema: {
        tags,
        summary: "The base's requests to experts, newest first",
        params: baseIdParams,
        response: { 200: expertRequestsResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { requests: await baseRequests(db, request.params.baseId) }
    },
  )

  app.post(
    '/api/staff/bases/:baseId/expert-requests',
    {
      config: ownBase,
      schema: {
        tags,
        summary: "Ask an expert to one of the base's events (20 a day per base)",
        params: baseIdParams,
        body: expertRequestInput,
        response: { 201: expertRequestResponse, ...errors, 429: apiError },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ request: await createRequest(db, request.account!, request.params.baseId, request.body, now()) }),
  )

  app.post(
    '/api/staff/bases/:baseId/expert-requests/:id/withdraw',
    {
      config: ownBase,
      schema: {
        tags,
        summary: 'Call a request (or an acceptance) off, with the reason the expert reads',
        params: expertRequestIdParams,
        body: expertRequestReasonBody,
        response: { 200: expertRequestResponse, ...errors },
      },
    },
    async (request) => ({
      request: await withdrawRequest(
        db,
        { base: request.params.baseId },
        request.params.id,
        request.body.reason,
        now(),
      ),
    }),
  )

  // ── Experts ──
  app.get(
    '/api/expert/schedule',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'My requests by date, each with the ones it clashes with',
        response: { 200: expertScheduleResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return expertSchedule(db, await requireExpert(db, request.account!), now())
    },
  )

  app.post(
    '/api/expert/requests/:id/accept',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Accept a request: the event page and calendar feed name me',
        params: idParams,
        response: { 200: expertRequestResponse, ...errors },
      },
    },
    async (request) => ({
      request: await respondToRequest(
        db,
        await requireExpert(db, request.account!),
        request.params.id,
        { accept: true },
        now(),
      ),
    }),
  )

  app.post(
    '/api/expert/requests/:id/decline',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Decline a request, with an optional reason',
        params: idParams,
        body: expertRequestDeclineBody.nullish(),
        response: { 200: expertRequestResponse, ...errors },
      },
    },
    async (request) => ({
      request: await respondToRequest(
        db,
        await requireExpert(db, request.account!),
        request.params.id,
        { accept: false, reason: request.body?.reason },
        now(),
      ),
    }),
  )

  app.post(
    '/api/expert/requests/:id/withdraw',
    {
      config: expertOnly,
      schema: {
        tags,
        summary: 'Withdraw an acceptance, with the reason the base reads',
        params: idParams,
        body: expertRequestReasonBody,
        response: { 200: expertRequestResponse, ...errors },
      },
    },
    async (request) => ({
      request: await withdrawRequest(
        db,
        { expert: await requireExpert(db, request.account!) },
        request.params.id,
        request.body.reason,
        now(),
      ),
    }),
  )
}
