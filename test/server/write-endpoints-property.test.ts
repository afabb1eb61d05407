import fc from 'fast-check'
import { XMLValidator } from 'fast-xml-parser'
import ICAL from 'ical.js'
import type { LightMyRequestResponse } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/server/services/session-service.ts'
import { issueDeviceToken } from '../../src/server/services/rating-service.ts'
import { issueVoteToken } from '../../src/server/services/contest-votes.ts'
import { baseApplications, contestEntries } from '../../src/server/db/schema.ts'
import { issueSetupToken } from '../../src/server/services/setup-service.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import {
  ACTIVITY_TYPES,
  EXPERT_REQUEST_FORMATS,
  VISITOR_AUDIENCES,
  WORK_TOPICS,
  type ExpertInviteResponse,
  type ExpertsResponse,
  type PushAck,
} from '../../src/shared/index.ts'
import { encodeAny, hostileString, hostileText, hostileValue } from './helpers/hostile.ts'
import { explanationContest } from './helpers/contest-fixtures.ts'
import { buildTestApp, ORIGIN, seedAccount, type TestApp } from './helpers/test-app.ts'
import { fuzzWriteRoute, type FuzzTarget, type WriteSpec } from './helpers/write-fuzz.ts'

/*
 * Every write endpoint under random and hostile bodies (helpers/hostile.ts): never a 5xx, never an
 * invalid row stored (helpers/stored-rows.ts re-validates every table with the shared schemas),
 * never a partial write (a refused request changes nothing; a sync push adds exactly the records
 * it acknowledged as accepted). A write route without a spec fails the first test.
 * The sync protocol itself (faulty network, restarts, two phones) is sync-property.test.ts.
 * WRITE_PROPERTY_RUNS raises the runs per route (default 40).
 */

const RUNS = Number(process.env.WRITE_PROPERTY_RUNS ?? 40)
const A = 'geological-museum-of-china'

const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,20}$/)
const password = fc.string({ minLength: 10, maxLength: 40 })
const displayName = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0)
/** Text fields get plain text, or text with control characters, broken UTF-16, bidi overrides or far too long (helpers/hostile.ts). */
const text = fc.oneof({ arbitrary: displayName, weight: 2 }, { arbitrary: hostileText, weight: 3 })
const school = fc.record({
  name: fc.oneof(fc.constantFrom('长沙市实验小学', 'Beijing No. 4 High School'), hostileText),
  province: fc.oneof(fc.constantFrom('湖南省', '北京市'), hostileText),
  city: fc.oneof(fc.constantFrom('长沙市', '北京市'), hostileText),
  contact: fc.constantFrom('teacher@example.cn', '+86 731 1234 5678'),
})
const deviceId = fc.stringMatching(/^[a-z0-9-]{8,40}$/)
const at = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString())
const tally = fc.record({
  id: fc.constant(null).map(() => uuidv7()),
  kind: fc.constant('tally'),
  baseId: fc.constant(A),
  payload: fc.record({
    audience: fc.constantFrom(...VISITOR_AUDIENCES),
    count: fc.integer({ min: 1, max: 10_000 }),
    at,
  }),
})
const activity = fc.record({
  id: fc.constant(null).map(() => uuidv7()),
  kind: fc.constant('activity'),
  baseId: fc.constant(A),
  baseVersion: fc.constant(0),
  payload: fc.record({
    type: fc.constantFrom(...ACTIVITY_TYPES),
    title: text,
    date: fc.constantFrom('2026-05-12', '2026-11-01'),
    participants: fc.nat({ max: 1_000_000 }),
    notes: text,
  }),
})
const event = fc.record({
  id: fc.constant(null).map(() => uuidv7()),
  kind: fc.constant('event'),
  baseId: fc.constant(A),
  baseVersion: fc.constant(0),
  payload: fc.record({
    title: text,
    description: text,
    place: text,
    start: fc.constant('2026-11-01T09:00:00+08:00'),
    end: fc.constant('2026-11-01T11:00:00+08:00'),
  }),
})
/** A record that is valid, or broken somewhere inside (the body schema only bounds the batch). */
const anyRecord = fc.oneof(
  tally,
  activity,
  event,
  hostileValue,
  activity.map((r) => ({ ...r, payload: { ...r.payload, title: '\u0000' } })),
)

/** New sync rows must be exactly the records acknowledged as newly accepted. */
const pushChanges = (response: LightMyRequestResponse): Record<string, number> => {
  if (response.statusCode !== 200) return {}
  const acks = response.json<{ acks: PushAck[] }>().acks
  return { sync_records: new Set(acks.filter((a) => a.status === 'accepted' && a.version === 1).map((a) => a.id)).size }
}

/** Ids made in beforeAll (an expert, an event of base A, a request), read when a run draws them. */
const fuzzIds = {
  expert: '',
  announced: '',
  event: '',
  day: '',
  request: '',
  proposal: '',
  contest: '',
  entry: '',
  judged: '',
  panel: '',
  work: '',
  call: '',
  application: '',
  reviewed: '',
  namingPanel: '',
  evaluation: '',
}
const fuzzId = (key: keyof typeof fuzzIds) => fc.constant(null).map(() => fuzzIds[key])
const contact = fc.record({
  email: fc.constantFrom('expert@example.cn', '', 'not-an-address'),
  phone: fc.constantFrom('+86 10 1234 5678', ''),
})
const expertProfile = fc.record(
  {
    title: text,
    institution: text,
    fields: fc.subarray([...WORK_TOPICS]),
    region: fc.constantFrom('110000', '430000', null, 'atlantis'),
    bio: text,
    visibility: fc.record({
      title: fc.boolean(),
      institution: fc.boolean(),
      region: fc.boolean(),
      fields: fc.boolean(),
      bio: fc.boolean(),
    }),
    contact,
  },
  { requiredKeys: [] },
)

