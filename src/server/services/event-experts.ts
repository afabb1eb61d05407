import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { EventExpert } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { expertRequests, experts } from '../db/schema.ts'

/*
 * The experts an event page and the calendar feed name: those who accepted a request for the
 * event, each once, with the title only when the expert shows it. Public, so it selects public
 * columns of `experts` and nothing of their contacts or of the requests' messages.
 */

/** Accepted experts of each event id, in the order they accepted. */
export async function acceptedExperts(db: Database, eventIds: readonly string[]): Promise<Map<string, EventExpert[]>> {
  const byEvent = new Map<string, EventExpert[]>()
  if (eventIds.length === 0) return byEvent
  const rows = await db
    .select({
      eventId: expertRequests.eventId,
      id: experts.id,
      name: experts.name,
      title: experts.title,
      visibility: experts.visibility,
    })
    .from(expertRequests)
    .innerJoin(experts, eq(experts.id, expertRequests.expertId))
    .where(and(inArray(expertRequests.eventId, [...eventIds]), eq(expertRequests.status, 'accepted')))
    .orderBy(asc(expertRequests.respondedAt), asc(expertRequests.id))
  for (const row of rows) {
    const list = byEvent.get(row.eventId) ?? []
    // Asked for two days of one event: still one expert on its page.
    if (!list.some((e) => e.id === row.id))
      list.push({ id: row.id, name: row.name, title: row.visibility.title ? row.title : null })
    byEvent.set(row.eventId, list)
  }
  return byEvent
}

/** The newest change to anything `acceptedExperts` reads: part of the events' data version. */
export const expertsChange = sql<string>`(select greatest(
  (select coalesce(max(${experts.change}), 0) from ${experts}),
  (select coalesce(max(${expertRequests.change}), 0) from ${expertRequests})))`

/** One line of an event's calendar description: 专家：欧阳自远（中国科学院院士）、苏德辰 */
export function expertsLine(list: readonly EventExpert[] | undefined): string {
  if (!list?.length) return ''
  return `专家：${list.map((e) => (e.title ? `${e.name}（${e.title}）` : e.name)).join('、')}`
}
