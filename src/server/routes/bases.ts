import { z } from 'zod'
import {
  apiError,
  baseChanges as baseChangesSchema,
  baseClusterTable,
  basesGeoJson,
  builtBase,
  contentId,
} from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { replyCached } from '../cache/public-cache.ts'
import { baseChanges, getBase, listBases, toGeoJson } from '../services/base-service.ts'
import { BaseClusterTables } from '../services/base-clusters-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const BASES_CACHE = 'public, max-age=300'
const JSON_TYPE = 'application/json; charset=utf-8'

export function baseRoutes(app: ZodApp, { db, cache, versions }: RouteDeps): void {
  const clusterTables = new BaseClusterTables()

  app.get(
    '/api/bases/clusters.json',
    {
      schema: {
        tags: ['bases'],
        summary: "The map's national clusters (zooms 3–7) for the bases /api/bases.geojson lists, in its order",
        response: { 200: baseClusterTable },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'bases-clusters',
        key: `clusters|${await versions.current('bases')}`,
        cacheControl: BASES_CACHE,
        build: async () => ({ body: await clusterTables.json(db), type: JSON_TYPE }),
      }),
  )

  app.get(
    '/api/bases.geojson',
    {
      schema: {
        tags: ['bases'],
        summary: 'All bases as an RFC 7946 FeatureCollection (WGS-84)',
        response: { 200: basesGeoJson },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'bases-geojson',
        key: await versions.current('bases'),
        cacheControl: BASES_CACHE,
        build: async () => ({
          body: JSON.stringify(basesGeoJson.parse(toGeoJson(await listBases(db)))),
          type: 'application/geo+json; charset=utf-8',
        }),
      }),
  )

  app.get(
    '/api/bases/changes',
    {
      schema: {
        tags: ['bases'],
        summary: 'Bases changed since a cursor, for phones to keep over their shipped copies',
        description:
          'Without `since`: every base whose published record differs from the content the app ships (a field ' +
          'edited in the app, photos) and every unlisted id. With the `cursor` of an earlier answer: what changed ' +
          'after it. Revalidate with If-None-Match.',
        querystring: z.object({ since: z.iso.datetime({ offset: true }).optional() }).strict(),
        response: { 200: baseChangesSchema, 400: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'base-changes',
        key: `changes|${await versions.current('bases')}|${request.query.since ?? ''}`,
        cacheControl: 'public, max-age=60',
        build: async () => {
          const since = request.query.since ? new Date(request.query.since) : null
          return { body: JSON.stringify(baseChangesSchema.parse(await baseChanges(db, since))), type: JSON_TYPE }
        },
      }),
  )

  app.get(
    '/api/bases/:id',
    {
      schema: {
        tags: ['bases'],
        summary: 'One base with all its facts',
        params: z.object({ id: contentId }),
        response: { 200: builtBase, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'base',
        key: `${await versions.current('bases')}|${request.params.id}`,
        cacheControl: BASES_CACHE,
        build: async () => {
          const base = await getBase(db, request.params.id)
          if (!base) throw new HttpError(404, `no base "${request.params.id}"`)
          return { body: JSON.stringify(builtBase.parse(base)), type: JSON_TYPE }
        },
      }),
  )
}
