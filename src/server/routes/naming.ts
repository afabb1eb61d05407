import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import {
  apiError,
  applicantAccountResponse,
  applicantSignupBody,
  applicationDraftBody,
  applicationResponse,
  applicationsResponse,
  batchBody,
  batchResponse,
  callBody,
  callResponse,
  callsResponse,
  designationsResponse,
  evaluationBody,
  evaluationGradesBody,
  evaluationResponse,
  evaluationsResponse,
  formalCheckBody,
  namingNextRoundBody,
  namingPanelBody,
  namingPanelResponse,
  namingRankingResponse,
  reviewConflictResponse,
  REVIEWER_ROLES,
  reviewerConflictBody,
  reviewerPanelResponse,
  reviewNormalisation,
  reviewPanelsResponse,
  reviewerPanelsResponse,
  scoreSheetBody,
  scoreSheetResponse,
  selfReportBody,
  selfReportResponse,
  selfReportsResponse,
  withdrawBody,
} from '../../shared/index.ts'
import {
  currentReport,
  evaluationReportsOf,
  listEvaluations,
  openEvaluation,
  publishGrades,
  saveReport,
  withdrawBase,
} from '../services/base-evaluations.ts'
import {
  callApplications,
  createCall,
  formalCheck,
  listCalls,
  myApplications,
  saveDraft,
  signupApplicant,
  startApplication,
  submitApplication,
} from '../services/naming-applications.ts'
import { replyCached } from '../cache/public-cache.ts'
import { designationsList, publishBatch } from '../services/naming-batches.ts'
import { applicationsFile, resultsFile, scoresFile } from '../services/naming-exports.ts'
import {
  callPanels,
  createCallPanel,
  createEvaluationPanel,
  declareItemConflict,
  evaluationPanels,
  namingRanking,
  nextNamingRound,
  reviewerPanel,
  reviewerPanels,
  scoreItem,
} from '../services/naming-review.ts'
import { contentDisposition } from '../services/stats-service.ts'
import type { ExportFile } from '../services/table-export.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Becoming a base and staying one (issue 24): calls and applications (applicants), the formal
 * check, review panels and naming (admins), reviewers' sheets (REVIEWER_ROLES, then the review
 * engine admits a panel's members only), self-reports (a base's staff) and the public list of
 * named batches. Flow and rules: services/naming-*.ts and base-evaluations.ts.
 */

const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
// Nothing here but naming, grades and withdrawals touches the public data (bases).
const quiet = 'unchanged' as const
const admin = { auth: { roles: ['admin'] as const }, publicData: quiet }
const applicant = { auth: { roles: ['applicant'] as const }, publicData: quiet }
const reviewer = { auth: { roles: REVIEWER_ROLES }, publicData: quiet }
const id = z.object({ id: z.uuid() })
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() })
const baseParams = z.object({ baseId: z.string().max(80) })
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') })
const tag = (t: string) => [t]

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.filename))
    .header('cache-control', 'no-store')
    .send(file.body)
}

