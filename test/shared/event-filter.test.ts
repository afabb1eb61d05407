import { describe, expect, it } from 'vitest'
import { filterEvents, type EventBaseFacts, type EventFilter } from '../../src/shared/domain/event-filter.ts'
import {
  dueReminders,
  liveReminders,
  reminderDueAt,
  type EventReminder,
} from '../../src/shared/domain/event-reminders.ts'

const beijing = { lat: 39.9042, lon: 116.4074 }
const bases = new Map<string, EventBaseFacts>([
  ['museum-beijing', { category: 'geology_museum', location: { lat: 39.92, lon: 116.37 } }],
  ['geopark-tianjin', { category: 'geopark', location: { lat: 39.13, lon: 117.2 } }], // ≈ 110 km from Beijing
  ['museum-changsha', { category: 'geology_museum', location: { lat: 28.2, lon: 112.97 } }],
])
const ev = (
  id: string,
  base: string,
  extra: Partial<{ themeDayId: string | null; audience: 'public' | 'school' | 'squadron' }> = {},
) => ({ id, base: { id: base }, themeDayId: null, audience: 'public' as const, ...extra })
const events = [
  ev('talk', 'museum-beijing', { themeDayId: 'earth-day' }),
  ev('hike', 'geopark-tianjin', { audience: 'school' }),
  ev('lab', 'museum-changsha', { audience: 'squadron', themeDayId: 'earth-day' }),
  ev('orphan', 'removed-base'),
]
const none: EventFilter = { themeDayId: null, audience: null, category: null, near: null }
const ids = (filter: Partial<EventFilter>) =>
  filterEvents(events as never[], { ...none, ...filter }, bases).map((e: { id: string }) => e.id)

describe('calendar event filters', () => {
  it('keeps every event when nothing is chosen, in the given order', () => {
    expect(ids({})).toEqual(['talk', 'hike', 'lab', 'orphan'])
  })
  it('filters by theme day and audience', () => {
    expect(ids({ themeDayId: 'earth-day' })).toEqual(['talk', 'lab'])
    expect(ids({ audience: 'school' })).toEqual(['hike'])
  })
  it('filters by the category of the base the event is at', () => {
    expect(ids({ category: 'geology_museum' })).toEqual(['talk', 'lab'])
    expect(ids({ category: 'geopark' })).toEqual(['hike'])
  })
  it('keeps only events within the chosen distance of the visitor', () => {
    expect(ids({ near: { origin: beijing, km: 50 } })).toEqual(['talk'])
    expect(ids({ near: { origin: beijing, km: 300 } })).toEqual(['talk', 'hike'])
  })
  it('combines filters, and never guesses for an event whose base is unknown', () => {
    expect(ids({ near: { origin: beijing, km: 3000 }, category: 'geology_museum', themeDayId: 'earth-day' })).toEqual([
      'talk',
      'lab',
    ])
    expect(ids({ near: { origin: beijing, km: 20_000 } })).not.toContain('orphan')
  })
})

describe('event reminders', () => {
  const reminder = (lead: 60 | 1440, start: string, remindedAt: string | null = null): EventReminder => ({
    eventId: '0190a4a0-0000-7000-8000-000000000001',
    title: '开放日',
    baseName: '中国地质博物馆',
    start,
    lead,
    remindedAt,
  })
  const start = '2026-12-01T09:30:00+08:00'

  it('falls due the chosen lead before the start', () => {
    expect(reminderDueAt(reminder(60, start)).toISOString()).toBe('2026-12-01T00:30:00.000Z')
    expect(reminderDueAt(reminder(1440, start)).toISOString()).toBe('2026-11-30T01:30:00.000Z')
  })
  it('is shown once, between falling due and the start', () => {
    const r = reminder(60, start)
    expect(dueReminders([r], new Date('2026-12-01T00:29:00Z'))).toEqual([])
    expect(dueReminders([r], new Date('2026-12-01T00:30:00Z'))).toEqual([r])
    expect(dueReminders([{ ...r, remindedAt: '2026-12-01T00:31:00.000Z' }], new Date('2026-12-01T00:40:00Z'))).toEqual(
      [],
    )
    expect(dueReminders([r], new Date('2026-12-01T01:30:00Z'))).toEqual([])
  })
  it('drops reminders a day after their event started', () => {
    const r = reminder(60, start)
    expect(liveReminders([r], new Date('2026-12-02T01:00:00Z'))).toEqual([r])
    expect(liveReminders([r], new Date('2026-12-02T01:31:00Z'))).toEqual([])
  })
})
