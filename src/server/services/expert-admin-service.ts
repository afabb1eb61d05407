import { randomBytes } from 'node:crypto'
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm'
import {
  EXPERT_VISIBILITY_DEFAULT,
  type Account,
  type AdminExpert,
  type ExpertCreateBody,
  type ExpertInviteAcceptBody,
  type ExpertStatus,
  type ProfileChange,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, expertContacts, expertInvites, expertProfileChanges, experts } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { toAccount } from './account-service.ts'
import { adminViews, EXPERTS_LIST_MAX, toChange, type ExpertRow } from './expert-service.ts'
import { assertPasswordAllowed } from './password-policy.ts'
import { hashPassword } from './passwords.ts'
import { hashToken } from './session-service.ts'

/*
 * What admins do with experts: add one and invite them by a one-time link, decide title and
 * institution changes. The invite token is shown once and only its SHA-256 is stored (as for
 * sessions and the setup link); a new link for the same expert ends any earlier unused one.
 */

/** How long an invite link works. */
export const EXPERT_INVITE_DAYS = 7
const DAY_MS = 86_400_000
/** Where the app takes an invited expert; the token travels in the fragment, which no server or log sees. */
export const EXPERT_INVITE_PATH = '/expert-invite'
const INVALID_INVITE = '邀请链接无效、已过期或已使用 / this invite link is not valid, has expired or was already used'

async function expertById(db: Database, id: string): Promise<ExpertRow> {
  const [row] = await db.select().from(experts).where(eq(experts.id, id)).limit(1)
  if (!row) throw new HttpError(404, '没有这位专家 / no such expert')
  return row
}

export async function adminExpert(db: Database, id: string, now: Date): Promise<AdminExpert> {
  return (await adminViews(db, [await expertById(db, id)], now))[0]!
}

/** GET /api/admin/experts: every expert, by name pinyin; `changes=pending` keeps those with a change to decide. */
export async function listAdminExperts(
  db: Database,
  filter: { status?: ExpertStatus | undefined; changes?: 'pending' | undefined },
  now: Date,
): Promise<AdminExpert[]> {
  const pending =
    filter.changes === 'pending'
      ? sql`exists (select 1 from ${expertProfileChanges} where ${expertProfileChanges.expertId} = ${experts.id} and ${expertProfileChanges.status} = 'pending')`
      : undefined
  const rows = await db
    .select()
    .from(experts)
    .where(and(filter.status ? eq(experts.status, filter.status) : undefined, pending))
    .orderBy(asc(experts.namePinyin), asc(experts.id))
    .limit(EXPERTS_LIST_MAX)
  return adminViews(db, rows, now)
}

export interface IssuedInvite {
  link: string
  token: string
  expiresAt: string
}

/** POST /api/admin/experts: a new expert (not public until they set up their account) and their link. */
export async function createExpert(
  db: Database,
  admin: Account,
  body: ExpertCreateBody,
  origin: string,
  now: Date,
): Promise<{ expert: AdminExpert; invite: IssuedInvite }> {
  // The pinyin dictionary loads on the first expert an admin adds, not at every start.
  const { personNameKeys } = await import('../content/derive.ts')
  const keys = personNameKeys(body.name)
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experts)
      .values({
        name: body.name,
        namePinyin: keys.pinyin,
        nameInitials: keys.initials,
        title: body.title,
        institution: body.institution,
        visibility: EXPERT_VISIBILITY_DEFAULT,
        status: 'invited',
        source: 'invitation',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: experts.id })
    if (body.contact.email !== null || body.contact.phone !== null)
      await tx.insert(expertContacts).values({ expertId: row!.id, ...body.contact, updatedAt: now })
    return row!.id
  })
  const invite = await issueInvite(db, admin, id, origin, now)
  return { expert: await adminExpert(db, id, now), invite }
}

/** A one-time link for an expert without an account (a new one, or one known from an announcement). */
export async function issueInvite(
  db: Database,
  admin: Account,
  expertId: string,
  origin: string,
  now: Date,
): Promise<IssuedInvite> {
  const expert = await expertById(db, expertId)
  if (expert.accountId !== null) throw new HttpError(409, '这位专家已有账号 / this expert already has an account')
  const token = randomBytes(24).toString('base64url')
  const expiresAt = new Date(now.getTime() + EXPERT_INVITE_DAYS * DAY_MS)
  await db.transaction(async (tx) => {
    await tx.delete(expertInvites).where(and(eq(expertInvites.expertId, expertId), isNull(expertInvites.usedAt)))
    await tx
      .insert(expertInvites)
      .values({ tokenHash: hashToken(token), expertId, createdBy: admin.id, createdAt: now, expiresAt })
  })
  return { link: `${origin}${EXPERT_INVITE_PATH}#token=${token}`, token, expiresAt: expiresAt.toISOString() }
}

