import { describe, expect, it } from 'vitest'
import { describeOpeningHours, openingHoursError, openingStatus } from '../../src/shared/domain/opening-hours.ts'

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

  it("rejects malformed hours with the parser's reason and accepts valid ones", () => {
    expect(openingHoursError('Tu-Su 09:00-17:00; PH off')).toBeNull()
    expect(openingHoursError('Mo-Fr 25:00-27:99 blah')).toMatch(/Minutes|syntax|token/i)
    expect(openingStatus('Mo-Fr 25:00-27:99 blah').state).toBe('unknown')
  })
})

describe('the next opening, said as a visitor would', () => {
  it('says today when it opens later the same day', () => {
    // Tuesday 07:30 in Shanghai.
    expect(openingStatus(museum, new Date('2026-11-23T23:30:00Z')).nextChangeDay).toEqual({ kind: 'today' })
  })

  it('says tomorrow on a Monday the museum is shut all day, not "opens at 09:00" as if today', () => {
    // Monday 12:00 in Shanghai.
    const status = openingStatus(museum, new Date('2026-11-23T04:00:00Z'))
    expect(status).toMatchObject({ state: 'closed', nextChangeLocal: '09:00', nextChangeDay: { kind: 'tomorrow' } })
  })

  it('names the weekday when the next opening is further off', () => {
    // Sunday 18:00 in Shanghai: shut Monday, opens Tuesday.
    const status = openingStatus(museum, new Date('2026-11-22T10:00:00Z'))
    expect(status).toMatchObject({
      state: 'closed',
      nextChangeLocal: '09:00',
      nextChangeDay: { kind: 'weekday', weekday: 2 },
    })
  })

  it('says when it closes today while open', () => {
    expect(openingStatus(museum, new Date('2026-11-24T01:30:00Z')).nextChangeDay).toEqual({ kind: 'today' })
  })
})

describe('opening hours as people read them', () => {
  it.each([
    ['Tu-Su 09:00-16:30', '周二至周日 09:00–16:30，周一闭馆', 'Tue–Sun 09:00–16:30, closed Mondays'],
    ['Tu-Su 09:00-17:00; Mo off', '周二至周日 09:00–17:00，周一闭馆', 'Tue–Sun 09:00–17:00, closed Mondays'],
    ['Mo-Su 08:30-17:30', '每天 08:30–17:30', 'Daily 08:30–17:30'],
    [
      'Mo-Fr 08:30-12:00,14:00-17:30',
      '周一至周五 08:30–12:00、14:00–17:30，周六、周日闭馆',
      'Mon–Fri 08:30–12:00, 14:00–17:30, closed Sat, Sun',
    ],
    [
      'Mo-Fr 09:00-17:00; Sa,Su 09:00-18:00',
      '周一至周五 09:00–17:00；周六、周日 09:00–18:00',
      'Mon–Fri 09:00–17:00; Sat, Sun 09:00–18:00',
    ],
    ['We-Mo 09:00-17:00', '周一、周三至周日 09:00–17:00，周二闭馆', 'Mon, Wed–Sun 09:00–17:00, closed Tuesdays'],
    ['24/7', '全天开放', 'Open 24 hours, every day'],
    [
      'Tu-Su 09:00-17:00; Mo off; PH off',
      '周二至周日 09:00–17:00，周一闭馆；法定节假日闭馆',
      'Tue–Sun 09:00–17:00, closed Mondays; closed on public holidays',
    ],
    [
      'Mo-Su 08:00-18:00; Nov 01-Mar 31: Tu-Su 09:00-16:00; Nov 01-Mar 31: Mo off; PH 09:00-12:00',
      '每天 08:00–18:00；11月1日至3月31日：周二至周日 09:00–16:00，周一闭馆；法定节假日 09:00–12:00',
      'Daily 08:00–18:00; Nov 1 – Mar 31: Tue–Sun 09:00–16:00, closed Mondays; public holidays 09:00–12:00',
    ],
  ])('%s → %s / %s', (value, zh, en) => {
    expect(describeOpeningHours(value, 'zh-CN')).toBe(zh)
    expect(describeOpeningHours(value, 'en')).toBe(en)
  })

  it('shows hours it cannot read as written rather than hiding them', () => {
    expect(describeOpeningHours('Mo-Fr sunrise-sunset', 'zh-CN')).toBe('Mo-Fr sunrise-sunset')
  })
})
