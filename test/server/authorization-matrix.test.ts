import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/server/services/session-service.ts'
import { approveWork, createWork, publishWork, submitWork } from '../../src/server/services/work-editor-service.ts'
import { workDocument, type ExpertInviteResponse, type ExpertsResponse, type PushAck } from '../../src/shared/index.ts'
import { and, eq, inArray } from 'drizzle-orm'
import {
  accounts,
  baseApplications,
  baseProposals,
  bases,
  contestEntries,
  expertProfileChanges,
  expertRequests,
} from '../../src/server/db/schema.ts'
import { explanationContest } from './helpers/contest-fixtures.ts'
import { buildTestApp, ORIGIN, ratingDeviceToken, seedAccount, type TestApp } from './helpers/test-app.ts'
import { seedSquadrons } from './helpers/squadron-fixtures.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import { readFileSync } from 'node:fs'

const capAlert = readFileSync('test/fixtures/cap/alert.xml', 'utf8')
/** Device tokens for the ratings row, each asked from its own address (the token route is rate limited). */
let tokenIps = 0

/*
 * The authorization matrix: every route the app registers × every kind of caller, with what each
 * may do. A route without an entry fails the test, so a new feature's routes cannot ship without
 * someone deciding who may call them.
 *
 * "allow" means the request got past authorization (not 401/403; each entry sends a valid request
 * so the allow is a real answer). "deny" means exactly 401 or 403. "refused-inside" is for routes
 * that let a role in and then refuse each item it may not touch (sync push: per record).
 */

type Caller = 'anonymous' | 'school' | 'staffA' | 'staffB' | 'admin' | 'expert' | 'applicant'
type Outcome = 'allow' | 'deny' | 'refused-inside'
const CALLERS: readonly Caller[] = ['anonymous', 'school', 'staffA', 'staffB', 'admin', 'expert', 'applicant']

/** Base A is the one every base-scoped request names; staff of base B must not reach it. */
const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'

interface Context {
  /** A value no other request used (usernames, device ids). */
  unique(): string
  eventId: string
  /** A squadron event of base A, a squadron of the school caller, and one of its registrations. */
  squadronEventId: string
  squadronId: string
  registrationId: string
  noticeId: string
  newPendingAccount(): Promise<string>
  /** The expert caller's profile, and one of the announced experts (no account). */
  expertId: string
  announcedExpertId: string
  /** The day of the squadron event, which expert requests name. */
  squadronEventDay: string
  /** A live invite token for a new expert. */
  newInviteToken(): Promise<string>
  /** A title change of the expert caller, waiting for an admin. */
  newPendingChange(): Promise<string>
  /** A request of base A to the expert caller for the squadron event, in the given status. */
  newExpertRequest(status: 'requested' | 'accepted'): Promise<string>
  /** The version base A's phone field is at now (what an editor would have loaded). */
  phoneVersion(): Promise<number>
  /** A pending proposal for base A, made by its staff. */
  newPendingProposal(): Promise<string>
  /** A published contest in its entry stage; the school caller's draft entry in it. */
  contestId: string
  contestEntryId: string
  /** A fresh draft entry of the school caller (withdrawing one ends it). */
  newContestEntry(): Promise<string>
  /** A preliminary panel with the expert caller on it, an entry they score and one they declare a conflict with. */
  panelId: string
  judgedEntryId: string
  conflictEntryId: string
  /** A work written by an editor none of the callers is, moved to `state`; its id and version. */
  newWork(state: 'draft' | 'in_review' | 'approved' | 'published'): Promise<{ id: string; version: number }>
  /** Issue 24: a call, the applicant caller's application to it, a panel with the expert caller, an open evaluation. */
  callId: string
  applicationId: string
  /** The applicant caller's application on the naming panel. */
  reviewedApplicationId: string
  namingPanelId: string
  evaluationId: string
}

interface Entry {
  who: Record<Caller, Outcome>
  /** A valid request for this route (method and auth headers are added by the test). */
  request(ctx: Context): InjectOptions | Promise<InjectOptions>
  /** For 'refused-inside': asserts the body says the item was refused. */
  refusedInside?(response: LightMyRequestResponse): void
}

const everyone: Record<Caller, Outcome> = {
  anonymous: 'allow',
  school: 'allow',
  staffA: 'allow',
  staffB: 'allow',
  admin: 'allow',
  expert: 'allow',
  applicant: 'allow',
}
const nobody: Record<Caller, Outcome> = {
  anonymous: 'deny',
  school: 'deny',
  staffA: 'deny',
  staffB: 'deny',
  admin: 'deny',
  expert: 'deny',
  applicant: 'deny',
}
const adminOnly: Record<Caller, Outcome> = { ...nobody, admin: 'allow' }
/** Staff of the base the request is about (A), and admins. */
const baseStaffOrAdmin: Record<Caller, Outcome> = { ...nobody, staffA: 'allow', admin: 'allow' }
const get = (url: string) => () => ({ url })
const schoolOnly: Record<Caller, Outcome> = { ...nobody, school: 'allow' }
const signedIn: Record<Caller, Outcome> = { ...everyone, anonymous: 'deny' }
/** Staff of another base are let in and then told the item does not exist (404: no leak). */
const notFoundInside = (response: LightMyRequestResponse) => {
  expect(response.statusCode, response.body).toBe(404)
}
const staffOwnBase: Record<Caller, Outcome> = { ...nobody, staffA: 'allow', staffB: 'refused-inside', admin: 'allow' }
/**
 * Experts' own routes. The review routes of later workflows (base naming and evaluation,
 * contests) declare REVIEWER_ROLES (shared/schemas/account.ts): experts and admins.
 */
const expertOnly: Record<Caller, Outcome> = { ...nobody, expert: 'allow' }
/** Contest entrants: schools and base staff, each for their own organisation. */
const entrants: Record<Caller, Outcome> = { ...nobody, school: 'allow', staffA: 'allow', staffB: 'allow' }
/** REVIEWER_ROLES (experts and admins). */
const reviewers: Record<Caller, Outcome> = { ...nobody, expert: 'allow', admin: 'allow' }
/** A panel's routes: its judge; an admin is let in by role and refused by the review engine (not on the panel). */
const panelJudge: Record<Caller, Outcome> = { ...nobody, expert: 'allow' }
/** Works editors: admins, and base staff an admin allowed (staff A is; staff B is not). */
const worksEditors: Record<Caller, Outcome> = { ...nobody, staffA: 'allow', admin: 'allow' }
const matrixArticle = { type: 'article', title: { zh: '矩阵作品' }, summary: { zh: '测试' }, body: '正文' }
const workStep = (name: string, state: 'draft' | 'in_review' | 'approved' | 'published') => ({
  who: worksEditors,
  request: async (c: Context) => {
    const w = await c.newWork(state)
    return { url: `/api/editor/works/${w.id}/${name}`, payload: { version: w.version } }
  },
})
/** Institutions applying to become a base (issue 24). */
const applicantOnly: Record<Caller, Outcome> = { ...nobody, applicant: 'allow' }
const namingCriteria = [{ id: 'conditions', label: { zh: '科普条件', en: 'Conditions' }, weight: 1, maxScore: 10 }]
const matrixCall = () => ({
  title: '矩阵申报',
  year: 2026,
  list: 'national',
  category: '科普场馆类',
  deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  criteria: namingCriteria,
})
const matrixEvaluation = (year: number) => ({
  year,
  deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  criteria: namingCriteria,
})
/** The matrix's contest: the test configuration, with room for every caller's entries. */
const matrixContest = () => explanationContest({ quotas: { perOrganisation: 1000, byOrganisation: {} } })
const landslide = {
  kind: 'alert',
  msgType: 'Alert',
  event: '滑坡',
  level: 'yellow',
  headline: '矩阵测试滑坡预警',
  description: '测试',
  area: { description: '湖南省', provinces: ['430000'] },
}

