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
export const GEOCODE_PROVINCE = 'GB/T 2260'
const P_LEVEL = 'ZK-LEVEL'
const P_KIND = 'ZK-KIND'
const P_CLAIM = 'ZK-RUMOUR-CLAIM'
const P_FACTS = 'ZK-RUMOUR-FACTS'
const C_HAZARD = 'ZK-HAZARD'
const LEVEL_ZH: Record<NoticeLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' }
/** China's warning colours follow CAP severity (GB/T 35965 practice): used when ZK-LEVEL is absent. */
const LEVEL_BY_SEVERITY: Record<string, NoticeLevel> = { Minor: 'blue', Moderate: 'yellow', Severe: 'orange', Extreme: 'red' }

export interface CapIssue { path: string; message: string }

export class CapError extends Error {
  constructor(readonly issues: CapIssue[], readonly tooLarge = false) {
    super(`Invalid CAP alert: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
    this.name = 'CapError'
  }
}

/* ---------- export ---------- */

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
const el = (name: string, value: string | null | undefined, indent: string) => (value ? `${indent}<${name}>${escapeXml(value)}</${name}>\n` : '')
const pair = (name: string, valueName: string, value: string, indent: string) =>
  `${indent}<${name}>\n${el('valueName', valueName, indent + '  ')}${el('value', value, indent + '  ')}${indent}</${name}>\n`

/** The alert as a CAP 1.2 document (element order as the CAP 1.2 schema requires). */
export function toCapXml(a: CapAlert): string {
  const i = '    '
  let info = `  <info>\n${el('language', 'zh-CN', i)}${el('category', a.category, i)}${el('event', a.event, i)}`
  info += el('urgency', a.urgency, i) + el('severity', a.severity, i) + el('certainty', a.certainty, i)
  for (const h of a.hazards) info += pair('eventCode', C_HAZARD, h, i)
  info += el('effective', a.effective, i) + el('onset', a.onset, i) + el('expires', a.expires, i)
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
  return `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">\n${el('identifier', a.identifier, '  ')}${el('sender', a.sender, '  ')}`
    + `${el('sent', a.sent, '  ')}${el('status', a.status, '  ')}${el('msgType', a.msgType, '  ')}${el('scope', 'Public', '  ')}${el('references', refs, '  ')}${info}</alert>\n`
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
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as Node)['#text'] === 'string' ? (v as Node)['#text'] as string : undefined)
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.filter((x): x is Node => typeof x === 'object' && x !== null) : [])
const pairs = (v: unknown) => list(v).map((p) => ({ name: text(p.valueName) ?? '', value: text(p.value) ?? '' }))

/**
 * Reads one CAP 1.2 alert. Refuses, before parsing: more than CAP_MAX_BYTES, any DOCTYPE or
 * entity declaration (XXE, billion laughs), and malformed XML (with line and column). Then every
 * field is checked against the notice contract; all problems come back at once, by element path.
 */
