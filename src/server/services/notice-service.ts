import { and, desc, eq, gte, isNull, ne, or, sql } from 'drizzle-orm'
import { OWN_SENDER_NAME, type CapAlert, type Notice, type NoticeContent } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { notices } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { CHINA_UTC_OFFSET, chinaWallClock } from '../../shared/domain/calendar-date.ts'

/** Notices that ended (expired, cancelled or replaced) stay in the list this long, as history. */
export const HISTORY_DAYS = 30
/** The sender our own notices carry (CAP sender: an address or domain that identifies the issuer). */
export const OWN_SENDER = 'notices@ziran-kepu.cn'

type Row = typeof notices.$inferSelect

const toNotice = (row: Row): Notice => ({ ...row.alert, id: row.id, receivedAt: row.receivedAt.toISOString() })

/** CAP times keep their offset; China's notices are written in Asia/Shanghai time. */
export function capNow(now = new Date()): string {
  return `${chinaWallClock(now).iso.slice(0, 19)}${CHINA_UTC_OFFSET}`
}

/**
 * Stores one CAP message. Updates and Cancels must reference a notice this server holds (so a
 * typo cannot silently leave the old warning standing); a second message with the same
 * sender and identifier is refused, as CAP identifiers are unique per sender.
 */
export async function storeNotice(
  db: Database,
  alert: CapAlert,
  source: 'json' | 'cap',
  authorId: string | null,
): Promise<Notice> {
  for (const ref of alert.references) {
    const [found] = await db
      .select({ id: notices.id })
      .from(notices)
      .where(and(eq(notices.sender, ref.sender), eq(notices.identifier, ref.identifier)))
      .limit(1)
    if (!found)
      throw new HttpError(
        400,
        `references: no notice "${ref.identifier}" from "${ref.sender}" to ${alert.msgType === 'Cancel' ? 'cancel' : 'update'}`,
      )
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notices)
      .values({
        sender: alert.sender,
        identifier: alert.identifier,
        sent: new Date(alert.sent),
        msgType: alert.msgType,
        expires: alert.expires ? new Date(alert.expires) : null,
        provinces: alert.area.provinces,
        alert,
        source,
        authorId,
      })
      .onConflictDoNothing()
      .returning()
    if (!row) throw new HttpError(409, `a notice "${alert.identifier}" from "${alert.sender}" already exists`)
    for (const ref of alert.references) {
      await tx
        .update(notices)
        .set({ replacedAt: row.receivedAt })
        .where(and(eq(notices.sender, ref.sender), eq(notices.identifier, ref.identifier), isNull(notices.replacedAt)))
    }
    return toNotice(row)
  })
}

/** A notice written in the admin form: the server gives it an identifier, the sender and the time. */
export function alertFromContent(content: NoticeContent, now = new Date()): CapAlert {
  return {
    ...content,
    senderName: content.senderName ?? OWN_SENDER_NAME,
    identifier: `zk-${crypto.randomUUID()}`,
    sender: OWN_SENDER,
    sent: capNow(now),
  }
}

/**
 * Notices still worth sending to phones: everything that has not ended, plus what was sent,
 * replaced or expired in the last HISTORY_DAYS (the client folds Update/Cancel chains and expiry, shared/domain/notice-targeting.ts).
 * With provinces: those that name one of them, and those drawn only as shapes (matched on the phone).
 */
export async function listNotices(
  db: Database,
  filter: { provinces?: string[] | undefined },
  now = new Date(),
): Promise<Notice[]> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000)
  // Recent messages; and older ones still standing (not replaced, not a Cancel, not expired long ago).
  const standing = and(
    isNull(notices.replacedAt),
    ne(notices.msgType, 'Cancel'),
    or(isNull(notices.expires), gte(notices.expires, since)),
  )
  const where = [or(gte(notices.sent, since), gte(notices.receivedAt, since), gte(notices.replacedAt, since), standing)]
  if (filter.provinces?.length) {
    where.push(
      or(
        sql`${notices.provinces} ?| ${sql.raw(`array[${filter.provinces.map((p) => `'${p.replace(/\D/g, '')}'`).join(',')}]`)}`,
        sql`jsonb_array_length(${notices.provinces}) = 0`,
      ),
    )
  }
  const rows = await db
    .select()
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.sent), notices.id)
    .limit(500)
  return rows.map(toNotice)
}

export async function getNotice(db: Database, id: string): Promise<Notice | null> {
  const [row] = await db.select().from(notices).where(eq(notices.id, id))
  return row ? toNotice(row) : null
}
