import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  apiError,
  noticeCreated,
  noticeInput,
  noticesQuery,
  noticesResponse,
  notice,
  pushDeliveriesResponse,
  pushKeyResponse,
  pushSubscriptionSchema,
  pushUnsubscribeInput,
  type CapAlert,
  type NoticeCreated,
} from '../../shared/index.ts'
import { CAP_MAX_BYTES, CapError, parseCapXml, toCapXml } from '../cap/cap-xml.ts'
import { apiErrorBody } from '../plugins/errors.ts'
import { HttpError } from '../http-error.ts'
import { queryKey, replyCached } from '../cache/public-cache.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { alertFromContent, getNotice, listNotices, storeNotice } from '../services/notice-service.ts'
import { deliveriesOf, endpointAllowed, removeSubscription, saveSubscription } from '../services/push-service.ts'
import { databaseRateLimitStore } from '../services/rate-limit-store.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const adminOnly = { auth: { roles: ['admin'] as const } }
const CAP_TYPES = ['application/cap+xml', 'application/xml', 'text/xml']
/**
 * Phones poll the list on every open and return to the foreground, and a theme day or a real
 * warning brings everyone at once: a short shared cache plus an ETag (a 304 costs no body).
 */
const LIST_CACHE = 'public, max-age=30, stale-while-revalidate=30'
const NOTICE_CACHE = 'public, max-age=60'
const JSON_TYPE = 'application/json; charset=utf-8'
/** Subscribing needs no sign-in: a browser changes its provinces a few times, not ten times a minute. */
const SUBSCRIBE_LIMIT = { max: 10, timeWindow: '1 minute' }