async function liveInvite(db: Database, token: string, now: Date) {
  const [invite] = await db
    .select()
    .from(expertInvites)
    .where(
      and(
        eq(expertInvites.tokenHash, hashToken(token)),
        isNull(expertInvites.usedAt),
        gt(expertInvites.expiresAt, now),
      ),
    )
    .limit(1)
  if (!invite) throw new HttpError(404, INVALID_INVITE)
  return invite
}

/** Whom a live link invites, so the set-up page can greet them; it does not use the link up. */
export async function previewInvite(db: Database, token: string, now: Date) {
  const invite = await liveInvite(db, token, now)
  const expert = await expertById(db, invite.expertId)
  return {
    name: expert.name,
    title: expert.title,
    institution: expert.institution,
    expiresAt: invite.expiresAt.toISOString(),
  }
}

/**
 * The invited expert chooses a username and password: one transaction uses the link up, creates
 * the `expert` account and links the profile, so a taken username (409) or a refused password
 * (400, checked first) leaves the link usable.
 */
export async function acceptInvite(db: Database, body: ExpertInviteAcceptBody, now: Date): Promise<Account> {
  await assertPasswordAllowed(body.password, body.username)
  await liveInvite(db, body.token, now)
  const passwordHash = await hashPassword(body.password)
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(expertInvites)
      .set({ usedAt: now })
      .where(
        and(
          eq(expertInvites.tokenHash, hashToken(body.token)),
          isNull(expertInvites.usedAt),
          gt(expertInvites.expiresAt, now),
        ),
      )
      .returning({ expertId: expertInvites.expertId })
    if (!used) throw new HttpError(404, INVALID_INVITE)
    const [expert] = await tx.select().from(experts).where(eq(experts.id, used.expertId)).for('update')
    if (!expert || expert.accountId !== null)
      throw new HttpError(409, '这位专家已有账号 / this expert already has an account')
    const [account] = await tx
      .insert(accounts)
      .values({
        username: body.username,
        passwordHash,
        displayName: expert.name,
        role: 'expert',
        status: 'active',
        approvedAt: now,
      })
      .onConflictDoNothing({ target: accounts.username })
      .returning()
    if (!account) throw new HttpError(409, `用户名 "${body.username}" 已被使用 / username already taken`)
    await tx
      .update(experts)
      .set({ accountId: account.id, status: 'active', updatedAt: now, change: sql`nextval('expert_change_seq')` })
      .where(eq(experts.id, expert.id))
    return toAccount(account)
  })
}

/** An admin approves a title/institution change (the page shows it at once) or rejects it with a reason. */
export async function decideChange(
  db: Database,
  admin: Account,
  changeId: string,
  decision: { approve: true } | { approve: false; reason: string },
  now: Date,
): Promise<{ change: ProfileChange; expert: AdminExpert }> {
  const expertId = await db.transaction(async (tx) => {
    const [change] = await tx
      .select()
      .from(expertProfileChanges)
      .where(and(eq(expertProfileChanges.id, changeId), eq(expertProfileChanges.status, 'pending')))
      .for('update')
    if (!change) throw new HttpError(404, '没有待审核的该项修改 / no pending change with this id')
    await tx
      .update(expertProfileChanges)
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        reason: decision.approve ? null : decision.reason,
        decidedAt: now,
        decidedBy: admin.id,
      })
      .where(eq(expertProfileChanges.id, changeId))
    if (decision.approve) {
      await tx
        .update(experts)
        .set({
          title: change.title,
          institution: change.institution,
          updatedAt: now,
          change: sql`nextval('expert_change_seq')`,
        })
        .where(eq(experts.id, change.expertId))
    }
    return change.expertId
  })
  const expert = await adminExpert(db, expertId, now)
  const [change] = await db.select().from(expertProfileChanges).where(eq(expertProfileChanges.id, changeId))
  return { change: toChange(change!), expert }
}
