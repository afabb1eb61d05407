import { and, asc, eq, inArray } from 'drizzle-orm'
import { submissionProblems, type StoredAttachment } from '../../shared/domain/naming-rules.ts'
import type {
  Account,
  ApplicantSignupBody,
  Application,
  ApplicationDraftBody,
  CallBody,
  FormalCheckBody,
  NamingCall,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { applicants, baseApplications, media, namingCalls } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { createAccount, findAccountByUsername } from './account-service.ts'

/*
 * Calls for applications, applicant accounts and their applications (issue 24), up to the formal
 * check. An applicant signs up (pending, approved by an admin like a school), keeps one draft per
 * call on the server, and submits it before the call's deadline on the server's clock; an admin
 * accepts it for review or returns it with reasons, which opens a window to fix and resubmit.
 */

export type CallRow = typeof namingCalls.$inferSelect
export type ApplicationRow = typeof baseApplications.$inferSelect

const noCall = () => new HttpError(404, '没有这个申报批次 / no such call')
const noApplication = () => new HttpError(404, '没有这份申报 / no such application')

export const toCall = (row: CallRow): NamingCall => ({
  ...row.config,
  id: row.id,
  createdAt: row.createdAt.toISOString(),
})

export async function createCall(db: Database, body: CallBody, admin: Account): Promise<NamingCall> {
  const [row] = await db
    .insert(namingCalls)
    .values({
      year: body.year,
      list: body.list,
      category: body.category,
      deadline: new Date(body.deadline),
      config: body,
      createdBy: admin.id,
    })
    .returning()
  return toCall(row!)
}

export async function findCall(db: Database, id: string): Promise<CallRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const [row] = await db.select().from(namingCalls).where(eq(namingCalls.id, id))
  return row ?? null
}

export async function listCalls(db: Database): Promise<NamingCall[]> {
  const rows = await db.select().from(namingCalls).orderBy(asc(namingCalls.createdAt))
  return rows.map(toCall)
}

/** An institution signs up to apply: a pending `applicant` account, approved by an admin (routes/admin.ts). */
export async function signupApplicant(db: Database, body: ApplicantSignupBody): Promise<Account> {
  if (await findAccountByUsername(db, body.username))
    throw new HttpError(409, `用户名 "${body.username}" 已被使用 / username already taken`)
  const account = await createAccount(db, {
    username: body.username,
    password: body.password,
    displayName: body.displayName,
    role: 'applicant',
    status: 'pending',
  })
  const { name, province, contact } = body.institution
  await db.insert(applicants).values({ accountId: account.id, institution: name, province, contact })
  return account
}

async function attachmentsOf(db: Database, rows: readonly ApplicationRow[]) {
  const ids = [...new Set(rows.flatMap((r) => r.attachments.map((a) => a.mediaId)))]
  const found = ids.length
    ? await db
        .select({
          id: media.id,
          ownerId: media.ownerId,
          purpose: media.purpose,
          filename: media.filename,
          kind: media.kind,
          bytes: media.bytes,
        })
        .from(media)
        .where(inArray(media.id, ids))
    : []
  return new Map(found.map((m) => [m.id, m]))
}

