import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { apiErrorBody } from './errors.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

/**
 * Cache policy: Vite's hashed files under /assets/ never change, so browsers keep them for a
 * year; everything that names them (index.html, the service worker, the manifest) is revalidated
 * on every load, so an update is seen at once.
 */
export function cacheControlFor(path: string): string {
  return path.includes('/assets/') ? IMMUTABLE : REVALIDATE
}

export async function registerStaticFiles(app: FastifyInstance, staticDir: string): Promise<void> {
  const root = resolve(staticDir)
  const hasApp = existsSync(join(root, 'index.html'))
  if (hasApp) {
    await app.register(fastifyStatic, {
      root,
      cacheControl: false,
      index: false,
      // The build writes .br and .gz beside each text file (scripts/vite-precompress.ts).
      preCompressed: true,
      setHeaders: (
        res: { header?: (k: string, v: string) => unknown; setHeader?: (k: string, v: string) => unknown },
        path: string,
      ) => {
        const value = cacheControlFor(path.replaceAll('\\', '/'))
        if (typeof res.header === 'function') res.header('cache-control', value)
        else res.setHeader?.('cache-control', value)
      },
    })
  }

  // The root is a directory to @fastify/static (403 with index: false): serve the shell there too.
  if (hasApp)
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', REVALIDATE).sendFile('index.html', root),
    )

  // Unknown /api paths are JSON 404s; any other page request gets the app shell (client routing).
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html')
    if (!wantsPage)
      return reply.status(404).send(apiErrorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`))
    if (!hasApp)
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build` (npm start does it for you).')
    return reply.header('cache-control', REVALIDATE).sendFile('index.html', root)
  })
}
