import { z } from 'zod'
import { PROVINCE_CODES } from '../domain/provinces.ts'
import { multiLineText, singleLineText } from './common.ts'
import { hazard } from './guide.ts'

/*
 * Emergency-science notices (预警科普通知), shaped like one CAP 1.2 alert with one <info> block (OASIS
 * Common Alerting Protocol 1.2), plus the Chinese four-colour warning level and a second kind, the
 * rumour refutation (辟谣). CAP names and values are kept as CAP spells them, so the XML mapping
 * (server/cap/cap-xml.ts) is one-to-one. Texts are Chinese (CAP <language>zh-CN</language>).
 */

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const
/** The four-colour warning level (蓝/黄/橙/红), lowest to highest. */
export const NOTICE_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const
export const NOTICE_KINDS = ['alert', 'rumour'] as const

export type NoticeLevel = (typeof NOTICE_LEVELS)[number]
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export type CapMsgType = (typeof CAP_MSG_TYPES)[number]

/** CAP date-time: ISO 8601 with an explicit offset ("2026-07-01T08:00:00+08:00"), no "Z" per CAP. */
export const capDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)$/,
    'an ISO 8601 date-time with offset, e.g. 2026-07-01T08:00:00+08:00',
  )
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a real date-time')

/** CAP identifiers and sender: no spaces, commas or restricted characters (CAP 1.2 §3.2.1). */
const capToken = singleLineText(200)
  .min(1)
  .regex(/^[^\s,<&]+$/, 'no spaces, commas, "<" or "&"')

/** An earlier message this one updates or cancels (CAP `references`: sender,identifier,sent). */
export const capReference = z.object({ sender: capToken, identifier: capToken, sent: capDateTime })
export type CapReference = z.infer<typeof capReference>

const lat = z.number().min(-90).max(90)
const lon = z.number().min(-180).max(180)
/** A closed ring of [lat, lon] points (CAP polygon: first point repeated last, at least 4). */
export const noticePolygon = z
  .array(z.tuple([lat, lon]))
  .min(4, 'a polygon needs at least 4 points (the first repeated last)')
  .refine(
    (ring) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1],
    'the last point must repeat the first',
  )
export const noticeCircle = z.object({ lat, lon, radiusKm: z.number().positive().max(5000) })

/** Where a notice applies: provinces by GB/T 2260 code, and/or polygons and circles. */
export const noticeArea = z
  .object({
    /** Free text shown to people (CAP areaDesc), e.g. "湖南省湘西州山区". */
    description: singleLineText(500).min(1, 'describe the area in words'),
    provinces: z
      .array(z.enum(PROVINCE_CODES, { error: 'a GB/T 2260 province code, e.g. 430000' }))
      .max(PROVINCE_CODES.length)
      .default([]),
    polygons: z.array(noticePolygon).max(20).default([]),
    circles: z.array(noticeCircle).max(20).default([]),
  })
  .refine((a) => a.provinces.length + a.polygons.length + a.circles.length > 0, {
    message: 'name at least one province, polygon or circle',
    path: ['provinces'],
  })
export type NoticeArea = z.infer<typeof noticeArea>

/** The 辟谣 part: what is being said, and what is true. */
export const rumourRefutation = z.object({
  claim: multiLineText(2000).min(1, 'the claim being refuted'),
  facts: multiLineText(4000).min(1, 'the facts'),
})

/** The issuing body named on notices this programme writes itself (CAP senderName). */
export const OWN_SENDER_NAME = '自然资源科普'

