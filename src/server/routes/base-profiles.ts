import { z } from 'zod'
import { apiError, contentId } from '../../shared/index.ts'
import {
  baseEditConflict,
  baseEditRecord,
  baseHistoryList,
  baseProfileSettings,
  baseProposalInput,
  baseProposalList,
  baseProposalQuery,
  baseProposalRejection,
  baseProposalResponse,
} from '../../shared/schemas/base-edit.ts'
import {
  approve,
  baseHistoryOf,
  editRecord,
  listProposals,
  propose,
  reject,
  setMinorFieldsDirect,
} from '../services/base-profile-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Bases kept by their staff, reviewed by admins (issue 21; contract and route list in
 * shared/schemas/base-edit.ts). A staff member reaches only their own base: `auth.base` reads the
 * :baseId and the auth plugin answers 403 for any other, before the service runs.
 */

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError }
const tags = ['base profiles']
const baseParams = z.object({ baseId: contentId })
const idParams = z.object({ id: z.uuid() })
const staffOfBase = {
  auth: {
    roles: ['admin', 'base_staff'] as const,
    base: (request: { params: unknown }) => (request.params as { baseId?: string }).baseId,
  },
}
const adminOnly = { auth: { roles: ['admin'] as const } }

export function baseProfileRoutes(app: ZodApp, { db, now }: RouteDeps): void {
  app.get(
    '/api/base-profiles/:baseId',
    {
      config: staffOfBase,
      schema: {
        tags,
        summary: "A base's editable record: each field's value, version and provenance (its staff, admins)",
        params: baseParams,
        response: { 200: baseEditRecord, ...errors },
      },
    },
    async (request) => editRecord(db, request.params.baseId),
  )

  app.post(
    '/api/base-profiles/:baseId/proposals',
    {
      config: staffOfBase,
      schema: {
        tags,
        summary:
          'Propose changes to a base (or publish minor fields directly where allowed); 409 names a field changed since it was loaded',
        params: baseParams,
        body: baseProposalInput,
        response: { 201: baseProposalResponse, ...errors, 409: baseEditConflict.or(apiError) },
      },
    },
    async (request, reply) => {
      const proposal = await propose(db, request.account!, request.params.baseId, request.body, now())
      return reply.status(201).send({ proposal })
    },
  )

  app.get(
    '/api/base-profiles/:baseId/proposals',
    {
      config: staffOfBase,
      schema: {
        tags,
        summary: "A base's proposals with their outcome, newest first (its staff, admins)",
        params: baseParams,
        response: { 200: baseProposalList, ...errors },
      },
    },
    async (request) => ({ proposals: await listProposals(db, { baseId: request.params.baseId }) }),
  )

  app.get(
    '/api/admin/base-proposals',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Proposals in a status (pending by default, oldest first), each with a per-field diff',
        querystring: baseProposalQuery,
        response: { 200: baseProposalList, ...errors },
      },
    },
    async (request) => ({ proposals: await listProposals(db, request.query) }),
  )

  app.post(
    '/api/admin/base-proposals/:id/approve',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Approve a pending proposal: it is published at once (409 if one of its fields changed since)',
        params: idParams,
        response: { 200: baseProposalResponse, ...errors, 409: baseEditConflict.or(apiError) },
      },
    },
    async (request) => ({ proposal: await approve(db, request.account!, request.params.id, now()) }),
  )

  app.post(
    '/api/admin/base-proposals/:id/reject',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Reject a pending proposal with a reason; the published record stays as it is',
        params: idParams,
        body: baseProposalRejection,
        response: { 200: baseProposalResponse, ...errors, 409: apiError },
      },
    },
    async (request) => ({
      proposal: await reject(db, request.account!, request.params.id, request.body.reason, now()),
    }),
  )

  app.put(
    '/api/admin/base-profiles/:baseId/settings',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Let a base publish its minor fields (hours, closures, phone) without review, or stop it',
        params: baseParams,
        body: baseProfileSettings,
        response: { 200: baseProfileSettings, ...errors },
      },
    },
    async (request) => {
      await setMinorFieldsDirect(db, request.account!, request.params.baseId, request.body.minorFieldsDirect, now())
      return request.body
    },
  )

  app.get(
    '/api/admin/base-profiles/:baseId/history',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Every write to a base's record, newest first: field, previous and new value, who, when",
        params: baseParams,
        response: { 200: baseHistoryList, ...errors },
      },
    },
    async (request) => ({ history: await baseHistoryOf(db, request.params.baseId) }),
  )
}
