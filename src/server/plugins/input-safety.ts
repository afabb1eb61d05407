import type { FastifyInstance } from 'fastify'
import { HttpError } from '../http-error.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The JSON body carries a `records` array whose items are checked one by one (POST
     * /api/sync/push): text the database cannot store inside an item becomes that item's
     * `rejected` ack (the shared schemas refuse it), instead of a 400 for the whole batch that a
     * phone would retry forever. Everything outside `records[i]` is still checked here.
     */
    rawTextPerRecord?: boolean
  }
}

/**
 * PostgreSQL cannot store U+0000, nor a lone UTF-16 surrogate (a `\ud800` escape in JSON decodes
 * to one): either reaching a query was a 500. Neither belongs in a form field or a filter, so they
 * are refused at the door with a 400 that names the field, in the URL (path and query) and anywhere
 * inside a JSON body. JSON keeps Fastify's parser, which already refuses `__proto__` and
 * `constructor.prototype` keys.
 */
export function registerInputSafety(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (/%00/i.test(request.url) || request.url.includes('\u0000'))
      done(new HttpError(400, 'the address must not contain NUL (%00) characters'))
    else done()
  })

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error)
      const perRecord = request.routeOptions.config.rawTextPerRecord === true
      const found = findBadText(value, 'body', perRecord ? (path) => /^body\.records\.\d+$/.test(path) : () => false)
      if (found) done(new HttpError(400, `${found.path}: ${found.problem}`))
      else done(null, value)
    })
  })
}

const NUL = 'must not contain NUL (\\u0000) characters'
const SURROGATE = 'contains a broken character (a lone UTF-16 surrogate such as \\ud800)'

/** NUL, or a surrogate code unit without its other half. */
function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0) return NUL
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return SURROGATE
    } else if (c >= 0xdc00 && c <= 0xdfff) return SURROGATE
  }
  return null
}

/** The first string or key the database could not store, with its path (`body.school.name`); `skip` leaves a subtree alone. */
function findBadText(
  value: unknown,
  path: string,
  skip: (path: string) => boolean,
): { path: string; problem: string } | null {
  if (skip(path)) return null
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem ? { path, problem } : null
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBadText(item, `${path}.${String(i)}`, skip)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key)
      // The key itself is the bad text: name where it is, not the unprintable key.
      if (keyProblem) return { path: `${path} (a key)`, problem: keyProblem }
      const found = findBadText(item, `${path}.${key}`, skip)
      if (found) return found
    }
  }
  return null
}