/** Everything an admin writes; the server adds identifier, sender and sent. */
export const noticeContent = z.object({
  kind: z.enum(NOTICE_KINDS).default('alert'),
  status: z.enum(CAP_STATUSES).default('Actual'),
  msgType: z.enum(CAP_MSG_TYPES).default('Alert'),
  /** Earlier messages this one updates or cancels; required for Update and Cancel. */
  references: z.array(capReference).max(50).default([]),
  category: z.enum(CAP_CATEGORIES).default('Geo'),
  /** What happens (CAP event), e.g. "地质灾害气象风险预警". */
  event: singleLineText(200).min(1),
  urgency: z.enum(CAP_URGENCIES).default('Expected'),
  severity: z.enum(CAP_SEVERITIES).default('Moderate'),
  certainty: z.enum(CAP_CERTAINTIES).default('Likely'),
  level: z.enum(NOTICE_LEVELS).nullable().default(null),
  /** Hazards the notice concerns: links it to the guides in content/guides/ by their `hazard`. */
  hazards: z.array(hazard).max(14).default([]),
  headline: singleLineText(200).min(1, 'a short headline'),
  description: multiLineText(8000).default(''),
  instruction: multiLineText(4000).default(''),
  effective: capDateTime.nullable().default(null),
  onset: capDateTime.nullable().default(null),
  expires: capDateTime.nullable().default(null),
  /**
   * Who issues it, as people read it (CAP <info><senderName>, e.g. "湖南省自然资源厅"); `sender` is
   * an address. Our own notices get {@link OWN_SENDER_NAME} when the form leaves it empty.
   */
  senderName: singleLineText(200).min(1).optional(),
  area: noticeArea,
  rumour: rumourRefutation.nullable().default(null),
})

/** Rules across fields, shared by the admin form, the JSON route and the CAP import. */
export const noticeInput = noticeContent.superRefine((n, ctx) => {
  if (n.msgType !== 'Alert' && n.references.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['references'],
      message: `${n.msgType} must reference the notice it replaces`,
    })
  if (n.kind === 'rumour' && !n.rumour)
    ctx.addIssue({ code: 'custom', path: ['rumour'], message: 'a rumour refutation needs the claim and the facts' })
  if (n.kind === 'alert' && n.msgType !== 'Cancel' && !n.level)
    ctx.addIssue({ code: 'custom', path: ['level'], message: 'choose the warning level (蓝/黄/橙/红)' })
  if (n.expires && n.effective && Date.parse(n.expires) <= Date.parse(n.effective))
    ctx.addIssue({ code: 'custom', path: ['expires'], message: 'must be after effective' })
})
export type NoticeInput = z.input<typeof noticeInput>
export type NoticeContent = z.output<typeof noticeContent>

/** A CAP alert as a whole: the content plus who sent it, when, and its identifier. */
export const capAlert = noticeContent.extend({ identifier: capToken, sender: capToken, sent: capDateTime })
export type CapAlert = z.output<typeof capAlert>

/** A stored notice as the API serves it. */
export const notice = capAlert.extend({
  id: z.uuid(),
  /** When this server stored it (an imported alert may have been sent earlier). */
  receivedAt: z.string(),
})
export type Notice = z.infer<typeof notice>

export const noticesResponse = z.object({ notices: z.array(notice) })
export type NoticesResponse = z.infer<typeof noticesResponse>

export const noticesQuery = z.object({
  /** Comma-separated province codes: notices for any of them, plus those drawn only as shapes. */
  provinces: z
    .string()
    .regex(/^\d{6}(,\d{6})*$/, 'comma-separated GB/T 2260 codes')
    .optional(),
})

/**
 * What issuing a notice answers: the notice, and whether push delivery was queued. Delivery runs
 * in the background (a job per subscription, retried); admins read the results from
 * `GET /api/notices/:id/deliveries`. `state` is 'off' when this server has no push.
 */
export const noticeCreated = z.object({
  notice,
  push: z.object({ state: z.enum(['off', 'queued']), queued: z.number().int().min(0) }),
})
export type NoticeCreated = z.infer<typeof noticeCreated>

/* Web Push: per-area subscriptions. */

export const pushKeyResponse = z.object({ enabled: z.boolean(), publicKey: z.string().nullable() })
export type PushKeyResponse = z.infer<typeof pushKeyResponse>

/**
 * Push services that browsers hand out endpoints for: an entry starting with "." matches any host
 * under it, others match exactly. The server POSTs to a subscription's endpoint, so anything else
 * (an address inside our network, a host of the subscriber's choosing) is refused.
 */
export const PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com', // Chrome, Edge on Android, Samsung Internet …
  'push.services.mozilla.com',
  'updates.push.services.mozilla.com', // Firefox
  '.push.apple.com', // Safari (web.push.apple.com)
  '.notify.windows.com', // Edge on Windows (WNS)
] as const

/**
 * The WHATWG URL parser, which browsers and Node both have (this folder's tsconfig declares no
 * globals): the server must read an endpoint exactly as the browser's fetch would.
 */
declare const URL: new (input: string) => {
  protocol: string
  username: string
  password: string
  hostname: string
  port: string
}

