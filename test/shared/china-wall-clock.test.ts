import { describe, expect, it } from 'vitest'
import { chinaIsoString, chinaWallClock, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import { chinaNumericDateTimeLabel, chinaTimeLabel } from '../../src/shared/domain/date-labels.ts'

describe("China's wall clock", () => {
  it.each([
    ['2026-04-22T01:05:30Z', { date: '2026-04-22', time: '09:05', iso: '2026-04-22T09:05:30.000' }],
    ['2026-04-22T16:00:00Z', { date: '2026-04-23', time: '00:00', iso: '2026-04-23T00:00:00.000' }],
    ['2026-12-31T23:59:59.999+08:00', { date: '2026-12-31', time: '23:59', iso: '2026-12-31T23:59:59.999' }],
    ['2026-12-31T10:00:00-06:00', { date: '2027-01-01', time: '00:00', iso: '2027-01-01T00:00:00.000' }],
  ])('reads %s as a clock in China shows it', (at, clock) => {
    expect(chinaWallClock(at)).toEqual(clock)
    expect(chinaWallClock(new Date(at))).toEqual(clock)
    expect(todayInChina(new Date(at))).toBe(clock.date)
    expect(chinaTimeLabel(at)).toBe(clock.time)
    expect(chinaNumericDateTimeLabel(at)).toBe(`${clock.date} ${clock.time}`)
  })

  it('writes an instant with the +08:00 offset, milliseconds only when there are some', () => {
    expect(chinaIsoString(new Date('2026-04-22T01:00:00Z'))).toBe('2026-04-22T09:00:00+08:00')
    expect(chinaIsoString(new Date('2026-04-22T01:00:00.250Z'))).toBe('2026-04-22T09:00:00.250+08:00')
  })
})
