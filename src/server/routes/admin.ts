import {
  accountListQuery,
  accountListResponse,
  accountResponse,
  accountStatusBody,
  apiError,
  createStaffBody,
  idParams,
  passwordResetResponse,
} from '../../shared/index.ts'
import {
  approveAccount,
  createStaff,
  disableAccount,
  enableAccount,
  listAccounts,
  rejectAccount,
  resetPassword,
} from '../services/account-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

// Accounts are none of the public data the caches are versioned by (app.ts).
const adminOnly = { auth: { roles: ['admin'] as const }, publicData: 'unchanged' as const }
const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError }

export function adminRoutes(app: ZodApp, { db }: RouteDeps): void {
  app.get(
    '/api/admin/accounts',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary:
          'List accounts (at most 500): ?status=pending, ?role=school, ?q= searches username, name, school and base',
        querystring: accountListQuery,
        response: { 200: accountListResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { accounts: await listAccounts(db, request.query) }
    },
  )

  app.post(
    '/api/admin/accounts',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a base staff account bound to one base',
        body: createStaffBody,
        response: { 201: accountResponse, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => reply.status(201).send({ account: await createStaff(db, request.body) }),
  )

  app.post(
    '/api/admin/accounts/:id/approve',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Approve a pending school account',
        params: idParams,
        response: { 200: accountResponse, 404: apiError },
      },
    },
    async (request) => ({ account: await approveAccount(db, request.params.id) }),
  )

  app.post(
    '/api/admin/accounts/:id/reject',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Turn down a pending school sign-up, with the reason the teacher sees at sign-in',
        params: idParams,
        body: accountStatusBody,
        response: { 200: accountResponse, ...errors },
      },
    },
    async (request) => ({ account: await rejectAccount(db, request.params.id, request.body.reason) }),
  )

  app.post(
    '/api/admin/accounts/:id/disable',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Stop an account: it cannot sign in and every session of it ends at once',
        params: idParams,
        body: accountStatusBody,
        response: { 200: accountResponse, ...errors },
      },
    },
    async (request) => ({
      account: await disableAccount(db, request.params.id, request.body.reason, request.account!),
    }),
  )

  app.post(
    '/api/admin/accounts/:id/enable',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Let a disabled account sign in again',
        params: idParams,
        response: { 200: accountResponse, ...errors },
      },
    },
    async (request) => ({ account: await enableAccount(db, request.params.id) }),
  )

  app.post(
    '/api/admin/accounts/:id/password',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Reset the password to a random one shown once; every session of the account ends',
        params: idParams,
        response: { 200: passwordResetResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return resetPassword(db, request.params.id)
    },
  )
}
