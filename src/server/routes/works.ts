import {
  accountResponse,
  apiError,
  createWorkBody,
  editorWorkResponse,
  editorWorksQuery,
  editorWorksResponse,
  idParams,
  mayEditWorks,
  publishedWork,
  returnWorkBody,
  saveWorkBody,
  workHistoryResponse,
  worksEditorBody,
  worksFeedQuery,
  worksFeedResponse,
  workStepBody,
} from '../../shared/index.ts'
import { z } from 'zod'
import { queryKey, replyCached } from '../cache/public-cache.ts'
import { setWorksEditor } from '../services/account-service.ts'
import { worksFeed } from '../services/app-works.ts'
import {
  approveWork,
  createWork,
  editorWork,
  listEditorWorks,
  previewWork,
  publishWork,
  returnWork,
  saveWork,
  submitWork,
  unpublishWork,
  workHistory,
} from '../services/work-editor-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/*
 * Works in the app (contract: shared/schemas/work-edit.ts): the editors' screens under
 * /api/editor/works, and the phones' feed GET /api/works. Editors are admins and the base staff an
 * admin allowed; the check is the route's `auth.allow`, made with the roles before anything is read.
 */

const editors = { auth: { roles: ['admin', 'base_staff'] as const, allow: mayEditWorks } }
/** Drafts and reviews change nothing visitors see. */
const editorsUnchanged = { ...editors, publicData: 'unchanged' as const }
const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
const FEED_CACHE = 'public, max-age=60, stale-while-revalidate=60'

export function workRoutes(app: ZodApp, { db, cache, versions, now }: RouteDeps): void {
  app.get(
    '/api/works',
    {
      schema: {
        tags: ['works'],
        summary:
          'Works published in the app and content works edited in it, with the ids of works no longer shown; ?since=<version> gives only what changed after that answer',
        querystring: worksFeedQuery,
        response: { 200: worksFeedResponse, 400: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'works',
        key: `${await versions.current('works')}|${queryKey(request.query)}`,
        cacheControl: FEED_CACHE,
        build: async () => ({
          body: JSON.stringify(worksFeedResponse.parse(await worksFeed(db, request.query.since))),
          type: 'application/json; charset=utf-8',
        }),
      }),
  )

  app.get(
    '/api/editor/works',
    {
      config: editors,
      schema: {
        tags: ['works'],
        summary: 'Works with a draft: drafts, in review, approved and published (?state= filters)',
        querystring: editorWorksQuery,
        response: { 200: editorWorksResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { works: await listEditorWorks(db, request.query.state) }
    },
  )

  app.post(
    '/api/editor/works',
    {
      config: editorsUnchanged,
      schema: {
        tags: ['works'],
        summary: 'Start a work as a draft',
        body: createWorkBody,
        response: { 201: editorWorkResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ work: await createWork(db, request.account!, request.body.document, now()) }),
  )

  app.get(
    '/api/editor/works/:id',
    {
      config: editors,
      schema: {
        tags: ['works'],
        summary: 'A work: its draft, what visitors see, its state and version',
        params: idParams,
        response: { 200: editorWorkResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { work: await editorWork(db, request.params.id) }
    },
  )

  app.put(
    '/api/editor/works/:id',
    {
      config: editorsUnchanged,
      schema: {
        tags: ['works'],
        summary: 'Save the draft (made on `version`; a stale one is a 409); it becomes a draft again',
        params: idParams,
        body: saveWorkBody,
        response: { 200: editorWorkResponse, ...errors },
      },
    },
    async (request) => ({
      work: await saveWork(db, request.account!, request.params.id, request.body.version, request.body.document, now()),
    }),
  )

  const steps = [
    ['submit', 'Send the draft for review', submitWork, editorsUnchanged],
    ['approve', 'Approve the draft in review (not by whoever made its last change)', approveWork, editorsUnchanged],
    ['publish', 'Publish the approved draft: visitors see it', publishWork, editors],
    [
      'unpublish',
      'Stop showing the work to visitors (the list, its page, search, saved copies)',
      unpublishWork,
      editors,
    ],
  ] as const
  for (const [name, summary, act, config] of steps)
    app.post(
      `/api/editor/works/:id/${name}`,
      {
        config,
        schema: {
          tags: ['works'],
          summary,
          params: idParams,
          body: workStepBody,
          response: { 200: editorWorkResponse, ...errors },
        },
      },
      async (request) => ({ work: await act(db, request.account!, request.params.id, request.body.version, now()) }),
    )

  app.post(
    '/api/editor/works/:id/return',
    {
      config: editorsUnchanged,
      schema: {
        tags: ['works'],
        summary: 'Return the draft to its editors with a reason',
        params: idParams,
        body: returnWorkBody,
        response: { 200: editorWorkResponse, ...errors },
      },
    },
    async (request) => ({
      work: await returnWork(db, request.account!, request.params.id, request.body.version, request.body.reason, now()),
    }),
  )

  app.get(
    '/api/editor/works/:id/history',
    {
      config: editors,
      schema: {
        tags: ['works'],
        summary: 'Every save and step of a work, newest first: who, when, and the draft after each save',
        params: idParams,
        response: { 200: workHistoryResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { entries: await workHistory(db, request.params.id) }
    },
  )

  app.get(
    '/api/editor/works/:id/preview',
    {
      config: editors,
      schema: {
        tags: ['works'],
        summary: 'The draft as visitors will see it once published',
        params: idParams,
        response: { 200: z.object({ work: publishedWork }), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return { work: await previewWork(db, request.params.id, now()) }
    },
  )

  app.put(
    '/api/admin/accounts/:id/works-editor',
    {
      config: { auth: { roles: ['admin'] as const }, publicData: 'unchanged' as const },
      schema: {
        tags: ['admin'],
        summary: 'Allow (or stop) a base staff account to write, review and publish works',
        params: idParams,
        body: worksEditorBody,
        response: { 200: accountResponse, ...errors },
      },
    },
    async (request) => ({ account: await setWorksEditor(db, request.params.id, request.body.allowed) }),
  )
}