function toApplication(row: ApplicationRow, files: Awaited<ReturnType<typeof attachmentsOf>>): Application {
  return {
    id: row.id,
    callId: row.callId,
    accountId: row.accountId,
    status: row.status,
    form: row.form,
    attachments: row.attachments.map((a) => {
      const file = files.get(a.mediaId)
      return { ...a, filename: file?.filename ?? null, kind: file?.kind ?? 'missing', bytes: file?.bytes ?? 0 }
    }),
    version: row.version,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    returnReasons: row.returnReasons,
    fixUntil: row.fixUntil?.toISOString() ?? null,
    baseId: row.baseId,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function applicationViews(db: Database, rows: readonly ApplicationRow[]): Promise<Application[]> {
  const files = await attachmentsOf(db, rows)
  return rows.map((r) => toApplication(r, files))
}

const one = async (db: Database, row: ApplicationRow) => (await applicationViews(db, [row]))[0]!

export async function findApplication(db: Database, id: string): Promise<ApplicationRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const [row] = await db.select().from(baseApplications).where(eq(baseApplications.id, id))
  return row ?? null
}

/** The applicant's own application, or a 404 (another account's is not said to exist). */
async function ownApplication(db: Database, id: string, applicant: Account): Promise<ApplicationRow> {
  const row = await findApplication(db, id)
  if (!row || row.accountId !== applicant.id) throw noApplication()
  return row
}

/** Whether the applicant may still change and submit it now: before the deadline, or within the fix window. */
function editableUntil(row: ApplicationRow, call: CallRow): Date | null {
  if (row.status === 'draft') return call.deadline
  if (row.status === 'returned') return row.fixUntil
  return null
}

function assertEditable(row: ApplicationRow, call: CallRow, now: Date): void {
  const until = editableUntil(row, call)
  if (until === null)
    throw new HttpError(
      409,
      `申报已${row.status === 'submitted' ? '提交' : '进入评审'}，不能再修改 / the application is ${row.status} and can no longer be changed`,
    )
  if (now.getTime() > until.getTime())
    throw new HttpError(
      409,
      `${row.status === 'returned' ? '补正期限' : '申报截止时间'}已过（${shanghai(until)}）/ the ${row.status === 'returned' ? 'fix window' : 'deadline'} has passed (${until.toISOString()})`,
    )
}

/** `2026-06-30 17:00` in Asia/Shanghai, for messages. */
export const shanghai = (at: Date) =>
  at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16) + ' 北京时间'

export async function startApplication(
  db: Database,
  callId: string,
  applicant: Account,
  now: Date,
): Promise<Application> {
  const call = await findCall(db, callId)
  if (!call) throw noCall()
  if (now.getTime() > call.deadline.getTime())
    throw new HttpError(
      409,
      `申报截止时间已过（${shanghai(call.deadline)}）/ the call closed at ${call.deadline.toISOString()}`,
    )
  const [row] = await db
    .insert(baseApplications)
    .values({ callId: call.id, accountId: applicant.id })
    .onConflictDoNothing()
    .returning()
  if (!row)
    throw new HttpError(
      409,
      '你已在本批次申报，请继续编辑原申报 / you already have an application in this call: continue it',
    )
  return one(db, row)
}

export async function myApplications(db: Database, applicant: Account): Promise<Application[]> {
  const rows = await db
    .select()
    .from(baseApplications)
    .where(eq(baseApplications.accountId, applicant.id))
    .orderBy(asc(baseApplications.createdAt))
  return applicationViews(db, rows)
}

/** Checks the attachments named in a draft: each an upload of the applicant's for `attachment`. */
async function checkAttachmentOwnership(db: Database, refs: ApplicationDraftBody['attachments'], applicant: Account) {
  if (refs.length === 0) return
  const files = await attachmentsOf(db, [{ attachments: refs } as ApplicationRow])
  const bad = refs.filter((r) => {
    const f = files.get(r.mediaId)
    return !f || f.ownerId !== applicant.id || f.purpose !== 'attachment'
  })
  if (bad.length > 0)
    throw new HttpError(
      400,
      `附件不存在或不是你上传的 / attachments not found among your uploads: ${bad.map((b) => b.mediaId).join(', ')}`,
    )
}