export function parseCapXml(xml: string): CapAlert {
  if (Buffer.byteLength(xml, 'utf8') > CAP_MAX_BYTES) throw new CapError([{ path: '(document)', message: `larger than ${CAP_MAX_BYTES / 1024} KB` }], true)
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CapError([{ path: '(document)', message: 'DOCTYPE and entity declarations are not allowed in CAP alerts' }])
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new CapError([{ path: `(line ${valid.err.line}, column ${valid.err.col})`, message: valid.err.msg }])
  const doc = parser.parse(xml) as Node
  const alert = doc.alert as Node | undefined
  if (!alert || typeof alert !== 'object') throw new CapError([{ path: 'alert', message: 'the root element must be <alert>' }])
  const issues: CapIssue[] = []
  if (!xml.includes(`"${CAP_NAMESPACE}"`)) issues.push({ path: 'alert/@xmlns', message: `must be ${CAP_NAMESPACE}` })
  const scope = text(alert.scope)
  if (scope !== 'Public') issues.push({ path: 'alert/scope', message: 'only Public alerts can be published' })
  const msgType = text(alert.msgType)
  if (msgType === 'Ack' || msgType === 'Error') issues.push({ path: 'alert/msgType', message: `${msgType} messages are not notices` })

  const infos = list(alert.info)
  const info = infos.find((x) => /^zh/i.test(text(x.language) ?? '')) ?? infos[0]
  if (!info) issues.push({ path: 'alert/info', message: 'an alert needs an <info> block' })
  const inf = info ?? {}
  const params = pairs(inf.parameter)
  const param = (name: string) => params.find((p) => p.name === name)?.value
  const areas = list(inf.area)
  if (info && areas.length === 0) issues.push({ path: 'alert/info/area', message: 'an alert needs an <area>' })

  const refs = (text(alert.references) ?? '').split(/\s+/).filter(Boolean).map((r) => {
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
    identifier: text(alert.identifier), sender: text(alert.sender), sent: text(alert.sent), status: text(alert.status), msgType,
    references: refs, kind,
    category: text(inf.category), event: text(inf.event), urgency: text(inf.urgency), severity, certainty: text(inf.certainty),
    level: levelParam !== undefined && !(NOTICE_LEVELS as readonly string[]).includes(levelParam) ? null : level,
    hazards: pairs(inf.eventCode).filter((p) => p.name === C_HAZARD).map((p) => p.value),
    headline: text(inf.headline), description: text(inf.description) ?? '', instruction: text(inf.instruction) ?? '',
    effective: text(inf.effective) ?? null, onset: text(inf.onset) ?? null, expires: text(inf.expires) ?? null,
    area: {
      description: areas.map((a) => text(a.areaDesc) ?? '').filter(Boolean).join('；'),
      provinces: areas.flatMap((a) => pairs(a.geocode).filter((g) => g.name === GEOCODE_PROVINCE).map((g) => g.value)),
      polygons: areas.flatMap((a) => ((a.polygon as unknown[] | undefined) ?? []).map((p) => (text(p) ?? '').split(/\s+/).filter(Boolean).map((pt) => pt.split(',').map(num)))),
      circles: areas.flatMap((a) => ((a.circle as unknown[] | undefined) ?? []).map((c) => {
        const [centre = '', radius = ''] = (text(c) ?? '').split(/\s+/)
        const [la = '', lo = ''] = centre.split(',')
        return { lat: num(la), lon: num(lo), radiusKm: num(radius) }
      })),
    },
    rumour: claim !== undefined || facts !== undefined ? { claim: claim ?? '', facts: facts ?? '' } : null,
  }
  // CAP requires these; the JSON side has defaults for some, an imported alert must carry them.
  const required: [string, unknown][] = [
    ['alert/identifier', alert.identifier], ['alert/sender', alert.sender], ['alert/sent', alert.sent], ['alert/status', alert.status],
    ['alert/msgType', alert.msgType], ['alert/info/category', inf.category], ['alert/info/event', inf.event], ['alert/info/urgency', inf.urgency],
    ['alert/info/severity', inf.severity], ['alert/info/certainty', inf.certainty], ['alert/info/headline', inf.headline],
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
  identifier: 'alert/identifier', sender: 'alert/sender', sent: 'alert/sent', status: 'alert/status', msgType: 'alert/msgType',
  references: 'alert/references', kind: `alert/info/parameter[${P_KIND}]`, category: 'alert/info/category', event: 'alert/info/event',
  urgency: 'alert/info/urgency', severity: 'alert/info/severity', certainty: 'alert/info/certainty', level: `alert/info/parameter[${P_LEVEL}]`,
  hazards: `alert/info/eventCode[${C_HAZARD}]`, headline: 'alert/info/headline', description: 'alert/info/description',
  instruction: 'alert/info/instruction', effective: 'alert/info/effective', onset: 'alert/info/onset', expires: 'alert/info/expires',
  rumour: `alert/info/parameter[${P_CLAIM} / ${P_FACTS}]`,
}
const AREA_PATHS: Record<string, string> = { description: 'areaDesc', provinces: `geocode[${GEOCODE_PROVINCE}]`, polygons: 'polygon', circles: 'circle' }

function zodIssues(error: z.ZodError): CapIssue[] {
  return error.issues.map((issue) => {
    const [field, sub, index] = issue.path.map(String)
    let path = FIELD_PATHS[field ?? ''] ?? `alert/${issue.path.join('/')}`
    if (field === 'area') path = `alert/info/area/${AREA_PATHS[sub ?? ''] ?? sub ?? ''}${index !== undefined ? `[${Number(index) + 1}]` : ''}`
    else if (field === 'references' && sub !== undefined) path += ` (reference ${Number(sub) + 1})`
    else if (field === 'hazards' && sub !== undefined) path += ` (${Number(sub) + 1})`
    return { path, message: issue.message }
  })
}
