import { z } from 'zod'
import { EVENT_AUDIENCES } from '../constants.ts'
import { contentId, multiLineText, singleLineText } from './common.ts'
import { CHINA_UTC_OFFSET, chinaIsoString } from '../domain/calendar-date.ts'

/*
 * The sync contract (src/client/sync/README.md is the prose version): records made on staff
 * phones, pushed in batches, acknowledged one by one, pulled back with a server cursor.
 */

/** Who came: the audience buttons at the gate (national survey: 参观人次 split by audience). */
export const VISITOR_AUDIENCES = ['public', 'student', 'group', 'other'] as const
export const visitorAudience = z.enum(VISITOR_AUDIENCES)
export type VisitorAudience = z.infer<typeof visitorAudience>

/** Activity types of the national science-popularization statistics (科普活动). */
export const ACTIVITY_TYPES = [
  'lecture',
  'exhibition',
  'competition',
  'open_day',
  'study_tour',
  'online',
  'other',
] as const
export const activityType = z.enum(ACTIVITY_TYPES)
export type ActivityType = z.infer<typeof activityType>

/** A UUID (the client makes UUIDv7s; the server accepts any RFC 9562 UUID as an id). */
export const recordId = z.uuid()

/** A calendar date in Asia/Shanghai, YYYY-MM-DD. */
export const localDate = z.iso.date()

/** Years an instant from a phone may name: PostgreSQL holds far more, a record of this app never needs more. */
export const INSTANT_YEARS = { min: 1970, max: 2200 } as const
const OFFSET = /(Z|([+-])(\d{2}):(\d{2}))$/

/**
 * A moment as phones send it: ISO 8601 with an offset that exists on Earth (−12:00 to +14:00),
 * in years a record can be about. Offsets other than Z and +08:00 are rewritten to the same
 * instant in +08:00 (China's wall clock), so what is stored is what PostgreSQL and every reader
 * take as is: a time such as `+23:00` or year 0000 is refused here, as one rejected record.
 */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const m = OFFSET.exec(v)
    if (!m) return false
    if (m[1] === 'Z') return true
    const minutes = Number(m[3]) * 60 + Number(m[4])
    return Number(m[4]) < 60 && (m[2] === '+' ? minutes <= 14 * 60 : minutes <= 12 * 60)
  }, '时区偏移须在 −12:00 到 +14:00 之间 / the UTC offset must be between −12:00 and +14:00')
  .refine((v) => {
    const year = new Date(v).getUTCFullYear()
    return Number.isFinite(year) && year >= INSTANT_YEARS.min && year <= INSTANT_YEARS.max
  }, `年份须在 ${INSTANT_YEARS.min}–${INSTANT_YEARS.max} 之间 / the year must be between ${INSTANT_YEARS.min} and ${INSTANT_YEARS.max}`)
  .transform((v) => (v.endsWith('Z') || v.endsWith(CHINA_UTC_OFFSET) ? v : chinaIsoString(new Date(v))))

/** Visitors counted at the gate: append-only, never edited (an undo is a `tally-void`). */
export const tallyPayload = z
  .object({
    audience: visitorAudience,
    /** 1 for a tap, the headcount for a group entry. */
    count: z.number().int().min(1).max(10_000),
    /** When it was counted (device clock, ISO 8601 with offset); its Asia/Shanghai date is the day counted. */
    at: instant,
  })
  .strict()
export type TallyPayload = z.infer<typeof tallyPayload>

/** Undoes one tally of the same base (append-only too: the tally stays, and stops counting). */
export const tallyVoidPayload = z.object({ target: recordId }).strict()
export type TallyVoidPayload = z.infer<typeof tallyVoidPayload>

/** A popularization activity: editable, so it carries a version. `deleted` withdraws it. */
export const activityPayload = z
  .object({
    type: activityType,
    title: singleLineText(120).min(1, '请填写活动名称 / title is required'),
    date: localDate,
    participants: z.number().int().min(0).max(1_000_000),
    themeDayId: contentId.nullable().default(null),
    notes: multiLineText(2000).default(''),
    deleted: z.boolean().default(false),
  })
  .strict()
export type ActivityPayload = z.infer<typeof activityPayload>

/** Who a base event is for. */
export { EVENT_AUDIENCES } from '../constants.ts'
export const eventAudience = z.enum(EVENT_AUDIENCES)
export type EventAudience = z.infer<typeof eventAudience>

/**
 * A base's event (open day, lecture, 李四光中队 activity …), created and edited by its staff,
 * offline too: it travels as a versioned sync record like an activity. `cancelled` withdraws it
 * (the calendar feed then sends STATUS:CANCELLED under the same UID).
 */
export const eventPayload = z
  .object({
    title: singleLineText(120).min(1, '请填写活动名称 / title is required'),
    description: multiLineText(4000).default(''),
    /** Start and end in Asia/Shanghai, ISO 8601 with offset (e.g. 2026-04-22T09:00:00+08:00). */
    start: instant,
    end: instant,
    /** Where at the base (hall, meeting point); the base's address is added by the app. */
    place: singleLineText(200).default(''),
    themeDayId: contentId.nullable().default(null),
    audience: eventAudience.default('public'),
    /** Places available; null when unlimited. */
    capacity: z.number().int().min(1).max(100_000).nullable().default(null),
    registrationRequired: z.boolean().default(false),
    cancelled: z.boolean().default(false),
  })
  .strict()
  .refine((e) => Date.parse(e.end) > Date.parse(e.start), {
    message: '结束时间须晚于开始时间 / end must be after start',
    path: ['end'],
  })
