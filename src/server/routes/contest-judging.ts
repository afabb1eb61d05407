import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  apiError,
  judgeConflictBody,
  judgePanelResponse,
  judgePanelsResponse,
  REVIEWER_ROLES,
  reviewConflictResponse,
  scoreSheetBody,
  scoreSheetResponse,
} from '../../shared/index.ts'
import { declareOwnConflict, judgePanel, judgePanels, scoreEntry } from '../services/contest-judging.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Judges' contest routes. Declared for REVIEWER_ROLES (experts, and admins who may step in); the
 * review engine then lets only a panel's members in, and only to the entries they are assigned
 * (services/review-panels.ts): anyone else is told they are not on the panel (403).
 */

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
const tags = ['contests (judges)']
const judges = {
  config: { auth: { roles: REVIEWER_ROLES } },
  onRequest: async (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('cache-control', 'no-store')
  },
}
const panelParams = z.object({ id: z.uuid() })
const entryParams = z.object({ id: z.uuid(), entryId: z.uuid() })

export function contestJudgingRoutes(app: ZodApp, { db, now }: RouteDeps): void {
  app.get(
    '/api/judge/contest-panels',
    {
      schema: {
        tags,
        summary: 'The caller’s contest panels, with how many entries they have scored',
        response: { 200: judgePanelsResponse, ...errors },
      },
      ...judges,
    },
    async (request) => ({ panels: await judgePanels(db, request.account!) }),
  )

  app.get(
    '/api/judge/contest-panels/:id',
    {
      schema: {
        tags,
        summary:
          'A panel as its judge sees it: assigned entries (blind when the contest says so), videos, own sheets, others’ once every judge of the entry has submitted',
        params: panelParams,
        response: { 200: judgePanelResponse, ...errors },
      },
      ...judges,
    },
    async (request) => ({ panel: await judgePanel(db, request.params.id, request.account!) }),
  )

  app.put(
    '/api/judge/contest-panels/:id/entries/:entryId/scores',
    {
      schema: {
        tags,
        summary:
          'Save or submit a score sheet: a score and a comment per criterion. Final once every judge of the entry has submitted',
        params: entryParams,
        body: scoreSheetBody,
        response: { 200: scoreSheetResponse, ...errors },
      },
      ...judges,
    },
    async (request) => ({
      sheet: await scoreEntry(db, request.params.id, request.params.entryId, request.account!, request.body, now()),
    }),
  )

  app.post(
    '/api/judge/contest-panels/:id/entries/:entryId/conflict',
    {
      schema: {
        tags,
        summary: 'Declare a conflict of interest with an entry: it is recorded, and the entry leaves your sheets',
        params: entryParams,
        body: judgeConflictBody,
        response: { 201: reviewConflictResponse, ...errors },
      },
      ...judges,
    },
    async (request, reply) =>
      reply.status(201).send({
        conflict: await declareOwnConflict(
          db,
          request.params.id,
          request.params.entryId,
          request.account!,
          request.body.note,
        ),
      }),
  )
}
