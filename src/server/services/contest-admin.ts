import { and, eq, inArray, notInArray } from 'drizzle-orm'
import { byCodeUnit } from '../../shared/domain/compare.ts'
import type { ContestEntry } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { contestEntries } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { entryViews } from './contest-entry-views.ts'
import { findContest, noContest, touchContest } from './contest-service.ts'

/*
 * What the programme office does with entries between the deadline and the judging: the
 * nomination check (资格审查: eligible or not, with the reason the organisation reads) and the
 * shortlist the public votes on and the final judges.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** GET /api/admin/contests/:id/entries: every entry, with entrant and organisation. */
export async function adminEntries(db: Database, contestId: string): Promise<ContestEntry[]> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  const rows = await db.select().from(contestEntries).where(eq(contestEntries.contestId, contest.id))
  rows.sort(
    (a, b) =>
      byCodeUnit(a.organisationName, b.organisationName) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      byCodeUnit(a.id, b.id),
  )
  return entryViews(db, contest.config, rows)
}

/** POST /api/admin/contest-entries/:id/eligibility: the nomination check of a submitted entry. */
export async function setEligibility(
  db: Database,
  entryId: string,
  body: { eligible: boolean; reason: string },
  now: Date,
): Promise<ContestEntry> {
  const [entry] = UUID.test(entryId) ? await db.select().from(contestEntries).where(eq(contestEntries.id, entryId)) : []
  if (!entry) throw new HttpError(404, '没有这个作品 / no such entry')
  const contest = (await findContest(db, entry.contestId))!
  if (entry.status !== 'submitted') throw new HttpError(409, '只审查已提交的作品 / only submitted entries are checked')
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contestEntries)
      .set({
        eligibility: body.eligible ? 'eligible' : 'ineligible',
        eligibilityReason: body.reason || null,
        // An entry found ineligible leaves the shortlist.
        ...(body.eligible ? {} : { shortlisted: false }),
        updatedAt: now,
      })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** PUT /api/admin/contests/:id/shortlist: exactly these entries (submitted and eligible) are shortlisted. */
export async function setShortlist(
  db: Database,
  contestId: string,
  entryIds: readonly string[],
  now: Date,
): Promise<ContestEntry[]> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  const ids = [...new Set(entryIds)]
  const rows = ids.length
    ? await db
        .select()
        .from(contestEntries)
        .where(and(eq(contestEntries.contestId, contest.id), inArray(contestEntries.id, ids)))
    : []
  const ok = new Set(rows.filter((r) => r.status === 'submitted' && r.eligibility === 'eligible').map((r) => r.id))
  const bad = ids.filter((id) => !ok.has(id))
  if (bad.length > 0)
    throw new HttpError(
      400,
      `只能入围已提交且审查通过的作品 / only submitted, eligible entries of this contest can be shortlisted; not these: ${bad.join(', ')}`,
    )
  await db.transaction(async (tx) => {
    await tx
      .update(contestEntries)
      .set({ shortlisted: false, updatedAt: now })
      .where(
        and(
          eq(contestEntries.contestId, contest.id),
          eq(contestEntries.shortlisted, true),
          ids.length ? notInArray(contestEntries.id, ids) : undefined,
        ),
      )
    if (ids.length)
      await tx
        .update(contestEntries)
        .set({ shortlisted: true, updatedAt: now })
        .where(and(inArray(contestEntries.id, ids), eq(contestEntries.shortlisted, false)))
    await touchContest(tx, contest.id, now)
  })
  return adminEntries(db, contest.id)
}
