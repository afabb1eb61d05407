import { describe, expect, it } from 'vitest'
import { openingHoursError, openingStatus } from '../../src/shared/domain/opening-hours.ts'

// 2026-11-24 is a Tuesday. 01:30Z = 09:30 in Shanghai; 10:00Z = 18:00 in Shanghai.
const museum = 'Tu-Su 09:00-17:00; Mo off'

describe('opening hours in Asia/Shanghai time', () => {
  it('is open on Tuesday at 09:30 Shanghai time and closes at 17:00', () => {
    const status = openingStatus(museum, new Date('2026-11-24T01:30:00Z'))
    expect(status.state).toBe('open')
    expect(status.nextChangeLocal).toBe('17:00')
    expect(status.nextChange?.toISOString()).toBe('2026-11-24T09:00:00.000Z')
  })

  it('is closed on Tuesday evening and says it opens at 09:00 the next morning', () => {
    const status = openingStatus(museum, new Date('2026-11-24T10:00:00Z'))
    expect(status.state).toBe('closed')
    expect(status.nextChangeLocal).toBe('09:00')
    expect(status.nextChange?.toISOString()).toBe('2026-11-25T01:00:00.000Z')
  })

  it('uses the Shanghai date, not UTC: Monday 23:30 UTC is already Tuesday morning in China', () => {
    // 2026-11-23T23:30Z = Tuesday 07:30 in Shanghai: closed, opening at 09:00 the same day.
    const status = openingStatus(museum, new Date('2026-11-23T23:30:00Z'))
    expect(status.state).toBe('closed')
    expect(status.nextChange?.toISOString()).toBe('2026-11-24T01:00:00.000Z')
  })

  it('is closed all Monday', () => {
    expect(openingStatus(museum, new Date('2026-11-23T04:00:00Z')).state).toBe('closed')
  })

  it('rejects malformed hours with the parser\'s reason and accepts valid ones', () => {
    expect(openingHoursError('Tu-Su 09:00-17:00; PH off')).toBeNull()
    expect(openingHoursError('Mo-Fr 25:00-27:99 blah')).toMatch(/Minutes|syntax|token/i)
    expect(openingStatus('Mo-Fr 25:00-27:99 blah').state).toBe('unknown')
  })
})