export function noticeRoutes(app: ZodApp, { db, config, cache, versions }: RouteDeps): void {
  // CAP documents arrive as text; parseCapXml enforces its own byte limit with a clearer message,
  // so Fastify's limit only stops what is far beyond it.
  app.addContentTypeParser(CAP_TYPES, { parseAs: 'string', bodyLimit: CAP_MAX_BYTES * 2 }, (_request, body, done) => {
    done(null, body)
  })

  async function publish(request: FastifyRequest, reply: FastifyReply, alert: CapAlert, source: 'json' | 'cap') {
    const stored = await storeNotice(db, alert, source, request.account?.id ?? null)
    // Only queued here: the workers deliver, retry and record (jobs/push-delivery.ts).
    const push: NoticeCreated['push'] = app.pushDelivery
      ? { state: 'queued', queued: await app.pushDelivery.enqueue(stored) }
      : { state: 'off', queued: 0 }
    return reply.status(201).header('location', `/api/notices/${stored.id}`).send({ notice: stored, push })
  }

  app.get(
    '/api/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'Current notices and the last 30 days of history, optionally for some provinces',
        querystring: noticesQuery,
        response: { 200: noticesResponse, 400: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'notices',
        // The list's 30-day window moves with the day: the day is part of the key.
        key: `${await versions.current('notices')}|${todayInChina()}|${queryKey(request.query)}`,
        cacheControl: LIST_CACHE,
        build: async () => {
          const list = await listNotices(db, { provinces: request.query.provinces?.split(',') })
          return { body: JSON.stringify(noticesResponse.parse({ notices: list })), type: JSON_TYPE }
        },
      }),
  )

  app.get(
    '/api/notices/:id/cap.xml',
    {
      schema: {
        tags: ['notices'],
        summary: 'One notice as a CAP 1.2 document',
        params: z.object({ id: z.uuid() }),
        response: { 404: apiError },
      },
    },
    async (request, reply) => {
      const found = await getNotice(db, request.params.id)
      if (!found) throw new HttpError(404, `no notice "${request.params.id}"`)
      void reply.header('content-disposition', `inline; filename="${found.identifier.replace(/[^\w.-]/g, '_')}.xml"`)
      return replyCached(cache, request, reply, {
        name: 'notice-cap',
        key: `${await versions.current('notices')}|${found.id}`,
        cacheControl: NOTICE_CACHE,
        build: () => {
          const { id: _id, receivedAt: _received, ...alert } = found
          return Promise.resolve({ body: toCapXml(alert), type: 'application/cap+xml; charset=utf-8' })
        },
      })
    },
  )

  app.get(
    '/api/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'One notice',
        params: z.object({ id: z.uuid() }),
        response: { 200: notice, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'notice',
        key: `${await versions.current('notices')}|${request.params.id}`,
        cacheControl: NOTICE_CACHE,
        build: async () => {
          const found = await getNotice(db, request.params.id)
          if (!found) throw new HttpError(404, `no notice "${request.params.id}"`)
          return { body: JSON.stringify(notice.parse(found)), type: JSON_TYPE }
        },
      }),
  )

  app.post(
    '/api/notices',
    {
      config: adminOnly,
      schema: {
        tags: ['notices'],
        summary: 'Issue a notice (Alert, or an Update/Cancel referencing earlier ones); pushes it where push is on',
        body: noticeInput,
        response: { 201: noticeCreated, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => publish(request, reply, alertFromContent(request.body), 'json'),
  )

  app.post(
    '/api/notices/cap',
    {
      config: adminOnly,
      schema: {
        tags: ['notices'],
        summary: 'Import a CAP 1.2 alert (body: application/cap+xml or application/xml)',
        body: z.string(),
        response: { 201: noticeCreated, 400: apiError, 409: apiError, 413: apiError, 415: apiError },
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (!CAP_TYPES.includes(type)) throw new HttpError(415, `send the alert as ${CAP_TYPES.join(' or ')}`)
      let alert: CapAlert
      try {
        alert = parseCapXml(request.body)
      } catch (error) {
        if (!(error instanceof CapError)) throw error
        const status = error.tooLarge ? 413 : 400
        return reply.status(status).send(apiErrorBody(status, error.message, error.issues))
      }
      return publish(request, reply, alert, 'cap')
    },
  )

  app.get(
    '/api/push/key',
    {
      schema: {
        tags: ['push'],
        summary: 'The VAPID public key, or enabled: false when this server has no push',
        response: { 200: pushKeyResponse },
      },
    },
    () => ({ enabled: config.vapid !== null, publicKey: config.vapid?.publicKey ?? null }),
  )

  app.get(
    '/api/notices/:id/deliveries',
    {
      config: adminOnly,
      schema: {
        tags: ['push'],
        summary: 'What push delivery did with a notice: every attempt, totals, and the deliveries still pending',
        params: z.object({ id: z.uuid() }),
        response: { 200: pushDeliveriesResponse, 404: apiError },
      },
    },
    async (request) => {
      if (!(await getNotice(db, request.params.id))) throw new HttpError(404, `no notice "${request.params.id}"`)
      const attempts = await deliveriesOf(db, request.params.id)
      const totals = { sent: 0, gone: 0, failed: 0 }
      for (const a of attempts) totals[a.result] += 1
      return {
        noticeId: request.params.id,
        pending: (await app.pushDelivery?.pending(request.params.id)) ?? 0,
        totals,
        attempts,
      }
    },
  )

  // The server POSTs to every endpoint it stores: only push services' https addresses are taken
  // (the shared schema), plus the test-only PUSH_ALLOW_HOSTS. No sign-in is needed, so both
  // routes are rate limited per address, counted in the database as stats.ts does for ratings.
  // Subscriptions are none of the public data the caches are versioned by (app.ts `publicData`).
  const subscription = pushSubscriptionSchema(
    config.pushAllowHosts.length > 0 ? (endpoint) => endpointAllowed(endpoint, config.pushAllowHosts) : undefined,
  )
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      store: databaseRateLimitStore(db),
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          429,
          `推送订阅操作太频繁，请 ${context.after} 后再试 / too many push subscription changes, try again in ${context.after}`,
        ),
    })
    const limited = scope.withTypeProvider<ZodTypeProvider>()

    limited.post(
      '/api/push/subscriptions',
      {
        config: { rateLimit: SUBSCRIBE_LIMIT, publicData: 'unchanged' },
        schema: {
          tags: ['push'],
          summary: 'Subscribe this browser to notices for some provinces (again: replaces the provinces)',
          body: subscription,
          response: { 204: z.null(), 400: apiError, 429: apiError, 503: apiError },
        },
      },
      async (request, reply) => {
        if (!config.vapid) throw new HttpError(503, 'push notifications are not configured on this server')
        await saveSubscription(db, request.body)
        return reply.status(204).send(null)
      },
    )

    limited.delete(
      '/api/push/subscriptions',
      {
        config: { rateLimit: SUBSCRIBE_LIMIT, publicData: 'unchanged' },
        schema: {
          tags: ['push'],
          summary: 'Unsubscribe this browser',
          body: pushUnsubscribeInput,
          response: { 204: z.null(), 404: apiError, 429: apiError },
        },
      },
      async (request, reply) => {
        if (!(await removeSubscription(db, request.body.endpoint))) throw new HttpError(404, 'no such subscription')
        return reply.status(204).send(null)
      },
    )
  })
}
