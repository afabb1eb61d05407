import { describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import type { ThemeDay } from '../../src/shared/schemas/theme-day.ts'
import { buildICalendar, icalText, themeDayEntries, type CalendarEntry } from '../../src/shared/domain/icalendar.ts'

const modified = new Date('2026-11-01T00:00:00Z')
const themeDays: ThemeDay[] = [
  {
    id: 'national-land-day',
    name: { zh: '全国土地日', en: 'National Land Day' },
    rule: { type: 'fixed', month: 6, day: 25 },
    sinceYear: 1991,
    description: { zh: '每年6月25日，宣传节约集约用地。', en: 'Land day' },
    windows: {},
    source: 'recalled',
    verified: true,
    sortKey: '06-25',
  },
  {
    id: 'disaster-prevention-week',
    name: { zh: '防灾减灾宣传周', en: 'Disaster Prevention Week' },
    rule: { type: 'announced_annually', contains: { month: 5, day: 12 }, days: 7 },
    sinceYear: 2009,
    description: { zh: '宣传周', en: 'week' },
    windows: { 2025: '05-12..05-18' },
    source: 'recalled',
    verified: true,
    sortKey: '05-12',
  },
]

/** Parses with ical.js (Mozilla's parser), independent of the generator. */
function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  return component.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v)
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
      status: v.getFirstPropertyValue('status'),
      sequence: event.sequence,
    }
  })
}

describe('iCalendar output (RFC 5545)', () => {
  it('writes theme days as all-day entries that an independent parser reads back', () => {
    const text = buildICalendar(themeDayEntries(themeDays, [2025, 2026], modified), { name: '自然资源科普主题日' })
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true)
    expect(text).toContain('\r\n')
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    const events = parse(text)
    expect(events).toContainEqual(
      expect.objectContaining({
        uid: 'theme-day-national-land-day-2025@ziran-kepu.cn',
        summary: '全国土地日',
        start: '2025-06-25',
        end: '2025-06-26',
        allDay: true,
        status: 'CONFIRMED',
      }),
    )
    expect(events).toContainEqual(
      expect.objectContaining({
        uid: 'theme-day-disaster-prevention-week-2025@ziran-kepu.cn',
        start: '2025-05-12',
        end: '2025-05-19',
        sequence: 1,
      }),
    )
  })

  it('marks a window not yet announced as tentative, on the day it always contains', () => {
    const events = parse(buildICalendar(themeDayEntries(themeDays, [2026], modified), { name: 'x' }))
    expect(events).toContainEqual(
      expect.objectContaining({
        uid: 'theme-day-disaster-prevention-week-2026@ziran-kepu.cn',
        summary: '防灾减灾宣传周（具体日期待公布）',
        start: '2026-05-12',
        end: '2026-05-13',
        status: 'TENTATIVE',
      }),
    )
  })

  it('writes a cancelled timed event with its UID and a higher sequence, in UTC', () => {
    const entry: CalendarEntry = {
      uid: 'event-0190f3a0@ziran-kepu.cn',
      summary: '地球日科普讲座',
      location: '湖南省地质博物馆',
      when: { allDay: false, start: new Date('2026-04-22T01:30:00Z'), end: new Date('2026-04-22T03:00:00Z') },
      status: 'cancelled',
      sequence: 3,
      lastModified: modified,
    }
    const [event] = parse(buildICalendar([entry], { name: 'x' }))
    expect(event).toMatchObject({
      uid: entry.uid,
      status: 'CANCELLED',
      sequence: 3,
      allDay: false,
      start: '2026-04-22T01:30:00Z',
    })
  })

  const timed = (fields: Partial<CalendarEntry>): CalendarEntry => ({
    uid: 'event-0190f3a0@ziran-kepu.cn',
    summary: '讲座',
    when: { allDay: false, start: new Date('2026-04-22T01:30:00Z'), end: new Date('2026-04-22T03:00:00Z') },
    status: 'confirmed',
    sequence: 1,
    lastModified: modified,
    ...fields,
  })
  /** ical.js reads NAME and X-WR-CALNAME as raw values: undo the TEXT escapes (RFC 5545 §3.3.11) here. */
  const unescaped = (value: unknown) =>
    String(value).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
  const injected =
    'Talk\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example.com\r\nSUMMARY:Free prize\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT'

  it('keeps a calendar name with CR/LF to one line: one VEVENT, the name read back as text', () => {
    const text = buildICalendar([timed({})], { name: injected })
    const calendar = new ICAL.Component(ICAL.parse(text))
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1)
    expect(text.match(/^BEGIN:VEVENT/gm)).toHaveLength(1)
    expect(unescaped(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(injected.replaceAll('\r\n', '\n'))
    expect(unescaped(calendar.getFirstPropertyValue('name'))).toBe(injected.replaceAll('\r\n', '\n'))
  })

  it('escapes summary, description, location and categories so they read back exactly, with one VEVENT', () => {
    const hostile = 'a;b,c\\d\r\nEND:VEVENT\rX\nY\u0000\u0007\u007f\u0085\u202e\u2067\ud800z'
    const text = buildICalendar(
      [
        timed({
          summary: hostile,
          description: hostile,
          location: hostile,
          categories: [hostile, '主题日'],
          alarmMinutesBefore: 60,
        }),
      ],
      { name: 'x' },
    )
    expect(text.split('\r\n').every((line) => !/[\r\n\u0000-\u0008\u000b-\u001f\u007f]/.test(line))).toBe(true)
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent')
    expect(events).toHaveLength(1)
    const clean = 'a;b,c\\d\nEND:VEVENT\nX\nYz'
    const event = events[0]!
    expect(event.getFirstPropertyValue('summary')).toBe(clean)
    expect(event.getFirstPropertyValue('description')).toBe(clean)
    expect(event.getFirstPropertyValue('location')).toBe(clean)
    expect(event.getFirstProperty('categories')?.getValues()).toEqual([clean, '主题日'])
    expect(event.getFirstSubcomponent('valarm')?.getFirstPropertyValue('description')).toBe(clean)
  })

  it('folds long escaped text without splitting a character', () => {
    const long = '地质,灾害;科普\\讲座🧪'.repeat(40)
    const text = buildICalendar([timed({ summary: long })], { name: long })
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    expect(text).not.toContain('\uFFFD')
    const calendar = new ICAL.Component(ICAL.parse(text))
    expect(unescaped(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(long)
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary')).toBe(long)
  })

  it.each([
    ['a;b', 'a\\;b'],
    ['a,b', 'a\\,b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\nb'],
    ['a\rb', 'a\\nb'],
    ['a\tb', 'a b'],
    ['a\u0000\u001b\u007f\u009fb', 'ab'],
    ['\u202egnp.exe', 'gnp.exe'],
    ['a\ud800b\udfffc', 'abc'],
    ['🧪', '🧪'],
  ])('escapes %j as %j (RFC 5545 §3.3.11)', (input, output) => {
    expect(icalText(input)).toBe(output)
  })
})