/** A base edit: some fields, valid or broken, loaded at versions that may be current or stale. */
const baseChanges = fc.record(
  {
    name: fc.record({ zh: text, en: text }),
    phone: fc.oneof(fc.constantFrom('010-68999606', null, '12'), text),
    openingHours: fc.oneof(fc.constantFrom('Tu-Su 09:00-16:30; Mo off', '24/7', 'nine to five', null), text),
    location: fc.record({ lat: fc.double({ min: -90, max: 90 }), lon: fc.double({ min: -180, max: 180 }) }),
    closures: fc.array(
      fc.record({
        from: fc.constantFrom('2026-07-01', '2026-02-30'),
        to: fc.constant('2026-07-02'),
        reason: fc.record({ zh: text }),
      }),
      { maxLength: 3 },
    ),
    photos: fc.array(fc.record({ mediaId: fc.uuid(), caption: fc.record({ zh: text }) }), { maxLength: 3 }),
    tourLanguages: fc.subarray(['zh', 'en', 'ja', 'xx']),
  },
  { requiredKeys: [] },
)
const baseProposal = fc.record(
  {
    changes: baseChanges,
    loadedVersions: fc.dictionary(
      fc.constantFrom('name', 'phone', 'openingHours', 'location', 'closures', 'photos', 'tourLanguages'),
      fc.nat(3),
    ),
    mode: fc.constantFrom('review', 'publish'),
    note: text,
  },
  { requiredKeys: ['changes', 'loadedVersions'] },
)
/** 讲解大赛 and 微视频大赛: a contest configuration with its text fields and numbers drawn, the rest valid. */
const contestConfigArb = fc
  .record({
    kind: fc.constantFrom('explanation', 'micro-video'),
    title: fc.record({ zh: text, en: text }),
    themeDayId: fc.constantFrom('earth-day', 'atlantis', null),
    quotas: fc.record({
      perOrganisation: fc.integer({ min: -1, max: 1001 }),
      byOrganisation: fc.constantFrom({}, { [`base:${A}`]: 3 }, { nobody: 1 }),
    }),
    vote: fc.constantFrom(
      { mode: 'none' },
      { mode: 'score-share', sharePercent: 20 },
      { mode: 'popularity-award', awardId: 'popularity' },
      { mode: 'popularity-award', awardId: 'nothing' },
    ),
    maxNonOriginalPercent: fc.integer({ min: -1, max: 101 }),
  })
  .map((drawn) =>
    explanationContest({
      ...drawn,
      quotas: { ...drawn.quotas, perOrganisation: Math.max(drawn.quotas.perOrganisation, 50) },
    }),
  )
const contestId = fc.oneof(fuzzId('contest'), fc.uuid())
const entryId = fc.oneof(fuzzId('entry'), fc.uuid())
const judgedId = fc.oneof(fuzzId('judged'), fc.uuid())
const panelId = fc.oneof(fuzzId('panel'), fc.uuid())
const entryFields = fc.record(
  {
    title: text,
    theme: fc.constantFrom('地质遗迹', '太空'),
    description: text,
    entrantNames: fc.array(text, { minLength: 1, maxLength: 3 }),
    declaration: fc.oneof(
      fc.constant(null),
      fc.record({
        nonOriginalPercent: fc.integer({ min: -1, max: 101 }),
        aiGeneratedPercent: fc.integer({ min: 0, max: 100 }),
        sources: text,
      }),
    ),
  },
  { requiredKeys: ['title', 'theme', 'entrantNames'] },
)
const workId = fc.oneof(fuzzId('work'), fc.uuid())
/** A work's document with its text fields drawn (hostile included), Markdown with HTML and script links among them. */
const workDoc = fc.record(
  {
    type: fc.constantFrom('article', 'video', 'pictures', 'book', 'podcast'),
    title: fc.record({ zh: text, en: text }, { requiredKeys: ['zh'] }),
    summary: fc.record({ zh: text }),
    topics: fc.subarray(['farmland', 'geology', 'nothing']),
    body: fc.oneof(
      text,
      fc.constantFrom(
        '<script>x</script>',
        '[a](javascript:x)',
        '![p](/api/media/00000000-0000-4000-8000-000000000000/a.jpg)',
      ),
    ),
    media: fc.record(
      {
        file: fc.oneof(fc.uuid(), hostileText),
        captions: fc.oneof(text, fc.constant('WEBVTT\n\n00:00.000 --> 00:01.000\n好')),
      },
      { requiredKeys: ['file'] },
    ),
    pictures: fc.array(fc.record({ file: fc.uuid(), alt: fc.record({ zh: text }) }), { maxLength: 2 }),
    sources: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['type', 'title', 'summary'] },
)
const slotPart = fc.oneof(fuzzId('entry'), fc.constantFrom('talk', 'intro', '__proto__', 'constructor'))