/** An IPv4 or IPv6 literal as WHATWG URL writes it (it turns "2130706433" and "0x7f.1" into dotted decimal). */
const IP_LITERAL = /^(\[.*\]|\d+\.\d+\.\d+\.\d+)$/

/**
 * Why `endpoint` is not a push service's address, in Chinese and English, or null when it is one:
 * https only, default port, no user name or password, no IP address (loopback, private, link-local
 * and unique-local ones included, however written), and a host of {@link PUSH_SERVICE_HOSTS}.
 */
export function pushEndpointProblem(endpoint: string): string | null {
  let url: InstanceType<typeof URL>
  try {
    url = new URL(endpoint)
  } catch {
    return '不是有效的网址 / not a valid URL'
  }
  if (url.username || url.password) return '推送地址不能包含用户名或密码 / must not contain a user name or password'
  if (url.protocol !== 'https:') return '推送地址必须以 https:// 开头 / must be an https: URL'
  if (url.port !== '') return '推送地址只能使用默认端口 443 / must use the default port (443)'
  if (IP_LITERAL.test(url.hostname))
    return '推送地址不能是 IP 地址（包括本机和内网地址）/ must name a push service, not an IP address (loopback and private addresses included)'
  const host = url.hostname
  const known = PUSH_SERVICE_HOSTS.some((h) =>
    h.startsWith('.') ? host.endsWith(h) && host.length > h.length : host === h,
  )
  return known
    ? null
    : '不是已知的推送服务（FCM、Mozilla、Apple、Microsoft）/ not a known push service (FCM, Mozilla, Apple, Microsoft)'
}

/**
 * A subscription's endpoint. `alsoAllow` is the server's test-only escape hatch (`PUSH_ALLOW_HOSTS`
 * in server/config.ts): browsers and the API document see the strict rule.
 */
export function pushEndpoint(alsoAllow?: (endpoint: string) => boolean) {
  return z
    .string()
    .max(2000)
    .superRefine((value, ctx) => {
      if (alsoAllow?.(value)) return
      const problem = pushEndpointProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
}

/** A browser's push subscription for some provinces; see {@link pushEndpoint} for `alsoAllow`. */
export function pushSubscriptionSchema(alsoAllow?: (endpoint: string) => boolean) {
  return z.object({
    endpoint: pushEndpoint(alsoAllow),
    keys: z.object({ p256dh: z.string().min(16).max(200), auth: z.string().min(8).max(100) }),
    provinces: z.array(z.enum(PROVINCE_CODES)).min(1, 'choose at least one province').max(PROVINCE_CODES.length),
  })
}
export const pushSubscriptionInput = pushSubscriptionSchema()
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>
export const pushUnsubscribeInput = z.object({ endpoint: singleLineText(2000).min(1) })

export const PUSH_DELIVERY_RESULTS = ['sent', 'gone', 'failed'] as const

/** One delivery attempt as admins see it: the push service's host, never the full endpoint (a capability URL). */
export const pushDeliveryAttempt = z.object({
  subscriptionId: z.uuid().nullable(),
  host: z.string(),
  /** sent: accepted by the push service; gone: 404/410, subscription removed; failed: anything else (retried when it may pass later). */
  result: z.enum(PUSH_DELIVERY_RESULTS),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  at: z.string(),
})
export type PushDeliveryAttempt = z.infer<typeof pushDeliveryAttempt>

/** `GET /api/notices/:id/deliveries`: every attempt, totals by result, and the jobs not yet finished. */
export const pushDeliveriesResponse = z.object({
  noticeId: z.uuid(),
  /** Deliveries queued, running or waiting for a retry. */
  pending: z.number().int().min(0),
  totals: z.object({ sent: z.number().int(), gone: z.number().int(), failed: z.number().int() }),
  attempts: z.array(pushDeliveryAttempt),
})
export type PushDeliveriesResponse = z.infer<typeof pushDeliveriesResponse>

/** What the service worker receives and shows. */
export const pushMessage = z.object({
  noticeId: z.uuid(),
  title: z.string(),
  body: z.string(),
  level: z.enum(NOTICE_LEVELS).nullable(),
  msgType: z.enum(CAP_MSG_TYPES),
})
export type PushMessage = z.infer<typeof pushMessage>