/** Saves the draft (the whole form as sent). A stale `version` is a 409 with nothing overwritten. */
export async function saveDraft(
  db: Database,
  id: string,
  applicant: Account,
  body: ApplicationDraftBody,
  now: Date,
): Promise<Application> {
  const row = await ownApplication(db, id, applicant)
  const call = (await findCall(db, row.callId))!
  assertEditable(row, call, now)
  await checkAttachmentOwnership(db, body.attachments, applicant)
  const [saved] = await db
    .update(baseApplications)
    .set({ form: body.form, attachments: body.attachments, version: row.version + 1, updatedAt: now })
    .where(and(eq(baseApplications.id, row.id), eq(baseApplications.version, body.version)))
    .returning()
  if (!saved)
    throw new HttpError(
      409,
      '申报已在别处修改，请重新载入后再保存 / the application changed elsewhere: reload it before saving',
    )
  return one(db, saved)
}

/** Submits: before the deadline (or within a returned one's fix window), complete, with every required attachment as named. */
export async function submitApplication(db: Database, id: string, applicant: Account, now: Date): Promise<Application> {
  const row = await ownApplication(db, id, applicant)
  const call = (await findCall(db, row.callId))!
  assertEditable(row, call, now)
  const files = await attachmentsOf(db, [row])
  const stored: StoredAttachment[] = row.attachments.map((a) => {
    const f = files.get(a.mediaId)
    return { slot: a.slot, filename: f?.filename ?? null, kind: f?.kind ?? 'missing', bytes: f?.bytes ?? 0 }
  })
  const problems = submissionProblems(call.config, row.form, stored)
  if (problems.length > 0)
    throw new HttpError(
      400,
      `申报不能提交 / the application cannot be submitted: ${problems.join('; ')}`,
      {},
      problems.map((p) => ({ path: p.slice(0, p.indexOf(':')), message: p.slice(p.indexOf(':') + 2) })),
    )
  const [saved] = await db
    .update(baseApplications)
    .set({ status: 'submitted', submittedAt: now, updatedAt: now, fixUntil: null })
    .where(and(eq(baseApplications.id, row.id), eq(baseApplications.version, row.version)))
    .returning()
  if (!saved) throw new HttpError(409, '申报刚被修改，请重试 / the application just changed: try again')
  return one(db, saved)
}

export async function callApplications(db: Database, callId: string): Promise<Application[]> {
  const call = await findCall(db, callId)
  if (!call) throw noCall()
  const rows = await db
    .select()
    .from(baseApplications)
    .where(eq(baseApplications.callId, call.id))
    .orderBy(asc(baseApplications.submittedAt), asc(baseApplications.createdAt))
  return applicationViews(db, rows)
}

/** The formal check (形式审查): a submitted application is accepted for review, or returned with reasons and a fix window. */
export async function formalCheck(
  db: Database,
  id: string,
  body: FormalCheckBody,
  admin: Account,
  now: Date,
): Promise<Application> {
  const row = await findApplication(db, id)
  if (!row) throw noApplication()
  if (row.status !== 'submitted')
    throw new HttpError(
      409,
      `只能审查已提交的申报（现为 ${row.status}）/ only a submitted application can be checked; this one is ${row.status}`,
    )
  const call = (await findCall(db, row.callId))!
  const [saved] = await db
    .update(baseApplications)
    .set(
      body.decision === 'accept'
        ? { status: 'accepted', checkedBy: admin.id, checkedAt: now, returnReasons: [], updatedAt: now }
        : {
            status: 'returned',
            checkedBy: admin.id,
            checkedAt: now,
            returnReasons: body.reasons,
            fixUntil: new Date(now.getTime() + call.config.fixDays * 86_400_000),
            updatedAt: now,
          },
    )
    .where(and(eq(baseApplications.id, row.id), eq(baseApplications.status, 'submitted')))
    .returning()
  if (!saved) throw new HttpError(409, '申报状态刚有变化，请刷新 / the application just changed: reload it')
  return one(db, saved)
}

/** The institution an applicant signed up for (what reviewers' institutions are compared with). */
export async function applicantInstitutions(db: Database, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map()
  const rows = await db
    .select()
    .from(applicants)
    .where(inArray(applicants.accountId, [...accountIds]))
  return new Map(rows.map((r) => [r.accountId, r.institution]))
}
