import { readFileSync } from 'node:fs'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { CAP_NAMESPACE, CapError, parseCapXml, toCapXml } from '../../src/server/cap/cap-xml.ts'

const sample = readFileSync(new URL('../fixtures/cap/alert.xml', import.meta.url), 'utf8')
const ROOT = `<alert xmlns="${CAP_NAMESPACE}">`

/** The issues parseCapXml refuses `xml` with (fails the test when it accepts it). */
function refusal(xml: string): { path: string; message: string }[] {
  try {
    parseCapXml(xml)
  } catch (error) {
    if (error instanceof CapError) return error.issues
    throw error
  }
  throw new Error('accepted')
}

// parseCapXml refuses any DOCTYPE before parsing. These check the library underneath too, so a
// future change of that guard would not open the door: fast-xml-parser itself neither reads
// external entities nor expands nested ones.
describe('fast-xml-parser on hostile input (second line of defence)', () => {
  const parser = new XMLParser({ processEntities: true, htmlEntities: false, parseTagValue: false })

  it('refuses external entities (XXE)', () => {
    expect(() => {
      parser.parse('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')
    }).toThrow(/External entities are not supported/)
  })

  it('does not expand nested entities (billion laughs)', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')
    const result = JSON.stringify(
      parser.parse(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">${entities}]><a>&l9;</a>`),
    )
    expect(result.length).toBeLessThan(1000)
  })
})

describe('CAP export', () => {
  it('escapes text and reads back character for character', () => {
    const alert = parseCapXml(
      toCapXml({
        identifier: 'zk-1',
        sender: 'notices@ziran-kepu.cn',
        sent: '2026-07-01T08:00:00+08:00',
        status: 'Exercise',
        msgType: 'Alert',
        references: [],
        kind: 'alert',
        category: 'Geo',
        event: '演练',
        urgency: 'Future',
        severity: 'Minor',
        certainty: 'Possible',
        level: 'blue',
        hazards: ['rockfall'],
        headline: '<b>"演练" & \'测试\'</b>',
        description: '第一行\n第二行',
        instruction: '',
        effective: null,
        onset: null,
        expires: null,
        area: { description: '北京市', provinces: ['110000'], polygons: [], circles: [] },
        rumour: null,
      }),
    )
    expect(alert.headline).toBe('<b>"演练" & \'测试\'</b>')
    expect(alert.description).toBe('第一行\n第二行')
  })
  it('carries the issuing body as <senderName>, after <expires> as CAP 1.2 orders it, and reads it back', () => {
    const xml = toCapXml({
      identifier: 'zk-2',
      sender: 'notices@ziran-kepu.cn',
      sent: '2026-07-01T08:00:00+08:00',
      status: 'Actual',
      msgType: 'Alert',
      references: [],
      kind: 'alert',
      category: 'Geo',
      event: '地质灾害气象风险预警',
      urgency: 'Expected',
      severity: 'Moderate',
      certainty: 'Likely',
      level: 'yellow',
      hazards: [],
      headline: '黄色预警',
      description: '',
      instruction: '',
      effective: null,
      onset: null,
      expires: '2026-07-02T18:00:00+08:00',
      senderName: '湖南省自然资源厅',
      area: { description: '湖南省', provinces: ['430000'], polygons: [], circles: [] },
      rumour: null,
    })
    expect(xml).toMatch(
      /<expires>2026-07-02T18:00:00\+08:00<\/expires>\s*<senderName>湖南省自然资源厅<\/senderName>\s*<headline>/,
    )
    expect(parseCapXml(xml).senderName).toBe('湖南省自然资源厅')
    expect(parseCapXml(sample).senderName).toBeUndefined()
  })
})

