import { and, eq, ne, sql } from 'drizzle-orm'
import type { Account, AccountStatus, CreateStaffBody, Role, SchoolSignupBody } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, bases } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { assertPasswordAllowed } from './password-policy.ts'
import { hashPassword } from './passwords.ts'

type AccountRow = typeof accounts.$inferSelect

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id, username: row.username, displayName: row.displayName, role: row.role, status: row.status,
    baseId: row.baseId, school: row.school, createdAt: row.createdAt.toISOString(),
  }
}

export async function findAccountByUsername(db: Database, username: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username.toLowerCase())).limit(1)
  return row
}

export async function hasActiveAdmin(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts)
    .where(and(eq(accounts.role, 'admin'), eq(accounts.status, 'active'))).limit(1)
  return row !== undefined
}

interface NewAccount { username: string; password: string; displayName: string; role: Role; status: AccountStatus; baseId?: string | null; school?: SchoolSignupBody['school'] | null }

/** Inserts an account; a taken username is a 409 with a message the form can show. */
export async function createAccount(db: Database, input: NewAccount): Promise<Account> {
  // Common, breached and trivial passwords are a 400 under the password field (password-policy.ts).
  await assertPasswordAllowed(input.password, input.username)
  if (await findAccountByUsername(db, input.username)) throw new HttpError(409, `用户名 "${input.username}" 已被使用 / username already taken`)
  const [row] = await db.insert(accounts).values({
    username: input.username.toLowerCase(), passwordHash: await hashPassword(input.password), displayName: input.displayName,
    role: input.role, status: input.status, baseId: input.baseId ?? null, school: input.school ?? null,
    approvedAt: input.status === 'active' ? new Date() : null,
  }).onConflictDoNothing({ target: accounts.username }).returning()
  // Two sign-ups racing for one name: the loser gets the same 409.
  if (!row) throw new HttpError(409, `用户名 "${input.username}" 已被使用 / username already taken`)
  return toAccount(row)
}

export async function createStaff(db: Database, body: CreateStaffBody): Promise<Account> {
  const [base] = await db.select({ id: bases.id }).from(bases).where(eq(bases.id, body.baseId)).limit(1)
  if (!base) throw new HttpError(400, `没有编号为 "${body.baseId}" 的基地 / unknown base "${body.baseId}"`)
  return createAccount(db, { ...body, role: 'base_staff', status: 'active' })
}

export async function listAccounts(db: Database, status?: AccountStatus): Promise<Account[]> {
  const rows = await db.select().from(accounts).where(status ? eq(accounts.status, status) : undefined).orderBy(accounts.createdAt)
  return rows.map(toAccount)
}

export async function approveAccount(db: Database, id: string): Promise<Account> {
  const [row] = await db.update(accounts).set({ status: 'active', approvedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.status, 'pending'))).returning()
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
  if (approval === 'base' && !baseId) throw new HttpError(400, 'school.baseId: 请选择申请的基地 / choose the base you apply to')
  if (baseId) {
    const [base] = await db.select({ id: bases.id }).from(bases).where(and(eq(bases.id, baseId), eq(bases.listed, true))).limit(1)
    if (!base) throw new HttpError(400, `school.baseId: 没有编号为 "${baseId}" 的基地 / unknown base "${baseId}"`)
  }
  // A taken username is reported first (the same message as any sign-up), then a duplicate school.
  if (await findAccountByUsername(db, body.username)) throw new HttpError(409, `用户名 "${body.username}" 已被使用 / username already taken`)
  const [same] = await db.select({ status: accounts.status }).from(accounts).where(and(
    eq(accounts.role, 'school'), ne(accounts.status, 'disabled'),
    sql`lower(${accounts.school}->>'name') = lower(${body.school.name})`,
    sql`lower(${accounts.school}->>'contact') = lower(${body.school.contact})`,
  )).limit(1)
  if (same) {
    throw new HttpError(409, same.status === 'pending'
      ? '该学校已用此联系方式申请，正在审核中 / this school already signed up with this contact and waits for approval'
      : '该学校已用此联系方式注册，请直接登录 / this school already has an account with this contact: sign in instead')
  }
  return createAccount(db, { ...body, role: 'school', status: 'pending' })
}