export function namingRoutes(app: ZodApp, { db, now, cache, versions }: RouteDeps): void {
  // ── Public ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/designations',
    {
      schema: {
        tags: tag('naming'),
        summary: 'Every published batch (命名) with the bases it named',
        response: { 200: designationsResponse },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'designations',
        // The bases' names and provinces come from the bases themselves.
        key: `${await versions.current('designations')}|${await versions.current('bases')}`,
        cacheControl: 'public, max-age=60, stale-while-revalidate=60',
        build: async () => ({
          body: JSON.stringify(designationsResponse.parse({ batches: await designationsList(db) })),
          type: 'application/json; charset=utf-8',
        }),
      }),
  )

  app.get(
    '/api/naming/calls',
    {
      schema: {
        tags: tag('naming'),
        summary: 'Calls for applications, with deadlines and what they ask for',
        response: { 200: callsResponse },
      },
    },
    async () => ({ calls: await listCalls(db) }),
  )

  app.post(
    '/api/auth/applicant-signup',
    {
      config: { publicData: quiet },
      schema: {
        tags: tag('auth'),
        summary: 'An institution signs up to apply; the account waits for an admin’s approval',
        body: applicantSignupBody,
        response: { 201: applicantAccountResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ account: await signupApplicant(db, request.body) }),
  )

  // ── Applicants ────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/applicant/applications',
    {
      config: applicant,
      schema: {
        tags: tag('naming (applicants)'),
        summary: 'The caller’s applications',
        response: { 200: applicationsResponse, ...errors },
      },
    },
    async (request) => ({ applications: await myApplications(db, request.account!) }),
  )

  app.post(
    '/api/applicant/calls/:id/applications',
    {
      config: applicant,
      schema: {
        tags: tag('naming (applicants)'),
        summary: 'Start an application to a call (one per call), before its deadline',
        params: id,
        response: { 201: applicationResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ application: await startApplication(db, request.params.id, request.account!, now()) }),
  )

  app.put(
    '/api/applicant/applications/:id',
    {
      config: applicant,
      schema: {
        tags: tag('naming (applicants)'),
        summary: 'Save the draft (form and attachments); a stale version is a 409',
        params: id,
        body: applicationDraftBody,
        response: { 200: applicationResponse, ...errors },
      },
    },
    async (request) => ({
      application: await saveDraft(db, request.params.id, request.account!, request.body, now()),
    }),
  )

  app.post(
    '/api/applicant/applications/:id/submit',
    {
      config: applicant,
      schema: {
        tags: tag('naming (applicants)'),
        summary: 'Submit: complete, every required attachment as its name says, before the deadline or fix window',
        params: id,
        response: { 200: applicationResponse, ...errors },
      },
    },
    async (request) => ({ application: await submitApplication(db, request.params.id, request.account!, now()) }),
  )

  // ── Admins: calls, formal check, panels, naming ──────────────────────────────────────
  app.post(
    '/api/admin/naming/calls',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'Open a call: year, list, category, deadline, attachments, criteria with weights, grades',
        body: callBody,
        response: { 201: callResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ call: await createCall(db, request.body, request.account!) }),
  )

  app.get(
    '/api/admin/naming/calls/:id/applications',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'A call’s applications',
        params: id,
        response: { 200: applicationsResponse, ...errors },
      },
    },
    async (request) => ({ applications: await callApplications(db, request.params.id) }),
  )

  app.get(
    '/api/admin/naming/calls/:id/applications/export',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'A call’s applications as XLSX or CSV (?format=), Chinese headers',
        params: id,
        querystring: exportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await applicationsFile(db, request.params.id, request.query.format)),
  )

  app.post(
    '/api/admin/naming/applications/:id/check',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'Formal check: accept for review, or return with reasons (a fix window opens)',
        params: id,
        body: formalCheckBody,
        response: { 200: applicationResponse, ...errors },
      },
    },
    async (request) => ({
      application: await formalCheck(db, request.params.id, request.body, request.account!, now()),
    }),
  )

  app.post(
    '/api/admin/naming/calls/:id/panels',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'A review panel for the call’s accepted applications; conflicts are found and recorded',
        params: id,
        body: namingPanelBody,
        response: { 201: namingPanelResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCallPanel(db, request.params.id, request.body, request.account!)),
  )

  app.get(
    '/api/admin/naming/calls/:id/panels',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'The call’s review panels, by round',
        params: id,
        response: { 200: reviewPanelsResponse, ...errors },
      },
    },
    async (request) => ({ panels: await callPanels(db, request.params.id) }),
  )

  app.get(
    '/api/admin/naming-panels/:id/ranking',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'Ranking with every reviewer’s sheet and outlier flags (?normalise=none|z-score)',
        params: id,
        querystring: z.object({ normalise: reviewNormalisation.default('none') }),
        response: { 200: namingRankingResponse, ...errors },
      },
    },
    async (request) => namingRanking(db, request.params.id, request.query.normalise),
  )

  app.get(
    '/api/admin/naming-panels/:id/scores/export',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'Every sheet of the panel as XLSX or CSV, Chinese headers',
        params: id,
        querystring: exportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await scoresFile(db, request.params.id, request.query.format)),
  )

  app.post(
    '/api/admin/naming-panels/:id/next-round',
    {
      config: admin,
      schema: {
        tags: tag('naming (admin)'),
        summary: 'A second round for the named items, with the same criteria',
        params: id,
        body: namingNextRoundBody,
        response: { 201: namingPanelResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await nextNamingRound(db, request.params.id, request.body, request.account!)),
  )

  app.post(
    '/api/admin/naming/batches',
    {
      config: { auth: { roles: ['admin'] as const } },
      schema: {
        tags: tag('naming (admin)'),
        summary: 'Publish a batch: each named application becomes one base, its applicant the base’s staff',
        body: batchBody,
        response: { 201: batchResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ batch: await publishBatch(db, request.body, request.account!, now()) }),
  )

  // ── Reviewers ─────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/review/naming-panels',
    {
      config: reviewer,
      schema: {
        tags: tag('naming (reviewers)'),
        summary: 'The caller’s panels of calls and evaluations, with how many items they have submitted',
        response: { 200: reviewerPanelsResponse, ...errors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return { panels: await reviewerPanels(db, request.account!) }
    },
  )

  app.get(
    '/api/review/naming-panels/:id',
    {
      config: reviewer,
      schema: {
        tags: tag('naming (reviewers)'),
        summary: 'The reviewer’s items with their own sheets; others’ once every reviewer of the item submitted',
        params: id,
        response: { 200: reviewerPanelResponse, ...errors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return reviewerPanel(db, request.params.id, request.account!)
    },
  )

  app.put(
    '/api/review/naming-panels/:id/items/:itemId/scores',
    {
      config: reviewer,
      schema: {
        tags: tag('naming (reviewers)'),
        summary: 'Save or submit a score sheet; final once every reviewer of the item has submitted',
        params: itemParams,
        body: scoreSheetBody,
        response: { 200: scoreSheetResponse, ...errors },
      },
    },
    async (request) => ({
      sheet: await scoreItem(db, request.params.id, request.params.itemId, request.account!, request.body, now()),
    }),
  )

  app.post(
    '/api/review/naming-panels/:id/items/:itemId/conflict',
    {
      config: reviewer,
      schema: {
        tags: tag('naming (reviewers)'),
        summary: 'Declare a conflict of interest: recorded, and the item leaves your sheets',
        params: itemParams,
        body: reviewerConflictBody,
        response: { 201: reviewConflictResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        conflict: await declareItemConflict(
          db,
          request.params.id,
          request.params.itemId,
          request.account!,
          request.body.note,
        ),
      }),
  )

  // ── Yearly evaluation ─────────────────────────────────────────────────────────────────
  app.post(
    '/api/admin/evaluations',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'Open a year’s evaluation (criteria, grades, deadline)',
        body: evaluationBody,
        response: { 201: evaluationResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ evaluation: await openEvaluation(db, request.body, request.account!) }),
  )

  app.get(
    '/api/admin/evaluations',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'Every yearly evaluation, newest first',
        response: { 200: evaluationsResponse, ...errors },
      },
    },
    async () => ({ evaluations: await listEvaluations(db) }),
  )

  app.get(
    '/api/admin/evaluations/:id/panels',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'The evaluation’s review panels, by round',
        params: id,
        response: { 200: reviewPanelsResponse, ...errors },
      },
    },
    async (request) => ({ panels: await evaluationPanels(db, request.params.id) }),
  )

  app.get(
    '/api/admin/evaluations/:id/reports',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'Every base’s self-report',
        params: id,
        response: { 200: selfReportsResponse, ...errors },
      },
    },
    async (request) => ({ reports: await evaluationReportsOf(db, request.params.id) }),
  )

  app.post(
    '/api/admin/evaluations/:id/panels',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'A review panel for the submitted self-reports',
        params: id,
        body: namingPanelBody.pick({ expertIds: true }),
        response: { 201: namingPanelResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createEvaluationPanel(db, request.params.id, request.body, request.account!)),
  )

  app.post(
    '/api/admin/evaluations/:id/publish',
    {
      config: { auth: { roles: ['admin'] as const } },
      schema: {
        tags: tag('evaluation'),
        summary: 'Publish the grades (one of the evaluation’s); each joins the base’s public record',
        params: id,
        body: evaluationGradesBody,
        response: { 200: selfReportsResponse, ...errors },
      },
    },
    async (request) => ({
      reports: await publishGrades(db, request.params.id, request.body.grades, request.account!, now()),
    }),
  )

  app.get(
    '/api/admin/evaluations/:id/results/export',
    {
      config: admin,
      schema: {
        tags: tag('evaluation'),
        summary: 'The evaluation’s reports and grades as XLSX or CSV, Chinese headers',
        params: id,
        querystring: exportQuery,
        response: errors,
      },
    },
    async (request, reply) => sendFile(reply, await resultsFile(db, request.params.id, request.query.format)),
  )

  app.post(
    '/api/admin/bases/:baseId/withdraw',
    {
      config: { auth: { roles: ['admin'] as const } },
      schema: {
        tags: tag('evaluation'),
        summary: 'Withdraw a base: off the map, its record and history kept',
        params: baseParams,
        body: withdrawBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await withdrawBase(db, request.params.baseId, request.body.reason, request.account!, now())
      return reply.status(204).send(null)
    },
  )

  const staff = {
    auth: {
      roles: ['base_staff', 'admin'] as const,
      base: (r: { params: unknown }) => (r.params as { baseId: string }).baseId,
    },
    publicData: quiet,
  }
  app.get(
    '/api/staff/bases/:baseId/evaluation',
    {
      config: staff,
      schema: {
        tags: tag('evaluation'),
        summary: 'The base’s self-report in the open evaluation, pre-filled from its statistics',
        params: baseParams,
        response: { 200: selfReportResponse, ...errors },
      },
    },
    async (request) => ({ report: await currentReport(db, request.params.baseId) }),
  )

  app.put(
    '/api/staff/bases/:baseId/evaluation',
    {
      config: staff,
      schema: {
        tags: tag('evaluation'),
        summary: 'Save what the base adds to its self-report; `submit` hands it in',
        params: baseParams,
        body: selfReportBody,
        response: { 200: selfReportResponse, ...errors },
      },
    },
    async (request) => ({ report: await saveReport(db, request.params.baseId, request.body, now()) }),
  )
}
