import { describe, expect, it } from 'vitest'
import { byCodeUnit, canonicalJson } from '../../src/shared/domain/compare.ts'

describe('byCodeUnit', () => {
  it('orders ISO dates and times by time, in every locale', () => {
    const times = ['2026-11-24T09:00:00.000Z', '2026-02-01', '2026-11-24T08:59:59.999Z', '2025-12-31']
    expect([...times].sort(byCodeUnit)).toEqual([
      '2025-12-31',
      '2026-02-01',
      '2026-11-24T08:59:59.999Z',
      '2026-11-24T09:00:00.000Z',
    ])
    expect(byCodeUnit('a', 'a')).toBe(0)
  })
})

describe('canonicalJson', () => {
  it('gives the same text for the same content whatever the key order, at every depth', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })
    const b = canonicalJson({ a: { c: null, d: [3, { x: 2, y: 1 }] }, b: 1 })
    expect(a).toBe(b)
    expect(a).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}')
  })

  it('sorts keys by code unit, not by a locale’s collation (the same on the phone and the server)', () => {
    // A collator puts "a" before "B"; code units put capitals first. Either would do, but both sides must agree.
    expect(canonicalJson({ a: 1, B: 2, ä: 3 })).toBe('{"B":2,"a":1,"ä":3}')
  })
})
