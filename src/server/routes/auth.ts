import {
  accountResponse,
  apiError,
  changePasswordBody,
  loginBody,
  ROLES,
  okResponse,
  schoolSignupBody,
  sessionInfo,
  setupBody,
} from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import {
  changeOwnPassword,
  createAccount,
  findAccountByUsername,
  hasActiveAdmin,
  signupSchool,
  toAccount,
} from '../services/account-service.ts'
import { claimAttempt, clearFailures, forgetOldAttempts } from '../services/login-throttle.ts'
import { assertPasswordAllowed } from '../services/password-policy.ts'
import { verifyPassword } from '../services/passwords.ts'
import { createSession, deleteSession, hashToken } from '../services/session-service.ts'
import { consumeSetupToken } from '../services/setup-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const WRONG = '用户名或密码错误 / wrong username or password'
/** Sessions and accounts are none of the public data the caches are versioned by (app.ts). */
const publicDataUnchanged = { publicData: 'unchanged' as const }

export function authRoutes(app: ZodApp, { db, config }: RouteDeps): void {
  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in; whether the first admin still has to be created',
        response: { 200: sessionInfo },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { account: request.account, setupRequired: !(await hasActiveAdmin(db)) }
    },
  )

  app.post(
    '/api/auth/login',
    {
      config: publicDataUnchanged,
      schema: {
        tags: ['auth'],
        summary: 'Sign in; starts a new session',
        body: loginBody,
        response: { 200: accountResponse, 401: apiError, 403: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body
      // The attempt is counted before the password is checked, atomically (login-throttle.ts).
      const claim = await claimAttempt(db, username, request.ip)
      if ('retryAfter' in claim) {
        const wait = claim.retryAfter
        throw new HttpError(
          429,
          `尝试次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试 / too many attempts, try again later`,
          { 'retry-after': String(wait) },
        )
      }
      const row = await findAccountByUsername(db, username)
      // Unknown user and wrong password take the same path and give the same answer; the claimed
      // attempt stays as the failure.
      if (!(await verifyPassword(row?.passwordHash, password)) || !row) {
        if (Math.random() < 0.05) await forgetOldAttempts(db)
        throw new HttpError(401, WRONG)
      }
      await clearFailures(db, username, request.ip)
      if (row.status === 'pending') throw new HttpError(403, '账号正在等待审核 / account awaiting approval')
      if (row.status === 'rejected')
        throw new HttpError(
          403,
          `注册申请未通过：${row.statusReason ?? ''} / sign-up rejected: ${row.statusReason ?? ''}`,
        )
      if (row.status !== 'active')
        throw new HttpError(403, `账号已停用${row.statusReason ? `：${row.statusReason}` : ''} / account disabled`)
      if (request.sessionToken) await deleteSession(db, request.sessionToken)
      const { token } = await createSession(db, row.id)
      reply.setSession(token)
      return { account: toAccount(row) }
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: publicDataUnchanged,
      schema: { tags: ['auth'], summary: 'End this session', response: { 200: okResponse } },
    },
    async (request, reply) => {
      if (request.sessionToken) await deleteSession(db, request.sessionToken)
      reply.setSession(null)
      return { ok: true as const }
    },
  )

  app.post(
    '/api/auth/password',
    {
      config: { auth: { roles: ROLES }, ...publicDataUnchanged },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (the current one is asked for); my other sessions end, this one stays',
        body: changePasswordBody,
        response: { 200: accountResponse, 400: apiError, 401: apiError, 429: apiError },
      },
    },
    async (request) => {
      const account = request.account!
      // Guessing the current password from a stolen session is throttled like signing in.
      const claim = await claimAttempt(db, account.username, request.ip)
      if ('retryAfter' in claim)
        throw new HttpError(
          429,
          `尝试次数过多，请 ${Math.ceil(claim.retryAfter / 60)} 分钟后再试 / too many attempts, try again later`,
          { 'retry-after': String(claim.retryAfter) },
        )
      const changed = await changeOwnPassword(db, account.id, hashToken(request.sessionToken!), request.body).catch(
        async (error: unknown) => {
          // Only a wrong current password stays counted; a new one the policy refuses does not.
          const wrongCurrent = error instanceof HttpError && error.issues?.[0]?.path === 'body.currentPassword'
          if (!wrongCurrent) await clearFailures(db, account.username, request.ip)
          throw error
        },
      )
      await clearFailures(db, account.username, request.ip)
      return { account: changed }
    },
  )

  app.post(
    '/api/auth/setup',
    {
      config: publicDataUnchanged,
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin with the one-time setup token',
        body: setupBody,
        response: { 201: accountResponse, 403: apiError },
      },
    },
    async (request, reply) => {
      const { token, ...fields } = request.body
      // A refused password must not use up the one-time link: check it before the token is spent.
      await assertPasswordAllowed(fields.password, fields.username)
      if (!(await consumeSetupToken(db, token)))
        throw new HttpError(403, '设置链接无效、已过期或已使用 / setup link invalid, expired or already used')
      const account = await createAccount(db, { ...fields, role: 'admin', status: 'active' })
      reply.setSession((await createSession(db, account.id)).token)
      return reply.status(201).send({ account })
    },
  )

  app.post(
    '/api/auth/signup',
    {
      config: publicDataUnchanged,
      schema: {
        tags: ['auth'],
        summary: 'A school (teacher) signs up; the account waits for approval',
        body: schoolSignupBody,
        response: { 201: accountResponse, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => {
      const account = await signupSchool(db, request.body, config.schoolApproval)
      return reply.status(201).send({ account })
    },
  )
}
