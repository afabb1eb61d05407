import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { z } from 'zod'
import { capAlert, noticeInput, NOTICE_LEVELS, type CapAlert, type NoticeLevel } from '../../shared/index.ts'

/*
 * CAP 1.2 XML ⇄ notices. One <alert> with one <info> (zh-CN). What CAP has no element for travels
 * as <parameter>/<eventCode> pairs whose names start with "ZK-", which any CAP reader keeps:
 *   eventCode ZK-HAZARD = landslide …       parameter ZK-LEVEL = blue|yellow|orange|red
 *   parameter ZK-KIND = rumour, ZK-RUMOUR-CLAIM, ZK-RUMOUR-FACTS (辟谣)
 *   area geocode GB/T 2260 = 430000 (province codes)
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2'
/** Largest CAP document accepted. Real alerts are a few KB; this also caps parser work. */
export const CAP_MAX_BYTES = 256 * 1024
/** Deepest element nesting accepted. CAP needs 5 (alert/info/area/geocode/value); 36,000 overflowed the parser's stack. */
export const CAP_MAX_DEPTH = 32
export const GEOCODE_PROVINCE = 'GB/T 2260'
const P_LEVEL = 'ZK-LEVEL'
const P_KIND = 'ZK-KIND'
const P_CLAIM = 'ZK-RUMOUR-CLAIM'
const P_FACTS = 'ZK-RUMOUR-FACTS'
const C_HAZARD = 'ZK-HAZARD'
const LEVEL_ZH: Record<NoticeLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' }
/** China's warning colours follow CAP severity (GB/T 35965 practice): used when ZK-LEVEL is absent. */
const LEVEL_BY_SEVERITY: Record<string, NoticeLevel> = {
  Minor: 'blue',
  Moderate: 'yellow',
  Severe: 'orange',
  Extreme: 'red',
}

export interface CapIssue {
  path: string
  message: string
}

export class CapError extends Error {
  constructor(
    readonly issues: CapIssue[],
    readonly tooLarge = false,
  ) {
    super(`Invalid CAP alert: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
    this.name = 'CapError'
  }
}

/* ---------- export ---------- */

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
const el = (name: string, value: string | null | undefined, indent: string) =>
  value ? `${indent}<${name}>${escapeXml(value)}</${name}>\n` : ''
const pair = (name: string, valueName: string, value: string, indent: string) =>
  `${indent}<${name}>\n${el('valueName', valueName, indent + '  ')}${el('value', value, indent + '  ')}${indent}</${name}>\n`

/** The alert as a CAP 1.2 document (element order as the CAP 1.2 schema requires). */
export function toCapXml(a: CapAlert): string {
  const i = '    '
  let info = `  <info>\n${el('language', 'zh-CN', i)}${el('category', a.category, i)}${el('event', a.event, i)}`
  info += el('urgency', a.urgency, i) + el('severity', a.severity, i) + el('certainty', a.certainty, i)
  for (const h of a.hazards) info += pair('eventCode', C_HAZARD, h, i)
  info +=
    el('effective', a.effective, i) +
    el('onset', a.onset, i) +
    el('expires', a.expires, i) +
    el('senderName', a.senderName, i)
  info += el('headline', a.headline, i) + el('description', a.description, i) + el('instruction', a.instruction, i)
  if (a.level) info += pair('parameter', P_LEVEL, a.level, i) + pair('parameter', 'ZK-LEVEL-ZH', LEVEL_ZH[a.level], i)
  if (a.kind === 'rumour') info += pair('parameter', P_KIND, 'rumour', i)
  if (a.rumour) info += pair('parameter', P_CLAIM, a.rumour.claim, i) + pair('parameter', P_FACTS, a.rumour.facts, i)
  const j = i + '  '
  let area = `${i}<area>\n${el('areaDesc', a.area.description, j)}`
  for (const ring of a.area.polygons) area += el('polygon', ring.map(([lat, lon]) => `${lat},${lon}`).join(' '), j)
  for (const c of a.area.circles) area += el('circle', `${c.lat},${c.lon} ${c.radiusKm}`, j)
  for (const code of a.area.provinces) area += pair('geocode', GEOCODE_PROVINCE, code, j)
  info += `${area}${i}</area>\n  </info>\n`
  const refs = a.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ')
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">\n${el('identifier', a.identifier, '  ')}${el('sender', a.sender, '  ')}` +
    `${el('sent', a.sent, '  ')}${el('status', a.status, '  ')}${el('msgType', a.msgType, '  ')}${el('scope', 'Public', '  ')}${el('references', refs, '  ')}${info}</alert>\n`
  )
}

/* ---------- import ---------- */

const REPEATED = new Set(['info', 'area', 'polygon', 'circle', 'geocode', 'parameter', 'eventCode', 'resource'])
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keep every value a string: "0012" identifiers and "430000" codes must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five predefined entities and character references: DOCTYPE is refused before this.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
})