/** Add new write routes here, one line each. `as`: which seeded account sends it. */
const SPECS: WriteSpec[] = [
  { route: 'POST /api/editor/works', as: 'fuzz-admin', valid: fc.record({ document: workDoc }) },
  {
    route: 'PUT /api/editor/works/:id',
    as: 'fuzz-admin',
    valid: fc.record({ version: fc.integer({ min: -1, max: 3 }), document: workDoc }),
    params: workId,
  },
  ...['submit', 'approve', 'publish', 'unpublish'].map((step) => ({
    route: `POST /api/editor/works/:id/${step}`,
    as: 'fuzz-admin',
    valid: fc.record({ version: fc.integer({ min: -1, max: 3 }) }),
    params: workId,
  })),
  {
    route: 'POST /api/editor/works/:id/return',
    as: 'fuzz-admin',
    valid: fc.record({ version: fc.integer({ min: -1, max: 3 }), reason: text }),
    params: workId,
  },
  {
    route: 'PUT /api/admin/accounts/:id/works-editor',
    as: 'fuzz-admin',
    valid: fc.record({ allowed: fc.boolean() }),
    params: fc.oneof(
      fc.uuid(),
      hostileText.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/auth/login',
    as: null,
    valid: fc.record({
      username: fc.constantFrom('fuzz-school', 'nobody-here'),
      password: fc.constantFrom('fuzz-school-password', 'wrong-password'),
    }),
    sideEffects: ['login_attempts', 'sessions'],
  },
  { route: 'POST /api/auth/logout', as: 'fuzz-school', valid: fc.constant({}), sideEffects: ['sessions'] },
  // The current password is never right here (the fuzz accounts keep theirs for the other routes).
  {
    route: 'POST /api/auth/password',
    as: 'fuzz-staff',
    valid: fc.record({
      currentPassword: fc.constantFrom('wrong-current-password', 'fuzz-staff-passwor'),
      password: fc.constantFrom('a-brand-new-password-1', 'password123'),
    }),
    sideEffects: ['login_attempts'],
  },
  {
    route: 'POST /api/auth/setup',
    as: null,
    valid: fc.record({
      token: fc.string({ minLength: 16, maxLength: 40 }),
      username: name,
      password,
      displayName: text,
    }),
  },
  {
    route: 'POST /api/auth/signup',
    as: null,
    valid: fc.record({ username: name, password, displayName: text, school }),
  },
  {
    route: 'POST /api/admin/accounts',
    as: 'fuzz-admin',
    valid: fc.record({
      username: name,
      password,
      displayName: text,
      baseId: fc.constantFrom(A, 'hunan-geo-museum', 'atlantis'),
    }),
  },
  {
    route: 'POST /api/admin/accounts/:id/approve',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 80 })),
  },
  {
    route: 'POST /api/sync/push',
    as: 'fuzz-staff',
    valid: fc.record({ deviceId, records: fc.array(anyRecord, { minLength: 1, maxLength: 6 }) }),
    changes: pushChanges,
    // An accepted event gets its place counters (services/sync-service.ts) when it has none yet.
    sideEffects: ['event_places'],
  },
  {
    route: 'POST /api/notices',
    as: 'fuzz-admin',
    valid: fc.record({
      kind: fc.constant('alert'),
      msgType: fc.constantFrom('Alert', 'Update', 'Cancel'),
      event: fc.oneof(fc.constantFrom('滑坡', '泥石流'), hostileText),
      level: fc.constantFrom('blue', 'yellow', 'orange', 'red'),
      headline: text,
      description: text,
      instruction: text,
      area: fc.record({
        description: fc.oneof(fc.constant('湖南省'), hostileText),
        provinces: fc.constant(['430000']),
      }),
    }),
  },
  // JSON bodies to an XML route: refused by content type (415) or the body check, never a 5xx.
  { route: 'POST /api/notices/cap', as: 'fuzz-admin', valid: fc.record({ xml: hostileString }) },
  // Endpoints on .invalid: a fuzzed notice's fan-out fails at once instead of calling out.
  {
    route: 'POST /api/push/subscriptions',
    as: null,
    valid: fc.record({
      endpoint: fc.nat().map((n) => `https://push.invalid/${String(n)}`),
      keys: fc.record({ p256dh: fc.constant('p'.repeat(40)), auth: fc.constant('a'.repeat(16)) }),
      provinces: fc.subarray(['430000', '110000', '440000'], { minLength: 1 }),
    }),
    sideEffects: ['rate_limits'],
  },
  {
    route: 'DELETE /api/push/subscriptions',
    as: null,
    valid: fc.record({
      endpoint: fc.oneof(
        hostileString,
        fc.nat().map((n) => `https://push.invalid/${String(n)}`),
      ),
    }),
    sideEffects: ['rate_limits'],
  },
  {
    route: 'POST /api/school/squadrons',
    as: 'fuzz-school',
    valid: fc.record({
      name: text,
      grade: fc.integer({ min: 1, max: 12 }),
      headcount: fc.integer({ min: 1, max: 300 }),
      teacher: text,
      counsellor: text,
    }),
  },
  {
    route: 'PATCH /api/school/squadrons/:id',
    as: 'fuzz-school',
    valid: fc.record({ name: text, teacher: text, archived: fc.boolean() }, { requiredKeys: [] }),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/events/:eventId/registrations',
    as: 'fuzz-school',
    valid: fc.record({ squadronId: fc.uuid(), headcount: fc.integer({ min: 1, max: 300 }), requestId: fc.uuid() }),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'PATCH /api/registrations/:id',
    as: 'fuzz-school',
    valid: fc.record({ headcount: fc.integer({ min: 1, max: 300 }) }),
    params: fc.uuid(),
  },
  {
    route: 'POST /api/registrations/:id/cancel',
    as: 'fuzz-school',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  { route: 'POST /api/registrations/:id/offer/accept', as: 'fuzz-school', valid: fc.constant({}), params: fc.uuid() },
  { route: 'POST /api/registrations/:id/offer/decline', as: 'fuzz-school', valid: fc.constant({}), params: fc.uuid() },
  { route: 'POST /api/registrations/:id/approve', as: 'fuzz-staff', valid: fc.constant({}), params: fc.uuid() },
  {
    route: 'POST /api/registrations/:id/decline',
    as: 'fuzz-staff',
    valid: fc.record({ reason: text }),
    params: fc.uuid(),
  },
  {
    route: 'PUT /api/staff/bases/:baseId/squadron-settings',
    as: 'fuzz-admin',
    valid: fc.record({
      approvalRequired: fc.boolean(),
      cutoffHours: fc.integer({ min: 0, max: 720 }),
      offerHours: fc.integer({ min: 1, max: 336 }),
    }),
    params: fc.constantFrom(A, 'hunan-geo-museum', 'atlantis'),
  },
  { route: 'POST /api/staff/school-accounts/:id/approve', as: 'fuzz-staff', valid: fc.constant({}), params: fc.uuid() },
  // Device ids: real tokens (issued in beforeAll), made-up ids, and tokens with a forged signature.
  {
    route: 'POST /api/ratings',
    as: null,
    valid: fc.record({
      baseId: fc.constantFrom(A, 'atlantis'),
      deviceId: fc.oneof(
        fc.constant(null).map(() => deviceTokens.pop() ?? 'out-of-tokens'),
        deviceId,
        fc.constant(`${'a'.repeat(22)}.${'b'.repeat(43)}`),
      ),
      score: fc.integer({ min: 1, max: 5 }),
      comment: fc.oneof(fc.string({ maxLength: 500 }), hostileText),
    }),
    sideEffects: ['rate_limits', 'server_secrets'],
  },
  {
    route: 'POST /api/ratings/device',
    as: null,
    valid: fc.constant({}),
    sideEffects: ['rate_limits', 'server_secrets'],
  },
  {
    route: 'POST /api/admin/accounts/:id/reject',
    as: 'fuzz-admin',
    valid: fc.record({ reason: text }),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/admin/accounts/:id/disable',
    as: 'fuzz-admin',
    valid: fc.record({ reason: text }),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
    sideEffects: ['sessions'],
  },
  {
    route: 'POST /api/admin/accounts/:id/enable',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  // tus uploads: JSON bodies are no tus requests (no Upload-Length or Upload-Metadata): refused before anything is stored.
  {
    route: 'POST /api/uploads',
    as: 'fuzz-staff',
    valid: fc.record({ purpose: fc.constantFrom('base-photo', 'attachment') }),
  },
  {
    route: 'PATCH /api/uploads/:id',
    as: 'fuzz-staff',
    valid: fc.record({ bytes: hostileString }),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'DELETE /api/uploads/:id',
    as: 'fuzz-staff',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/admin/accounts/:id/password',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
    sideEffects: ['sessions'],
  },
  // 科普专家库: real ids (made in beforeAll) beside made-up ones, so valid requests reach the database.
  { route: 'PUT /api/expert/profile', as: 'fuzz-expert', valid: expertProfile },
  { route: 'PUT /api/expert/pause', as: 'fuzz-expert', valid: fc.record({ paused: fc.boolean() }) },
  {
    route: 'PUT /api/expert/photo',
    as: 'fuzz-expert',
    valid: fc.record({ mediaId: fc.oneof(fc.constant(null), fc.uuid()) }),
  },
  {
    route: 'POST /api/admin/experts',
    as: 'fuzz-admin',
    valid: fc.record({ name: text, title: text, institution: text, contact }, { requiredKeys: ['name'] }),
  },
  {
    route: 'POST /api/admin/experts/:id/invite',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(fc.uuid(), fuzzId('announced')),
  },
  {
    route: 'POST /api/admin/expert-changes/:id/approve',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/admin/expert-changes/:id/reject',
    as: 'fuzz-admin',
    valid: fc.record({ reason: text }),
    params: fc.uuid(),
  },
  {
    route: 'POST /api/expert-invites/preview',
    as: null,
    valid: fc.record({ token: fc.string({ minLength: 16, maxLength: 60 }) }),
    sideEffects: ['rate_limits'],
  },
  {
    route: 'POST /api/expert-invites/accept',
    as: null,
    valid: fc.record({ token: fc.string({ minLength: 16, maxLength: 60 }), username: name, password }),
    sideEffects: ['rate_limits'],
  },
  {
    route: 'POST /api/staff/bases/:baseId/expert-requests',
    as: 'fuzz-staff',
    params: fc.constantFrom(A, 'hunan-geo-museum', 'atlantis'),
    valid: fc.record({
      expertId: fc.oneof(fuzzId('expert'), fc.uuid()),
      eventId: fc.oneof(fuzzId('event'), fc.uuid()),
      date: fc.oneof(fuzzId('day'), fc.constant('2026-02-30')),
      format: fc.constantFrom(...EXPERT_REQUEST_FORMATS),
      message: text,
    }),
  },
  {
    route: 'POST /api/staff/bases/:baseId/expert-requests/:id/withdraw',
    as: 'fuzz-staff',
    valid: fc.record({ reason: text }),
    params: fc.oneof(fc.constant(A), fc.uuid(), fuzzId('request')),
  },
  {
    route: 'POST /api/base-profiles/:baseId/proposals',
    as: 'fuzz-staff',
    params: fc.constantFrom(A, 'hunan-geo-museum', 'atlantis'),
    valid: baseProposal,
  },
  {
    route: 'POST /api/admin/base-proposals/:id/approve',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: fc.oneof(fc.uuid(), fuzzId('proposal')),
  },
  {
    route: 'POST /api/admin/base-proposals/:id/reject',
    as: 'fuzz-admin',
    valid: fc.record({ reason: text }),
    params: fc.oneof(fc.uuid(), fuzzId('proposal')),
  },
  {
    route: 'PUT /api/admin/base-profiles/:baseId/settings',
    as: 'fuzz-admin',
    valid: fc.record({ minorFieldsDirect: fc.boolean() }),
    params: fc.constantFrom(A, 'atlantis'),
  },
  {
    route: 'POST /api/expert/requests/:id/accept',
    as: 'fuzz-expert',
    valid: fc.constant({}),
    params: fc.oneof(
      fc.uuid(),
      fuzzId('request'),
      hostileString.filter((v) => v.length > 0 && v.length < 300),
    ),
  },
  {
    route: 'POST /api/expert/requests/:id/decline',
    as: 'fuzz-expert',
    valid: fc.record({ reason: text }, { requiredKeys: [] }),
    params: fc.oneof(fc.uuid(), fuzzId('request')),
  },
  {
    route: 'POST /api/expert/requests/:id/withdraw',
    as: 'fuzz-expert',
    valid: fc.record({ reason: text }),
    params: fc.oneof(fc.uuid(), fuzzId('request')),
  },
  // 讲解大赛 and 微视频大赛: real ids (made in beforeAll) beside made-up ones.
  {
    route: 'POST /api/admin/contests',
    as: 'fuzz-admin',
    valid: fc.record({ config: contestConfigArb, published: fc.boolean() }),
  },
  {
    route: 'PUT /api/admin/contests/:id',
    as: 'fuzz-admin',
    valid: fc.record({ config: contestConfigArb, published: fc.constant(true) }),
    params: contestId,
  },
  { route: 'POST /api/contests/:id/entries', as: 'fuzz-school', valid: entryFields, params: contestId },
  { route: 'PATCH /api/contest-entries/:id', as: 'fuzz-school', valid: entryFields, params: entryId },
  {
    route: 'PUT /api/contest-entries/:id/videos/:slot',
    as: 'fuzz-school',
    valid: fc.record({ mediaId: fc.uuid() }),
    params: slotPart,
  },
  {
    route: 'PUT /api/contest-entries/:id/captions/:slot',
    as: 'fuzz-school',
    valid: fc.record({
      vtt: fc.oneof(fc.constant('WEBVTT\n\n00:00.000 --> 00:01.000\n你好\n'), hostileText, fc.string()),
    }),
    params: slotPart,
  },
  { route: 'POST /api/contest-entries/:id/submit', as: 'fuzz-school', valid: fc.constant({}), params: entryId },
  {
    route: 'POST /api/contest-votes/device',
    as: null,
    valid: fc.constant({}),
    sideEffects: ['rate_limits', 'server_secrets'],
  },
  {
    route: 'POST /api/contests/:id/votes',
    as: null,
    valid: fc.record({
      entryId: judgedId,
      deviceToken: fc.oneof(
        fc.constant(null).map(() => voteTokens.pop() ?? 'out-of-tokens'),
        fc.string({ minLength: 10, maxLength: 80 }),
      ),
    }),
    params: contestId,
    sideEffects: ['rate_limits', 'server_secrets'],
  },
  {
    route: 'POST /api/admin/contest-entries/:id/eligibility',
    as: 'fuzz-admin',
    valid: fc.record({ eligible: fc.boolean(), reason: text }, { requiredKeys: ['eligible'] }),
    params: judgedId,
  },
  {
    route: 'PUT /api/admin/contests/:id/shortlist',
    as: 'fuzz-admin',
    valid: fc.record({ entryIds: fc.array(judgedId, { maxLength: 3 }) }),
    params: contestId,
  },
  {
    route: 'POST /api/admin/contests/:id/panels',
    as: 'fuzz-admin',
    valid: fc.record(
      {
        stage: fc.constantFrom('preliminary', 'final'),
        expertIds: fc.array(fc.oneof(fuzzId('expert'), fc.uuid()), { minLength: 1, maxLength: 3 }),
        entryIds: fc.array(judgedId, { maxLength: 3 }),
      },
      { requiredKeys: ['stage', 'expertIds'] },
    ),
    params: contestId,
  },
  {
    route: 'POST /api/admin/contest-panels/:id/conflicts',
    as: 'fuzz-admin',
    valid: fc.record({ entryId: judgedId, expertId: fc.oneof(fuzzId('expert'), fc.uuid()), note: text }),
    params: panelId,
  },
  {
    route: 'POST /api/admin/contest-panels/:id/next-round',
    as: 'fuzz-admin',
    valid: fc.record(
      {
        entryIds: fc.array(judgedId, { minLength: 1, maxLength: 3 }),
        expertIds: fc.array(fc.oneof(fuzzId('expert'), fc.uuid()), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['entryIds'] },
    ),
    params: panelId,
  },
  {
    route: 'POST /api/admin/contests/:id/votes/discount',
    as: 'fuzz-admin',
    valid: fc.record({
      flagIds: fc.array(fc.oneof(hostileText, fc.constant('burst:x')), { minLength: 1, maxLength: 3 }),
      discount: fc.boolean(),
    }),
    params: contestId,
  },
  {
    route: 'PUT /api/admin/contests/:id/results',
    as: 'fuzz-admin',
    valid: fc.record({
      awards: fc.array(
        fc.record({
          awardId: fc.constantFrom('first', 'second', 'popularity', 'golden'),
          entryIds: fc.array(judgedId, { maxLength: 2 }),
        }),
        { maxLength: 3 },
      ),
    }),
    params: contestId,
  },
  {
    route: 'POST /api/admin/contests/:id/results/publish',
    as: 'fuzz-admin',
    valid: fc.constant({}),
    params: contestId,
  },
  {
    route: 'PUT /api/judge/contest-panels/:id/entries/:entryId/scores',
    as: 'fuzz-expert',
    valid: fc.record({
      scores: fc.array(
        fc.record({
          criterion: fc.constantFrom('accuracy', 'expression', 'manner', 'style'),
          score: fc.double({ min: -5, max: 120, noNaN: true }),
          comment: text,
        }),
        { minLength: 1, maxLength: 4 },
      ),
      submit: fc.boolean(),
    }),
    params: fc.oneof(fuzzId('panel'), fuzzId('judged')),
  },
  {
    route: 'POST /api/judge/contest-panels/:id/entries/:entryId/conflict',
    as: 'fuzz-expert',
    valid: fc.record({ note: text }),
    params: fc.oneof(fuzzId('panel'), fuzzId('judged')),
  },
  // Issue 24: applying, reviewing, naming and evaluating.
  {
    route: 'POST /api/auth/applicant-signup',
    as: null,
    valid: fc.record({
      username: name,
      password,
      displayName: text,
      institution: fc.record({ name: text, province: text, contact: fc.constantFrom('0731-1234567', '1') }),
    }),
  },
  {
    route: 'POST /api/applicant/calls/:id/applications',
    as: 'fuzz-applicant',
    valid: fc.constant({}),
    params: fuzzId('call'),
  },
  {
    route: 'PUT /api/applicant/applications/:id',
    as: 'fuzz-applicant',
    valid: fc.record({
      form: fc.record(
        {
          institution: fc.record(
            { name: text, contactPhone: fc.constantFrom('010-12345678', 'call me') },
            { requiredKeys: [] },
          ),
          place: fc.record(
            {
              name: text,
              province: text,
              location: fc.record({ lat: fc.double({ min: -90, max: 90 }), lon: fc.double({ min: -180, max: 180 }) }),
            },
            { requiredKeys: [] },
          ),
          conditions: fc.record(
            { venueAreaM2: fc.double({ min: -10, max: 1e6 }), staff: fc.integer({ min: -1, max: 100 }) },
            { requiredKeys: [] },
          ),
          plans: text,
        },
        { requiredKeys: [] },
      ),
      attachments: fc.array(fc.record({ slot: fc.constantFrom('license', 'BAD'), mediaId: fc.uuid() }), {
        maxLength: 2,
      }),
      version: fc.nat({ max: 5 }),
    }),
    params: fuzzId('application'),
  },
  {
    route: 'POST /api/applicant/applications/:id/submit',
    as: 'fuzz-applicant',
    valid: fc.constant({}),
    params: fuzzId('application'),
  },
  {
    route: 'POST /api/admin/naming/calls',
    as: 'fuzz-admin',
    valid: fc.record({
      title: text,
      year: fc.integer({ min: 1990, max: 2110 }),
      list: fc.constantFrom('national', 'ministry', 'other'),
      category: fc.constantFrom('科普场馆类', '自然资源场景类', '科学研究类', '其他'),
      deadline: at,
      attachments: fc.array(fc.record({ id: fc.constantFrom('license', 'Bad Slot'), label: text }), { maxLength: 2 }),
      criteria: fc.array(
        fc.record({
          id: fc.constantFrom('conditions', 'plans', 'Bad'),
          label: fc.record({ zh: text, en: text }),
          weight: fc.double({ min: -1, max: 120, noNaN: true }),
          maxScore: fc.integer({ min: 0, max: 120 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      grades: fc.array(text, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    route: 'POST /api/admin/naming/applications/:id/check',
    as: 'fuzz-admin',
    valid: fc.oneof(
      fc.constant({ decision: 'accept' }),
      fc.record({ decision: fc.constant('return'), reasons: fc.array(text, { minLength: 1, maxLength: 3 }) }),
    ),
    params: fuzzId('application'),
  },
  {
    route: 'POST /api/admin/naming/calls/:id/panels',
    as: 'fuzz-admin',
    valid: fc.record({ expertIds: fc.array(fc.oneof(fuzzId('expert'), fc.uuid()), { minLength: 1, maxLength: 2 }) }),
    params: fuzzId('call'),
  },
  {
    route: 'POST /api/admin/naming-panels/:id/next-round',
    as: 'fuzz-admin',
    valid: fc.record({ itemIds: fc.array(fc.oneof(fuzzId('reviewed'), fc.uuid()), { minLength: 1, maxLength: 2 }) }),
    params: fuzzId('namingPanel'),
  },
  {
    route: 'POST /api/admin/naming/batches',
    as: 'fuzz-admin',
    // Never the reviewed application: naming it would change base A's neighbours for later specs.
    valid: fc.record({
      title: text,
      year: fc.integer({ min: 1990, max: 2110 }),
      list: fc.constantFrom('national', 'ministry'),
      applicationIds: fc.array(fc.oneof(fuzzId('application'), fc.uuid()), { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    route: 'PUT /api/review/naming-panels/:id/items/:itemId/scores',
    as: 'fuzz-expert',
    valid: fc.record({
      scores: fc.array(
        fc.record({
          criterion: fc.constantFrom('conditions', 'style'),
          score: fc.double({ min: -5, max: 120, noNaN: true }),
          comment: text,
        }),
        { minLength: 1, maxLength: 2 },
      ),
      submit: fc.boolean(),
    }),
    params: fc.oneof(fuzzId('namingPanel'), fuzzId('reviewed')),
  },
  {
    route: 'POST /api/review/naming-panels/:id/items/:itemId/conflict',
    as: 'fuzz-expert',
    valid: fc.record({ note: text }),
    params: fc.oneof(fuzzId('namingPanel'), fuzzId('reviewed')),
  },
  {
    route: 'POST /api/admin/evaluations',
    as: 'fuzz-admin',
    valid: fc.record({
      year: fc.integer({ min: 1990, max: 2110 }),
      deadline: at,
      criteria: fc.constant([{ id: 'work', label: { zh: '工作', en: 'Work' }, weight: 1 }]),
      grades: fc.array(text, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    route: 'POST /api/admin/evaluations/:id/panels',
    as: 'fuzz-admin',
    valid: fc.record({ expertIds: fc.array(fc.oneof(fuzzId('expert'), fc.uuid()), { minLength: 1, maxLength: 2 }) }),
    params: fuzzId('evaluation'),
  },
  {
    route: 'PUT /api/staff/bases/:baseId/evaluation',
    as: 'fuzz-staff',
    valid: fc.record(
      {
        summary: text,
        staff: fc.integer({ min: -1, max: 1000 }),
        funding: fc.double({ min: -1, max: 1e6 }),
        submit: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    params: fc.constant(A),
  },
  {
    route: 'POST /api/admin/evaluations/:id/publish',
    as: 'fuzz-admin',
    valid: fc.record({
      grades: fc.array(
        fc.record({
          baseId: fc.constantFrom(A, 'no-such-base'),
          grade: fc.oneof(fc.constantFrom('优秀', '合格'), text),
        }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    }),
    params: fuzzId('evaluation'),
  },
  {
    route: 'POST /api/admin/bases/:baseId/withdraw',
    as: 'fuzz-admin',
    // Never a real base: the feeds below still read base A.
    valid: fc.record({ reason: text }),
    params: fc.constantFrom('no-such-base', 'Not An Id'),
  },
  // Last of the contest routes: the entry it withdraws is the one the others use.
  { route: 'POST /api/contest-entries/:id/withdraw', as: 'fuzz-school', valid: fc.constant({}), params: entryId },
]

let t: TestApp
let target: FuzzTarget
/** Server-issued rating device tokens, one per rating run that wants a real one. */
const deviceTokens: string[] = []
/** Server-issued vote tokens, the same for votes. */
const voteTokens: string[] = []
const ids = new Map<string, string>()

beforeAll(async () => {
  const vapid = webpush.generateVAPIDKeys()
  t = await buildTestApp({
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@ziran-kepu.cn',
  })
  // The setup route: a live token exists, but the hostile bodies do not know it.
  await issueSetupToken(t.database.db)
  ids.set('fuzz-school', (await seedAccount(t, 'fuzz-school', 'school')).account.id)
  ids.set('fuzz-staff', (await seedAccount(t, 'fuzz-staff', 'base_staff', { baseId: A })).account.id)
  ids.set('fuzz-admin', (await seedAccount(t, 'fuzz-admin', 'admin')).account.id)
  ids.set('fuzz-applicant', (await seedAccount(t, 'fuzz-applicant', 'applicant')).account.id)
  for (let i = 0; i < RUNS * 2; i++) deviceTokens.push(await issueDeviceToken(t.database.db))
  for (let i = 0; i < RUNS; i++) voteTokens.push(await issueVoteToken(t.database.db, new Date()))
  target = {
    app: t.app,
    db: t.database.db,
    cookieFor: async (as) => `zk_session=${(await createSession(t.database.db, ids.get(as)!)).token}`,
  }
  // An expert with an account (fuzz-expert), an event of base A with a request to that expert.
  const as = async (who: string) => ({ cookie: await target.cookieFor(who), origin: ORIGIN })
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/admin/experts',
    headers: await as('fuzz-admin'),
    payload: { name: '模糊测试专家' },
  })
  const { expert, invite } = created.json<ExpertInviteResponse>()
  const accepted = await t.app.inject({
    method: 'POST',
    url: '/api/expert-invites/accept',
    headers: { origin: ORIGIN },
    payload: { token: invite.token, username: 'fuzz-expert', password: 'fuzz-expert-passphrase' },
  })
  expect(accepted.statusCode, accepted.body).toBe(201)
  ids.set('fuzz-expert', accepted.json<{ account: { id: string } }>().account.id)
  fuzzIds.expert = expert.id
  fuzzIds.announced = (await t.app.inject({ url: '/api/experts?q=ouyang' })).json<ExpertsResponse>().experts[0]!.id
  fuzzIds.event = uuidv7()
  fuzzIds.day = addDays(todayInChina(), 30)
  const pushed = await t.app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: await as('fuzz-staff'),
    payload: {
      deviceId: 'device-fuzz-experts',
      records: [
        {
          id: fuzzIds.event,
          kind: 'event',
          baseId: A,
          baseVersion: 0,
          payload: { title: '专家讲座', start: `${fuzzIds.day}T09:00:00+08:00`, end: `${fuzzIds.day}T11:00:00+08:00` },
        },
      ],
    },
  })
  expect(pushed.json<{ acks: PushAck[] }>().acks[0]?.status, pushed.body).toBe('accepted')
  const requested = await t.app.inject({
    method: 'POST',
    url: `/api/staff/bases/${A}/expert-requests`,
    headers: await as('fuzz-staff'),
    payload: { expertId: expert.id, eventId: fuzzIds.event, date: fuzzIds.day, format: 'talk', message: '诚邀讲座' },
  })
  expect(requested.statusCode, requested.body).toBe(201)
  fuzzIds.request = requested.json<{ request: { id: string } }>().request.id
  const proposed = await t.app.inject({
    method: 'POST',
    url: `/api/base-profiles/${A}/proposals`,
    headers: await as('fuzz-staff'),
    payload: { changes: { booking: '请提前预约。' }, loadedVersions: { booking: 0 } },
  })
  expect(proposed.statusCode, proposed.body).toBe(201)
  fuzzIds.proposal = proposed.json<{ proposal: { id: string } }>().proposal.id
  // A contest in its entry stage with a draft of fuzz-school, and a submitted, eligible entry on a panel of fuzz-expert.
  const contest = await t.app.inject({
    method: 'POST',
    url: '/api/admin/contests',
    headers: await as('fuzz-admin'),
    payload: { config: explanationContest({ quotas: { perOrganisation: 1000, byOrganisation: {} } }), published: true },
  })
  expect(contest.statusCode, contest.body).toBe(201)
  fuzzIds.contest = contest.json<{ contest: { id: string } }>().contest.id
  const entry = await t.app.inject({
    method: 'POST',
    url: `/api/contests/${fuzzIds.contest}/entries`,
    headers: await as('fuzz-school'),
    payload: { title: '模糊测试作品', theme: '地质遗迹', entrantNames: ['张小明'] },
  })
  expect(entry.statusCode, entry.body).toBe(201)
  fuzzIds.entry = entry.json<{ entry: { id: string } }>().entry.id
  const schoolId = ids.get('fuzz-school')!
  const [judged] = await t.database.db
    .insert(contestEntries)
    .values({
      contestId: fuzzIds.contest,
      accountId: schoolId,
      organisationKey: `school:${schoolId}`,
      organisationName: 'fuzz-school',
      title: '已提交的作品',
      theme: '地质遗迹',
      entrantNames: ['李小红'],
      status: 'submitted',
      eligibility: 'eligible',
      submittedAt: new Date(),
    })
    .returning({ id: contestEntries.id })
  fuzzIds.judged = judged!.id
  const panel = await t.app.inject({
    method: 'POST',
    url: `/api/admin/contests/${fuzzIds.contest}/panels`,
    headers: await as('fuzz-admin'),
    payload: { stage: 'preliminary', expertIds: [expert.id] },
  })
  expect(panel.statusCode, panel.body).toBe(201)
  fuzzIds.panel = panel.json<{ panel: { id: string } }>().panel.id
  const work = await t.app.inject({
    method: 'POST',
    url: '/api/editor/works',
    headers: await as('fuzz-admin'),
    payload: { document: { type: 'article', title: { zh: '模糊测试作品' }, summary: { zh: '摘要' }, body: '正文' } },
  })
  expect(work.statusCode, work.body).toBe(201)
  fuzzIds.work = work.json<{ work: { id: string } }>().work.id
  // Issue 24: a call, the applicant's draft, an accepted application on a panel of fuzz-expert, an open evaluation.
  const criteria = [{ id: 'conditions', label: { zh: '科普条件', en: 'Conditions' }, weight: 1 }]
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString()
  const called = await t.app.inject({
    method: 'POST',
    url: '/api/admin/naming/calls',
    headers: await as('fuzz-admin'),
    payload: { title: '模糊测试申报', year: 2026, list: 'national', category: '科普场馆类', deadline, criteria },
  })
  expect(called.statusCode, called.body).toBe(201)
  fuzzIds.call = called.json<{ call: { id: string } }>().call.id
  const started = await t.app.inject({
    method: 'POST',
    url: `/api/applicant/calls/${fuzzIds.call}/applications`,
    headers: await as('fuzz-applicant'),
  })
  expect(started.statusCode, started.body).toBe(201)
  fuzzIds.application = started.json<{ application: { id: string } }>().application.id
  const other = await seedAccount(t, 'fuzz-applicant-2', 'applicant')
  const [reviewed] = await t.database.db
    .insert(baseApplications)
    .values({ callId: fuzzIds.call, accountId: other.account.id, status: 'accepted', submittedAt: new Date() })
    .returning({ id: baseApplications.id })
  fuzzIds.reviewed = reviewed!.id
  const namingPanel = await t.app.inject({
    method: 'POST',
    url: `/api/admin/naming/calls/${fuzzIds.call}/panels`,
    headers: await as('fuzz-admin'),
    payload: { expertIds: [expert.id], applicationIds: [fuzzIds.reviewed] },
  })
  expect(namingPanel.statusCode, namingPanel.body).toBe(201)
  fuzzIds.namingPanel = namingPanel.json<{ panel: { id: string } }>().panel.id
  const evaluation = await t.app.inject({
    method: 'POST',
    url: '/api/admin/evaluations',
    headers: await as('fuzz-admin'),
    payload: { year: 2026, deadline, criteria },
  })
  expect(evaluation.statusCode, evaluation.body).toBe(201)
  fuzzIds.evaluation = evaluation.json<{ evaluation: { id: string } }>().evaluation.id
}, 180_000) // three argon2 hashes and a database: slow on a busy CI machine
afterAll(async () => {
  await t.close()
})

describe('write endpoints under hostile input', () => {
  it('has a property spec for every write route the app registers', () => {
    const writes = t.app.registeredRoutes
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      .map((r) => `${r.method} ${r.url}`)
    const missing = writes.filter((route) => !SPECS.some((s) => s.route === route))
    expect(
      missing,
      `Write routes without a hostile-input spec: add one line each to SPECS in test/server/write-endpoints-property.test.ts:\n  ${missing.join('\n  ')}`,
    ).toEqual([])
  })

  for (const spec of SPECS) {
    it(`${spec.route}: never a 5xx, never an invalid or partial write`, async () => {
      await fuzzWriteRoute(target, spec, RUNS)
    }, 240_000)
  }
})

/** A calendar file read by ical.js (Mozilla's parser): its events, each with a UID. */
function parseCalendar(body: string, label: string): ICAL.Component[] {
  try {
    return new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent')
  } catch (error) {
    throw new Error(`${label} does not parse as iCalendar: ${String(error)}\n${body.slice(0, 500)}`)
  }
}

describe('feeds after hostile but accepted writes', () => {
  // Runs after the write specs above (Vitest keeps file order): whatever they stored is in the feeds too.
  it('keep the calendar and CAP feeds parseable, one VEVENT per event', async () => {
    const admin = await target.cookieFor('fuzz-admin')
    const staff = await target.cookieFor('fuzz-staff')
    const headers = (cookie: string) => ({ cookie, origin: ORIGIN, 'content-type': 'application/json' })
    // Text the schemas accept but iCalendar and XML must escape, in every text field.
    const tricky = [
      '第\\1场; 地质, 讲座',
      'END:VEVENT BEGIN:VEVENT',
      '<b>&amp; "x" \'y\'</b>',
      '🧪𠀀 ｅｘａｍｐｌｅ',
      'x'.repeat(120),
    ]
    const records = tricky.map((title, i) => ({
      id: uuidv7(),
      kind: 'event',
      baseId: A,
      baseVersion: 0,
      payload: {
        title,
        description: `${title}\n第二行\t缩进`,
        place: title.slice(0, 200),
        start: `2026-12-0${String(i + 1)}T09:00:00+08:00`,
        end: `2026-12-0${String(i + 1)}T11:00:00+08:00`,
      },
    }))
    const pushed = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: headers(staff),
      payload: { deviceId: 'device-feeds-1', records },
    })
    expect(pushed.json<{ acks: PushAck[] }>().acks.map((a) => a.status)).toEqual(tricky.map(() => 'accepted'))
    for (const headline of tricky) {
      const notice = await t.app.inject({
        method: 'POST',
        url: '/api/notices',
        headers: headers(admin),
        payload: {
          kind: 'alert',
          msgType: 'Alert',
          event: headline.slice(0, 200),
          level: 'blue',
          headline: headline.slice(0, 200),
          description: `${headline}\n第二行`,
          area: { description: headline.slice(0, 500), provinces: ['430000'] },
        },
      })
      expect(notice.statusCode, notice.body).toBe(201)
    }

    const feed = await t.app.inject({ url: '/api/calendar.ics?years=1' })
    expect(feed.statusCode).toBe(200)
    const events = parseCalendar(feed.body, '/api/calendar.ics')
    expect(new Set(events.map((e) => e.getFirstPropertyValue('uid'))).size).toBe(events.length)
    for (const record of records) {
      const summaries = events
        .filter((e) => e.getFirstPropertyValue('uid') === `event-${record.id}@ziran-kepu.cn`)
        .map((e) => e.getFirstPropertyValue('summary'))
      expect(summaries).toEqual([record.payload.title])
    }
    const listed = await t.app.inject({ url: '/api/events?from=2026-01-01&to=2027-01-31' })
    const eventIds = listed.json<{ events: { id: string }[] }>().events.map((e) => e.id)
    expect(eventIds).toEqual(expect.arrayContaining(records.map((r) => r.id)))
    for (const id of eventIds) {
      const ics = await t.app.inject({ url: `/api/events/${id}.ics?remind=60` })
      expect(ics.statusCode).toBe(200)
      expect(parseCalendar(ics.body, `/api/events/${id}.ics`)).toHaveLength(1)
    }

    const notices = await t.app.inject({ url: '/api/notices' })
    expect(notices.statusCode).toBe(200)
    const list = notices.json<{ notices: { id: string }[] }>().notices
    expect(list.length).toBeGreaterThanOrEqual(tricky.length)
    for (const { id } of list) {
      const cap = await t.app.inject({ url: `/api/notices/${id}/cap.xml` })
      expect(cap.statusCode).toBe(200)
      expect(XMLValidator.validate(cap.body), cap.body.slice(0, 500)).toBe(true)
    }
  }, 240_000)
})

/** Query keys the read routes take; hostile values for each, on every GET route (new ones included). */
const QUERY_KEYS = [
  'baseId',
  'province',
  'from',
  'to',
  'themeDayId',
  'audience',
  'status',
  'cursor',
  'limit',
  'years',
  'granularity',
  'q',
  'page',
]

describe('read endpoints under hostile addresses', () => {
  it('never answer a hostile path parameter or query string with a 5xx', async () => {
    const reads = t.app.registeredRoutes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    )
    const cookie = await target.cookieFor('fuzz-admin')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.array(
          hostileString.filter((v) => v.length < 2000),
          { minLength: 3, maxLength: 3 },
        ),
        fc.subarray(QUERY_KEYS, { minLength: 1, maxLength: 3 }),
        async (route, values, keys) => {
          let i = 0
          const path = route.url.replace(/:[A-Za-z]+/g, () => encodeAny(values[i++ % 3]!))
          const query = keys.map((k, j) => `${k}=${encodeAny(values[j % 3]!)}`).join('&')
          const response = await t.app.inject({ url: `${path}?${query}`, headers: { cookie } })
          if (response.statusCode >= 500)
            throw new Error(`GET ${path}?${query} → ${String(response.statusCode)} ${response.body.slice(0, 200)}`)
        },
      ),
      { numRuns: RUNS * 5 },
    )
  }, 240_000)
})