export type EventPayload = z.infer<typeof eventPayload>

/**
 * A 李四光中队 class checked in at the gate (schemas/squadron.ts): append-only like a tally. The
 * server counts the first check-in of a registration; a later one is acked `duplicate` with a
 * reason. The checked-in students count once, as participants of the base's activities.
 */
export const checkinPayload = z
  .object({
    registrationId: recordId,
    eventId: recordId,
    /** Pupils and teachers who actually came (may differ from the registered headcount). */
    headcount: z.number().int().min(1).max(10_000),
    /** When the class was checked in (device clock, ISO 8601 with offset). */
    at: instant,
    /** How the ticket was read. @default 'scan' */
    method: z.enum(['scan', 'code']).default('scan'),
  })
  .strict()
export type CheckinPayload = z.infer<typeof checkinPayload>

const envelope = { id: recordId, baseId: contentId }
/** One record as the device sends it. */
export const syncRecord = z.discriminatedUnion('kind', [
  z.object({ ...envelope, kind: z.literal('tally'), payload: tallyPayload }).strict(),
  z.object({ ...envelope, kind: z.literal('tally-void'), payload: tallyVoidPayload }).strict(),
  z
    .object({
      ...envelope,
      kind: z.literal('activity'),
      /** The server version this edit was made on: 0 for a new activity. */
      baseVersion: z.number().int().min(0),
      payload: activityPayload,
    })
    .strict(),
  z
    .object({
      ...envelope,
      kind: z.literal('event'),
      baseVersion: z.number().int().min(0),
      payload: eventPayload,
    })
    .strict(),
  z.object({ ...envelope, kind: z.literal('checkin'), payload: checkinPayload }).strict(),
])
export type SyncRecord = z.infer<typeof syncRecord>
export type SyncKind = SyncRecord['kind']
export const SYNC_KINDS = ['tally', 'tally-void', 'activity', 'event', 'checkin'] as const satisfies readonly SyncKind[]

export const PUSH_BATCH_MAX = 200

/**
 * A push. Records are checked one by one on the server (a bad one is rejected with a reason and
 * never blocks the good ones), so the body schema only bounds the batch.
 */
export const pushRequest = z.object({
  deviceId: singleLineText(64).min(8),
  records: z.array(z.unknown()).min(1).max(PUSH_BATCH_MAX),
})
export type PushRequest = z.infer<typeof pushRequest>

/** A record as the server stores and returns it. */
export const storedRecord = z.object({
  id: recordId,
  kind: z.enum(SYNC_KINDS),
  baseId: contentId,
  version: z.number().int().min(1),
  payload: z.record(z.string(), z.unknown()),
  /** Server change number: pull cursors are built from it, never from device clocks. */
  change: z.number().int(),
})
export type StoredRecord = z.infer<typeof storedRecord>

export const ACK_STATUSES = ['accepted', 'duplicate', 'rejected', 'conflict'] as const
export const pushAck = z.object({
  /** The record's id, or `#<index>` when the record had no usable id. */
  id: z.string(),
  status: z.enum(ACK_STATUSES),
  /** The stored version after this push (accepted, duplicate, conflict). */
  version: z.number().int().optional(),
  /** Why it was rejected, for people: field and problem, or 'forbidden'. */
  reason: z.string().optional(),
  /** On conflict: the server's current record, for the conflict inbox. */
  current: storedRecord.optional(),
})
export type PushAck = z.infer<typeof pushAck>
export const pushResponse = z.object({ acks: z.array(pushAck) })
export type PushResponse = z.infer<typeof pushResponse>

export const PULL_PAGE_MAX = 500
export const pullQuery = z.object({
  baseId: contentId,
  /** The `cursor` of the previous pull; absent for a full pull. */
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(PULL_PAGE_MAX).default(PULL_PAGE_MAX),
})
export const pullResponse = z.object({
  records: z.array(storedRecord),
  /** Pass back as `cursor` next time. */
  cursor: z.number().int(),
  /** More records wait beyond this page: pull again at once. */
  more: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponse>

/** A device token the server issued (`POST /api/ratings/device`): `<id>.<signature>`, base64url. */
export const deviceToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, '设备凭证格式不对 / not a device token issued by this server')
export const deviceTokenResponse = z.object({ deviceToken })
export type DeviceTokenResponse = z.infer<typeof deviceTokenResponse>

/** Public satisfaction (满意度): one rating per device per base per Asia/Shanghai day. */
export const ratingRequest = z
  .object({
    baseId: contentId,
    /** A server-issued device token (`deviceToken`), not an id the client makes up. */
    deviceId: deviceToken,
    score: z.number().int().min(1).max(5),
    comment: multiLineText(500).default(''),
  })
  .strict()
export type RatingRequest = z.infer<typeof ratingRequest>
