import { apiError, searchQuery, searchResponse } from '../../shared/index.ts'
import { queryKey, replyCached } from '../cache/public-cache.ts'
import { LibrarySearch } from '../services/search-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/** Short: a new event or an expert's edit should show in search within a minute. */
const SEARCH_CACHE = 'public, max-age=60'

/** One search over the library (contract: shared/schemas/search.ts). */
export function searchRoutes(app: ZodApp, { db, content, cache, versions, now }: RouteDeps): void {
  const library = new LibrarySearch(db, content, now)
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Bases, works, experts, events, theme days and guides matching ?q= (汉字, pinyin, initials, English), grouped by kind; ?kind=, ?theme=, ?province= (code), ?from=&to= filter',
        querystring: searchQuery,
        response: { 200: searchResponse, 400: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'search',
        key: `${await library.versionKey(versions)}|${queryKey(request.query)}`,
        cacheControl: SEARCH_CACHE,
        build: async () => ({
          body: JSON.stringify(searchResponse.parse(await library.search(request.query, versions))),
          type: 'application/json; charset=utf-8',
        }),
      }),
  )
}
