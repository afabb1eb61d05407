import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { parseCapXml, toCapXml } from '../../src/server/cap/cap-xml.ts'

// parseCapXml refuses any DOCTYPE before parsing. These check the library underneath too, so a
// future change of that guard would not open the door: fast-xml-parser itself neither reads
// external entities nor expands nested ones.
describe('fast-xml-parser on hostile input (second line of defence)', () => {
  const parser = new XMLParser({ processEntities: true, htmlEntities: false, parseTagValue: false })

  it('refuses external entities (XXE)', () => {
    expect(() => { parser.parse('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>') }).toThrow(/External entities are not supported/)
  })

  it('does not expand nested entities (billion laughs)', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')
    const result = JSON.stringify(parser.parse(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">${entities}]><a>&l9;</a>`))
    expect(result.length).toBeLessThan(1000)
  })
})

describe('CAP export', () => {
  it('escapes text and reads back character for character', () => {
    const alert = parseCapXml(toCapXml({
      identifier: 'zk-1', sender: 'notices@ziran-kepu.cn', sent: '2026-07-01T08:00:00+08:00', status: 'Exercise', msgType: 'Alert', references: [], kind: 'alert',
      category: 'Geo', event: '演练', urgency: 'Future', severity: 'Minor', certainty: 'Possible', level: 'blue', hazards: ['rockfall'],
      headline: '<b>"演练" & \'测试\'</b>', description: '第一行\n第二行', instruction: '', effective: null, onset: null, expires: null,
      area: { description: '北京市', provinces: ['110000'], polygons: [], circles: [] }, rumour: null,
    }))
    expect(alert.headline).toBe('<b>"演练" & \'测试\'</b>')
    expect(alert.description).toBe('第一行\n第二行')
  })
})
