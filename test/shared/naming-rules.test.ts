import { describe, expect, it } from 'vitest'
import { kindClaimedBy, samePlace, submissionProblems } from '../../src/shared/domain/naming-rules.ts'

describe('kindClaimedBy', () => {
  it.each([
    ['法人证书.pdf', 'pdf'],
    ['展厅.JPG', 'image'],
    ['scan.heic', 'image'],
    ['readme', null],
    ['archive.zip', null],
    [null, null],
  ])('%s claims %s', (name, kind) => {
    expect(kindClaimedBy(name)).toBe(kind)
  })
})

describe('samePlace', () => {
  const museum = { name: '中国地质博物馆', province: '北京市', lat: 39.92, lon: 116.36 }
  it.each([
    [
      'the same name with other spacing and punctuation, a nearby pin',
      { ...museum, name: '中国 地质博物馆', lat: 39.95 },
      true,
    ],
    ['the same name in another province', { ...museum, province: '湖南省' }, false],
    ['the same name 100 km away', { ...museum, lat: 40.82 }, false],
    ['another name at the same pin', { ...museum, name: '北京自然博物馆' }, false],
  ])('%s', (_label, other, same) => {
    expect(samePlace(museum, other)).toBe(same)
  })
})

describe('submissionProblems', () => {
  const call = {
    attachments: [
      { id: 'license', label: '法人证书', kinds: ['pdf' as const], maxMb: 1, required: true },
      { id: 'photos', label: '照片', kinds: ['image' as const], maxMb: 20, required: false },
    ],
  }
  it('names a missing required attachment and an empty form', () => {
    const problems = submissionProblems(call, {}, [])
    expect(problems.some((p) => p.startsWith('attachments.license'))).toBe(true)
    expect(problems.some((p) => p.startsWith('institution'))).toBe(true)
    expect(problems.some((p) => p.startsWith('attachments.photos'))).toBe(false)
  })
  it('refuses a photo named .pdf, a file too large and an unknown slot', () => {
    const problems = submissionProblems(call, {}, [
      { slot: 'license', filename: '证书.pdf', kind: 'image', bytes: 2 * 1024 * 1024 },
      { slot: 'other', filename: 'x.pdf', kind: 'pdf', bytes: 10 },
    ])
    expect(problems.filter((p) => p.startsWith('attachments.license'))).toHaveLength(3)
    expect(problems.some((p) => p.startsWith('attachments.other'))).toBe(true)
  })
})
