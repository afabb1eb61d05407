import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { Account, BasePhoto } from '../../shared/index.ts'
import {
  isMinorBaseField,
  type BaseEditRecord,
  type BaseField,
  type BaseFieldChanges,
  type BaseFieldValues,
  type BaseHistoryEntry,
  type BaseProposal,
  type ProposalStatus,
} from '../../shared/schemas/base-edit.ts'
import type { baseProposalInput } from '../../shared/schemas/base-edit.ts'
import type { Database } from '../db/connect.ts'
import { accounts, baseHistory, baseProposals, bases, media } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import {
  baseColumns,
  fieldStateOf,
  fieldValueOf,
  fieldValuesOf,
  stamped,
  withFieldValues,
  type FieldStates,
} from './base-fields.ts'
import { toMediaRecord } from './media-service.ts'

/*
 * Staff keep their base's record; admins review (issue 21, contract shared/schemas/base-edit.ts).
 * A proposal and its publication run in one transaction that first locks the base's row, so two
 * approvals of the same field queue and the second sees the first's version: a stale edit is a
 * 409, never an overwrite. Every write adds rows to base_history.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
type BaseRow = typeof bases.$inferSelect
type ProposalRow = typeof baseProposals.$inferSelect

const notFound = (baseId: string) => new HttpError(404, `没有这个基地 / no base "${baseId}"`)

async function lockedBase(tx: Tx, baseId: string): Promise<BaseRow> {
  const [row] = await tx.select().from(bases).where(eq(bases.id, baseId)).for('update')
  if (!row?.listed) throw notFound(baseId)
  return row
}

/** GET /api/base-profiles/:baseId */
export async function editRecord(db: Database, baseId: string): Promise<BaseEditRecord> {
  const [row] = await db.select().from(bases).where(eq(bases.id, baseId))
  if (!row?.listed) throw notFound(baseId)
  const [pending] = await db
    .select({ n: count() })
    .from(baseProposals)
    .where(and(eq(baseProposals.baseId, baseId), eq(baseProposals.status, 'pending')))
  const values = fieldValuesOf(row.data)
  return {
    baseId,
    version: row.version,
    values,
    fields: Object.fromEntries(
      (Object.keys(values) as BaseField[]).map((f) => [f, fieldStateOf(row.fields, f)]),
    ) as BaseEditRecord['fields'],
    minorFieldsDirect: row.minorFieldsDirect,
    pendingProposals: pending?.n ?? 0,
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The first changed field whose version moved since it was loaded: a 409 naming it, with its current value. */
function refuseStale(row: BaseRow, fields: readonly BaseField[], loaded: Partial<Record<BaseField, number>>): void {
  for (const field of fields) {
    const state = fieldStateOf(row.fields, field)
    if (state.version === loaded[field]) continue
    throw new HttpError(
      409,
      `“${field}” 在您载入后已被修改，请查看当前内容后重试 / field "${field}" changed since it was loaded: review its current value and try again`,
      {},
      [{ path: `changes.${field}`, message: 'changed since it was loaded / 已被他人修改' }],
      { field, current: fieldValueOf(row.data, field), version: state.version },
    )
  }
}

/**
 * Photos as published: one already on the base keeps its sizes (its caption may change); a new one
 * must be a finished `base-photo` image upload of the proposer's (an admin may attach any).
 */
async function resolvePhotos(
  tx: Tx,
  row: BaseRow,
  account: Account,
  input: NonNullable<BaseFieldChanges['photos']>,
): Promise<BasePhoto[]> {
  const shown = new Map(fieldValuesOf(row.data).photos.map((p) => [p.mediaId, p]))
  const wanted = input.filter((p) => !shown.has(p.mediaId)).map((p) => p.mediaId)
  const rows = wanted.length ? await tx.select().from(media).where(inArray(media.id, wanted)) : []
  const found = new Map(rows.map((m) => [m.id, m]))
  return input.map((p, i) => {
    const known = shown.get(p.mediaId)
    if (known) return { ...known, caption: p.caption }
    const m = found.get(p.mediaId)
    const refuse = (message: string) =>
      new HttpError(400, message, {}, [{ path: `changes.photos.${String(i)}.mediaId`, message }])
    if (!m || (account.role !== 'admin' && m.ownerId !== account.id))
      throw refuse('没有找到您上传的这张照片 / no upload of yours with this id')
    if (m.purpose !== 'base-photo' || m.kind !== 'image' || !m.width || !m.height)
      throw refuse('这不是基地照片（图片）上传 / not an image uploaded as a base photo')
    const record = toMediaRecord(m)
    return {
      mediaId: m.id,
      caption: p.caption,
      width: m.width,
      height: m.height,
      dominantColor: m.dominantColor,
      variants: record.variants,
    }
  })
}

/** The changes as they would be published: a pin becomes an exact site, photos get their sizes. */
async function resolveChanges(
  tx: Tx,
  row: BaseRow,
  account: Account,
  changes: BaseFieldChanges,
): Promise<Partial<BaseFieldValues>> {
  const { location, photos, ...rest } = changes
  const out: Partial<BaseFieldValues> = { ...rest }
  if (location) out.location = { lat: location.lat, lon: location.lon, precision: 'site', confidence: 'high' }
  if (photos) out.photos = await resolvePhotos(tx, row, account, photos)
  return out
}

/** Publishes values into the base's row: version up, fields marked `app`, history, photos made public. */
async function publish(
  tx: Tx,
  row: BaseRow,
  values: Partial<BaseFieldValues>,
  by: Account,
  proposalId: string,
  now: Date,
): Promise<void> {
  const version = row.version + 1
  const next = withFieldValues(row.data, values)
  const fields: FieldStates = { ...row.fields }
  const changed = Object.keys(values) as BaseField[]
  for (const field of changed) fields[field] = { version, provenance: 'app' }
  await tx
    .update(bases)
    .set({ ...baseColumns(next), data: stamped(next, version, now), version, fields, updatedAt: now })
    .where(eq(bases.id, row.id))
  await tx.insert(baseHistory).values(
    changed.map((field) => ({
      baseId: row.id,
      action: 'publish' as const,
      field,
      previous: fieldValueOf(row.data, field),
      value: fieldValueOf(next, field),
      accountId: by.id,
      proposalId,
      version,
      at: now,
    })),
  )
  const photoIds = (values.photos ?? []).map((p) => p.mediaId)
  if (photoIds.length) await tx.update(media).set({ status: 'published' }).where(inArray(media.id, photoIds))
}

/** Pending proposals a base may have at once: an admin's queue stays reviewable, a script cannot flood it. */
export const MAX_PENDING_PROPOSALS = 20

/**
 * POST /api/base-profiles/:baseId/proposals. `publish` goes out at once when every field is minor
 * and the base may publish minor fields, or when an admin asks; otherwise it is refused (403), so
 * a staff member never believes a change is live when it waits for review.
 */
export async function propose(
  db: Database,
  account: Account,
  baseId: string,
  input: z.output<typeof baseProposalInput>,
  now: Date = new Date(),
): Promise<BaseProposal> {
  const fields = Object.keys(input.changes) as BaseField[]
  const id = await db.transaction(async (tx) => {
    const row = await lockedBase(tx, baseId)
    refuseStale(row, fields, input.loadedVersions)
    if (input.mode === 'publish' && account.role !== 'admin') {
      const major = fields.filter((f) => !isMinorBaseField(f))
      if (!row.minorFieldsDirect)
        throw new HttpError(403, '本基地的修改需要审核 / this base’s changes wait for an admin’s review')
      if (major.length)
        throw new HttpError(
          403,
          `这些字段需要审核：${major.join('、')} / these fields wait for review: ${major.join(', ')}`,
          {},
          major.map((f) => ({ path: `changes.${f}`, message: 'needs review / 需要审核' })),
        )
    }
    const direct = input.mode === 'publish'
    if (!direct) {
      // Under the base's lock, so parallel proposals cannot pass the count together.
      const [waiting] = await tx
        .select({ n: count() })
        .from(baseProposals)
        .where(and(eq(baseProposals.baseId, baseId), eq(baseProposals.status, 'pending')))
      if ((waiting?.n ?? 0) >= MAX_PENDING_PROPOSALS)
        throw new HttpError(
          429,
          `本基地已有 ${MAX_PENDING_PROPOSALS} 条修改等待审核，请等管理员处理后再提交 / ` +
            `${MAX_PENDING_PROPOSALS} changes of this base already wait for review; send more once they are decided`,
        )
    }
    const changes = await resolveChanges(tx, row, account, input.changes)
    const before = Object.fromEntries(fields.map((f) => [f, fieldValueOf(row.data, f)]))
    const [proposal] = await tx
      .insert(baseProposals)
      .values({
        baseId,
        status: direct ? 'published' : 'pending',
        changes,
        loadedVersions: input.loadedVersions,
        before,
        note: input.note ?? null,
        proposedBy: account.id,
        createdAt: now,
        ...(direct ? { decidedBy: account.id, decidedAt: now } : {}),
      })
      .returning({ id: baseProposals.id })
    await tx.insert(baseHistory).values({
      baseId,
      action: 'propose',
      value: fields,
      accountId: account.id,
      proposalId: proposal!.id,
      version: row.version,
      at: now,
    })
    if (direct) await publish(tx, row, changes, account, proposal!.id, now)
    return proposal!.id
  })
  return (await proposalsWhere(db, eq(baseProposals.id, id)))[0]!
}

async function lockedPending(tx: Tx, id: string): Promise<ProposalRow> {
  const [proposal] = await tx.select().from(baseProposals).where(eq(baseProposals.id, id)).for('update')
  if (!proposal) throw new HttpError(404, `没有这个修改申请 / no proposal "${id}"`)
  if (proposal.status !== 'pending')
    throw new HttpError(409, `该申请已处理（${proposal.status}）/ this proposal is already ${proposal.status}`)
  return proposal
}

/** POST /api/admin/base-proposals/:id/approve */
export async function approve(db: Database, admin: Account, id: string, now: Date = new Date()): Promise<BaseProposal> {
  await db.transaction(async (tx) => {
    const proposal = await lockedPending(tx, id)
    const row = await lockedBase(tx, proposal.baseId)
    refuseStale(row, Object.keys(proposal.changes) as BaseField[], proposal.loadedVersions)
    await publish(tx, row, proposal.changes, admin, id, now)
    await tx
      .update(baseProposals)
      .set({ status: 'approved', decidedBy: admin.id, decidedAt: now })
      .where(eq(baseProposals.id, id))
  })
  return (await proposalsWhere(db, eq(baseProposals.id, id)))[0]!
}

/** POST /api/admin/base-proposals/:id/reject: the published record stays as it is. */
export async function reject(
  db: Database,
  admin: Account,
  id: string,
  reason: string,
  now: Date = new Date(),
): Promise<BaseProposal> {
  await db.transaction(async (tx) => {
    const proposal = await lockedPending(tx, id)
    const [row] = await tx.select({ version: bases.version }).from(bases).where(eq(bases.id, proposal.baseId))
    await tx
      .update(baseProposals)
      .set({ status: 'rejected', decidedBy: admin.id, decidedAt: now, reason })
      .where(eq(baseProposals.id, id))
    await tx.insert(baseHistory).values({
      baseId: proposal.baseId,
      action: 'reject',
      value: reason,
      accountId: admin.id,
      proposalId: id,
      version: row?.version ?? 0,
      at: now,
    })
  })
  return (await proposalsWhere(db, eq(baseProposals.id, id)))[0]!
}

/** PUT /api/admin/base-profiles/:baseId/settings */
export async function setMinorFieldsDirect(
  db: Database,
  admin: Account,
  baseId: string,
  allowed: boolean,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockedBase(tx, baseId)
    if (row.minorFieldsDirect === allowed) return
    await tx.update(bases).set({ minorFieldsDirect: allowed }).where(eq(bases.id, baseId))
    await tx.insert(baseHistory).values({
      baseId,
      action: 'settings',
      field: 'minorFieldsDirect',
      previous: row.minorFieldsDirect,
      value: allowed,
      accountId: admin.id,
      version: row.version,
      at: now,
    })
  })
}

