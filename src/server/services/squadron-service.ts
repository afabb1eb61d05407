import { and, asc, eq, sql } from 'drizzle-orm'
import type { Account, Squadron, SquadronInput, SquadronPatch, SquadronSettings } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, bases, squadronSettings, squadrons } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { toAccount } from './account-service.ts'
import { settingsFor } from './registration-places.ts'

/* Squadrons of a school, per-base registration settings, and school accounts a base approves. */

type SquadronRow = typeof squadrons.$inferSelect

function toSquadron(row: SquadronRow): Squadron {
  return {
    id: row.id,
    name: row.name,
    grade: row.grade,
    headcount: row.headcount,
    teacher: row.teacher,
    counsellor: row.counsellor,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function listSquadrons(db: Database, schoolAccountId: string): Promise<Squadron[]> {
  const rows = await db
    .select()
    .from(squadrons)
    .where(eq(squadrons.schoolAccountId, schoolAccountId))
    .orderBy(asc(squadrons.archived), asc(squadrons.createdAt))
  return rows.map(toSquadron)
}

async function assertNameFree(db: Database, schoolAccountId: string, name: string, except?: string): Promise<void> {
  const [same] = await db
    .select({ id: squadrons.id })
    .from(squadrons)
    .where(
      and(
        eq(squadrons.schoolAccountId, schoolAccountId),
        eq(squadrons.archived, false),
        sql`lower(${squadrons.name}) = lower(${name})`,
      ),
    )
  if (same && same.id !== except)
    throw new HttpError(409, `已有名为"${name}"的中队 / a squadron with this name already exists`)
}

export async function createSquadron(db: Database, schoolAccountId: string, input: SquadronInput): Promise<Squadron> {
  await assertNameFree(db, schoolAccountId, input.name)
  const [row] = await db
    .insert(squadrons)
    .values({ schoolAccountId, ...input })
    .returning()
  return toSquadron(row!)
}

export async function updateSquadron(
  db: Database,
  schoolAccountId: string,
  id: string,
  patch: SquadronPatch,
): Promise<Squadron> {
  const [current] = await db
    .select()
    .from(squadrons)
    .where(and(eq(squadrons.id, id), eq(squadrons.schoolAccountId, schoolAccountId)))
  if (!current) throw new HttpError(404, '没有这个中队 / no such squadron')
  const archived = patch.archived ?? current.archived
  if (!archived && (patch.name !== undefined || patch.archived === false))
    await assertNameFree(db, schoolAccountId, patch.name ?? current.name, id)
  const [row] = await db
    .update(squadrons)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(squadrons.id, id))
    .returning()
  return toSquadron(row!)
}

export { settingsFor as getSquadronSettings }

export async function putSquadronSettings(
  db: Database,
  baseId: string,
  settings: SquadronSettings,
): Promise<SquadronSettings> {
  const [base] = await db.select({ id: bases.id }).from(bases).where(eq(bases.id, baseId))
  if (!base) throw new HttpError(404, '没有这个基地 / no such base')
  await db
    .insert(squadronSettings)
    .values({ baseId, ...settings, updatedAt: new Date() })
    .onConflictDoUpdate({ target: squadronSettings.baseId, set: { ...settings, updatedAt: new Date() } })
  return settingsFor(db, baseId)
}

/** Pending school sign-ups that named this base (SCHOOL_APPROVAL=base); every pending one for an admin. */
export async function pendingSchoolsFor(db: Database, account: Account): Promise<Account[]> {
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.role, 'school'),
        eq(accounts.status, 'pending'),
        account.role === 'admin' ? undefined : sql`${accounts.school}->>'baseId' = ${account.baseId}`,
      ),
    )
    .orderBy(asc(accounts.createdAt))
  return rows.map(toAccount)
}

export async function approveSchoolFor(db: Database, account: Account, id: string): Promise<Account> {
  const [row] = await db
    .update(accounts)
    .set({ status: 'active', approvedAt: new Date() })
    .where(
      and(
        eq(accounts.id, id),
        eq(accounts.role, 'school'),
        eq(accounts.status, 'pending'),
        account.role === 'admin' ? undefined : sql`${accounts.school}->>'baseId' = ${account.baseId}`,
      ),
    )
    .returning()
  if (!row) throw new HttpError(404, '没有向本基地申请的待审核学校 / no pending school that applied to this base')
  return toAccount(row)
}