/**
 * Add every new route here: key `METHOD /url` exactly as registered (with `:params`). HEAD routes
 * that mirror a GET use the GET entry.
 */
const MATRIX: Record<string, Entry> = {
  // System, docs and the PWA shell: public.
  'GET /api/health': { who: everyone, request: get('/api/health') },
  'GET /api/docs': { who: everyone, request: get('/api/docs') },
  'HEAD /api/docs/': { who: everyone, request: get('/api/docs/') },
  'GET /api/docs/static/index.html': { who: everyone, request: get('/api/docs/static/index.html') },
  'GET /api/docs/static/swagger-initializer.js': {
    who: everyone,
    request: get('/api/docs/static/swagger-initializer.js'),
  },
  'GET /api/docs/json': { who: everyone, request: get('/api/docs/json') },
  'GET /api/docs/yaml': { who: everyone, request: get('/api/docs/yaml') },
  'GET /api/docs/static/*': { who: everyone, request: get('/api/docs/static/swagger-ui.css') },
  'GET /': { who: everyone, request: get('/') },
  'GET /*': { who: everyone, request: get('/assets/app-1234abcd.js') },

  // Public content.
  'GET /api/bases.geojson': { who: everyone, request: get('/api/bases.geojson') },
  'GET /api/bases/:id': { who: everyone, request: get(`/api/bases/${A}`) },
  'GET /api/events': { who: everyone, request: get('/api/events?from=2026-04-01&to=2026-05-01') },
  'GET /api/events/:id': { who: everyone, request: (c) => ({ url: `/api/events/${c.eventId}` }) },
  'GET /api/events/:id.ics': { who: everyone, request: (c) => ({ url: `/api/events/${c.eventId}.ics` }) },
  'GET /api/calendar.ics': { who: everyone, request: get('/api/calendar.ics') },
  'GET /api/search': { who: everyone, request: get('/api/search?q=shidi') },
  'POST /api/ratings': {
    who: everyone,
    request: async () => ({
      url: '/api/ratings',
      payload: {
        baseId: A,
        deviceId: await ratingDeviceToken(t.app, `198.51.100.${String(++tokenIps % 250)}`),
        score: 5,
      },
    }),
  },
  'POST /api/ratings/device': { who: everyone, request: () => ({ url: '/api/ratings/device' }) },

  // Accounts.
  'GET /api/auth/session': { who: everyone, request: get('/api/auth/session') },
  'POST /api/auth/login': {
    who: everyone,
    request: () => ({
      url: '/api/auth/login',
      payload: { username: 'matrix-login', password: 'matrix-login-password' },
    }),
  },
  'POST /api/auth/logout': { who: everyone, request: () => ({ url: '/api/auth/logout' }) },
  // A wrong current password (a 400 past the role check): the callers keep their passwords.
  'POST /api/auth/password': {
    who: signedIn,
    request: () => ({
      url: '/api/auth/password',
      payload: { currentPassword: 'not-the-current-password', password: 'matrix-new-password-1' },
    }),
  },
  // Once an admin exists the setup link is dead for everyone, signed in or not.
  'POST /api/auth/setup': {
    who: nobody,
    request: (c) => ({
      url: '/api/auth/setup',
      payload: {
        token: `setup-token-${c.unique()}`,
        username: `setup-${c.unique()}`,
        password: 'setup-password-1',
        displayName: 'x',
      },
    }),
  },
  'POST /api/auth/signup': {
    who: everyone,
    request: (c) => ({
      url: '/api/auth/signup',
      payload: {
        username: `school-${c.unique()}`,
        password: 'school-password-1',
        displayName: '王老师',
        school: { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' },
      },
    }),
  },
  'GET /api/admin/accounts': { who: adminOnly, request: get('/api/admin/accounts?status=pending') },
  'POST /api/admin/accounts': {
    who: adminOnly,
    request: (c) => ({
      url: '/api/admin/accounts',
      payload: { username: `staff-${c.unique()}`, password: 'staff-password-1', displayName: '门岗', baseId: A },
    }),
  },
  'POST /api/admin/accounts/:id/approve': {
    who: adminOnly,
    request: async (c) => ({ url: `/api/admin/accounts/${await c.newPendingAccount()}/approve` }),
  },
  'POST /api/admin/accounts/:id/reject': {
    who: adminOnly,
    request: async (c) => ({
      url: `/api/admin/accounts/${await c.newPendingAccount()}/reject`,
      payload: { reason: '信息不全' },
    }),
  },
  'POST /api/admin/accounts/:id/disable': {
    who: adminOnly,
    request: async (c) => ({
      url: `/api/admin/accounts/${await c.newPendingAccount()}/disable`,
      payload: { reason: '测试停用' },
    }),
  },
  'POST /api/admin/accounts/:id/enable': {
    who: adminOnly,
    request: async (c) => {
      const id = await c.newPendingAccount()
      await t.database.db.update(accounts).set({ status: 'disabled' }).where(eq(accounts.id, id))
      return { url: `/api/admin/accounts/${id}/enable` }
    },
  },
  'POST /api/admin/accounts/:id/password': {
    who: adminOnly,
    request: async (c) => ({ url: `/api/admin/accounts/${await c.newPendingAccount()}/password` }),
  },

  // Staff records: the request is allowed for any staff; each record is checked against its base.
  'POST /api/sync/push': {
    who: { ...nobody, staffA: 'allow', staffB: 'refused-inside', admin: 'allow' },
    request: (c) => ({
      url: '/api/sync/push',
      payload: {
        deviceId: `device-${c.unique()}`,
        records: [
          {
            id: uuidv7(),
            kind: 'tally',
            baseId: A,
            payload: { audience: 'public', count: 1, at: '2026-05-12T10:00:00+08:00' },
          },
        ],
      },
    }),
    refusedInside: (response) => {
      expect(response.statusCode).toBe(200)
      expect(response.json<{ acks: PushAck[] }>().acks).toEqual([
        expect.objectContaining({ status: 'rejected', reason: expect.stringMatching(/^forbidden/) as unknown }),
      ])
    },
  },
  'GET /api/sync/pull': { who: baseStaffOrAdmin, request: get(`/api/sync/pull?baseId=${A}`) },

  // Dashboards and exports.
  'GET /api/stats/bases/:baseId': {
    who: baseStaffOrAdmin,
    request: get(`/api/stats/bases/${A}?from=2026-05-01&to=2026-05-31`),
  },
  'GET /api/stats/national': { who: adminOnly, request: get('/api/stats/national?from=2026-05-01&to=2026-05-31') },
  'GET /api/stats/export.csv': {
    who: baseStaffOrAdmin,
    request: get(`/api/stats/export.csv?from=2026-05-01&to=2026-05-31&baseId=${A}`),
  },
  // Notices: public reads, admin-only issuing; push subscriptions are anonymous by design.
  'GET /api/notices': { who: everyone, request: get('/api/notices?provinces=430000') },
  'GET /api/notices/:id': { who: everyone, request: (c) => ({ url: `/api/notices/${c.noticeId}` }) },
  'GET /api/notices/:id/cap.xml': { who: everyone, request: (c) => ({ url: `/api/notices/${c.noticeId}/cap.xml` }) },
  'POST /api/notices': {
    who: adminOnly,
    request: (c) => ({ url: '/api/notices', payload: { ...landslide, headline: `矩阵 ${c.unique()}` } }),
  },
  'POST /api/notices/cap': {
    who: adminOnly,
    request: (c) => ({
      url: '/api/notices/cap',
      headers: { 'content-type': 'application/cap+xml' },
      payload: capAlert.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>matrix-${c.unique()}</identifier>`),
    }),
  },
  'GET /api/notices/:id/deliveries': {
    who: adminOnly,
    request: (c) => ({ url: `/api/notices/${c.noticeId}/deliveries` }),
  },
  'GET /api/push/key': { who: everyone, request: get('/api/push/key') },
  'POST /api/push/subscriptions': {
    who: everyone,
    request: (c) => ({
      url: '/api/push/subscriptions',
      payload: {
        endpoint: `https://push.example.cn/${c.unique()}`,
        keys: { p256dh: 'p'.repeat(40), auth: 'a'.repeat(16) },
        provinces: ['110000'],
      },
    }),
  },
  'DELETE /api/push/subscriptions': {
    who: everyone,
    request: (c) => ({
      url: '/api/push/subscriptions',
      payload: { endpoint: `https://push.example.cn/${c.unique()}` },
    }),
  },

  // 李四光中队.
  'GET /api/squadron-programme': { who: everyone, request: get('/api/squadron-programme') },
  'GET /api/school/squadrons': { who: schoolOnly, request: get('/api/school/squadrons') },
  'POST /api/school/squadrons': {
    who: schoolOnly,
    request: (c) => ({
      url: '/api/school/squadrons',
      payload: { name: `五年级${c.unique()}班李四光中队`, grade: 5, headcount: 30, teacher: '王老师' },
    }),
  },
  'PATCH /api/school/squadrons/:id': {
    who: schoolOnly,
    request: (c) => ({ url: `/api/school/squadrons/${c.squadronId}`, payload: { teacher: '李老师' } }),
  },
  'GET /api/squadron-events': {
    who: { ...everyone, anonymous: 'deny', expert: 'deny', applicant: 'deny' },
    request: get('/api/squadron-events'),
  },
  'GET /api/events/:eventId/places': {
    who: everyone,
    request: (c) => ({ url: `/api/events/${c.squadronEventId}/places` }),
  },
  'POST /api/events/:eventId/registrations': {
    who: schoolOnly,
    request: (c) => ({
      url: `/api/events/${c.squadronEventId}/registrations`,
      payload: { squadronId: c.squadronId, headcount: 5, requestId: uuidv7() },
    }),
  },
  'GET /api/school/registrations': { who: schoolOnly, request: get('/api/school/registrations') },
  'PATCH /api/registrations/:id': {
    who: schoolOnly,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}`, payload: { headcount: 5 } }),
  },
  'POST /api/registrations/:id/cancel': {
    who: schoolOnly,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}/cancel` }),
  },
  'POST /api/registrations/:id/offer/accept': {
    who: schoolOnly,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}/offer/accept` }),
  },
  'POST /api/registrations/:id/offer/decline': {
    who: schoolOnly,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}/offer/decline` }),
  },
  'GET /api/staff/events/:eventId/registrations': {
    who: staffOwnBase,
    request: (c) => ({ url: `/api/staff/events/${c.squadronEventId}/registrations` }),
    refusedInside: notFoundInside,
  },
  'POST /api/registrations/:id/approve': {
    who: staffOwnBase,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}/approve` }),
    refusedInside: notFoundInside,
  },
  'POST /api/registrations/:id/decline': {
    who: staffOwnBase,
    request: (c) => ({ url: `/api/registrations/${c.registrationId}/decline`, payload: { reason: '场地维修' } }),
    refusedInside: notFoundInside,
  },
  'GET /api/staff/bases/:baseId/squadron-settings': {
    who: baseStaffOrAdmin,
    request: get(`/api/staff/bases/${A}/squadron-settings`),
  },
  'PUT /api/staff/bases/:baseId/squadron-settings': {
    who: baseStaffOrAdmin,
    request: () => ({
      url: `/api/staff/bases/${A}/squadron-settings`,
      payload: { approvalRequired: false, cutoffHours: 24, offerHours: 24 },
    }),
  },
  // SCHOOL_APPROVAL=admin here: staff are let in and told schools are approved by an admin (409).
  'GET /api/staff/school-accounts': {
    who: { ...nobody, staffA: 'allow', staffB: 'allow', admin: 'allow' },
    request: get('/api/staff/school-accounts'),
  },
  'POST /api/staff/school-accounts/:id/approve': {
    who: { ...nobody, staffA: 'allow', staffB: 'allow', admin: 'allow' },
    request: async (c) => ({ url: `/api/staff/school-accounts/${await c.newPendingAccount()}/approve` }),
  },
  // Uploads: any signed-in account (attachments are for every role); someone else's upload is a 404 inside.
  'POST /api/uploads': {
    who: signedIn,
    request: () => ({
      url: '/api/uploads',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `purpose ${Buffer.from('attachment').toString('base64')}`,
      },
    }),
  },
  'HEAD /api/uploads/:id': {
    who: signedIn,
    request: () => ({ url: `/api/uploads/${uuidv7()}`, headers: { 'tus-resumable': '1.0.0' } }),
  },
  'PATCH /api/uploads/:id': {
    who: signedIn,
    request: () => ({
      url: `/api/uploads/${uuidv7()}`,
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      payload: Buffer.alloc(10),
    }),
  },
  'DELETE /api/uploads/:id': {
    who: signedIn,
    request: () => ({ url: `/api/uploads/${uuidv7()}`, headers: { 'tus-resumable': '1.0.0' } }),
  },
  // Media: published media is public; unpublished answers 404 to all but its owner and admins (media-uploads.test.ts).
  'GET /api/media/:id': { who: everyone, request: () => ({ url: `/api/media/${uuidv7()}` }) },
  'GET /api/media/:id/:file': {
    who: everyone,
    request: () => ({ url: `/api/media/${uuidv7()}/0123456789abcdef-320.webp` }),
  },
  'GET /api/stats/export.xlsx': {
    who: baseStaffOrAdmin,
    request: get(`/api/stats/export.xlsx?from=2026-05-01&to=2026-05-31&baseId=${A}`),
  },

  // 科普专家库: public pages; invites are public (the link is the credential); experts edit their own.
  'GET /api/experts': { who: everyone, request: get('/api/experts?field=geohazards') },
  'GET /api/experts/:id': { who: everyone, request: (c) => ({ url: `/api/experts/${c.expertId}` }) },
  'GET /api/works/:id/experts': { who: everyone, request: get('/api/works/li-siguang-story/experts') },
  'POST /api/expert-invites/preview': {
    who: everyone,
    request: async (c) => ({ url: '/api/expert-invites/preview', payload: { token: await c.newInviteToken() } }),
  },
  'POST /api/expert-invites/accept': {
    who: everyone,
    request: async (c) => ({
      url: '/api/expert-invites/accept',
      payload: {
        token: await c.newInviteToken(),
        username: `expert-${c.unique()}`,
        password: 'expert-long-passphrase',
      },
    }),
  },
  'GET /api/expert/profile': { who: expertOnly, request: get('/api/expert/profile') },
  'PUT /api/expert/profile': {
    who: expertOnly,
    request: () => ({
      url: '/api/expert/profile',
      payload: { title: '研究员', institution: null, fields: ['geohazards'], bio: '矩阵测试' },
    }),
  },
  'PUT /api/expert/pause': {
    who: expertOnly,
    request: () => ({ url: '/api/expert/pause', payload: { paused: false } }),
  },
  'PUT /api/expert/photo': {
    who: expertOnly,
    request: () => ({ url: '/api/expert/photo', payload: { mediaId: null } }),
  },
  'GET /api/expert/schedule': { who: expertOnly, request: get('/api/expert/schedule') },
  'POST /api/expert/requests/:id/accept': {
    who: expertOnly,
    request: async (c) => ({ url: `/api/expert/requests/${await c.newExpertRequest('requested')}/accept` }),
  },
  'POST /api/expert/requests/:id/decline': {
    who: expertOnly,
    request: async (c) => ({
      url: `/api/expert/requests/${await c.newExpertRequest('requested')}/decline`,
      payload: { reason: '时间冲突' },
    }),
  },
  'POST /api/expert/requests/:id/withdraw': {
    who: expertOnly,
    request: async (c) => ({
      url: `/api/expert/requests/${await c.newExpertRequest('accepted')}/withdraw`,
      payload: { reason: '临时出差' },
    }),
  },
  'GET /api/admin/experts': { who: adminOnly, request: get('/api/admin/experts?changes=pending') },
  'POST /api/admin/experts': {
    who: adminOnly,
    request: (c) => ({ url: '/api/admin/experts', payload: { name: `矩阵专家${c.unique()}` } }),
  },
  'POST /api/admin/experts/:id/invite': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/experts/${c.announcedExpertId}/invite` }),
  },
  'POST /api/admin/expert-changes/:id/approve': {
    who: adminOnly,
    request: async (c) => ({ url: `/api/admin/expert-changes/${await c.newPendingChange()}/approve` }),
  },
  'POST /api/admin/expert-changes/:id/reject': {
    who: adminOnly,
    request: async (c) => ({
      url: `/api/admin/expert-changes/${await c.newPendingChange()}/reject`,
      payload: { reason: '请提供证明' },
    }),
  },
  // Base profiles: staff of the base and admins edit; admins review (base-profiles.test.ts).
  'GET /api/bases/clusters.json': { who: everyone, request: get('/api/bases/clusters.json') },
  'GET /api/bases/changes': { who: everyone, request: get('/api/bases/changes') },
  'GET /api/base-profiles/:baseId': { who: baseStaffOrAdmin, request: get(`/api/base-profiles/${A}`) },
  'POST /api/base-profiles/:baseId/proposals': {
    who: baseStaffOrAdmin,
    request: async (c) => ({
      url: `/api/base-profiles/${A}/proposals`,
      payload: { changes: { phone: '010-66557858' }, loadedVersions: { phone: await c.phoneVersion() } },
    }),
  },
  'GET /api/base-profiles/:baseId/proposals': {
    who: baseStaffOrAdmin,
    request: get(`/api/base-profiles/${A}/proposals`),
  },
  'GET /api/admin/base-proposals': { who: adminOnly, request: get('/api/admin/base-proposals?status=pending') },
  'POST /api/admin/base-proposals/:id/approve': {
    who: adminOnly,
    request: async (c) => ({ url: `/api/admin/base-proposals/${await c.newPendingProposal()}/approve` }),
  },
  'POST /api/admin/base-proposals/:id/reject': {
    who: adminOnly,
    request: async (c) => ({
      url: `/api/admin/base-proposals/${await c.newPendingProposal()}/reject`,
      payload: { reason: '请核实电话' },
    }),
  },
  'PUT /api/admin/base-profiles/:baseId/settings': {
    who: adminOnly,
    request: () => ({ url: `/api/admin/base-profiles/${A}/settings`, payload: { minorFieldsDirect: false } }),
  },
  'GET /api/admin/base-profiles/:baseId/history': {
    who: adminOnly,
    request: get(`/api/admin/base-profiles/${A}/history`),
  },
  'GET /api/staff/bases/:baseId/expert-requests': {
    who: baseStaffOrAdmin,
    request: get(`/api/staff/bases/${A}/expert-requests`),
  },
  'POST /api/staff/bases/:baseId/expert-requests': {
    who: baseStaffOrAdmin,
    request: (c) => ({
      url: `/api/staff/bases/${A}/expert-requests`,
      payload: {
        expertId: c.expertId,
        eventId: c.squadronEventId,
        date: c.squadronEventDay,
        format: 'talk',
        message: '诚邀讲座',
      },
    }),
  },
  'POST /api/staff/bases/:baseId/expert-requests/:id/withdraw': {
    who: baseStaffOrAdmin,
    request: async (c) => ({
      url: `/api/staff/bases/${A}/expert-requests/${await c.newExpertRequest('requested')}/withdraw`,
      payload: { reason: '活动调整' },
    }),
  },
  // 讲解大赛 and 微视频大赛: public reads and the vote; entrants are schools and base staff (their own organisation's
  // entries; another's answer 404); judges are experts on the panel (admins may call review routes, but an admin on no
  // panel is refused inside with 403); the programme office is admin.
  'GET /api/contests': { who: everyone, request: get('/api/contests') },
  'GET /api/contests/:id': { who: everyone, request: (c) => ({ url: `/api/contests/${c.contestId}` }) },
  'GET /api/contest-entries/:id/captions/:slot': {
    who: everyone,
    request: (c) => ({ url: `/api/contest-entries/${c.contestEntryId}/captions/talk` }),
  },
  'GET /api/app-works': { who: everyone, request: get('/api/app-works') },
  // Works in the app: the phones' feed is public; writing, reviewing and publishing is for works editors.
  'GET /api/works': { who: everyone, request: get('/api/works?since=0') },
  'GET /api/editor/works': { who: worksEditors, request: get('/api/editor/works') },
  'POST /api/editor/works': {
    who: worksEditors,
    request: () => ({ url: '/api/editor/works', payload: { document: matrixArticle } }),
  },
  'GET /api/editor/works/:id': {
    who: worksEditors,
    request: async (c) => ({ url: `/api/editor/works/${(await c.newWork('draft')).id}` }),
  },
  'PUT /api/editor/works/:id': {
    who: worksEditors,
    request: async (c) => {
      const w = await c.newWork('draft')
      return { url: `/api/editor/works/${w.id}`, payload: { version: w.version, document: matrixArticle } }
    },
  },
  'POST /api/editor/works/:id/submit': workStep('submit', 'draft'),
  'POST /api/editor/works/:id/approve': workStep('approve', 'in_review'),
  'POST /api/editor/works/:id/publish': workStep('publish', 'approved'),
  'POST /api/editor/works/:id/unpublish': workStep('unpublish', 'published'),
  'POST /api/editor/works/:id/return': {
    who: worksEditors,
    request: async (c) => {
      const w = await c.newWork('in_review')
      return { url: `/api/editor/works/${w.id}/return`, payload: { version: w.version, reason: '请修改' } }
    },
  },
  'GET /api/editor/works/:id/history': {
    who: worksEditors,
    request: async (c) => ({ url: `/api/editor/works/${(await c.newWork('draft')).id}/history` }),
  },
  'GET /api/editor/works/:id/preview': {
    who: worksEditors,
    request: async (c) => ({ url: `/api/editor/works/${(await c.newWork('draft')).id}/preview` }),
  },
  'PUT /api/admin/accounts/:id/works-editor': {
    who: adminOnly,
    request: () => ({
      url: `/api/admin/accounts/${accountIds.get('staffB')!}/works-editor`,
      payload: { allowed: false },
    }),
  },
  'POST /api/contest-votes/device': { who: everyone, request: () => ({ url: '/api/contest-votes/device' }) },
  // Outside the vote stage: a 409 for everyone, after a token was checked.
  'POST /api/contests/:id/votes': {
    who: everyone,
    request: async (c) => {
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/contest-votes/device',
        remoteAddress: `198.18.0.${String(++tokenIps % 250)}`,
        headers: { origin: ORIGIN },
      })
      return {
        url: `/api/contests/${c.contestId}/votes`,
        payload: { entryId: c.contestEntryId, deviceToken: token.json<{ deviceToken: string }>().deviceToken },
      }
    },
  },
  'GET /api/contests/:id/entries': { who: entrants, request: (c) => ({ url: `/api/contests/${c.contestId}/entries` }) },
  'POST /api/contests/:id/entries': {
    who: entrants,
    request: (c) => ({
      url: `/api/contests/${c.contestId}/entries`,
      payload: { title: `矩阵作品 ${c.unique()}`, theme: '地质遗迹', entrantNames: ['张小明'] },
    }),
  },
  'GET /api/contest-entries/:id': {
    who: entrants,
    request: (c) => ({ url: `/api/contest-entries/${c.contestEntryId}` }),
  },
  'PATCH /api/contest-entries/:id': {
    who: entrants,
    request: (c) => ({ url: `/api/contest-entries/${c.contestEntryId}`, payload: { description: '矩阵测试' } }),
  },
  'PUT /api/contest-entries/:id/videos/:slot': {
    who: entrants,
    request: (c) => ({ url: `/api/contest-entries/${c.contestEntryId}/videos/talk`, payload: { mediaId: uuidv7() } }),
  },
  'PUT /api/contest-entries/:id/captions/:slot': {
    who: entrants,
    request: (c) => ({
      url: `/api/contest-entries/${c.contestEntryId}/captions/talk`,
      payload: { vtt: 'WEBVTT\n\n00:00.000 --> 00:01.000\n你好\n' },
    }),
  },
  'POST /api/contest-entries/:id/submit': {
    who: entrants,
    request: (c) => ({ url: `/api/contest-entries/${c.contestEntryId}/submit` }),
  },
  'POST /api/contest-entries/:id/withdraw': {
    who: entrants,
    request: async (c) => ({ url: `/api/contest-entries/${await c.newContestEntry()}/withdraw` }),
  },
  'GET /api/admin/contests': { who: adminOnly, request: get('/api/admin/contests') },
  'POST /api/admin/contests': {
    who: adminOnly,
    request: () => ({ url: '/api/admin/contests', payload: { config: explanationContest() } }),
  },
  'GET /api/admin/contests/:id': { who: adminOnly, request: (c) => ({ url: `/api/admin/contests/${c.contestId}` }) },
  'PUT /api/admin/contests/:id': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/contests/${c.contestId}`,
      payload: { config: matrixContest(), published: true },
    }),
  },
  'GET /api/admin/contests/:id/entries': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/entries` }),
  },
  'POST /api/admin/contest-entries/:id/eligibility': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contest-entries/${c.judgedEntryId}/eligibility`, payload: { eligible: true } }),
  },
  'PUT /api/admin/contests/:id/shortlist': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/shortlist`, payload: { entryIds: [c.judgedEntryId] } }),
  },
  'POST /api/admin/contests/:id/panels': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/contests/${c.contestId}/panels`,
      payload: { stage: 'final', expertIds: [c.expertId], entryIds: [c.judgedEntryId] },
    }),
  },
  'GET /api/admin/contest-panels/:id/ranking': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contest-panels/${c.panelId}/ranking?normalise=z-score` }),
  },
  'POST /api/admin/contest-panels/:id/conflicts': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/contest-panels/${c.panelId}/conflicts`,
      payload: { entryId: c.conflictEntryId, expertId: c.expertId, note: '矩阵测试' },
    }),
  },
  'POST /api/admin/contest-panels/:id/next-round': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/contest-panels/${c.panelId}/next-round`,
      payload: { entryIds: [c.judgedEntryId] },
    }),
  },
  'GET /api/admin/contests/:id/votes': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/votes` }),
  },
  'POST /api/admin/contests/:id/votes/discount': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/contests/${c.contestId}/votes/discount`,
      payload: { flagIds: ['burst:none'], discount: true },
    }),
  },
  'GET /api/admin/contests/:id/standings': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/standings` }),
  },
  'PUT /api/admin/contests/:id/results': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/results`, payload: { awards: [] } }),
  },
  'POST /api/admin/contests/:id/results/publish': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/contests/${c.contestId}/results/publish` }),
  },
  'GET /api/judge/contest-panels': { who: reviewers, request: get('/api/judge/contest-panels') },
  'GET /api/judge/contest-panels/:id': {
    who: panelJudge,
    request: (c) => ({ url: `/api/judge/contest-panels/${c.panelId}` }),
  },
  'PUT /api/judge/contest-panels/:id/entries/:entryId/scores': {
    who: panelJudge,
    request: (c) => ({
      url: `/api/judge/contest-panels/${c.panelId}/entries/${c.judgedEntryId}/scores`,
      payload: {
        scores: [
          { criterion: 'accuracy', score: 8 },
          { criterion: 'expression', score: 8 },
          { criterion: 'manner', score: 8 },
        ],
      },
    }),
  },
  'POST /api/judge/contest-panels/:id/entries/:entryId/conflict': {
    who: panelJudge,
    request: (c) => ({
      url: `/api/judge/contest-panels/${c.panelId}/entries/${c.conflictEntryId}/conflict`,
      payload: { note: '矩阵测试' },
    }),
  },
  // Becoming a base (issue 24): public lists, applicants, admins, reviewers, the evaluation.
  'GET /api/designations': { who: everyone, request: get('/api/designations') },
  'GET /api/naming/calls': { who: everyone, request: get('/api/naming/calls') },
  'POST /api/auth/applicant-signup': {
    who: everyone,
    request: (c) => ({
      url: '/api/auth/applicant-signup',
      payload: {
        username: `applicant-${c.unique()}`,
        password: 'applicant-password-1',
        displayName: '矩阵申报单位',
        institution: { name: `矩阵科普馆${c.unique()}`, province: '湖南省', contact: '0731-1234567' },
      },
    }),
  },
  'GET /api/applicant/applications': { who: applicantOnly, request: get('/api/applicant/applications') },
  'POST /api/applicant/calls/:id/applications': {
    who: applicantOnly,
    request: (c) => ({ url: `/api/applicant/calls/${c.callId}/applications` }),
  },
  'PUT /api/applicant/applications/:id': {
    who: applicantOnly,
    request: (c) => ({
      url: `/api/applicant/applications/${c.applicationId}`,
      payload: { form: { plans: '矩阵测试的工作计划。' }, attachments: [], version: 0 },
    }),
  },
  'POST /api/applicant/applications/:id/submit': {
    who: applicantOnly,
    request: (c) => ({ url: `/api/applicant/applications/${c.applicationId}/submit` }),
  },
  'POST /api/admin/naming/calls': {
    who: adminOnly,
    request: () => ({ url: '/api/admin/naming/calls', payload: matrixCall() }),
  },
  'GET /api/admin/naming/calls/:id/applications': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming/calls/${c.callId}/applications` }),
  },
  'GET /api/admin/naming/calls/:id/applications/export': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming/calls/${c.callId}/applications/export?format=csv` }),
  },
  'POST /api/admin/naming/applications/:id/check': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/naming/applications/${c.applicationId}/check`,
      payload: { decision: 'return', reasons: ['矩阵测试'] },
    }),
  },
  'POST /api/admin/naming/calls/:id/panels': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming/calls/${c.callId}/panels`, payload: { expertIds: [c.expertId] } }),
  },
  'GET /api/admin/naming/calls/:id/panels': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming/calls/${c.callId}/panels` }),
  },
  'GET /api/admin/naming-panels/:id/ranking': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming-panels/${c.namingPanelId}/ranking?normalise=z-score` }),
  },
  'GET /api/admin/naming-panels/:id/scores/export': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/naming-panels/${c.namingPanelId}/scores/export?format=xlsx` }),
  },
  'POST /api/admin/naming-panels/:id/next-round': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/naming-panels/${c.namingPanelId}/next-round`,
      payload: { itemIds: [c.reviewedApplicationId] },
    }),
  },
  'POST /api/admin/naming/batches': {
    who: adminOnly,
    // Not accepted for review: a 400 past authorization, and nothing named.
    request: (c) => ({
      url: '/api/admin/naming/batches',
      payload: { title: '矩阵批次', year: 2026, list: 'national', applicationIds: [c.applicationId] },
    }),
  },
  'GET /api/review/naming-panels': { who: reviewers, request: get('/api/review/naming-panels') },
  'GET /api/review/naming-panels/:id': {
    who: panelJudge,
    request: (c) => ({ url: `/api/review/naming-panels/${c.namingPanelId}` }),
  },
  'PUT /api/review/naming-panels/:id/items/:itemId/scores': {
    who: panelJudge,
    request: (c) => ({
      url: `/api/review/naming-panels/${c.namingPanelId}/items/${c.reviewedApplicationId}/scores`,
      payload: { scores: [{ criterion: 'conditions', score: 8 }] },
    }),
  },
  'POST /api/review/naming-panels/:id/items/:itemId/conflict': {
    who: panelJudge,
    request: (c) => ({
      url: `/api/review/naming-panels/${c.namingPanelId}/items/${c.reviewedApplicationId}/conflict`,
      payload: { note: '矩阵测试' },
    }),
  },
  'POST /api/admin/evaluations': {
    who: adminOnly,
    request: () => ({ url: '/api/admin/evaluations', payload: matrixEvaluation(2031) }),
  },
  'GET /api/admin/evaluations': { who: adminOnly, request: get('/api/admin/evaluations') },
  'GET /api/admin/evaluations/:id/panels': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/evaluations/${c.evaluationId}/panels` }),
  },
  'GET /api/admin/evaluations/:id/reports': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/evaluations/${c.evaluationId}/reports` }),
  },
  'POST /api/admin/evaluations/:id/panels': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/evaluations/${c.evaluationId}/panels`, payload: { expertIds: [c.expertId] } }),
  },
  'POST /api/admin/evaluations/:id/publish': {
    who: adminOnly,
    request: (c) => ({
      url: `/api/admin/evaluations/${c.evaluationId}/publish`,
      payload: { grades: [{ baseId: A, grade: '不是等级' }] },
    }),
  },
  'GET /api/admin/evaluations/:id/results/export': {
    who: adminOnly,
    request: (c) => ({ url: `/api/admin/evaluations/${c.evaluationId}/results/export?format=csv` }),
  },
  'POST /api/admin/bases/:baseId/withdraw': {
    who: adminOnly,
    // A base that does not exist: a 404 past authorization, and base A stays on the map.
    request: () => ({ url: '/api/admin/bases/matrix-no-such-base/withdraw', payload: { reason: '矩阵测试' } }),
  },
  'GET /api/staff/bases/:baseId/evaluation': {
    who: baseStaffOrAdmin,
    request: get(`/api/staff/bases/${A}/evaluation`),
  },
  'PUT /api/staff/bases/:baseId/evaluation': {
    who: baseStaffOrAdmin,
    request: () => ({ url: `/api/staff/bases/${A}/evaluation`, payload: { summary: '矩阵测试' } }),
  },
}

