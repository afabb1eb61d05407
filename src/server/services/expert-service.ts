import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { appointmentOn, worksCrediting } from '../../shared/domain/expert-profile.ts'
import { matchesExpertQuery } from '../../shared/domain/expert-search.ts'
import {
  eventPayload,
  type Account,
  type AdminExpert,
  type ChiefAppointment,
  type CreditedWork,
  type ExpertEvent,
  type ExpertPhoto,
  type ExpertPage,
  type ExpertProfileInput,
  type ExpertsQuery,
  type ExpertSummary,
  type OwnExpertProfile,
  type ProfileChange,
  type WorkCreditRole,
  type WorkExpertsResponse,
} from '../../shared/index.ts'
import type { BuiltContent } from '../content/built-content.ts'
import type { Database } from '../db/connect.ts'
import {
  accounts,
  bases,
  expertContacts,
  expertInvites,
  expertProfileChanges,
  expertRequests,
  experts,
  media,
  syncRecords,
} from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { toMediaRecord } from './media-service.ts'
import { appWorkExpertCredits, appWorksCrediting } from './app-works.ts'

/*
 * The experts' pages: the public side (what each expert chose to show), the expert's own profile,
 * and the views admins work from (expert-admin-service.ts). Public reads select the columns in
 * PUBLIC_COLUMNS and never touch `expert_contacts`, invites or accounts beyond an account's status.
 */

export type ExpertRow = typeof experts.$inferSelect

/** Statuses shown publicly: invited experts appear once they have set up their account. */
const PUBLIC_STATUSES = ['announced', 'active'] as const
/** Most experts one list answer carries. */
export const EXPERTS_LIST_MAX = 2_000
/** Past events an expert's page lists (the newest). */
export const EXPERT_PAST_EVENTS_MAX = 50

const PUBLIC_COLUMNS = {
  id: experts.id,
  name: experts.name,
  namePinyin: experts.namePinyin,
  nameInitials: experts.nameInitials,
  title: experts.title,
  institution: experts.institution,
  fields: experts.fields,
  region: experts.region,
  bio: experts.bio,
  visibility: experts.visibility,
  status: experts.status,
  paused: experts.paused,
  appointmentTitle: experts.appointmentTitle,
  appointmentBatch: experts.appointmentBatch,
  appointedOn: experts.appointedOn,
  termYears: experts.termYears,
  appointmentSources: experts.appointmentSources,
  contentKey: experts.contentKey,
  photo: experts.photo,
  accountStatus: accounts.status,
}
type PublicRow = Pick<ExpertRow, Exclude<keyof typeof PUBLIC_COLUMNS, 'accountStatus'>> & {
  accountStatus: string | null
}

/** The appointment as of `now` (Asia/Shanghai date): current or former. */
export function appointmentOf(
  row: Pick<ExpertRow, 'appointmentTitle' | 'appointmentBatch' | 'appointedOn' | 'termYears' | 'appointmentSources'>,
  now: Date,
): ChiefAppointment | null {
  if (
    row.appointmentTitle === null ||
    row.appointmentBatch === null ||
    row.appointedOn === null ||
    row.termYears === null
  )
    return null
  return appointmentOn(
    {
      title: row.appointmentTitle,
      batch: row.appointmentBatch,
      appointedOn: row.appointedOn,
      termYears: row.termYears,
      sources: row.appointmentSources,
    },
    todayInChina(now),
  )
}

/** Bases may send requests: an active account, not paused. */
export const takesRequests = (row: Pick<PublicRow, 'status' | 'paused' | 'accountStatus'>): boolean =>
  row.status === 'active' && !row.paused && row.accountStatus === 'active'

function toSummary(row: PublicRow, now: Date): ExpertSummary {
  const shown = row.visibility
  return {
    id: row.id,
    name: row.name,
    title: shown.title ? row.title : null,
    institution: shown.institution ? row.institution : null,
    fields: shown.fields ? row.fields : [],
    region: shown.region ? row.region : null,
    appointment: appointmentOf(row, now),
    photo: row.photo ?? null,
    takesRequests: takesRequests(row),
    search: { pinyin: row.namePinyin, initials: row.nameInitials },
  }
}

