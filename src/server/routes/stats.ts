import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  apiError,
  baseStatsResponse,
  contentId,
  deviceTokenResponse,
  nationalStatsResponse,
  ratingRequest,
  ratingResponse,
  statsExportQuery,
  statsQuery,
  type StatsExportQuery,
} from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { databaseRateLimitStore } from '../services/rate-limit-store.ts'
import { addRating, issueDeviceToken } from '../services/rating-service.ts'
import {
  baseStats,
  contentDisposition,
  exportCsv,
  exportXlsx,
  nationalStats,
  type ExportFile,
} from '../services/stats-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError }

/** Staff may export only their own base: no `baseId` means theirs, another base is a 403 (plugins/auth.ts). */
const exportAuth = {
  roles: ['admin', 'base_staff'] as const,
  base: (request: FastifyRequest) =>
    (request.query as { baseId?: string }).baseId ?? request.account?.baseId ?? undefined,
}

/** Which base an export covers: staff always their own, admins the one asked for or all (undefined). */
function exportScope(request: FastifyRequest<{ Querystring: StatsExportQuery }>): string | undefined {
  const account = request.account!
  return account.role === 'base_staff' ? (account.baseId ?? undefined) : request.query.baseId
}

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.filename))
    .header('cache-control', 'no-store')
    .send(file.body)
}

/** Ratings per address per minute: room for a class on one venue Wi-Fi, not for a script. */
export const RATING_LIMIT = { max: 30, timeWindow: '1 minute' } as const
/** Device tokens per address per minute: a phone asks once; a class asks once per phone. */
export const DEVICE_TOKEN_LIMIT = { max: 20, timeWindow: '1 minute' } as const

/** Dashboards, the survey export and public satisfaction ratings (indicators: shared/domain/statistics.ts). */
export function statsRoutes(app: ZodApp, { db, content }: RouteDeps): void {
  app.get(
    '/api/stats/bases/:baseId',
    {
      schema: {
        tags: ['stats'],
        summary: 'One base: visitors per period by audience, activities by type, theme-day peaks, satisfaction',
        params: z.object({ baseId: contentId }),
        querystring: statsQuery,
        response: { 200: baseStatsResponse, ...errors },
      },
      config: {
        auth: { roles: ['admin', 'base_staff'], base: (request) => (request.params as { baseId?: string }).baseId },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const { from, to, granularity } = request.query
      return baseStats(db, content, request.params.baseId, { from, to }, granularity)
    },
  )

  app.get(
    '/api/stats/national',
    {
      schema: {
        tags: ['stats'],
        summary: 'All bases: totals, ranking by visitors, provinces, the same series',
        querystring: statsQuery,
        response: { 200: nationalStatsResponse, ...errors },
      },
      config: { auth: { roles: ['admin'] } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const { from, to, granularity } = request.query
      return nationalStats(db, content, { from, to }, granularity)
    },
  )

  app.get(
    '/api/stats/export.csv',
    {
      schema: {
        tags: ['stats'],
        summary: 'One row per base, national-survey indicator names and units as headers (UTF-8 with BOM)',
        querystring: statsExportQuery,
        response: errors,
      },
      config: { auth: exportAuth },
    },
    async (request, reply) => sendFile(reply, await exportCsv(db, request.query, exportScope(request))),
  )

  app.get(
    '/api/stats/export.xlsx',
    {
      schema: {
        tags: ['stats'],
        summary: 'The same table as export.csv, as an Excel workbook',
        querystring: statsExportQuery,
        response: errors,
      },
      config: { auth: exportAuth },
    },
    async (request, reply) => sendFile(reply, await exportXlsx(db, request.query, exportScope(request))),
  )

  // Public and unauthenticated, so rate limited per address; the limiter lives in this scope only,
  // and counts in the database so that every instance behind a load balancer shares the limit.
  // Ratings are none of the public data the caches are versioned by (app.ts `publicData`).
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: databaseRateLimitStore(db),
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `评价太频繁，请 ${context.after} 后再试 / too many ratings, try again in ${context.after}`),
      // Behind a proxy (TRUST_PROXY=true) request.ip is the client's address from X-Forwarded-For.
      keyGenerator: (request) => request.ip,
    })
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/ratings',
      {
        schema: {
          tags: ['stats'],
          summary: 'A visitor rates a base (满意度 1–5); once per device, base and Asia/Shanghai day',
          body: ratingRequest,
          response: { 201: ratingResponse, 400: apiError, 404: apiError, 409: apiError, 429: apiError },
        },
        config: { rateLimit: RATING_LIMIT, publicData: 'unchanged' },
      },
      async (request, reply) =>
        reply.status(201).send({ ok: true as const, ...(await addRating(db, request.body, request.ip)) }),
    )

    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/ratings/device',
      {
        schema: {
          tags: ['stats'],
          summary: 'A device token for rating: the device keeps it and sends it with each rating',
          response: { 201: deviceTokenResponse, 429: apiError },
        },
        config: { rateLimit: DEVICE_TOKEN_LIMIT, publicData: 'unchanged' },
      },
      async (_request, reply) =>
        reply
          .status(201)
          .header('cache-control', 'no-store')
          .send({ deviceToken: await issueDeviceToken(db) }),
    )
  })
}
