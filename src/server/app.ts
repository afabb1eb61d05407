import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { DataVersions } from './cache/data-versions.ts'
import { SessionCache } from './cache/session-cache.ts'
import { PublicCache } from './cache/public-cache.ts'
import type { AppConfig } from './config.ts'
import type { BuiltContent } from './content/built-content.ts'
import type { Database } from './db/connect.ts'
import { startPushDelivery } from './jobs/push-delivery.ts'
import { openMediaStore } from './media/open-media-store.ts'
import { registerApiDocs } from './plugins/api-docs.ts'
import { answeredWrite, registerAuth } from './plugins/auth.ts'
import { registerErrorHandling } from './plugins/errors.ts'
import { registerInputSafety } from './plugins/input-safety.ts'
import { registerMetrics } from './plugins/metrics.ts'
import { registerSecurityHeaders } from './plugins/security.ts'
import { registerStaticFiles } from './plugins/static-files.ts'
import { adminRoutes } from './routes/admin.ts'
import { authRoutes } from './routes/auth.ts'
import { baseRoutes } from './routes/bases.ts'
import { calendarRoutes } from './routes/calendar.ts'
import { contestAdminRoutes } from './routes/contest-admin.ts'
import { namingRoutes } from './routes/naming.ts'
import { contestJudgingRoutes } from './routes/contest-judging.ts'
import { contestRoutes } from './routes/contests.ts'
import { expertRequestRoutes } from './routes/expert-requests.ts'
import { expertRoutes } from './routes/experts.ts'
import { healthRoutes } from './routes/health.ts'
import { mediaRoutes } from './routes/media.ts'
import { baseProfileRoutes } from './routes/base-profiles.ts'
import { noticeRoutes } from './routes/notices.ts'
import { searchRoutes } from './routes/search.ts'
import { workRoutes } from './routes/works.ts'
import { statsRoutes } from './routes/stats.ts'
import { squadronRoutes } from './routes/squadrons.ts'
import { syncRoutes } from './routes/sync.ts'
import { uploadRoutes } from './routes/uploads.ts'
import type { RouteDeps, ZodApp } from './routes/types.ts'

export interface AppDeps {
  db: Database
  content: BuiltContent
  /** The clock registrations read (offer expiry, cut-offs). @default () => new Date() */
  now?: () => Date
  /** Where the log goes instead of stdout (tests read it to prove no secret is written). */
  logStream?: { write(line: string): void }
}

/** One route as registered: what the authorization matrix test walks (test/server/authorization-matrix.test.ts). */
export interface RegisteredRoute {
  method: string
  url: string
  roles: readonly string[] | null
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly registeredRoutes: readonly RegisteredRoute[]
  }
  interface FastifyContextConfig {
    /**
     * `unchanged`: the route's writes touch none of the data the public versions are read from
     * (bases, events and their experts, notices: cache/data-versions.ts), so a write answered here
     * tells no instance.
     */
    publicData?: 'unchanged'
  }
  interface FastifyRequest {
    /**
     * The same for one request, set by a handler that knows only once it ran (a sync push that
     * stored no event). @default false
     */
    publicDataUnchanged: boolean
  }
}

/** Route modules, in the order they appear in the OpenAPI document. Later features add theirs here. */
const ROUTES: ((app: ZodApp, deps: RouteDeps) => void)[] = [
  healthRoutes,
  baseRoutes,
  authRoutes,
  adminRoutes,
  syncRoutes,
  statsRoutes,
  calendarRoutes,
  noticeRoutes,
  squadronRoutes,
  expertRoutes,
  expertRequestRoutes,
  uploadRoutes,
  mediaRoutes,
  searchRoutes,
  baseProfileRoutes,
  contestRoutes,
  contestAdminRoutes,
  contestJudgingRoutes,
  workRoutes,
  namingRoutes,
]

/** The whole server as a Fastify instance; `serve.ts` listens on it, tests call `inject`. */
export async function buildApp(config: AppConfig, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Never write credentials to the log: cookies, auth headers, or any password field.
            redact: {
              paths: [
                'req.headers.cookie',
                'req.headers.authorization',
                'res.headers["set-cookie"]',
                '*.password',
                'body.password',
              ],
              censor: '[redacted]',
            },
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Request ids are echoed so a user's error report can be matched to the log.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>()

  // Recorded before any route is added, so plugins' routes (docs, static files, later features) are listed too.
  const registered: RegisteredRoute[] = []
  app.addHook('onRoute', (route) => {
    const roles = (route.config as { auth?: { roles: readonly string[] } } | undefined)?.auth?.roles ?? null
    for (const method of [route.method].flat()) registered.push({ method, url: route.url, roles })
  })
  app.decorate('registeredRoutes', registered)
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id)
  })

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandling(app)
  registerInputSafety(app)
  await registerSecurityHeaders(app)
  await app.register(cookie)
  const sessions = new SessionCache(deps.db)
  await sessions.listen((error) => {
    app.log.warn({ err: error }, 'session listener')
  })
  app.addHook('onClose', () => sessions.close())
  registerAuth(app, { db: deps.db, cookieSecure: config.cookieSecure, sessions })
  await registerApiDocs(app)
  await registerMetrics(app, config)
  // Push delivery runs from a job queue in the database; app.close() stops it (before the database closes).
  const pushDelivery = config.vapid
    ? await startPushDelivery({ db: deps.db, vapid: config.vapid, allowHosts: config.pushAllowHosts, log: app.log })
    : null
  app.decorate('pushDelivery', pushDelivery)
  if (pushDelivery) app.addHook('onClose', () => pushDelivery.stop())
  // Public reads are served from memory by data version; a successful write here re-reads the
  // versions and tells the other instances to (cache/data-versions.ts), unless its route says it
  // changes none of that data (`config.publicData`) or its handler found none changed
  // (`request.publicDataUnchanged`: a sync push of tallies, the busiest write, in no public read).
  const versions = new DataVersions(deps.db)
  await versions.listen((error) => {
    app.log.warn({ err: error }, 'data version listener')
  })
  app.addHook('onClose', () => versions.close())
  app.decorateRequest('publicDataUnchanged', false)
  app.addHook('onSend', async (request, reply) => {
    if (
      answeredWrite(request, reply) &&
      request.routeOptions.config?.publicData !== 'unchanged' &&
      !request.publicDataUnchanged
    )
      await versions.changed()
  })
  const routeDeps: RouteDeps = {
    db: deps.db,
    content: deps.content,
    config,
    now: deps.now ?? (() => new Date()),
    cache: new PublicCache(),
    versions,
    media: openMediaStore(config),
  }
  for (const routes of ROUTES) routes(app, routeDeps)
  await registerStaticFiles(app, config.staticDir)
  return app
}
