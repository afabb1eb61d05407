import { randomBytes } from 'node:crypto'
import { and, eq, ne, notInArray, or, sql } from 'drizzle-orm'
import type {
  Account,
  AccountStatus,
  ChangePasswordBody,
  CreateStaffBody,
  Role,
  SchoolSignupBody,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, bases, sessions } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { assertPasswordAllowed } from './password-policy.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

type AccountRow = typeof accounts.$inferSelect

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    status: row.status,
    baseId: row.baseId,
    school: row.school,
    createdAt: row.createdAt.toISOString(),
    statusReason: row.statusReason,
    worksEditor: row.worksEditor,
    passwordTemporary: row.passwordTemporary,
  }
}

export async function findAccountByUsername(db: Database, username: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username.toLowerCase())).limit(1)
  return row
}

export async function hasActiveAdmin(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.role, 'admin'), eq(accounts.status, 'active')))
    .limit(1)
  return row !== undefined
}

interface NewAccount {
  username: string
  password: string
  displayName: string
  role: Role
  status: AccountStatus
  baseId?: string | null
  school?: SchoolSignupBody['school'] | null
  /** An admin chose the password: the holder is asked to change it. */
  passwordTemporary?: boolean
}

/** Inserts an account; a taken username is a 409 with a message the form can show. */
export async function createAccount(db: Database, input: NewAccount): Promise<Account> {
  // Common, breached and trivial passwords are a 400 under the password field (password-policy.ts).
  await assertPasswordAllowed(input.password, input.username)
  if (await findAccountByUsername(db, input.username))
    throw new HttpError(409, `用户名 "${input.username}" 已被使用 / username already taken`)
  const [row] = await db
    .insert(accounts)
    .values({
      username: input.username.toLowerCase(),
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName,
      role: input.role,
      status: input.status,
      baseId: input.baseId ?? null,
      school: input.school ?? null,
      approvedAt: input.status === 'active' ? new Date() : null,
      passwordTemporary: input.passwordTemporary ?? false,
    })
    .onConflictDoNothing({ target: accounts.username })
    .returning()
  // Two sign-ups racing for one name: the loser gets the same 409.
  if (!row) throw new HttpError(409, `用户名 "${input.username}" 已被使用 / username already taken`)
  return toAccount(row)
}

export async function createStaff(db: Database, body: CreateStaffBody): Promise<Account> {
  const [base] = await db.select({ id: bases.id }).from(bases).where(eq(bases.id, body.baseId)).limit(1)
  if (!base) throw new HttpError(400, `没有编号为 "${body.baseId}" 的基地 / unknown base "${body.baseId}"`)
  // The admin chose the password and passes it on: the staff member is asked to change it.
  return createAccount(db, { ...body, role: 'base_staff', status: 'active', passwordTemporary: true })
}

/** Most accounts one list shows; search narrows it. */
export const ACCOUNT_LIST_MAX = 500

