import { describe, expect, it } from 'vitest'
import { areaApplies, noticeRevision, noticeThreads, pointInPolygon } from '../../src/shared/domain/notice-targeting.ts'
import { provinceByCode, provinceByName, PROVINCES } from '../../src/shared/domain/provinces.ts'
import { noticeInput, type Notice, type NoticeArea } from '../../src/shared/index.ts'

const HUNAN = '430000'
const SICHUAN = '510000'
// A box around Jishou (吉首), Hunan, and a circle around Wenchuan (汶川), Sichuan.
const jishouBox: [number, number][] = [
  [28.0, 109.4],
  [28.6, 109.4],
  [28.6, 110.0],
  [28.0, 110.0],
  [28.0, 109.4],
]
const area = (a: Partial<NoticeArea>): NoticeArea => ({
  description: '测试区域',
  provinces: [],
  polygons: [],
  circles: [],
  ...a,
})

let n = 0
function make(over: Partial<Notice> = {}): Notice {
  n += 1
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    receivedAt: '2026-07-01T00:00:00.000Z',
    identifier: `id-${n}`,
    sender: 's@example.cn',
    sent: `2026-07-01T0${n % 10}:00:00+08:00`,
    kind: 'alert',
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    category: 'Geo',
    event: '预警',
    urgency: 'Expected',
    severity: 'Moderate',
    certainty: 'Likely',
    level: 'yellow',
    hazards: [],
    headline: `notice ${n}`,
    description: '',
    instruction: '',
    effective: null,
    onset: null,
    expires: null,
    area: area({ provinces: [HUNAN] }),
    rumour: null,
    ...over,
  }
}
const ref = (x: Notice) => ({ sender: x.sender, identifier: x.identifier, sent: x.sent })
const NOW = new Date('2026-07-02T00:00:00+08:00')

describe('which notices concern a visitor', () => {
  it.each([
    ['a followed province', area({ provinces: [HUNAN] }), { provinces: [HUNAN] }, true],
    ['another province', area({ provinces: [SICHUAN] }), { provinces: [HUNAN] }, false],
    ['one of several provinces', area({ provinces: [SICHUAN, HUNAN] }), { provinces: [HUNAN] }, true],
    [
      'inside a polygon (位置)',
      area({ polygons: [jishouBox] }),
      { provinces: [], position: { lat: 28.31, lon: 109.74 } },
      true,
    ],
    [
      'outside the polygon',
      area({ polygons: [jishouBox] }),
      { provinces: [], position: { lat: 27.5, lon: 109.74 } },
      false,
    ],
    ['a polygon with no position shared', area({ polygons: [jishouBox] }), { provinces: [HUNAN] }, false],
    [
      'within a circle',
      area({ circles: [{ lat: 31.0, lon: 103.6, radiusKm: 50 }] }),
      { provinces: [], position: { lat: 31.3, lon: 103.6 } },
      true,
    ],
    [
      'beyond the circle',
      area({ circles: [{ lat: 31.0, lon: 103.6, radiusKm: 20 }] }),
      { provinces: [], position: { lat: 31.3, lon: 103.6 } },
      false,
    ],
  ] as const)('%s → %s', (_label, a, target, expected) => {
    expect(areaApplies(a, target)).toBe(expected)
  })

  it('handles concave polygons (an L shape)', () => {
    const l: [number, number][] = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ]
    expect(pointInPolygon({ lat: 0.5, lon: 1.5 }, l)).toBe(true)
    expect(pointInPolygon({ lat: 1.5, lon: 1.5 }, l)).toBe(false)
  })
})

describe('current notices and history', () => {
  it('shows an alert until it expires, then moves it to history', () => {
    const a = make({ expires: '2026-07-03T00:00:00+08:00' })
    expect(noticeThreads([a], NOW).current.map((t) => t.latest.id)).toEqual([a.id])
    const later = noticeThreads([a], new Date('2026-07-03T00:00:01+08:00'))
    expect(later.current).toEqual([])
    expect(later.history).toEqual([{ latest: a, state: 'expired', earlier: [] }])
  })

  it('replaces an alert by its update, and withdraws the chain on cancel', () => {
    const alert = make({ sent: '2026-07-01T08:00:00+08:00' })
    const update = make({
      msgType: 'Update',
      sent: '2026-07-01T09:00:00+08:00',
      references: [ref(alert)],
      level: 'red',
    })
    const threads = noticeThreads([update, alert], NOW)
    expect(threads.current).toEqual([{ latest: update, state: 'current', earlier: [alert] }])
    const cancel = make({ msgType: 'Cancel', sent: '2026-07-01T10:00:00+08:00', references: [ref(update)] })
    const after = noticeThreads([alert, cancel, update], NOW)
    expect(after.current).toEqual([])
    expect(after.history).toEqual([{ latest: cancel, state: 'cancelled', earlier: [update, alert] }])
  })

  it('keeps an update standing when the notice it updates never reached us', () => {
    const update = make({
      msgType: 'Update',
      references: [{ sender: 'other', identifier: 'lost', sent: '2026-06-30T08:00:00+08:00' }],
    })
    expect(noticeThreads([update], NOW).current.map((t) => t.latest)).toEqual([update])
  })

  it('lists a notice that takes effect later as upcoming, with the current ones', () => {
    const future = make({ effective: '2026-07-05T00:00:00+08:00' })
    expect(noticeThreads([future], NOW).current).toEqual([{ latest: future, state: 'upcoming', earlier: [] }])
  })

  it('puts the most severe first: red before orange before yellow', () => {
    const y = make({ level: 'yellow' })
    const r = make({ level: 'red' })
    const o = make({ level: 'orange' })
    expect(noticeThreads([y, r, o], NOW).current.map((t) => t.latest.level)).toEqual(['red', 'orange', 'yellow'])
  })

  it('gives an update a new revision, so a dismissed banner comes back', () => {
    const alert = make()
    const update = make({ msgType: 'Update', references: [ref(alert)] })
    expect(noticeRevision(update)).not.toBe(noticeRevision(alert))
  })
})

describe('the notice contract', () => {
  const base = { event: '预警', headline: '标题', level: 'blue', area: { description: '湖南', provinces: [HUNAN] } }

  it('needs references for Update and Cancel, a level for alerts, claim and facts for 辟谣', () => {
    const issues = (input: object) => noticeInput.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? []
    expect(issues(base)).toEqual([])
    expect(issues({ ...base, msgType: 'Update' })).toEqual(['references'])
    expect(issues({ ...base, level: null })).toEqual(['level'])
    expect(
      issues({
        ...base,
        msgType: 'Cancel',
        level: null,
        references: [{ sender: 's', identifier: 'i', sent: '2026-07-01T08:00:00+08:00' }],
      }),
    ).toEqual([])
    expect(issues({ ...base, kind: 'rumour' })).toEqual(['rumour'])
    expect(issues({ ...base, area: { description: '无处' } })).toEqual(['area.provinces'])
    expect(issues({ ...base, effective: '2026-07-02T08:00:00+08:00', expires: '2026-07-01T08:00:00+08:00' })).toEqual([
      'expires',
    ])
  })

  it('knows every province by GB/T 2260 code and by the names bases use', () => {
    expect(PROVINCES).toHaveLength(34)
    expect(provinceByCode(HUNAN)?.zh).toBe('湖南省')
    expect(provinceByName('广西壮族自治区')?.code).toBe('450000')
  })
})