type Node = Record<string, unknown>
const text = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'object' && v !== null && typeof (v as Node)['#text'] === 'string'
      ? ((v as Node)['#text'] as string)
      : undefined
const list = (v: unknown): Node[] =>
  Array.isArray(v) ? v.filter((x): x is Node => typeof x === 'object' && x !== null) : []
const pairs = (v: unknown) => list(v).map((p) => ({ name: text(p.valueName) ?? '', value: text(p.value) ?? '' }))

/** Where offset `index` of `xml` is, as people count (line and column from 1). */
function position(xml: string, index: number): string {
  const before = xml.slice(0, index)
  const line = before.split('\n').length
  return `(line ${String(line)}, column ${String(index - before.lastIndexOf('\n'))})`
}

/** A code point XML 1.0 allows in a document (§2.2 Char): no NUL or other C0 but tab, LF and CR, no lone surrogate, no U+FFFE/U+FFFF. */
const xmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff)

/** The first character, literal or written as a reference (`&#0;`), that XML 1.0 forbids. */
function invalidCharacter(xml: string): CapIssue | null {
  for (let i = 0; i < xml.length; i++) {
    const c = xml.codePointAt(i)!
    if (!xmlChar(c))
      return {
        path: position(xml, i),
        message: `U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML (NUL, control characters and broken UTF-16 are refused)`,
      }
    if (c > 0xffff) i++
  }
  const ref = /&#(?:x([0-9a-f]+)|([0-9]+));/gi
  for (let m = ref.exec(xml); m; m = ref.exec(xml)) {
    const c = m[1] === undefined ? Number(m[2]) : Number.parseInt(m[1], 16)
    if (!xmlChar(c)) return { path: position(xml, m.index), message: `${m[0]} names a character not allowed in XML` }
  }
  return null
}

/**
 * Walks the markup once, without recursion: the nesting depth (refused past CAP_MAX_DEPTH, before
 * any parser recurses into it) and the root element's start tag. Comments, CDATA, processing
 * instructions and quoted attribute values are stepped over; well-formedness is XMLValidator's.
 */
function scanMarkup(xml: string): { root: string | null; tooDeep: CapIssue | null } {
  let depth = 0
  let root: string | null = null
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i + 1)) {
    if (xml.startsWith('<!--', i)) {
      i = xml.indexOf('-->', i)
      if (i === -1) break
      continue
    }
    if (xml.startsWith('<![CDATA[', i)) {
      i = xml.indexOf(']]>', i)
      if (i === -1) break
      continue
    }
    if (xml.startsWith('<?', i) || xml.startsWith('<!', i)) {
      i = xml.indexOf('>', i)
      if (i === -1) break
      continue
    }
    if (xml.startsWith('</', i)) {
      depth--
      continue
    }
    let end = i + 1
    let quote = ''
    for (; end < xml.length; end++) {
      const ch = xml[end]!
      if (quote) {
        if (ch === quote) quote = ''
      } else if (ch === '"' || ch === "'") quote = ch
      else if (ch === '>') break
    }
    root ??= xml.slice(i, end + 1)
    if (xml[end - 1] !== '/') depth++
    if (depth > CAP_MAX_DEPTH)
      return {
        root,
        tooDeep: {
          path: position(xml, i),
          message: `elements nested deeper than ${String(CAP_MAX_DEPTH)} levels (a CAP alert needs about 6)`,
        },
      }
    i = end
  }
  return { root, tooDeep: null }
}

/** Reads only the root's start tag, attributes and namespace prefixes kept. */
const rootParser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
})

/**
 * The namespace of the root element, resolved from its own declarations: `<alert xmlns="…">`,
 * `<cap:alert xmlns:cap='…'>`, either quote. (CAP puts the declaration on the root; a namespace
 * declared nowhere resolves to null.)
 */
