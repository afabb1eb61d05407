import { z } from 'zod'
import { apiError, basesGeoJson, builtBase, contentId } from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { getBase, listBases, toGeoJson } from '../services/base-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

export function baseRoutes(app: ZodApp, { db }: RouteDeps): void {
  app.get('/api/bases.geojson', {
    schema: { tags: ['bases'], summary: 'All bases as an RFC 7946 FeatureCollection (WGS-84)', response: { 200: basesGeoJson } },
  }, async (_request, reply) => {
    reply.type('application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=300')
    return toGeoJson(await listBases(db))
  })

  app.get('/api/bases/:id', {
    schema: { tags: ['bases'], summary: 'One base with all its facts', params: z.object({ id: contentId }), response: { 200: builtBase, 404: apiError } },
  }, async (request) => {
    const base = await getBase(db, request.params.id)
    if (!base) throw new HttpError(404, `no base "${request.params.id}"`)
    return base
  })
}