let t: TestApp
let staticDir: string
/** Uploads write files: into a throwaway DATA_DIR, not the checkout's ./data. */
let dataDir: string
const accountIds = new Map<Caller, string>()
let counter = 0
let ctx: Context

beforeAll(async () => {
  // A built PWA stand-in, so the static-file routes are registered as in production.
  staticDir = mkdtempSync(join(tmpdir(), 'zk-matrix-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>zk</title>')
  writeFileSync(join(staticDir, 'assets', 'app-1234abcd.js'), 'export {}')
  // Push on (so subscribing is a real answer, not 503); subscribers follow Beijing, the notices are
  // for Hunan, so issuing one never calls out to a push service.
  const vapid = webpush.generateVAPIDKeys()
  dataDir = mkdtempSync(join(tmpdir(), 'zk-matrix-data-'))
  t = await buildTestApp({
    STATIC_DIR: staticDir,
    DATA_DIR: dataDir,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@ziran-kepu.cn',
  })
  accountIds.set('school', (await seedAccount(t, 'matrix-school', 'school')).account.id)
  accountIds.set('staffA', (await seedAccount(t, 'matrix-staff-a', 'base_staff', { baseId: A })).account.id)
  accountIds.set('staffB', (await seedAccount(t, 'matrix-staff-b', 'base_staff', { baseId: B })).account.id)
  accountIds.set('admin', (await seedAccount(t, 'matrix-admin', 'admin')).account.id)
  await t.database.db
    .update(accounts)
    .set({ worksEditor: true })
    .where(eq(accounts.id, accountIds.get('staffA')!))
  // Works the matrix acts on are written by an editor who is none of the callers (an author may not approve).
  const writer = (await seedAccount(t, 'matrix-writer', 'admin')).account
  accountIds.set('applicant', (await seedAccount(t, 'matrix-applicant', 'applicant')).account.id)
  // The login entry signs in as this account (seedAccount's password is `${username}-password`).
  await seedAccount(t, 'matrix-login', 'school')

  const unique = () => `${String(++counter)}-${Math.random().toString(36).slice(2, 8)}`
  const eventId = uuidv7()
  const adminToken = (await createSession(t.database.db, accountIds.get('admin')!)).token
  const pushed = await t.app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { cookie: `zk_session=${adminToken}`, origin: ORIGIN },
    payload: {
      deviceId: 'matrix-setup-device',
      records: [
        {
          id: eventId,
          kind: 'event',
          baseId: A,
          baseVersion: 0,
          payload: { title: '开放日', start: '2026-04-22T09:00:00+08:00', end: '2026-04-22T16:00:00+08:00' },
        },
      ],
    },
  })
  expect(pushed.json<{ acks: PushAck[] }>().acks[0]?.status, pushed.body).toBe('accepted')
  const adminHeaders = { cookie: `zk_session=${adminToken}`, origin: ORIGIN }
  const squadronEventId = uuidv7()
  const day = addDays(todayInChina(), 20)
  const pushedSquadron = await t.app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: adminHeaders,
    payload: {
      deviceId: 'matrix-setup-device',
      records: [
        {
          id: squadronEventId,
          kind: 'event',
          baseId: A,
          baseVersion: 0,
          payload: {
            title: '李四光中队地质研学',
            start: `${day}T09:00:00+08:00`,
            end: `${day}T11:00:00+08:00`,
            audience: 'squadron',
            capacity: 10_000,
            registrationRequired: true,
          },
        },
      ],
    },
  })
  expect(pushedSquadron.json<{ acks: PushAck[] }>().acks[0]?.status, pushedSquadron.body).toBe('accepted')
  const [squadronId] = await seedSquadrons(t, accountIds.get('school')!, 1)
  const schoolToken = (await createSession(t.database.db, accountIds.get('school')!)).token
  const registered = await t.app.inject({
    method: 'POST',
    url: `/api/events/${squadronEventId}/registrations`,
    headers: { cookie: `zk_session=${schoolToken}`, origin: ORIGIN },
    payload: { squadronId, headcount: 5, requestId: uuidv7() },
  })
  expect(registered.statusCode, registered.body).toBe(201)
  const issued = await t.app.inject({ method: 'POST', url: '/api/notices', headers: adminHeaders, payload: landslide })
  expect(issued.statusCode, issued.body).toBe(201)
  // The expert caller: invited by the admin, set up from the link.
  const newInviteToken = async () => {
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/admin/experts',
      headers: adminHeaders,
      payload: { name: `矩阵专家${unique()}` },
    })
    expect(invited.statusCode, invited.body).toBe(201)
    return invited.json<ExpertInviteResponse>()
  }
  const invited = await newInviteToken()
  const expertSetUp = await t.app.inject({
    method: 'POST',
    url: '/api/expert-invites/accept',
    headers: { origin: ORIGIN },
    payload: { token: invited.invite.token, username: 'matrix-expert', password: 'matrix-expert-password' },
  })
  expect(expertSetUp.statusCode, expertSetUp.body).toBe(201)
  accountIds.set('expert', expertSetUp.json<{ account: { id: string } }>().account.id)
  const expertId = invited.expert.id
  const db = t.database.db
  const phoneVersion = async () => {
    const [base] = await db.select({ fields: bases.fields }).from(bases).where(eq(bases.id, A))
    return base!.fields.phone?.version ?? 0
  }
  // A contest in its entry stage: the school caller's draft, and two submitted entries on a panel the expert caller sits on.
  const contested = await t.app.inject({
    method: 'POST',
    url: '/api/admin/contests',
    headers: adminHeaders,
    payload: { config: matrixContest(), published: true },
  })
  expect(contested.statusCode, contested.body).toBe(201)
  const contestId = contested.json<{ contest: { id: string } }>().contest.id
  const schoolId = accountIds.get('school')!
  const newContestEntry = async (status: 'draft' | 'submitted' = 'draft') => {
    const [row] = await db
      .insert(contestEntries)
      .values({
        contestId,
        accountId: schoolId,
        organisationKey: `school:${schoolId}`,
        organisationName: 'matrix-school',
        title: `矩阵作品 ${unique()}`,
        theme: '地质遗迹',
        entrantNames: ['张小明'],
        status,
        eligibility: status === 'submitted' ? 'eligible' : 'pending',
        submittedAt: status === 'submitted' ? new Date() : null,
      })
      .returning({ id: contestEntries.id })
    return row!.id
  }
  const judgedEntryId = await newContestEntry('submitted')
  const conflictEntryId = await newContestEntry('submitted')
  const panel = await t.app.inject({
    method: 'POST',
    url: `/api/admin/contests/${contestId}/panels`,
    headers: adminHeaders,
    payload: { stage: 'preliminary', expertIds: [expertId] },
  })
  expect(panel.statusCode, panel.body).toBe(201)
  // Issue 24: a call, the applicant caller's application (accepted for review straight in the
  // table, so a panel can be made), a panel with the expert caller, an open evaluation.
  const called = await t.app.inject({
    method: 'POST',
    url: '/api/admin/naming/calls',
    headers: adminHeaders,
    payload: matrixCall(),
  })
  expect(called.statusCode, called.body).toBe(201)
  const callId = called.json<{ call: { id: string } }>().call.id
  const [accepted] = await db
    .insert(baseApplications)
    .values({ callId, accountId: accountIds.get('applicant')!, status: 'accepted', form: { plans: '矩阵' } })
    .returning({ id: baseApplications.id })
  const namingPanel = await t.app.inject({
    method: 'POST',
    url: `/api/admin/naming/calls/${callId}/panels`,
    headers: adminHeaders,
    payload: { expertIds: [expertId] },
  })
  expect(namingPanel.statusCode, namingPanel.body).toBe(201)
  // A second application, in draft, for the applicant routes (the accepted one is the reviewers').
  const [draft] = await db
    .insert(baseApplications)
    .values({ callId: (await secondCall()).id, accountId: accountIds.get('applicant')!, status: 'draft' })
    .returning({ id: baseApplications.id })
  async function secondCall() {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/admin/naming/calls',
      headers: adminHeaders,
      payload: matrixCall(),
    })
    return r.json<{ call: { id: string } }>().call
  }
  const evaluated = await t.app.inject({
    method: 'POST',
    url: '/api/admin/evaluations',
    headers: adminHeaders,
    payload: matrixEvaluation(2026),
  })
  expect(evaluated.statusCode, evaluated.body).toBe(201)
  ctx = {
    callId,
    applicationId: draft!.id,
    reviewedApplicationId: accepted!.id,
    namingPanelId: namingPanel.json<{ panel: { id: string } }>().panel.id,
    evaluationId: evaluated.json<{ evaluation: { id: string } }>().evaluation.id,
    contestId,
    contestEntryId: await newContestEntry(),
    newContestEntry: () => newContestEntry(),
    panelId: panel.json<{ panel: { id: string } }>().panel.id,
    judgedEntryId,
    conflictEntryId,
    unique,
    eventId,
    squadronEventId,
    squadronId: squadronId!,
    registrationId: registered.json<{ registration: { id: string } }>().registration.id,
    noticeId: issued.json<{ notice: { id: string } }>().notice.id,
    async newPendingAccount() {
      return (await seedAccount(t, `pending-${unique()}`, 'school', { status: 'pending' })).account.id
    },
    expertId,
    announcedExpertId: (await t.app.inject({ url: '/api/experts?q=ouyang' })).json<ExpertsResponse>().experts[0]!.id,
    squadronEventDay: day,
    newInviteToken: async () => (await newInviteToken()).invite.token,
    async newPendingChange() {
      await db
        .delete(expertProfileChanges)
        .where(and(eq(expertProfileChanges.expertId, expertId), eq(expertProfileChanges.status, 'pending')))
      const [row] = await db
        .insert(expertProfileChanges)
        .values({ expertId, title: '教授', institution: null, status: 'pending' })
        .returning({ id: expertProfileChanges.id })
      return row!.id
    },
    async newExpertRequest(status) {
      const same = and(
        eq(expertRequests.expertId, expertId),
        eq(expertRequests.eventId, squadronEventId),
        eq(expertRequests.date, day),
        inArray(expertRequests.status, ['requested', 'accepted']),
      )
      await db
        .update(expertRequests)
        .set({ status: 'withdrawn', withdrawnBy: 'base', withdrawReason: '矩阵测试' })
        .where(same)
      // Made two days ago, so these rows leave base A's daily allowance to the route under test.
      const [row] = await db
        .insert(expertRequests)
        .values({
          expertId,
          baseId: A,
          eventId: squadronEventId,
          date: day,
          format: 'talk',
          message: '矩阵测试',
          status,
          createdAt: new Date(Date.now() - 2 * 86_400_000),
        })
        .returning({ id: expertRequests.id })
      return row!.id
    },
    phoneVersion,
    async newWork(state) {
      const now = new Date()
      const reviewer = { ...writer, id: accountIds.get('admin')! }
      let w = await createWork(db, writer, workDocument.parse(matrixArticle), now)
      if (state !== 'draft') w = await submitWork(db, writer, w.id, w.version, now)
      if (state === 'approved' || state === 'published') w = await approveWork(db, reviewer, w.id, w.version, now)
      if (state === 'published') w = await publishWork(db, writer, w.id, w.version, now)
      return { id: w.id, version: w.version }
    },
    async newPendingProposal() {
      const version = await phoneVersion()
      const [row] = await db
        .insert(baseProposals)
        .values({
          baseId: A,
          status: 'pending',
          changes: { phone: '010-66557858' },
          loadedVersions: { phone: version },
          before: { phone: null },
          proposedBy: accountIds.get('staffA')!,
        })
        .returning({ id: baseProposals.id })
      return row!.id
    },
  }
}, 180_000) // five argon2 hashes and a database: slow on a busy CI machine
afterAll(async () => {
  await t.close()
  rmSync(staticDir, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

/** The entry for a registered route; HEAD falls back to the GET entry of the same URL. */
function entryFor(method: string, url: string): Entry | undefined {
  return MATRIX[`${method} ${url}`] ?? (method === 'HEAD' ? MATRIX[`GET ${url}`] : undefined)
}

/** Sends the entry's request as `caller`: a fresh session of its own, our Origin on writes, its own address. */
async function send(method: string, entry: Entry, caller: Caller): Promise<LightMyRequestResponse> {
  const request = await entry.request(ctx)
  const headers: Record<string, string> = { ...(request.headers as Record<string, string> | undefined) }
  const accountId = accountIds.get(caller)
  if (accountId) headers.cookie = `zk_session=${(await createSession(t.database.db, accountId)).token}`
  if (method !== 'GET' && method !== 'HEAD') headers.origin = ORIGIN
  // Each request from its own address, so per-address limits (ratings, sign-in) never answer instead.
  const n = ++counter
  const remoteAddress = `10.${String((n >> 16) & 255)}.${String((n >> 8) & 255)}.${String(n & 255)}`
  return t.app.inject({ ...request, method: method as InjectOptions['method'], headers, remoteAddress })
}

describe('authorization matrix', () => {
  it('has an entry for every route the app registers', () => {
    const routes = t.app.registeredRoutes
    expect(routes.length).toBeGreaterThan(20)
    const missing = routes.filter((r) => !entryFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`)
    expect(
      missing,
      `Routes without an authorization decision: add each to MATRIX in test/server/authorization-matrix.test.ts, saying which callers may use it:\n  ${missing.join('\n  ')}`,
    ).toEqual([])
    const stale = Object.keys(MATRIX).filter((key) => !routes.some((r) => `${r.method} ${r.url}` === key))
    expect(stale, 'MATRIX entries for routes the app no longer registers: remove them').toEqual([])
  })

  it('answers every route for every caller as the matrix says', async () => {
    const failures: string[] = []
    for (const route of t.app.registeredRoutes) {
      const entry = entryFor(route.method, route.url)
      if (!entry) continue // reported by the test above
      for (const caller of CALLERS) {
        const expected = entry.who[caller]
        const response = await send(route.method, entry, caller)
        const status = response.statusCode
        const denied = status === 401 || status === 403
        const label = `${route.method} ${route.url} as ${caller}: expected ${expected}, got ${String(status)} ${response.body.slice(0, 160)}`
        if (status >= 500) failures.push(label)
        else if (expected === 'deny' && !denied) failures.push(label)
        else if (expected !== 'deny' && denied) failures.push(label)
        else if (expected === 'refused-inside') {
          try {
            entry.refusedInside!(response)
          } catch (error) {
            failures.push(`${label} — ${(error as Error).message}`)
          }
        }
      }
    }
    expect(failures).toEqual([])
    // Sign-ups, sign-ins and staff creation hash passwords (argon2, slow on purpose): allow time.
  }, 240_000)

  it('matches the roles each route declares (config.auth) with the matrix', () => {
    // A route that declares roles must deny anonymous callers, and allow some role: catches a
    // matrix entry that was copied as `everyone` for a protected route.
    for (const route of t.app.registeredRoutes) {
      const entry = entryFor(route.method, route.url)
      if (!entry || !route.roles) continue
      expect(entry.who.anonymous, `${route.method} ${route.url} declares roles ${route.roles.join(', ')}`).toBe('deny')
      expect(Object.values(entry.who), `${route.method} ${route.url}`).toContain('allow')
    }
  })
})
