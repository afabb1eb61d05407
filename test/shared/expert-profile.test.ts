import { describe, expect, it } from 'vitest'
import { appointmentOn, creditedRole, termEndsOn, worksCrediting } from '../../src/shared/domain/expert-profile.ts'
import { matchesExpertQuery } from '../../src/shared/domain/expert-search.ts'

const batch = { title: '国土资源首席科学传播专家', batch: 1, appointedOn: '2017-04-17', termYears: 5, sources: [] }

describe('the chief-expert badge', () => {
  it.each([
    ['2017-04-16', false], // before the appointment
    ['2017-04-17', true],
    ['2022-04-16', true], // the term's last day
    ['2022-04-17', false], // five years on: a former chief expert
    ['2026-12-07', false],
  ])('on %s is current: %s', (today, current) => {
    expect(appointmentOn(batch, today)).toEqual({ ...batch, endsOn: '2022-04-17', current })
  })

  it('ends a term that began on 29 February on 1 March of a common year', () => {
    expect(termEndsOn('2020-02-29', 1)).toBe('2021-03-01')
    expect(termEndsOn('2020-02-29', 4)).toBe('2024-02-29')
  })
})

describe('works credited to an expert', () => {
  const su = { id: '0190c8a0-0000-7000-8000-000000000001', contentKey: 'chief-experts-2017/苏德辰' }
  it('links a work by the expert id or the announced key, never by a name alone', () => {
    const works = [
      { id: 'by-key', credits: [{ expert: 'chief-experts-2017/苏德辰', role: 'author' as const }] },
      { id: 'by-id', credits: [{ expert: su.id, role: 'featured' as const }] },
      { id: 'other', credits: [{ expert: 'chief-experts-2017/王章俊', role: 'author' as const }] },
      { id: 'none' },
    ]
    expect(worksCrediting(works, su).map(({ work, role }) => [work.id, role])).toEqual([
      ['by-key', 'author'],
      ['by-id', 'featured'],
    ])
    expect(worksCrediting(works, { id: su.id, contentKey: null }).map(({ work }) => work.id)).toEqual(['by-id'])
  })

  it('gives the role of the credit', () => {
    expect(creditedRole([{ expert: su.id, role: 'featured' }], su)).toBe('featured')
    expect(creditedRole(undefined, su)).toBeNull()
  })
})

describe('matchesExpertQuery', () => {
  const ouyang = { name: '欧阳自远', institution: null, search: { pinyin: 'ouyangziyuan', initials: 'oyzy' } }
  const su = {
    name: '苏德辰',
    institution: '中国地质科学院地质研究所',
    search: { pinyin: 'sudechen', initials: 'sdc' },
  }
  const find = (q: string) => [ouyang, su].filter((e) => matchesExpertQuery(e, q)).map((e) => e.name)

  it.each([
    ['', ['欧阳自远', '苏德辰']],
    ['欧阳', ['欧阳自远']],
    ['ouyang', ['欧阳自远']],
    ['Ou Yang', ['欧阳自远']],
    ['oyzy', ['欧阳自远']],
    ['sdc', ['苏德辰']],
    ['地质研究所', ['苏德辰']],
    ['ouyang1', []],
    ['zhang', []],
  ])('%j finds %j', (q, names) => {
    expect(find(q)).toEqual(names)
  })
})