function rootNamespace(startTag: string): string | null {
  const name = /^<([^\s/>]+)/.exec(startTag)?.[1] ?? ''
  const tag = startTag.endsWith('/>') ? startTag : `${startTag.slice(0, -1)}/>`
  const element = (rootParser.parse(tag) as Record<string, unknown>)[name]
  if (!element || typeof element !== 'object') return null
  const colon = name.indexOf(':')
  const declaration = (element as Record<string, unknown>)[colon === -1 ? 'xmlns' : `xmlns:${name.slice(0, colon)}`]
  return typeof declaration === 'string' ? declaration : null
}

/**
 * Reads one CAP 1.2 alert. Refuses, before parsing: more than CAP_MAX_BYTES, any DOCTYPE or
 * entity declaration (XXE, billion laughs), characters XML forbids (NUL, which PostgreSQL cannot
 * store either), nesting deeper than CAP_MAX_DEPTH, and malformed XML (with line and column). Then
 * every field is checked against the notice contract; all problems come back at once, by element path.
 */
export function parseCapXml(xml: string): CapAlert {
  if (Buffer.byteLength(xml, 'utf8') > CAP_MAX_BYTES)
    throw new CapError([{ path: '(document)', message: `larger than ${CAP_MAX_BYTES / 1024} KB` }], true)
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new CapError([
      { path: '(document)', message: 'DOCTYPE and entity declarations are not allowed in CAP alerts' },
    ])
  const badCharacter = invalidCharacter(xml)
  if (badCharacter) throw new CapError([badCharacter])
  const { root, tooDeep } = scanMarkup(xml)
  if (tooDeep) throw new CapError([tooDeep])
  const valid = XMLValidator.validate(xml)
  if (valid !== true)
    throw new CapError([{ path: `(line ${valid.err.line}, column ${valid.err.col})`, message: valid.err.msg }])
  const doc = parser.parse(xml) as Node
  const alert = doc.alert as Node | undefined
  if (!alert || typeof alert !== 'object')
    throw new CapError([{ path: 'alert', message: 'the root element must be <alert>' }])
  const issues: CapIssue[] = []
  const namespace = root ? rootNamespace(root) : null
  if (namespace !== CAP_NAMESPACE)
    issues.push({ path: 'alert/@xmlns', message: `must be ${CAP_NAMESPACE}${namespace ? ` (not ${namespace})` : ''}` })
  const scope = text(alert.scope)
  if (scope !== 'Public') issues.push({ path: 'alert/scope', message: 'only Public alerts can be published' })
  const msgType = text(alert.msgType)
  if (msgType === 'Ack' || msgType === 'Error')
    issues.push({ path: 'alert/msgType', message: `${msgType} messages are not notices` })

  const infos = list(alert.info)
  const info = infos.find((x) => /^zh/i.test(text(x.language) ?? '')) ?? infos[0]
  if (!info) issues.push({ path: 'alert/info', message: 'an alert needs an <info> block' })
  const inf = info ?? {}
  const params = pairs(inf.parameter)
  const param = (name: string) => params.find((p) => p.name === name)?.value
  const areas = list(inf.area)
  if (info && areas.length === 0) issues.push({ path: 'alert/info/area', message: 'an alert needs an <area>' })

  const refs = (text(alert.references) ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => {
      const [sender = '', identifier = '', sent = ''] = r.split(',')
      return { sender, identifier, sent }
    })
  const kind = param(P_KIND) === 'rumour' ? 'rumour' : 'alert'
  const claim = param(P_CLAIM)
  const facts = param(P_FACTS)
  const severity = text(inf.severity)
  const levelParam = param(P_LEVEL)
  const level = levelParam ?? (severity ? LEVEL_BY_SEVERITY[severity] : undefined) ?? null
  if (levelParam !== undefined && !(NOTICE_LEVELS as readonly string[]).includes(levelParam)) {
    issues.push({ path: `alert/info/parameter[${P_LEVEL}]`, message: `must be one of ${NOTICE_LEVELS.join(', ')}` })
  }
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s))
  const candidate = {
    identifier: text(alert.identifier),
    sender: text(alert.sender),
    sent: text(alert.sent),
    status: text(alert.status),
    msgType,
    references: refs,
    kind,
    category: text(inf.category),
    event: text(inf.event),
    urgency: text(inf.urgency),
    severity,
    certainty: text(inf.certainty),
    level: levelParam !== undefined && !(NOTICE_LEVELS as readonly string[]).includes(levelParam) ? null : level,
    hazards: pairs(inf.eventCode)
      .filter((p) => p.name === C_HAZARD)
      .map((p) => p.value),
    headline: text(inf.headline),
    description: text(inf.description) ?? '',
    instruction: text(inf.instruction) ?? '',
    effective: text(inf.effective) ?? null,
    onset: text(inf.onset) ?? null,
    expires: text(inf.expires) ?? null,
    senderName: text(inf.senderName) || undefined,
    area: {
      description: areas
        .map((a) => text(a.areaDesc) ?? '')
        .filter(Boolean)
        .join('；'),
      provinces: areas.flatMap((a) =>
        pairs(a.geocode)
          .filter((g) => g.name === GEOCODE_PROVINCE)
          .map((g) => g.value),
      ),
      polygons: areas.flatMap((a) =>
        ((a.polygon as unknown[] | undefined) ?? []).map((p) =>
          (text(p) ?? '')
            .split(/\s+/)
            .filter(Boolean)
            .map((pt) => pt.split(',').map(num)),
        ),
      ),
      circles: areas.flatMap((a) =>
        ((a.circle as unknown[] | undefined) ?? []).map((c) => {
          const [centre = '', radius = ''] = (text(c) ?? '').split(/\s+/)
          const [la = '', lo = ''] = centre.split(',')
          return { lat: num(la), lon: num(lo), radiusKm: num(radius) }
        }),
      ),
    },
    rumour: claim !== undefined || facts !== undefined ? { claim: claim ?? '', facts: facts ?? '' } : null,
  }
  // CAP requires these; the JSON side has defaults for some, an imported alert must carry them.
  const required: [string, unknown][] = [
    ['alert/identifier', alert.identifier],
    ['alert/sender', alert.sender],
    ['alert/sent', alert.sent],
    ['alert/status', alert.status],
    ['alert/msgType', alert.msgType],
    ['alert/info/category', inf.category],
    ['alert/info/event', inf.event],
    ['alert/info/urgency', inf.urgency],
    ['alert/info/severity', inf.severity],
    ['alert/info/certainty', inf.certainty],
    ['alert/info/headline', inf.headline],
  ]
  const missing = new Set(info ? required.filter(([, v]) => text(v) === undefined).map(([path]) => path) : [])
  for (const path of missing) issues.push({ path, message: 'required element is missing' })
  const parsed = capAlert.safeParse(candidate)
  if (parsed.success) {
    const rules = noticeInput.safeParse(parsed.data)
    if (!rules.success) issues.push(...zodIssues(rules.error))
  } else issues.push(...zodIssues(parsed.error).filter((i) => !missing.has(i.path)))
  if (issues.length > 0 || !parsed.success) throw new CapError(issues)
  return parsed.data
}

