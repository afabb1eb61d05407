import { createServer, type Server } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import promClient from '@prometheus-io/client'
import type { FastifyInstance } from 'fastify'
import fastifyMetrics from 'fastify-metrics'
import type { AppConfig } from '../config.ts'
import { collectProcessMetrics, metricsRegistry } from '../metrics/app-metrics.ts'

/**
 * Prometheus metrics. Off unless configured, and never on the public port without a token:
 * `METRICS_ADDRESS` serves them on a separate listener (bind it to a private interface), and
 * `METRICS_TOKEN` serves `GET /metrics` on the app's port to `Authorization: Bearer <token>`.
 */
export async function registerMetrics(app: FastifyInstance, config: AppConfig): Promise<void> {
  const { metricsAddress, metricsToken } = config
  if (!metricsAddress && !metricsToken) return
  collectProcessMetrics()
  // Route metrics go to a registry of this app: two apps in one process would otherwise register
  // the same histogram twice.
  const routeRegistry = new promClient.Registry()
  await app.register(fastifyMetrics, {
    promClient,
    endpoint: null,
    defaultMetrics: { enabled: false },
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      groupStatusCodes: true,
      routeBlacklist: ['/metrics'],
      // The plugin builds its summary even when off: it goes to this app's registry too.
      overrides: {
        histogram: { registers: [routeRegistry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
        summary: { registers: [routeRegistry] },
      },
    },
  })
  const exposition = async (): Promise<{ type: string; body: string }> => {
    const merged = promClient.Registry.merge([routeRegistry, metricsRegistry])
    return { type: merged.contentType, body: await merged.metrics() }
  }

  if (metricsToken) {
    const expected = Buffer.from(`Bearer ${metricsToken}`)
    app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send({ statusCode: 401, error: 'Unauthorized', message: 'metrics need the operator token' })
      }
      const { type, body } = await exposition()
      return reply.type(type).header('cache-control', 'no-store').send(body)
    })
  }

  if (metricsAddress) {
    const server: Server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end()
        return
      }
      exposition().then(
        ({ type, body }) => {
          res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'metrics exposition')
          res.writeHead(500).end()
        },
      )
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(metricsAddress.port, metricsAddress.host, () => resolve())
    })
    app.decorate('metricsServer', server)
    app.addHook(
      'onClose',
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
        }),
    )
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The separate metrics listener, when `METRICS_ADDRESS` is set. */
    readonly metricsServer?: Server
  }
}