describe('CAP import from other systems: the namespace as XML declares it', () => {
  it.each([
    ['double quotes', ROOT, '</alert>'],
    ['single quotes', `<alert xmlns='${CAP_NAMESPACE}'>`, '</alert>'],
    ['a prefix', `<cap:alert xmlns:cap='${CAP_NAMESPACE}'>`, '</cap:alert>'],
    [
      'a prefix and another default namespace',
      `<cap:alert xmlns="urn:example:other" xmlns:cap="${CAP_NAMESPACE}">`,
      '</cap:alert>',
    ],
  ])('accepts the CAP 1.2 namespace declared with %s', (_, open, close) => {
    let xml = sample.replace(ROOT, open).replace('</alert>', close)
    if (open.startsWith('<cap:')) xml = xml.replace(/<(\/?)(?!\?|cap:|\/cap:)([A-Za-z]+)/g, '<$1cap:$2')
    expect(parseCapXml(xml).identifier).toBe('HN-GEO-2026-0712-01')
  })

  it.each([
    ['another namespace', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1">', '</alert>'],
    ['no namespace', '<alert>', '</alert>'],
    [
      'the namespace on another prefix',
      `<cap:alert xmlns:other="${CAP_NAMESPACE}" xmlns:cap="urn:example">`,
      '</cap:alert>',
    ],
    ['the namespace only in text', `<alert><!-- "${CAP_NAMESPACE}" -->`, '</alert>'],
  ])('refuses %s', (_, open, close) => {
    const xml = sample.replace(ROOT, open).replace('</alert>', close)
    expect(refusal(xml)).toContainEqual(
      expect.objectContaining({ path: 'alert/@xmlns', message: expect.stringContaining(CAP_NAMESPACE) }),
    )
  })
})

describe('CAP import of text XML forbids', () => {
  it.each([
    ['a raw NUL', sample.replace('湘西州地质灾害', '湘西州\u0000地质灾害'), /U\+0000/],
    ['an escape control character', sample.replace('湘西州地质灾害', '湘西州\u001b地质灾害'), /U\+001B/],
    ['a lone surrogate', sample.replace('湘西州地质灾害', '湘西州\ud800地质灾害'), /U\+D800/],
    ['a character reference to NUL', sample.replace('湘西州地质灾害', '湘西州&#0;地质灾害'), /&#0;/],
    ['a character reference to a surrogate', sample.replace('湘西州地质灾害', '湘西州&#xD800;地质灾害'), /&#xD800;/],
  ])('refuses %s with the line and column', (_, xml, message) => {
    const [issue] = refusal(xml)
    expect(issue).toMatchObject({
      path: expect.stringMatching(/^\(line 20, column \d+\)$/),
      message: expect.stringMatching(message),
    })
  })

  it('keeps line breaks in the description, CR LF read as LF', () => {
    expect(parseCapXml(sample.replace('受持续强降雨影响，', '受持续强降雨影响，\r\n')).description).toContain(
      '影响，\n湘西州',
    )
  })
})

describe('CAP import of deeply nested XML', () => {
  it('refuses 36,000 nested elements before parsing, naming the depth', () => {
    const deep = `<?xml version="1.0"?>${ROOT}${'<a>'.repeat(36_000)}${'</a>'.repeat(36_000)}</alert>`
    expect(refusal(deep)).toEqual([
      {
        path: expect.stringMatching(/^\(line 1, column \d+\)$/),
        message: expect.stringContaining('nested deeper than 32'),
      },
    ])
  })

  it('counts depth past comments, CDATA and quoted ">" but not self-closing elements', () => {
    const flat = sample.replace(
      '<scope>Public</scope>',
      `<scope>Public</scope><note a="x>y" b='>'/>${'<!-- <a><a> --><![CDATA[<a><a><a>]]><x/>'.repeat(100)}`,
    )
    expect(parseCapXml(flat).identifier).toBe('HN-GEO-2026-0712-01')
    // <alert> is level 1: 31 more levels are accepted, 32 are one too many.
    const nested = (n: number) =>
      sample.replace('<scope>Public</scope>', `<scope>Public</scope>${'<a>'.repeat(n)}${'</a>'.repeat(n)}`)
    expect(parseCapXml(nested(31)).identifier).toBe('HN-GEO-2026-0712-01')
    expect(refusal(nested(32))[0]?.message).toMatch(/nested deeper/)
  })
})
