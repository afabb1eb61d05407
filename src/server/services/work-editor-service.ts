import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type {
  Account,
  EditorWork,
  EditorWorkListItem,
  PublishedWork,
  WorkAction,
  WorkDocument,
  WorkHistoryEntry,
  WorkState,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, appWorks, appWorkVersions, media } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { checkUploads, mediaRows, toPublishedWork, uploadsOf, type Db } from './work-documents.ts'

/*
 * Writing, reviewing and publishing works in the app (contract: shared/schemas/work-edit.ts).
 * Every write locks the work's row, checks the version the editor loaded (a stale one is a 409,
 * never an overwrite), moves the draft's state and logs one `app_work_versions` row. Only a
 * publish or an unpublish moves `change`, which is what phones' `since` cursor and the public
 * caches read: saving a draft changes nothing a visitor sees.
 */

type WorkRow = typeof appWorks.$inferSelect

const NEXT_CHANGE = sql`nextval('contest_change_seq')`

async function names(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await db
    .select({ id: accounts.id, name: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

export const publicIdOf = (row: Pick<WorkRow, 'id' | 'contentId'>) => row.contentId ?? row.id

function editorView(row: WorkRow, who: Map<string, string>): EditorWork {
  return {
    id: row.id,
    publicId: publicIdOf(row),
    origin: row.source,
    state: row.state,
    listed: row.listed && row.published !== null,
    version: row.version,
    publishedVersion: row.publishedVersion,
    draft: row.draft!,
    published: row.published,
    returnReason: row.returnReason,
    lastEditor: row.lastEditorId ? { id: row.lastEditorId, name: who.get(row.lastEditorId) ?? '' } : null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The editor's list: every work with a draft, newest change first, optionally in one state. */
export async function listEditorWorks(db: Database, state?: WorkState): Promise<EditorWorkListItem[]> {
  const rows = await db
    .select()
    .from(appWorks)
    .where(
      state ? and(eq(appWorks.state, state), sql`${appWorks.draft} is not null`) : sql`${appWorks.draft} is not null`,
    )
    .orderBy(desc(appWorks.updatedAt), asc(appWorks.id))
    .limit(1000)
  const who = await names(
    db,
    rows.map((r) => r.lastEditorId),
  )
  return rows.map((row) => {
    const { draft, published: _published, ...view } = editorView(row, who)
    return { ...view, title: draft.title.zh, type: draft.type }
  })
}

export async function editorWork(db: Db, id: string): Promise<EditorWork> {
  const [row] = await db.select().from(appWorks).where(eq(appWorks.id, id))
  if (!row?.draft) throw new HttpError(404, '没有这个作品 / no such work')
  return editorView(row, await names(db, [row.lastEditorId]))
}

async function log(
  db: Db,
  row: Pick<WorkRow, 'id'>,
  version: number,
  action: WorkAction,
  by: Account | null,
  at: Date,
  extra: { note?: string; document?: WorkDocument } = {},
) {
  await db.insert(appWorkVersions).values({
    workId: row.id,
    version,
    action,
    byId: by?.id ?? null,
    at,
    note: extra.note ?? null,
    document: extra.document ?? null,
  })
}

/** A new draft; its author is its first editor. */
export async function createWork(db: Database, by: Account, doc: WorkDocument, now: Date): Promise<EditorWork> {
  return db.transaction(async (tx) => {
    await checkUploads(tx, doc)
    const [row] = await tx
      .insert(appWorks)
      .values({
        ...legacyColumns(doc),
        source: 'app',
        provenance: 'app',
        draft: doc,
        state: 'draft',
        listed: false,
        version: 1,
        createdBy: by.id,
        lastEditorId: by.id,
        publishedAt: now,
        updatedAt: now,
      })
      .returning()
    await log(tx, row!, 1, 'create', by, now, { document: doc })
    return editorWork(tx, row!.id)
  })
}

/** The row, locked, if the caller's version is current. */
async function lockedAt(tx: Db, id: string, version: number): Promise<WorkRow & { draft: WorkDocument }> {
  const [row] = await tx.select().from(appWorks).where(eq(appWorks.id, id)).for('update')
  if (!row?.draft) throw new HttpError(404, '没有这个作品 / no such work')
  if (row.version !== version)
    throw new HttpError(
      409,
      `作品已被他人修改（现为第 ${row.version} 版），请重新打开 / the work changed since you opened it (now version ${row.version}): reload it`,
      {},
      undefined,
      { version: row.version },
    )
  return row as WorkRow & { draft: WorkDocument }
}

function refuseState(row: WorkRow, allowed: readonly WorkState[], doing: string): void {
  if (!allowed.includes(row.state))
    throw new HttpError(409, `作品现在是“${row.state}”，不能${doing} / the work is ${row.state}: cannot ${doing}`)
}

/**
 * Saves the draft. Whatever state it was in, it is a draft again (an approval was for the text
 * the reviewer read); a work imported from content/ is from now on the app's.
 */
export async function saveWork(
  db: Database,
  by: Account,
  id: string,
  version: number,
  doc: WorkDocument,
  now: Date,
): Promise<EditorWork> {
  return db.transaction(async (tx) => {
    const row = await lockedAt(tx, id, version)
    await checkUploads(tx, doc)
    const next = row.version + 1
    await tx
      .update(appWorks)
      .set({
        draft: doc,
        state: 'draft',
        provenance: 'app',
        version: next,
        returnReason: null,
        lastEditorId: by.id,
        updatedAt: now,
      })
      .where(eq(appWorks.id, id))
    await log(tx, row, next, 'save', by, now, { document: doc })
    return editorWork(tx, id)
  })
}

/** One step of review: checks the version and state, moves the state, logs it. */
async function step(
  db: Database,
  by: Account,
  id: string,
  version: number,
  now: Date,
  action: Extract<WorkAction, 'submit' | 'approve' | 'return'>,
  note?: string,
): Promise<EditorWork> {
  return db.transaction(async (tx) => {
    const row = await lockedAt(tx, id, version)
    const moves = {
      submit: { from: ['draft'], to: 'in_review', doing: '提交审核 submit it' },
      approve: { from: ['in_review'], to: 'approved', doing: '通过审核 approve it' },
      return: { from: ['in_review', 'approved'], to: 'draft', doing: '退回 return it' },
    } as const
    const move = moves[action]
    refuseState(row, move.from, move.doing)
    // Review by a second person: whoever wrote the draft's last change cannot approve it.
    if (action === 'approve' && row.lastEditorId === by.id)
      throw new HttpError(403, '不能审核自己修改的作品，请另一位编辑审核 / someone else must review your own changes')
    const next = row.version + 1
    await tx
      .update(appWorks)
      .set({
        state: move.to,
        version: next,
        returnReason: action === 'return' ? (note ?? null) : null,
        updatedAt: now,
      })
      .where(eq(appWorks.id, id))
    await log(tx, row, next, action, by, now, note ? { note } : {})
    return editorWork(tx, id)
  })
}

export const submitWork = (db: Database, by: Account, id: string, version: number, now: Date) =>
  step(db, by, id, version, now, 'submit')
export const approveWork = (db: Database, by: Account, id: string, version: number, now: Date) =>
  step(db, by, id, version, now, 'approve')
export const returnWork = (db: Database, by: Account, id: string, version: number, reason: string, now: Date) =>
  step(db, by, id, version, now, 'return', reason)

/** Publishes an approved draft: visitors see it (and its media) from now on. */
export async function publishWork(
  db: Database,
  by: Account,
  id: string,
  version: number,
  now: Date,
): Promise<EditorWork> {
  return db.transaction(async (tx) => {
    const row = await lockedAt(tx, id, version)
    refuseState(row, ['approved'], '发布 publish it')
    const next = row.version + 1
    await tx
      .update(appWorks)
      .set({
        ...legacyColumns(row.draft),
        published: row.draft,
        publishedVersion: next,
        state: 'published',
        listed: true,
        version: next,
        // A work keeps the date it first came out; a republished edit is not new.
        publishedAt: row.published ? row.publishedAt : now,
        change: NEXT_CHANGE,
        updatedAt: now,
      })
      .where(eq(appWorks.id, id))
    await publishMedia(tx, row.draft)
    await log(tx, row, next, 'publish', by, now)
    return editorWork(tx, id)
  })
}

/** Hides a published work from visitors (the list, its page, search, saved copies); the draft stays. */
export async function unpublishWork(
  db: Database,
  by: Account,
  id: string,
  version: number,
  now: Date,
): Promise<EditorWork> {
  return db.transaction(async (tx) => {
    const row = await lockedAt(tx, id, version)
    if (!row.listed || !row.published) throw new HttpError(409, '作品没有发布 / the work is not published')
    const next = row.version + 1
    await tx
      .update(appWorks)
      .set({
        listed: false,
        // What visitors saw is no longer published: publishing again needs a review.
        state: row.state === 'published' ? 'draft' : row.state,
        provenance: 'app',
        version: next,
        change: NEXT_CHANGE,
        updatedAt: now,
      })
      .where(eq(appWorks.id, id))
    await log(tx, row, next, 'unpublish', by, now)
    return editorWork(tx, id)
  })
}

export async function publishMedia(db: Db, doc: WorkDocument): Promise<void> {
  const ids = uploadsOf(doc)
  if (ids.length > 0) await db.update(media).set({ status: 'published' }).where(inArray(media.id, ids))
}

/** Every step of a work, newest first. */
export async function workHistory(db: Database, id: string): Promise<WorkHistoryEntry[]> {
  await editorWork(db, id)
  const rows = await db
    .select()
    .from(appWorkVersions)
    .where(eq(appWorkVersions.workId, id))
    .orderBy(desc(appWorkVersions.version), desc(appWorkVersions.at))
  const who = await names(
    db,
    rows.map((r) => r.byId),
  )
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    by: r.byId ? { id: r.byId, name: who.get(r.byId) ?? '' } : null,
    at: r.at.toISOString(),
    note: r.note,
    document: r.document,
  }))
}

/** The draft as a visitor would see it once published. */
export async function previewWork(db: Database, id: string, now: Date): Promise<PublishedWork> {
  const work = await editorWork(db, id)
  const [row] = await db.select({ publishedAt: appWorks.publishedAt }).from(appWorks).where(eq(appWorks.id, id))
  return toPublishedWork(
    work.draft,
    {
      id: work.publicId,
      version: work.version,
      publishedAt: work.published ? row!.publishedAt : now,
      origin: work.origin,
    },
    await mediaRows(db, uploadsOf(work.draft)),
  )
}

/** The columns GET /api/app-works (contest winners) reads, from a document. */
export function legacyColumns(doc: WorkDocument) {
  return {
    kind: doc.type,
    titleZh: doc.title.zh,
    titleEn: doc.title.en ?? null,
    description: doc.summary.zh,
    credits: doc.credits.map((c) => ({ role: c.role === 'author' ? ('entrant' as const) : c.role, name: c.name })),
    licence: doc.licence ?? '',
    mediaIds: doc.media ? [doc.media.file] : [],
  }
}
