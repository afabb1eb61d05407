import { apiError, pullQuery, pullResponse, pushRequest, pushResponse } from '../../shared/index.ts'
import { syncRecords } from '../metrics/app-metrics.ts'
import { pullRecords, pushRecords } from '../services/sync-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/** Staff phones' records in and out (protocol: src/client/sync/README.md). */
export function syncRoutes(app: ZodApp, { db }: RouteDeps): void {
  app.post(
    '/api/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary:
          'Push up to 200 records; one ack per record (accepted, duplicate, rejected with a reason, or conflict)',
        body: pushRequest,
        response: { 200: pushResponse, 400: apiError, 401: apiError, 403: apiError },
      },
      // Which base each record touches is checked per record in the service, not per request; so is
      // its text: a NUL or a broken character in one record is that record's `rejected` ack
      // (plugins/input-safety.ts), never a 400 that would block the phone's whole batch. A push
      // changes no account, so the instances keep the sessions they remember (plugins/auth.ts).
      config: { auth: { roles: ['admin', 'base_staff'] }, rawTextPerRecord: true, sessions: 'unchanged' },
    },
    async (request) => {
      const { acks, eventsChanged } = await pushRecords(
        db,
        request.account!,
        request.body.deviceId,
        request.body.records,
      )
      for (const ack of acks) syncRecords.inc({ status: ack.status })
      // Tallies, activities and check-ins are in no public read: the other instances need not hear of them.
      request.publicDataUnchanged = !eventsChanged
      return { acks }
    },
  )

  app.get(
    '/api/sync/pull',
    {
      schema: {
        tags: ['sync'],
        summary: 'Records of one base changed after the cursor, in server order; `reset` when the cursor is unknown',
        querystring: pullQuery,
        response: { 200: pullResponse, 400: apiError, 401: apiError, 403: apiError },
      },
      config: {
        auth: { roles: ['admin', 'base_staff'], base: (request) => (request.query as { baseId?: string }).baseId },
      },
    },
    async (request) => {
      const { baseId, ...options } = request.query
      return pullRecords(db, baseId, options)
    },
  )
}
