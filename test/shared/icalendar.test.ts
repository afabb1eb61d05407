import { describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import type { ThemeDay } from '../../src/shared/schemas/theme-day.ts'
import { buildICalendar, themeDayEntries, type CalendarEntry } from '../../src/shared/domain/icalendar.ts'

const modified = new Date('2026-11-01T00:00:00Z')
const themeDays: ThemeDay[] = [
  { id: 'national-land-day', name: { zh: '全国土地日', en: 'National Land Day' }, rule: { type: 'fixed', month: 6, day: 25 }, sinceYear: 1991,
    description: { zh: '每年6月25日，宣传节约集约用地。', en: 'Land day' }, windows: {}, source: 'recalled', verified: true, sortKey: '06-25' },
  { id: 'disaster-prevention-week', name: { zh: '防灾减灾宣传周', en: 'Disaster Prevention Week' }, rule: { type: 'announced_annually', contains: { month: 5, day: 12 }, days: 7 },
    sinceYear: 2009, description: { en: 'week' }, windows: { 2025: '05-12..05-18' }, source: 'recalled', verified: true, sortKey: '05-12' },
]

/** Parses with ical.js (Mozilla's parser), independent of the generator. */
function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  return component.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v)
    return { uid: event.uid, summary: event.summary, start: event.startDate.toString(), end: event.endDate.toString(),
      allDay: event.startDate.isDate, status: v.getFirstPropertyValue('status'), sequence: event.sequence }
  })
}

describe('iCalendar output (RFC 5545)', () => {
  it('writes theme days as all-day entries that an independent parser reads back', () => {
    const text = buildICalendar(themeDayEntries(themeDays, [2025, 2026], modified), { name: '自然资源科普主题日' })
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true)
    expect(text).toContain('\r\n')
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    const events = parse(text)
    expect(events).toContainEqual(expect.objectContaining({
      uid: 'theme-day-national-land-day-2025@ziran-kepu.cn', summary: '全国土地日', start: '2025-06-25', end: '2025-06-26', allDay: true, status: 'CONFIRMED',
    }))
    expect(events).toContainEqual(expect.objectContaining({
      uid: 'theme-day-disaster-prevention-week-2025@ziran-kepu.cn', start: '2025-05-12', end: '2025-05-19', sequence: 1,
    }))
  })

  it('marks a window not yet announced as tentative, on the day it always contains', () => {
    const events = parse(buildICalendar(themeDayEntries(themeDays, [2026], modified), { name: 'x' }))
    expect(events).toContainEqual(expect.objectContaining({
      uid: 'theme-day-disaster-prevention-week-2026@ziran-kepu.cn', summary: '防灾减灾宣传周（具体日期待公布）', start: '2026-05-12', end: '2026-05-13', status: 'TENTATIVE',
    }))
  })

  it('writes a cancelled timed event with its UID and a higher sequence, in UTC', () => {
    const entry: CalendarEntry = {
      uid: 'event-0190f3a0@ziran-kepu.cn', summary: '地球日科普讲座', location: '湖南省地质博物馆',
      when: { allDay: false, start: new Date('2026-04-22T01:30:00Z'), end: new Date('2026-04-22T03:00:00Z') },
      status: 'cancelled', sequence: 3, lastModified: modified,
    }
    const [event] = parse(buildICalendar([entry], { name: 'x' }))
    expect(event).toMatchObject({ uid: entry.uid, status: 'CANCELLED', sequence: 3, allDay: false, start: '2026-04-22T01:30:00Z' })
  })
})
