import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Database } from '../../../src/server/db/connect.ts'
import { encodeAny, hostileBody, hostileString } from './hostile.ts'
import { invalidRows, rowCounts } from './stored-rows.ts'
import { ORIGIN } from './test-app.ts'

/**
 * One write route under a hostile client. Adding a route to the property test is one line:
 * `{ route: 'POST /api/things', as: 'staff', valid: fc.record({ … }) }`.
 */
export interface WriteSpec {
  /** `METHOD /url` exactly as registered (`:params` included): matched against the app's routes. */
  route: string
  /** Who sends it: a session cookie of that account is attached (null: no cookie). */
  as: string | null
  /** Valid bodies, so that bodies broken in one place reach the service and the database. */
  valid: fc.Arbitrary<Record<string, unknown>>
  /** Values for `:params` in the URL (default: hostile strings, URL-encoded). */
  params?: fc.Arbitrary<string>
  /**
   * Rows a request may add, by table, given its answer. Default: a refused request (4xx) adds and
   * removes nothing, an accepted one may add anything (its rows are still checked for validity).
   */
  changes?: (response: LightMyRequestResponse, before: Record<string, number>) => Record<string, number> | 'any'
  /** Tables a refused request is allowed to change (e.g. failed sign-ins are counted). */
  sideEffects?: readonly string[]
}

export interface FuzzTarget {
  app: FastifyInstance
  db: Database
  /** A fresh session cookie for the named account (`as` in the spec). */
  cookieFor(as: string): Promise<string>
}

let addressCounter = 0
/** A new client address per request, so per-address limits never answer in place of the route. */
const nextAddress = () => {
  const n = ++addressCounter
  return `10.${String(200 + ((n >> 16) & 31))}.${String((n >> 8) & 255)}.${String(n & 255)}`
}

const polluted = () =>
  Object.keys(Object.prototype).length > 0 ||
  ({} as Record<string, unknown>).polluted !== undefined ||
  ({} as Record<string, unknown>).isAdmin !== undefined

/**
 * Runs `numRuns` hostile requests against one write route and checks after each: no 5xx, no
 * prototype pollution, a refused request changed nothing, and every stored row is valid.
 */
export async function fuzzWriteRoute(target: FuzzTarget, spec: WriteSpec, numRuns: number): Promise<void> {
  const [method, path] = spec.route.split(' ') as [string, string]
  const params = spec.params ?? hostileString.filter((s) => s.length > 0 && s.length < 300)
  await fc.assert(
    fc.asyncProperty(
      hostileBody(spec.valid),
      fc.array(params, { minLength: 3, maxLength: 3 }),
      async (body, values) => {
        let i = 0
        const url = path.replace(/:[A-Za-z]+/g, () => encodeAny(values[i++ % values.length]!))
        const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN }
        if (spec.as) headers.cookie = await target.cookieFor(spec.as)
        const before = await rowCounts(target.db)
        const response = await target.app.inject({
          method: method as 'POST',
          url,
          headers,
          payload: body,
          remoteAddress: nextAddress(),
        })
        const label = `${spec.route} → ${String(response.statusCode)} ${response.body.slice(0, 300)}`
        if (response.statusCode >= 500) throw new Error(`server error: ${label}`)
        if (polluted()) throw new Error(`Object.prototype polluted by: ${body.slice(0, 300)}`)
        if (response.headers['content-type']?.toString().startsWith('application/json')) JSON.parse(response.body)

        const after = await rowCounts(target.db)
        const expected = spec.changes?.(response, before) ?? (response.statusCode >= 400 ? {} : 'any')
        if (expected !== 'any') {
          for (const table of Object.keys(after)) {
            if (spec.sideEffects?.includes(table)) continue
            const delta = after[table]! - before[table]!
            if (delta !== (expected[table] ?? 0))
              throw new Error(
                `${table} changed by ${String(delta)}, expected ${String(expected[table] ?? 0)}: ${label}`,
              )
          }
        }
        const problems = await invalidRows(target.db)
        if (problems.length > 0) throw new Error(`invalid rows after ${label}:\n${problems.join('\n')}`)
      },
    ),
    { numRuns },
  )
}
