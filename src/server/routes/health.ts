import { sql } from 'drizzle-orm'
import { healthResponse, apiError } from '../../shared/index.ts'
import { apiErrorBody } from '../plugins/errors.ts'
import type { RouteDeps, ZodApp } from './types.ts'

export function healthRoutes(app: ZodApp, { db }: RouteDeps): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness with a database round trip',
        response: { 200: healthResponse, 503: apiError },
      },
    },
    async (request, reply) => {
      try {
        await db.execute(sql`select 1`)
        return { status: 'ok' as const }
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unavailable')
        return reply.status(503).send(apiErrorBody(503, 'database unavailable'))
      }
    },
  )
}
