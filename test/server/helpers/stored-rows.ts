import { count, getTableName, is } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import type { Database } from '../../../src/server/db/connect.ts'
import * as schema from '../../../src/server/db/schema.ts'
import { parseWebVtt } from '../../../src/shared/domain/contest-rules.ts'
import {
  ASSIGNMENT_STATUSES,
  contestConfig,
  ELIGIBILITY,
  entryCreateBody,
  ENTRY_STATUSES,
  organisationKey,
  workCredit,
  appWorkExpertCredit,
  workDocument,
  workState,
  WORK_ACTIONS,
  accountStatus,
  CONFLICT_REASONS,
  criterionScore,
  reviewSettings,
  builtBase,
  capAlert,
  EXPERT_BIO_MAX,
  EXPERT_INSTITUTION_MAX,
  EXPERT_NAME_MAX,
  EXPERT_SOURCES,
  EXPERT_TITLE_MAX,
  expertContact,
  expertField,
  expertRequestFormat,
  expertRequestStatus,
  expertStatus,
  expertVisibility,
  expertPhoto,
  imageFormat,
  mediaKind,
  mediaStatus,
  profileChangeStatus,
  provinceCode,
  pushSubscriptionInput,
  ratingRequest,
  registrationStatus,
  role,
  school,
  squadronInput,
  squadronSettings,
  syncRecord,
  uploadPurpose,
  UPLOAD_RULES,
  username,
  videoInfo,
  APPLICATION_STATUSES,
  attachmentRef,
  callBody,
  designationList,
  draftForm,
  evaluationBody,
  evaluationPrefill,
  selfReportBody,
} from '../../../src/shared/index.ts'
import {
  baseField,
  baseFieldState,
  baseFieldValues,
  baseFieldVersions,
  historyAction,
  proposalStatus,
} from '../../../src/shared/schemas/base-edit.ts'

/*
 * Every stored row re-checked against the shared contract: what a property test runs after
 * hostile requests to prove nothing invalid got in. A table without a check here fails
 * `invalidRows`, so a new feature's tables are covered or the test says where to add them.
 */

type Check = (row: Record<string, unknown>) => string | null

const zodCheck =
  (schemaOf: z.ZodType, shape: (row: Record<string, unknown>) => unknown): Check =>
  (row) => {
    const result = schemaOf.safeParse(shape(row))
    return result.success ? null : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  }
const both =
  (...checks: Check[]): Check =>
  (row) =>
    checks.map((c) => c(row)).find((p) => p !== null) ?? null
/** The stored text equals what the schema makes of it (trimmed, lower-cased …): stored as validated. */
const normalized =
  (schemaOf: z.ZodType, column: string): Check =>
  (row) => {
    const result = schemaOf.safeParse(row[column])
    if (!result.success) return `${column}: ${result.error.issues[0]?.message ?? 'invalid'}`
    return JSON.stringify(result.data) === JSON.stringify(row[column])
      ? null
      : `${column}: stored unnormalized ${JSON.stringify(row[column])}`
  }

/** JSON with sorted keys: jsonb does not keep key order. */
const sorted = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )

const versioned = new Set(['activity', 'event'])