async function publicRows(db: Database, id?: string): Promise<PublicRow[]> {
  return db
    .select(PUBLIC_COLUMNS)
    .from(experts)
    .leftJoin(accounts, eq(accounts.id, experts.accountId))
    .where(and(inArray(experts.status, [...PUBLIC_STATUSES]), id === undefined ? undefined : eq(experts.id, id)))
    .orderBy(asc(experts.namePinyin), asc(experts.id))
    .limit(EXPERTS_LIST_MAX)
}

/** GET /api/experts: by name pinyin; a hidden field neither shows nor matches a filter. */
export async function listPublicExperts(db: Database, query: ExpertsQuery, now: Date): Promise<ExpertSummary[]> {
  return (await publicRows(db))
    .map((row) => toSummary(row, now))
    .filter(
      (e) =>
        (!query.field || e.fields.includes(query.field)) &&
        (!query.region || e.region === query.region) &&
        (!query.q || matchesExpertQuery(e, query.q)),
    )
}

/** GET /api/experts/:id: the summary, the biography if shown, credited works and accepted events. */
export async function publicExpertPage(
  db: Database,
  content: BuiltContent,
  id: string,
  now: Date,
): Promise<ExpertPage> {
  const [row] = await publicRows(db, id)
  if (!row) throw new HttpError(404, '没有这位专家 / no such expert')
  const works: CreditedWork[] = [
    ...worksCrediting(content.works, row).map(({ work, role }) => ({
      source: 'content' as const,
      id: work.id,
      type: work.type,
      title: work.title,
      role,
    })),
    ...(await appWorksCrediting(db, row.id)),
  ]
  const events = await acceptedEventsOf(db, row.id)
  const upcoming = events.filter((e) => Date.parse(e.end) >= now.getTime())
  const past = events
    .filter((e) => Date.parse(e.end) < now.getTime())
    .reverse()
    .slice(0, EXPERT_PAST_EVENTS_MAX)
  return { ...toSummary(row, now), bio: row.visibility.bio ? row.bio : null, works, events: { upcoming, past } }
}

/**
 * GET /api/works/:id/experts: the listed experts a built work (by content id) or an app work (by
 * its UUID) credits, in the credits' order; 404 when there is no such work.
 */
export async function creditedExpertsOf(
  db: Database,
  content: BuiltContent,
  workId: string,
): Promise<WorkExpertsResponse['experts']> {
  const work = content.works.find((w) => w.id === workId)
  const credits: { ref: string; role: WorkCreditRole }[] | null = work
    ? (work.credits ?? []).map((c) => ({ ref: c.expert, role: c.role }))
    : ((await appWorkExpertCredits(db, workId))?.map((c) => ({ ref: c.expertId, role: c.role })) ?? null)
  if (!credits) throw new HttpError(404, '没有这部作品 / no such work')
  if (credits.length === 0) return []
  const ids = credits.map((c) => c.ref).filter((ref) => !ref.includes('/'))
  const keys = credits.map((c) => c.ref).filter((ref) => ref.includes('/'))
  const rows = await db
    .select(PUBLIC_COLUMNS)
    .from(experts)
    .leftJoin(accounts, eq(accounts.id, experts.accountId))
    .where(
      and(
        inArray(experts.status, [...PUBLIC_STATUSES]),
        or(
          ids.length ? inArray(experts.id, ids) : undefined,
          keys.length ? inArray(experts.contentKey, keys) : undefined,
        ),
      ),
    )
  return credits.flatMap(({ ref, role }) => {
    const row = rows.find((r) => r.id === ref || r.contentKey === ref)
    return row ? [{ id: row.id, name: row.name, role, photo: row.photo ?? null }] : []
  })
}

