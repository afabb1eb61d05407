import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Account, Role } from '../../shared/index.ts'
import type { SessionCache } from '../cache/session-cache.ts'
import type { Database } from '../db/connect.ts'
import { HttpError } from '../http-error.ts'
import { accountForToken, SESSION_COOKIE, SESSION_DAYS } from '../services/session-service.ts'

/**
 * What a route needs, declared on the route (`config: { auth: … }`) and checked here, in one
 * place: the roles allowed and, for base staff, which base the request touches.
 */
export interface AuthRequirement {
  roles: readonly Role[]
  /** The base the request is about; base_staff may only touch their own (admins any). */
  base?: (request: FastifyRequest) => string | undefined
  /** A permission beyond the role, on the account itself (a base staff member allowed to edit works). */
  allow?: (account: Account) => boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement
    /**
     * `unchanged`: the route's writes touch no account and no session, so a signed-in write
     * answered here lets every instance keep the sessions it remembers (cache/session-cache.ts).
     */
    sessions?: 'unchanged'
  }
  interface FastifyRequest {
    account: Account | null
    sessionToken: string | null
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A write this instance answered without an error: what may have changed data others remember. */
export function answeredWrite(request: FastifyRequest, reply: FastifyReply): boolean {
  return UNSAFE.has(request.method) && reply.statusCode < 400
}

export function registerAuth(
  app: FastifyInstance,
  deps: { db: Database; cookieSecure: 'auto' | 'true' | 'false'; sessions: SessionCache },
): void {
  app.decorateRequest('account', null)
  app.decorateRequest('sessionToken', null)

  app.addHook('onRequest', async (request) => {
    // CSRF: a cookie-carrying write must come from our own pages. Browsers send Origin on
    // cross-site writes, and Sec-Fetch-Site on all modern ones. Every unsafe method is checked,
    // whatever its raw URL: the router decodes `/%61pi/…` to the same route as `/api/…`.
    if (UNSAFE.has(request.method)) {
      const origin = request.headers.origin
      const own = `${request.protocol}://${request.host}`
      const hasCookie = Boolean(request.headers.cookie)
      if (origin !== undefined && origin !== own) throw new HttpError(403, 'cross-site request refused')
      if (origin === undefined && hasCookie && request.headers['sec-fetch-site'] !== 'same-origin') {
        throw new HttpError(403, 'cross-site request refused: send the Origin header')
      }
    }
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      request.account = await accountForToken(deps.db, token, deps.sessions)
      request.sessionToken = request.account ? token : null
    }
    // Who is asking comes before what they sent: a route's roles are checked before its body is
    // read or its query validated, so a stranger learns nothing from the schema's complaints.
    const auth = request.routeOptions.config?.auth
    if (auth) {
      if (!request.account) throw new HttpError(401, '请先登录 / sign in first')
      if (!auth.roles.includes(request.account.role)) throw new HttpError(403, '没有权限 / not allowed for your role')
      if (auth.allow && !auth.allow(request.account))
        throw new HttpError(403, '没有权限 / not allowed for your account')
    }
  })

  // A signed-in write may have ended sessions or changed accounts (a sign-out, a new password, a
  // disabled account): every instance forgets the sessions it remembers before the answer leaves.
  // A stranger's write cannot: signing in makes a new session, signing up a pending account.
  app.addHook('onSend', async (request, reply) => {
    if (answeredWrite(request, reply) && request.account && request.routeOptions.config?.sessions !== 'unchanged')
      await deps.sessions.changed()
  })

  // Which base a request touches is read from its validated params or query, so it runs after
  // validation; the role was already checked above.
  app.addHook('preHandler', (request, _reply, done) => {
    const auth = request.routeOptions.config?.auth
    const account = request.account
    if (auth?.base && account?.role === 'base_staff' && auth.base(request) !== account.baseId) {
      done(new HttpError(403, '只能操作本基地的数据 / staff may only act for their own base'))
    } else done()
  })

  app.decorateReply('setSession', function (this: FastifyReply, token: string | null) {
    const secure = deps.cookieSecure === 'auto' ? this.request.protocol === 'https' : deps.cookieSecure === 'true'
    if (token === null) return this.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    return this.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: SESSION_DAYS * 86_400,
    })
  })
}

declare module 'fastify' {
  interface FastifyReply {
    setSession(token: string | null): FastifyReply
  }
}