/** Where a notice field lives in CAP, so an error names the element to fix. */
const FIELD_PATHS: Record<string, string> = {
  identifier: 'alert/identifier',
  sender: 'alert/sender',
  sent: 'alert/sent',
  status: 'alert/status',
  msgType: 'alert/msgType',
  references: 'alert/references',
  kind: `alert/info/parameter[${P_KIND}]`,
  category: 'alert/info/category',
  event: 'alert/info/event',
  urgency: 'alert/info/urgency',
  severity: 'alert/info/severity',
  certainty: 'alert/info/certainty',
  level: `alert/info/parameter[${P_LEVEL}]`,
  hazards: `alert/info/eventCode[${C_HAZARD}]`,
  headline: 'alert/info/headline',
  description: 'alert/info/description',
  instruction: 'alert/info/instruction',
  effective: 'alert/info/effective',
  onset: 'alert/info/onset',
  expires: 'alert/info/expires',
  senderName: 'alert/info/senderName',
  rumour: `alert/info/parameter[${P_CLAIM} / ${P_FACTS}]`,
}
const AREA_PATHS: Record<string, string> = {
  description: 'areaDesc',
  provinces: `geocode[${GEOCODE_PROVINCE}]`,
  polygons: 'polygon',
  circles: 'circle',
}

function zodIssues(error: z.ZodError): CapIssue[] {
  return error.issues.map((issue) => {
    const [field, sub, index] = issue.path.map(String)
    let path = FIELD_PATHS[field ?? ''] ?? `alert/${issue.path.join('/')}`
    if (field === 'area')
      path = `alert/info/area/${AREA_PATHS[sub ?? ''] ?? sub ?? ''}${index !== undefined ? `[${Number(index) + 1}]` : ''}`
    else if (field === 'references' && sub !== undefined) path += ` (reference ${Number(sub) + 1})`
    else if (field === 'hazards' && sub !== undefined) path += ` (${Number(sub) + 1})`
    return { path, message: issue.message }
  })
}