/** Events the expert accepted, not cancelled, at listed bases, by start. */
async function acceptedEventsOf(db: Database, expertId: string): Promise<ExpertEvent[]> {
  const rows = await db
    .select({
      id: syncRecords.id,
      payload: syncRecords.payload,
      base: bases.data,
      date: expertRequests.date,
      format: expertRequests.format,
    })
    .from(expertRequests)
    .innerJoin(syncRecords, eq(syncRecords.id, expertRequests.eventId))
    .innerJoin(bases, eq(bases.id, syncRecords.baseId))
    .where(
      and(
        eq(expertRequests.expertId, expertId),
        eq(expertRequests.status, 'accepted'),
        eq(syncRecords.deleted, false),
        eq(bases.listed, true),
      ),
    )
    .orderBy(asc(syncRecords.startsAt), asc(expertRequests.date))
  return rows.flatMap((row) => {
    const event = eventPayload.safeParse(row.payload)
    if (!event.success || event.data.cancelled) return []
    return [
      {
        id: row.id,
        title: event.data.title,
        start: event.data.start,
        end: event.data.end,
        date: row.date,
        format: row.format,
        base: { id: row.base.id, name: { zh: row.base.name.zh, en: row.base.name.en } },
      },
    ]
  })
}

/**
 * The signed-in account's expert profile; 403 when it has none. Every expert route starts here,
 * and so will the review routes of later workflows (REVIEWER_ROLES in shared/schemas/account.ts).
 */
export async function requireExpert(db: Database, account: Account): Promise<ExpertRow> {
  const [row] =
    account.role === 'expert' ? await db.select().from(experts).where(eq(experts.accountId, account.id)).limit(1) : []
  if (!row) throw new HttpError(403, '此账号没有专家资料 / this account has no expert profile')
  return row
}

type ChangeRow = typeof expertProfileChanges.$inferSelect
export const toChange = (c: ChangeRow): ProfileChange => ({
  id: c.id,
  title: c.title,
  institution: c.institution,
  status: c.status,
  reason: c.reason,
  createdAt: c.createdAt.toISOString(),
  decidedAt: c.decidedAt?.toISOString() ?? null,
})

/** Everything about experts an admin sees (their own profile is the same, minus the admin's extras). */
export async function adminViews(db: Database, rows: readonly ExpertRow[], now: Date): Promise<AdminExpert[]> {
  const ids = rows.map((r) => r.id)
  if (ids.length === 0) return []
  const contacts = new Map(
    (await db.select().from(expertContacts).where(inArray(expertContacts.expertId, ids))).map((c) => [c.expertId, c]),
  )
  const changes = await db
    .select()
    .from(expertProfileChanges)
    .where(inArray(expertProfileChanges.expertId, ids))
    .orderBy(desc(expertProfileChanges.createdAt))
  const invites = await db
    .select({ expertId: expertInvites.expertId, expiresAt: expertInvites.expiresAt })
    .from(expertInvites)
    .where(and(inArray(expertInvites.expertId, ids), isNull(expertInvites.usedAt), gt(expertInvites.expiresAt, now)))
  return rows.map((row) => {
    const contact = contacts.get(row.id)
    const mine = changes.filter((c) => c.expertId === row.id)
    const pending = mine.find((c) => c.status === 'pending')
    const decided = mine
      .filter((c) => c.status !== 'pending')
      .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))[0]
    const invite = invites
      .filter((i) => i.expertId === row.id)
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0]
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      title: row.title,
      institution: row.institution,
      fields: row.fields,
      region: row.region,
      bio: row.bio,
      visibility: row.visibility,
      contact: { email: contact?.email ?? null, phone: contact?.phone ?? null },
      paused: row.paused,
      appointment: appointmentOf(row, now),
      photo: row.photo ?? null,
      pendingChange: pending ? toChange(pending) : null,
      lastDecision: decided ? toChange(decided) : null,
      source: row.source,
      accountId: row.accountId,
      inviteExpiresAt: invite?.expiresAt.toISOString() ?? null,
    }
  })
}

export async function ownProfile(db: Database, row: ExpertRow, now: Date): Promise<OwnExpertProfile> {
  const {
    source: _source,
    accountId: _accountId,
    inviteExpiresAt: _invite,
    ...profile
  } = (await adminViews(db, [row], now))[0]!
  return profile
}