export async function listAccounts(
  db: Database,
  filter: { status?: AccountStatus | undefined; role?: Role | undefined; q?: string | undefined } = {},
): Promise<Account[]> {
  const q = filter.q ? `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        filter.status ? eq(accounts.status, filter.status) : undefined,
        filter.role ? eq(accounts.role, filter.role) : undefined,
        q
          ? or(
              sql`lower(${accounts.username}) like ${q}`,
              sql`lower(${accounts.displayName}) like ${q}`,
              sql`lower(coalesce(${accounts.school}->>'name', '')) like ${q}`,
              sql`lower(coalesce(${accounts.baseId}, '')) like ${q}`,
            )
          : undefined,
      ),
    )
    .orderBy(accounts.createdAt)
    .limit(ACCOUNT_LIST_MAX)
  return rows.map(toAccount)
}

/** A pending school sign-up turned down, with the reason the teacher sees when signing in. */
export async function rejectAccount(db: Database, id: string, reason: string): Promise<Account> {
  const [row] = await db
    .update(accounts)
    .set({ status: 'rejected', statusReason: reason, statusChangedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.status, 'pending')))
    .returning()
  if (!row) throw new HttpError(404, '没有待审核的该账号 / no pending account with this id')
  return toAccount(row)
}

/**
 * Stops an account at once: status `disabled` and every session deleted in the same transaction
 * (the session check refuses a disabled account anyway). An admin cannot disable themselves,
 * so the last admin cannot lock everybody out.
 */
export async function disableAccount(db: Database, id: string, reason: string, by: Account): Promise<Account> {
  if (id === by.id) throw new HttpError(400, '不能停用自己的账号 / you cannot disable your own account')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ status: 'disabled', statusReason: reason, statusChangedAt: new Date() })
      .where(and(eq(accounts.id, id), ne(accounts.status, 'disabled')))
      .returning()
    if (!row) throw new HttpError(404, '没有可停用的该账号 / no account to disable with this id')
    await tx.delete(sessions).where(eq(sessions.accountId, id))
    return toAccount(row)
  })
}

/** Lets a disabled account sign in again. */
export async function enableAccount(db: Database, id: string): Promise<Account> {
  const [row] = await db
    .update(accounts)
    .set({ status: 'active', statusReason: null, statusChangedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.status, 'disabled')))
    .returning()
  if (!row) throw new HttpError(404, '没有已停用的该账号 / no disabled account with this id')
  return toAccount(row)
}

/** Lets a base staff account write, review and publish works, or stops it (admins always may). */
export async function setWorksEditor(db: Database, id: string, allowed: boolean): Promise<Account> {
  const [row] = await db
    .update(accounts)
    .set({ worksEditor: allowed })
    .where(and(eq(accounts.id, id), eq(accounts.role, 'base_staff')))
    .returning()
  if (!row) throw new HttpError(404, '没有这个基地工作人员账号 / no base staff account with this id')
  return toAccount(row)
}

/** Sets a new random password (returned once, for the admin to pass on) and ends every session. */
export async function resetPassword(
  db: Database,
  id: string,
): Promise<{ account: Account; temporaryPassword: string }> {
  const temporaryPassword = randomPassword()
  const passwordHash = await hashPassword(temporaryPassword)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash, passwordTemporary: true })
      .where(eq(accounts.id, id))
      .returning()
    if (!row) throw new HttpError(404, '没有该账号 / no account with this id')
    await tx.delete(sessions).where(eq(sessions.accountId, id))
    return { account: toAccount(row), temporaryPassword }
  })
}

/**
 * The holder changes their own password: the current one must be right, the new one must pass the
 * policy and differ from it. Their other sessions end (a lost phone stays signed out); this one
 * stays. A wrong current password is a 400 under its field, counted like a failed sign-in.
 */
export async function changeOwnPassword(
  db: Database,
  accountId: string,
  /** The session that stays (its stored id: session-service.ts hashToken). */
  keepSessionId: string,
  body: ChangePasswordBody,
): Promise<Account> {
  const [current] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1)
  if (!current) throw new HttpError(404, '没有该账号 / no account with this id')
  if (!(await verifyPassword(current.passwordHash, body.currentPassword)))
    throw new HttpError(400, '当前密码不对 / the current password is wrong', {}, [
      { path: 'body.currentPassword', message: '当前密码不对 / the current password is wrong' },
    ])
  if (body.password === body.currentPassword)
    throw new HttpError(400, '新密码不能与当前密码相同 / choose a password other than the current one', {}, [
      { path: 'body.password', message: '新密码不能与当前密码相同 / choose a password other than the current one' },
    ])
  await assertPasswordAllowed(body.password, current.username)
  const passwordHash = await hashPassword(body.password)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash, passwordTemporary: false })
      .where(eq(accounts.id, accountId))
      .returning()
    await tx.delete(sessions).where(and(eq(sessions.accountId, accountId), ne(sessions.id, keepSessionId)))
    return toAccount(row!)
  })
}

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I), in groups of four: ~80 bits. */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(16)
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]!).join('')
  return chars.match(/.{4}/g)!.join('-')
}

export async function approveAccount(db: Database, id: string): Promise<Account> {
  const [row] = await db
    .update(accounts)
    .set({ status: 'active', approvedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.status, 'pending')))
    .returning()
  if (!row) throw new HttpError(404, 'no pending account with this id')
  return toAccount(row)
}

/**
 * A teacher signs a school up (status pending). With SCHOOL_APPROVAL=base the sign-up must name
 * the base it applies to, whose staff approve it. The same school with the same contact twice is a
 * 409 that says so, rather than a second account for an admin to untangle.
 */
export async function signupSchool(db: Database, body: SchoolSignupBody, approval: 'admin' | 'base'): Promise<Account> {
  const { baseId } = body.school
  if (approval === 'base' && !baseId)
    throw new HttpError(400, 'school.baseId: 请选择申请的基地 / choose the base you apply to')
  if (baseId) {
    const [base] = await db
      .select({ id: bases.id })
      .from(bases)
      .where(and(eq(bases.id, baseId), eq(bases.listed, true)))
      .limit(1)
    if (!base) throw new HttpError(400, `school.baseId: 没有编号为 "${baseId}" 的基地 / unknown base "${baseId}"`)
  }
  // A taken username is reported first (the same message as any sign-up), then a duplicate school.
  if (await findAccountByUsername(db, body.username))
    throw new HttpError(409, `用户名 "${body.username}" 已被使用 / username already taken`)
  const [same] = await db
    .select({ status: accounts.status })
    .from(accounts)
    .where(
      and(
        eq(accounts.role, 'school'),
        notInArray(accounts.status, ['disabled', 'rejected']),
        sql`lower(${accounts.school}->>'name') = lower(${body.school.name})`,
        sql`lower(${accounts.school}->>'contact') = lower(${body.school.contact})`,
      ),
    )
    .limit(1)
  if (same) {
    throw new HttpError(
      409,
      same.status === 'pending'
        ? '该学校已用此联系方式申请，正在审核中 / this school already signed up with this contact and waits for approval'
        : '该学校已用此联系方式注册，请直接登录 / this school already has an account with this contact: sign in instead',
    )
  }
  return createAccount(db, { ...body, role: 'school', status: 'pending' })
}