/** Proposals of one base, or (admins) of every base in a status; newest first, pending oldest first. */
export async function listProposals(
  db: Database,
  filter: { baseId?: string; status?: ProposalStatus },
): Promise<BaseProposal[]> {
  const where = and(
    filter.baseId ? eq(baseProposals.baseId, filter.baseId) : undefined,
    filter.status ? eq(baseProposals.status, filter.status) : undefined,
  )
  return proposalsWhere(db, where, filter.status === 'pending' ? 'oldest' : 'newest')
}

const proposer = alias(accounts, 'proposer')
const decider = alias(accounts, 'decider')

async function proposalsWhere(
  db: Database,
  where: SQL | undefined,
  order: 'newest' | 'oldest' = 'newest',
): Promise<BaseProposal[]> {
  const rows = await db
    .select({
      p: baseProposals,
      data: bases.data,
      fields: bases.fields,
      proposer: { id: proposer.id, displayName: proposer.displayName },
      decider: { id: decider.id, displayName: decider.displayName },
    })
    .from(baseProposals)
    .innerJoin(bases, eq(bases.id, baseProposals.baseId))
    .innerJoin(proposer, eq(proposer.id, baseProposals.proposedBy))
    .leftJoin(decider, eq(decider.id, baseProposals.decidedBy))
    .where(where)
    .orderBy(order === 'oldest' ? asc(baseProposals.createdAt) : desc(baseProposals.createdAt))
    .limit(500)
  return rows.map(({ p, data, fields, proposer, decider }) => ({
    id: p.id,
    baseId: p.baseId,
    baseName: data.name.zh,
    status: p.status,
    changes: p.changes,
    loadedVersions: p.loadedVersions,
    diff: (Object.keys(p.changes) as BaseField[]).map((field) => ({
      field,
      before: p.before[field] ?? null,
      after: p.changes[field] ?? null,
      current: fieldValueOf(data, field),
      stale: p.status === 'pending' && fieldStateOf(fields, field).version !== p.loadedVersions[field],
    })),
    note: p.note,
    proposedBy: proposer,
    createdAt: p.createdAt.toISOString(),
    decidedBy: decider?.id ? { id: decider.id, displayName: decider.displayName } : null,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    reason: p.reason,
  }))
}

/** GET /api/admin/base-profiles/:baseId/history: newest first. */
export async function baseHistoryOf(db: Database, baseId: string): Promise<BaseHistoryEntry[]> {
  const rows = await db
    .select({ h: baseHistory, by: { id: accounts.id, displayName: accounts.displayName } })
    .from(baseHistory)
    .leftJoin(accounts, eq(accounts.id, baseHistory.accountId))
    .where(eq(baseHistory.baseId, baseId))
    .orderBy(desc(baseHistory.id))
    .limit(2000)
  if (rows.length === 0) {
    const [base] = await db.select({ id: bases.id }).from(bases).where(eq(bases.id, baseId))
    if (!base) throw notFound(baseId)
  }
  return rows.map(({ h, by }) => ({
    id: h.id,
    baseId: h.baseId,
    action: h.action,
    field: h.field,
    previous: h.previous ?? null,
    value: h.value ?? null,
    by: by?.id ? { id: by.id, displayName: by.displayName } : null,
    proposalId: h.proposalId,
    version: h.version,
    at: h.at.toISOString(),
  }))
}