/**
 * PUT /api/expert/profile. Fields, region, biography, visibility and contact details apply at
 * once; a title or institution other than the approved one becomes the change waiting for an
 * admin (replacing any earlier one), and asking for the approved values again withdraws it.
 */
export async function updateOwnProfile(
  db: Database,
  row: ExpertRow,
  input: ExpertProfileInput,
  now: Date,
): Promise<OwnExpertProfile> {
  await db.transaction(async (tx) => {
    await tx
      .update(experts)
      .set({
        fields: input.fields,
        region: input.region,
        bio: input.bio,
        visibility: input.visibility,
        updatedAt: now,
        change: sql`nextval('expert_change_seq')`,
      })
      .where(eq(experts.id, row.id))
    await tx
      .insert(expertContacts)
      .values({ expertId: row.id, ...input.contact, updatedAt: now })
      .onConflictDoUpdate({ target: expertContacts.expertId, set: { ...input.contact, updatedAt: now } })
    await tx
      .delete(expertProfileChanges)
      .where(and(eq(expertProfileChanges.expertId, row.id), eq(expertProfileChanges.status, 'pending')))
    if (input.title !== row.title || input.institution !== row.institution) {
      await tx.insert(expertProfileChanges).values({
        expertId: row.id,
        title: input.title,
        institution: input.institution,
        status: 'pending',
        createdAt: now,
      })
    }
  })
  const [fresh] = await db.select().from(experts).where(eq(experts.id, row.id))
  return ownProfile(db, fresh!, now)
}

/** An expert stops (or resumes) taking new requests; requests already made stay. */
export async function setPaused(db: Database, row: ExpertRow, paused: boolean, now: Date): Promise<OwnExpertProfile> {
  const [fresh] = await db.update(experts).set({ paused, updatedAt: now }).where(eq(experts.id, row.id)).returning()
  return ownProfile(db, fresh!, now)
}

/**
 * PUT /api/expert/photo: the expert's own finished `expert-photo` upload becomes their photo at
 * once (no approval: shared/schemas/expert.ts `expertPhotoBody`), and its media is published so
 * anyone may load it; the photo it replaces is unpublished again. Null removes the photo.
 */
export async function setOwnPhoto(
  db: Database,
  row: ExpertRow,
  account: Account,
  mediaId: string | null,
  now: Date,
): Promise<OwnExpertProfile> {
  if (row.source === 'announcement')
    throw new HttpError(403, '公告中的专家不设照片 / experts known from an announcement have no photo')
  let photo: ExpertPhoto | null = null
  if (mediaId !== null) {
    const [m] = await db.select().from(media).where(eq(media.id, mediaId))
    const refuse = (status: number, message: string) =>
      new HttpError(status, message, {}, [{ path: 'mediaId', message }])
    if (!m || m.ownerId !== account.id) throw refuse(404, '没有找到您上传的这张照片 / no upload of yours with this id')
    if (m.kind !== 'image' || !m.width || !m.height || m.variants.length === 0)
      throw refuse(400, '这不是图片，请选一张照片 / not an image: choose a photo')
    if (m.purpose !== 'expert-photo') throw refuse(400, '请以专家照片上传 / upload the photo as an expert photo')
    const record = toMediaRecord(m)
    photo = {
      mediaId: m.id,
      width: m.width,
      height: m.height,
      dominantColor: m.dominantColor,
      variants: record.variants,
    }
  }
  const before = row.photo?.mediaId ?? null
  const [fresh] = await db.transaction(async (tx) => {
    if (photo) await tx.update(media).set({ status: 'published' }).where(eq(media.id, photo.mediaId))
    if (before && before !== photo?.mediaId)
      await tx.update(media).set({ status: 'unpublished' }).where(eq(media.id, before))
    return tx
      .update(experts)
      .set({ photo, updatedAt: now, change: sql`nextval('expert_change_seq')` })
      .where(eq(experts.id, row.id))
      .returning()
  })
  return ownProfile(db, fresh!, now)
}
