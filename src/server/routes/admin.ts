import { accountListQuery, accountListResponse, accountResponse, apiError, createStaffBody, idParams } from '../../shared/index.ts'
import { approveAccount, createStaff, listAccounts } from '../services/account-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const adminOnly = { auth: { roles: ['admin'] as const } }

export function adminRoutes(app: ZodApp, { db }: RouteDeps): void {
  app.get('/api/admin/accounts', {
    config: adminOnly,
    schema: { tags: ['admin'], summary: 'List accounts, e.g. ?status=pending', querystring: accountListQuery, response: { 200: accountListResponse } },
  }, async (request) => ({ accounts: await listAccounts(db, request.query.status) }))

  app.post('/api/admin/accounts', {
    config: adminOnly,
    schema: { tags: ['admin'], summary: 'Create a base staff account bound to one base', body: createStaffBody, response: { 201: accountResponse, 400: apiError, 409: apiError } },
  }, async (request, reply) => reply.status(201).send({ account: await createStaff(db, request.body) }))

  app.post('/api/admin/accounts/:id/approve', {
    config: adminOnly,
    schema: { tags: ['admin'], summary: 'Approve a pending school account', params: idParams, response: { 200: accountResponse, 404: apiError } },
  }, async (request) => ({ account: await approveAccount(db, request.params.id) }))
}