/** Checks by SQL table name. Add one line per new table. */
export const ROW_CHECKS: Record<string, Check> = {
  bases: both(
    zodCheck(builtBase, (r) => r.data),
    zodCheck(
      z.object({ version: z.number().int().nonnegative(), fields: z.partialRecord(baseField, baseFieldState) }),
      (r) => r,
    ),
    (r) => ((r.data as { id: string }).id === r.id ? null : 'data.id: differs from the row'),
  ),
  base_proposals: both(
    zodCheck(
      z.object({
        status: proposalStatus,
        changes: baseFieldValues.partial().strict(),
        loadedVersions: baseFieldVersions,
      }),
      (r) => r,
    ),
    (r) => ((r.status === 'pending') === (r.decidedAt === null) ? null : 'decidedAt: set exactly once decided'),
    (r) =>
      (r.status === 'rejected') === (typeof r.reason === 'string')
        ? null
        : 'reason: set exactly for rejected proposals',
  ),
  base_history: zodCheck(
    z.object({ action: historyAction, version: z.number().int().nonnegative(), field: z.string().nullable() }),
    (r) => r,
  ),
  accounts: both(
    normalized(username, 'username'),
    normalized(z.string().trim().min(1).max(60), 'displayName'),
    zodCheck(z.object({ role, status: accountStatus, passwordHash: z.string().startsWith('$argon2id$') }), (r) => r),
    (r) => ((r.role === 'base_staff') === (typeof r.baseId === 'string') ? null : 'baseId: set exactly for base staff'),
    // Sign-ups always bring school details; accounts made by the tests' seedAccount() have none.
    (r) =>
      r.role === 'school' && r.school !== null
        ? zodCheck(school, (x) => x.school)(r)
        : r.school === null
          ? null
          : 'school: only school accounts have one',
  ),
  sessions: (r) => ((r.expiresAt as Date) > (r.createdAt as Date) ? null : 'expiresAt: before createdAt'),
  setup_tokens: zodCheck(z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }), (r) => r),
  login_attempts: zodCheck(z.object({ username: z.string().max(200), ip: z.string().min(1) }), (r) => r),
  sync_records: both(
    zodCheck(syncRecord, (r) => ({
      id: r.id,
      kind: r.kind,
      baseId: r.baseId,
      payload: r.payload,
      ...(versioned.has(r.kind as string) ? { baseVersion: 0 } : {}),
    })),
    // The stored payload is the validated one (defaults applied, nothing extra).
    (r) => {
      const parsed = syncRecord.safeParse({
        id: r.id,
        kind: r.kind,
        baseId: r.baseId,
        payload: r.payload,
        ...(versioned.has(r.kind as string) ? { baseVersion: 0 } : {}),
      })
      return parsed.success && sorted(parsed.data.payload) !== sorted(r.payload) ? 'payload: stored unnormalized' : null
    },
    zodCheck(z.object({ version: z.number().int().min(1), deviceId: z.string().min(8).max(64) }), (r) => r),
  ),
  rate_limits: zodCheck(z.object({ key: z.string().min(1), hits: z.number().int().min(1) }), (r) => r),
  notices: both(
    zodCheck(capAlert, (r) => r.alert),
    (r) => {
      const a = r.alert as { sender?: string; identifier?: string; msgType?: string }
      return a.sender === r.sender && a.identifier === r.identifier && a.msgType === r.msgType
        ? null
        : 'sender/identifier/msgType: differ from the alert'
    },
    zodCheck(z.object({ source: z.enum(['json', 'cap']), provinces: z.array(z.string().regex(/^\d{6}$/)) }), (r) => r),
  ),
  push_subscriptions: zodCheck(pushSubscriptionInput, (r) => ({
    endpoint: r.endpoint,
    keys: { p256dh: r.p256dh, auth: r.auth },
    provinces: r.provinces,
  })),
  push_deliveries: zodCheck(
    z.object({ result: z.enum(['sent', 'gone', 'failed']), endpoint: z.string().min(1) }),
    (r) => r,
  ),
  squadrons: zodCheck(squadronInput, (r) => ({
    name: r.name,
    grade: r.grade,
    headcount: r.headcount,
    teacher: r.teacher,
    counsellor: r.counsellor,
  })),
  squadron_settings: zodCheck(squadronSettings, (r) => ({
    approvalRequired: r.approvalRequired,
    cutoffHours: r.cutoffHours,
    offerHours: r.offerHours,
  })),
  event_places: zodCheck(z.object({ eventId: z.uuid() }), (r) => r),
  registrations: zodCheck(
    z.object({
      status: registrationStatus,
      headcount: z.number().int().min(1).max(300),
      ticketCode: z.string().min(1).nullable(),
    }),
    (r) => r,
  ),
  experts: both(
    normalized(z.string().trim().min(1).max(EXPERT_NAME_MAX), 'name'),
    zodCheck(
      z.object({
        status: expertStatus,
        source: z.enum(EXPERT_SOURCES),
        visibility: expertVisibility,
        fields: z.array(expertField),
        region: provinceCode.nullable(),
        title: z.string().trim().min(1).max(EXPERT_TITLE_MAX).nullable(),
        institution: z.string().trim().min(1).max(EXPERT_INSTITUTION_MAX).nullable(),
        bio: z.string().max(EXPERT_BIO_MAX),
        namePinyin: z.string().regex(/^[a-z]*$/),
        nameInitials: z.string().regex(/^[a-z]*$/),
        photo: expertPhoto.nullable(),
      }),
      (r) => r,
    ),
    // Nothing announced a photo of anyone.
    (r) => (r.source === 'announcement' && r.photo !== null ? 'photo: never set for announced experts' : null),
    // An account makes an expert active; seeded experts (and only they) carry a content key.
    (r) => ((r.status === 'active') === (r.accountId !== null) ? null : 'accountId: set exactly for active experts'),
    (r) =>
      (r.source === 'announcement') === (r.contentKey !== null)
        ? null
        : 'contentKey: set exactly for announced experts',
  ),
  expert_contacts: zodCheck(expertContact, (r) => ({ email: r.email ?? '', phone: r.phone ?? '' })),
  expert_profile_changes: both(
    zodCheck(
      z.object({
        status: profileChangeStatus,
        title: z.string().max(EXPERT_TITLE_MAX).nullable(),
        institution: z.string().max(EXPERT_INSTITUTION_MAX).nullable(),
      }),
      (r) => r,
    ),
    (r) => ((r.status === 'pending') === (r.decidedAt === null) ? null : 'decidedAt: set exactly once decided'),
    (r) =>
      (r.status === 'rejected') === (typeof r.reason === 'string') ? null : 'reason: set exactly for rejected changes',
  ),
  expert_invites: both(
    zodCheck(z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }), (r) => r),
    (r) => ((r.expiresAt as Date) > (r.createdAt as Date) ? null : 'expiresAt: before createdAt'),
  ),
  expert_requests: both(
    zodCheck(
      z.object({
        status: expertRequestStatus,
        format: expertRequestFormat,
        message: z.string().trim().min(2).max(1000),
        date: z.iso.date(),
      }),
      (r) => r,
    ),
    (r) =>
      (r.status === 'withdrawn') === (r.withdrawnBy !== null && typeof r.withdrawReason === 'string')
        ? null
        : 'withdrawnBy/withdrawReason: set exactly for withdrawn requests',
  ),
  server_secrets: zodCheck(z.object({ name: z.string().min(1), value: z.string().min(16) }), (r) => r),
  ratings: both(
    // The device id is the id part of a server-issued token (services/rating-service.ts).
    zodCheck(
      ratingRequest.omit({ deviceId: true }).extend({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{22}$/) }),
      (r) => ({ baseId: r.baseId, deviceId: r.deviceId, score: r.score, comment: r.comment }),
    ),
    normalized(z.string().trim().max(500), 'comment'),
  ),
  media_uploads: both(
    zodCheck(
      z.object({
        purpose: uploadPurpose,
        length: z.number().int().nonnegative(),
        state: z.enum(['uploading', 'finishing']),
        filename: z.string().min(1).max(200).nullable(),
      }),
      (r) => r,
    ),
    (r) =>
      (r.length as number) <= UPLOAD_RULES[r.purpose as keyof typeof UPLOAD_RULES].maxBytes
        ? null
        : "length: over the purpose's limit",
    (r) => ((r.expiresAt as Date) > (r.createdAt as Date) ? null : 'expiresAt: before createdAt'),
  ),
  media: zodCheck(
    z.object({
      purpose: uploadPurpose,
      kind: mediaKind,
      status: mediaStatus,
      contentType: z.string().min(1),
      bytes: z.number().int().nonnegative(),
      variants: z.array(
        z.object({
          width: z.number().int().positive(),
          height: z.number().int().positive(),
          format: imageFormat,
          key: z.string().min(1),
          bytes: z.number().int().nonnegative(),
        }),
      ),
      original: z
        .object({ key: z.string().min(1), contentType: z.string().min(1), bytes: z.number().int().nonnegative() })
        .nullable(),
      video: videoInfo.nullable(),
    }),
    (r) => r,
  ),
  review_panels: zodCheck(
    z.object({ settings: reviewSettings, status: z.enum(['open', 'closed']), round: z.number().int().min(1) }),
    (r) => r,
  ),
  review_panel_members: zodCheck(z.object({ panelId: z.uuid(), accountId: z.uuid() }), (r) => r),
  review_items: zodCheck(z.object({ itemId: z.string().min(1), organisations: z.array(z.string()) }), (r) => r),
  review_assignments: both(
    zodCheck(z.object({ status: z.enum(ASSIGNMENT_STATUSES), scores: z.array(criterionScore) }), (r) => r),
    (r) => ((r.status === 'submitted') === (r.submittedAt !== null) ? null : 'submittedAt: set exactly when submitted'),
  ),
  review_conflicts: zodCheck(z.object({ reason: z.enum(CONFLICT_REASONS), note: z.string().max(300) }), (r) => r),
  contests: both(
    zodCheck(contestConfig, (r) => r.config),
    (r) => ((r.config as { kind: string }).kind === r.kind ? null : 'kind: differs from the configuration'),
    (r) => (r.resultsPublishedAt === null || r.results !== null ? null : 'results: published without awards'),
  ),
  contest_entries: both(
    zodCheck(
      z.object({
        ...entryCreateBody.shape,
        description: z.string().max(1000),
        status: z.enum(ENTRY_STATUSES),
        eligibility: z.enum(ELIGIBILITY),
        organisationKey: organisationKey,
        captions: z.record(
          z.string(),
          z.string().refine((v) => parseWebVtt(v).ok, 'not WebVTT'),
        ),
      }),
      (r) => ({ ...r, declaration: r.declaration ?? null }),
    ),
    (r) =>
      (r.status === 'draft') === (r.submittedAt === null) || r.status === 'withdrawn'
        ? null
        : 'submittedAt: set exactly once submitted',
  ),
  contest_entry_videos: zodCheck(
    z.object({ slot: z.string().regex(/^[a-z0-9-]{1,30}$/), video: videoInfo, bytes: z.number().int().positive() }),
    (r) => r,
  ),
  contest_votes: zodCheck(
    z.object({
      deviceId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
      day: z.iso.date(),
      addressHash: z.string().min(20),
      discountedBy: z.string().min(1).nullable(),
    }),
    (r) => r,
  ),
  app_works: zodCheck(
    z.union([
      z.object({
        kind: z.literal('video'),
        titleZh: z.string().min(1),
        credits: z.array(workCredit).min(1),
        expertCredits: z.array(appWorkExpertCredit),
        licence: z.string().min(1),
        mediaIds: z.array(z.uuid()),
        source: z.literal('contest'),
      }),
      // Written in the app, or imported from content/: the draft is a valid document (what
      // editors send is checked by the same schema), and so is what visitors see.
      z.object({
        source: z.enum(['app', 'content']),
        state: workState,
        draft: workDocument,
        published: workDocument.nullable(),
        version: z.number().int().positive(),
      }),
    ]),
    (r) => r,
  ),
  app_work_versions: zodCheck(
    z.object({ version: z.number().int().positive(), action: z.enum(WORK_ACTIONS), document: workDocument.nullable() }),
    (r) => r,
  ),
  // Issue 24: calls, applicants, applications, named batches, evaluations.
  naming_calls: zodCheck(callBody, (r) => r.config),
  applicants: zodCheck(
    z.object({ institution: z.string().min(2), province: z.string().min(2), contact: z.string().min(5) }),
    (r) => r,
  ),
  base_applications: both(
    zodCheck(
      z.object({
        status: z.enum(APPLICATION_STATUSES),
        form: draftForm,
        attachments: z.array(attachmentRef),
        returnReasons: z.array(z.string().min(1)),
        version: z.number().int().nonnegative(),
      }),
      (r) => r,
    ),
    (r) => ((r.status === 'draft') === (r.submittedAt === null) ? null : 'submittedAt: set exactly once submitted'),
    (r) => ((r.status === 'named') === (r.baseId !== null) ? null : 'baseId: set exactly when named'),
  ),
  designation_batches: zodCheck(
    z.object({ title: z.string().min(2), year: z.number().int(), list: designationList }),
    (r) => r,
  ),
  base_designations: zodCheck(z.object({ list: designationList, baseId: z.string().min(1) }), (r) => r),
  base_evaluations: both(
    zodCheck(evaluationBody, (r) => r.config),
    (r) => ((r.config as { year: number }).year === r.year ? null : 'year: differs from the configuration'),
  ),
  evaluation_reports: both(
    zodCheck(
      z.object({
        status: z.enum(['draft', 'submitted']),
        prefill: evaluationPrefill,
        extra: selfReportBody.omit({ submit: true }),
      }),
      (r) => r,
    ),
    (r) => ((r.status === 'submitted') === (r.submittedAt !== null) ? null : 'submittedAt: set exactly when submitted'),
  ),
}

/** Every table of the Drizzle schema, by SQL name. */
export function schemaTables(): Map<string, PgTable> {
  const tables: PgTable[] = []
  for (const value of Object.values(schema) as unknown[]) if (is(value, PgTable)) tables.push(value)
  return new Map(tables.map((t) => [getTableName(t), t]))
}

/** Human-readable problems: rows that fail their check, and tables nobody checks. */
export async function invalidRows(db: Database): Promise<string[]> {
  const problems: string[] = []
  for (const [name, table] of schemaTables()) {
    const check = ROW_CHECKS[name]
    if (!check) {
      problems.push(`table ${name} has no row check: add one to ROW_CHECKS in test/server/helpers/stored-rows.ts`)
      continue
    }
    for (const row of await db.select().from(table)) {
      const problem = check(row)
      if (problem) problems.push(`${name}: ${problem} in ${JSON.stringify(row).slice(0, 300)}`)
    }
  }
  return problems
}

/** Row count of every table, to see what a request changed. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const [name, table] of schemaTables()) counts[name] = (await db.select({ n: count() }).from(table))[0]!.n
  return counts
}
