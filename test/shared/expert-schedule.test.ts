import { describe, expect, it } from 'vitest'
import {
  engagement,
  eventDays,
  scheduleConflicts,
  type ScheduleEntry,
} from '../../src/shared/domain/expert-schedule.ts'

const t = (iso: string) => Date.parse(iso)

describe('engagement: when a request takes the expert', () => {
  it('is the event itself for a one-day event', () => {
    expect(engagement({ start: '2026-05-12T09:00:00+08:00', end: '2026-05-12T11:00:00+08:00' }, '2026-05-12')).toEqual({
      start: t('2026-05-12T09:00:00+08:00'),
      end: t('2026-05-12T11:00:00+08:00'),
    })
  })

  it('is the asked day of a longer event, in Beijing time', () => {
    expect(engagement({ start: '2026-05-10T09:00:00+08:00', end: '2026-05-20T17:00:00+08:00' }, '2026-05-12')).toEqual({
      start: t('2026-05-12T00:00:00+08:00'),
      end: t('2026-05-13T00:00:00+08:00'),
    })
  })

  it('is the whole event when the event was moved off the asked day', () => {
    expect(engagement({ start: '2026-05-14T09:00:00+08:00', end: '2026-05-14T11:00:00+08:00' }, '2026-05-12')).toEqual({
      start: t('2026-05-14T09:00:00+08:00'),
      end: t('2026-05-14T11:00:00+08:00'),
    })
  })
})

describe('eventDays', () => {
  it('gives the Beijing dates an event touches; an end at midnight is the day before', () => {
    expect(eventDays({ start: '2026-05-11T20:00:00Z', end: '2026-05-13T16:00:00Z' })).toEqual({
      first: '2026-05-12',
      last: '2026-05-13',
    })
    expect(eventDays({ start: '2026-05-12T09:00:00+08:00', end: '2026-05-13T00:00:00+08:00' })).toEqual({
      first: '2026-05-12',
      last: '2026-05-12',
    })
  })
})

describe('scheduleConflicts', () => {
  const span = (from: string, to: string) => ({
    start: t(`2026-05-12T${from}:00+08:00`),
    end: t(`2026-05-12T${to}:00+08:00`),
  })
  const entry = (
    id: string,
    status: ScheduleEntry['status'],
    from: string,
    to: string,
    cancelled = false,
  ): ScheduleEntry => ({ id, status, span: span(from, to), cancelled })
  const conflicts = (entries: ScheduleEntry[]) => Object.fromEntries(scheduleConflicts(entries))

  it('flags overlaps where one side is accepted', () => {
    expect(
      conflicts([
        entry('a', 'accepted', '09:00', '11:00'),
        entry('b', 'requested', '10:30', '12:00'),
        entry('c', 'accepted', '11:00', '12:00'),
      ]),
    ).toEqual({ a: ['b'], b: ['a', 'c'], c: ['b'] })
  })

  it('does not flag two open requests, touching times, or finished and cancelled ones', () => {
    expect(
      conflicts([
        entry('a', 'requested', '09:00', '11:00'),
        entry('b', 'requested', '10:00', '12:00'),
        entry('c', 'accepted', '12:00', '13:00'),
        entry('d', 'declined', '12:00', '13:00'),
        entry('e', 'withdrawn', '12:30', '14:00'),
        entry('f', 'accepted', '12:30', '13:30', true),
      ]),
    ).toEqual({ a: [], b: [], c: [], d: [], e: [], f: [] })
  })

  it('finds an overlap with an earlier long entry', () => {
    expect(
      conflicts([
        entry('long', 'accepted', '08:00', '18:00'),
        entry('x', 'requested', '09:00', '10:00'),
        entry('y', 'requested', '16:00', '17:00'),
      ]),
    ).toEqual({ long: ['x', 'y'], x: ['long'], y: ['long'] })
  })
})
