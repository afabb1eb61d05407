import type { FastifyInstance } from 'fastify'
import { HttpError } from '../http-error.ts'

/**
 * PostgreSQL cannot store U+0000 in text or jsonb: a NUL that reached a query was a 500. It never
 * belongs in a form field or a filter, so it is refused at the door with a 400, in the URL (path
 * and query) and anywhere inside a JSON body. JSON keeps Fastify's parser, which already refuses
 * `__proto__` and `constructor.prototype` keys.
 */
export function registerInputSafety(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (/%00/i.test(request.url) || request.url.includes('\u0000')) done(new HttpError(400, 'the address must not contain NUL (%00) characters'))
    else done()
  })

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) done(error)
      else if (containsNul(value)) done(new HttpError(400, 'text must not contain NUL (\\u0000) characters'))
      else done(null, value)
    })
  })
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(containsNul)
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v))
  return false
}
