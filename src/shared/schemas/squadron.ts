import { z } from 'zod'
import { contentId, multiLineText, singleLineText } from './common.ts'
import { publicEvent } from './events.ts'
import { localDate, recordId } from './sync.ts'

/*
 * 李四光中队 (Young Pioneer squadron, usually one class): schools register squadrons for base
 * events by headcount, hold places atomically, wait in order when full, and arrive with one QR
 * ticket per registration. Staff check classes in at the gate, offline too, through the sync kind
 * `checkin` (schemas/sync.ts `checkinPayload`). Who issues the programme is configuration
 * (SQUADRON_ISSUER), never hard-coded: no public source names one body that runs it.
 *
 * Routes (all JSON; errors are `apiError` with a message in Chinese / English):
 *
 *   Programme
 *   GET    /api/squadron-programme                        public      → squadronProgramme
 *
 *   Squadrons (role school, own squadrons only)
 *   GET    /api/school/squadrons                          school      → squadronListResponse (archived too, flagged)
 *   POST   /api/school/squadrons                          school      body squadronInput            → 201 squadronResponse
 *   PATCH  /api/school/squadrons/:id                      school      body squadronPatch            → squadronResponse (`{archived:true}` archives)
 *
 *   Events open to squadrons
 *   GET    /api/squadron-events?province=&baseId=&from=&to=   school, base_staff, admin  → squadronEventsResponse
 *           (events with audience school or squadron and a capacity, not cancelled, with remaining places)
 *
 *   Registrations, teacher side (role school, own registrations only)
 *   POST   /api/events/:eventId/registrations             school      body registrationRequest      → 201 registrationResponse
 *           (confirmed, or pending at a base that approves, when it fits; `offered` at once with what is left
 *            when fewer places are free than asked and nobody waits; else waitlisted.
 *            Retrying with the same requestId answers 200 with the same registration, never a second one;
 *            409 when the squadron already has an active registration for the event, after the cut-off,
 *            or for an archived squadron; 404 for an unknown event or another school's squadron)
 *   GET    /api/school/registrations                      school      → schoolRegistrationsResponse (tickets + visits)
 *   PATCH  /api/registrations/:id                         school      body headcountChange          → registrationResponse
 *           (before the cut-off; a larger headcount only when places are free, else 409 with how many are left)
 *   POST   /api/registrations/:id/cancel                  school      → registrationResponse (held places: before the cut-off;
 *                                                                        leaving the waitlist: any time; never after check-in)
 *   POST   /api/registrations/:id/offer/accept            school      → registrationResponse (confirmed, or pending when the base approves)
 *   POST   /api/registrations/:id/offer/decline           school      → registrationResponse (cancelled; the next one is offered)
 *
 *   Registrations, staff side (base_staff of the event's base, admin any)
 *   GET    /api/staff/events/:eventId/registrations       staff/admin → staffRegistrationsResponse (everything for offline check-in)
 *   POST   /api/registrations/:id/approve                 staff/admin → registrationResponse (pending → confirmed)
 *   POST   /api/registrations/:id/decline                 staff/admin body declineRequest        → registrationResponse (pending → declined; frees its places)
 *   GET    /api/staff/bases/:baseId/squadron-settings     staff/admin → squadronSettings
 *   PUT    /api/staff/bases/:baseId/squadron-settings     staff/admin body squadronSettings       → squadronSettings
 *
 *   School accounts approved by a base (only when SCHOOL_APPROVAL=base)
 *   GET    /api/staff/school-accounts                     staff/admin → accountListResponse (pending schools that applied to the staff's base;
 *           the sign-up names that base in `school.baseId`, see schemas/account.ts)
 *   POST   /api/staff/school-accounts/:id/approve         staff/admin → accountResponse
 *
 *   Check-in: a sync record of kind `checkin` through POST /api/sync/push (schemas/sync.ts). The first
 *   check-in of a registration is `accepted`; any later one (another phone, another record id) is acked
 *   `duplicate` with a reason and never counted. Pulls return `checkin` records of the base.
 *
 * Registration statuses and who moves them:
 *   pending    holds its places, waits for staff approval (base setting approvalRequired)
 *   confirmed  holds its places, has a ticket
 *   waitlisted waits in order (`position` 1 = next); holds nothing
 *   offered    holds `offer.headcount` places until `offer.expiresAt` (may be fewer than asked)
 *   declined   by staff, with `declineReason`
 *   cancelled  by the teacher (a cancellation, or a declined offer)
 *   expired    an offer not answered in time
 * Offers expire on the server's clock whenever anything touches the event (any registration read
 * or write of it); the event list counts an expired offer's places as free even before that.
 */

/** Who runs the programme and who approves school accounts, from server configuration. */
export const SCHOOL_APPROVAL_MODES = ['admin', 'base'] as const
export const schoolApprovalMode = z.enum(SCHOOL_APPROVAL_MODES)
export type SchoolApprovalMode = z.infer<typeof schoolApprovalMode>
export const squadronProgramme = z.object({
  /** The issuing body's name (SQUADRON_ISSUER), shown on tickets and visit records. */
  issuer: z.string(),
  /** `admin`: an admin approves school sign-ups; `base`: staff of the base the school applied to. */
  schoolApproval: schoolApprovalMode,
})
export type SquadronProgramme = z.infer<typeof squadronProgramme>

// ── Squadrons ────────────────────────────────────────────────────────────────────────────────

/** Headcount of one class: a squadron is one class, so a few hundred is already generous. */
export const HEADCOUNT_MAX = 300

export const squadronInput = z
  .object({
    /** e.g. 某某小学五年级二班李四光中队 */
    name: singleLineText(80).min(2, '请填写中队名称 / name is required'),
    /** School year 1–12 (小学一年级 = 1, 初一 = 7, 高一 = 10). */
    grade: z.number().int().min(1, '年级为 1–12 / grade is 1–12').max(12, '年级为 1–12 / grade is 1–12'),
    headcount: z
      .number()
      .int()
      .min(1, '人数至少 1 / at least 1')
      .max(HEADCOUNT_MAX, `人数至多 ${HEADCOUNT_MAX} / at most ${HEADCOUNT_MAX}`),
    /** Teacher in charge (班主任 or the teacher bringing the class). */
    teacher: singleLineText(40).min(1, '请填写负责教师 / teacher is required'),
    /** 中队辅导员, optional. @default null */
    counsellor: singleLineText(40).nullable().default(null),
  })
  .strict()
export type SquadronInput = z.infer<typeof squadronInput>

/** Any subset of the fields; `archived: true` archives (false restores). */
export const squadronPatch = z
  .object({
    name: squadronInput.shape.name.optional(),
    grade: squadronInput.shape.grade.optional(),
    headcount: squadronInput.shape.headcount.optional(),
    teacher: squadronInput.shape.teacher.optional(),
    counsellor: singleLineText(40).nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: '没有要修改的内容 / nothing to change' })
export type SquadronPatch = z.infer<typeof squadronPatch>

export const squadron = z.object({
  id: recordId,
  name: z.string(),
  grade: z.number().int(),
  headcount: z.number().int(),
  teacher: z.string(),
  counsellor: z.string().nullable(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Squadron = z.infer<typeof squadron>
export const squadronResponse = z.object({ squadron })
export const squadronListResponse = z.object({ squadrons: z.array(squadron) })

// ── Base settings ────────────────────────────────────────────────────────────────────────────

/** Per base: whether registrations wait for staff approval, the cut-off, how long offers last. */
export const squadronSettings = z
  .object({
    /** @default false */
    approvalRequired: z.boolean(),
    /** Teachers register, cancel or change headcount until this many hours before the event starts. @default 24 */
    cutoffHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
    /** How long a waitlist offer stays open. @default 24 */
    offerHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14),
  })
  .strict()
export type SquadronSettings = z.infer<typeof squadronSettings>
export const SQUADRON_SETTINGS_DEFAULT: SquadronSettings = { approvalRequired: false, cutoffHours: 24, offerHours: 24 }
export const baseIdParams = z.object({ baseId: contentId })

// ── Events open to squadrons ─────────────────────────────────────────────────────────────────

export const squadronEventsQuery = z.object({
  province: singleLineText(40).min(1).optional(),
  baseId: contentId.optional(),
  /** @default today (Asia/Shanghai) */
  from: localDate.optional(),
  /** @default from + 90 days */
  to: localDate.optional(),
})
export type SquadronEventsQuery = z.infer<typeof squadronEventsQuery>

export const squadronEvent = publicEvent.extend({
  capacity: z.number().int(),
  /**
   * Places a newcomer could still get: capacity minus what pending, confirmed and unexpired
   * offered registrations hold, minus what waitlisted ones ask for (they come first); never below 0.
   */
  remaining: z.number().int(),
  /** Squadrons waiting in line. */
  waitlistLength: z.number().int(),
  /** Registration, cancellation and headcount changes close at this instant (ISO 8601). */
  cutoffAt: z.string(),
  /** Before the cut-off (a new registration is accepted, possibly on the waitlist). */
  open: z.boolean(),
  approvalRequired: z.boolean(),
})
export type SquadronEvent = z.infer<typeof squadronEvent>
export const squadronEventsResponse = z.object({ from: localDate, to: localDate, events: z.array(squadronEvent) })
/**
 * GET /api/events/:eventId/places, public: what the event page shows anyone before they sign in
 * (places left, the waitlist, the cut-off). `places` is null for an event squadrons cannot book.
 */
export const eventPlacesResponse = z.object({
  places: squadronEvent
    .pick({ capacity: true, remaining: true, waitlistLength: true, cutoffAt: true, open: true, approvalRequired: true })
    .nullable(),
})
export type EventPlacesResponse = z.infer<typeof eventPlacesResponse>
export type SquadronEventsResponse = z.infer<typeof squadronEventsResponse>

// ── Registrations ────────────────────────────────────────────────────────────────────────────

export const REGISTRATION_STATUSES = [
  'pending',
  'confirmed',
  'waitlisted',
  'offered',
  'declined',
  'cancelled',
  'expired',
] as const
export const registrationStatus = z.enum(REGISTRATION_STATUSES)
export type RegistrationStatus = z.infer<typeof registrationStatus>
/** Statuses that hold places (an `offered` one holds its offer's headcount). */
export const HOLDING_STATUSES = ['pending', 'confirmed', 'offered'] as const satisfies readonly RegistrationStatus[]
/** Statuses of a registration still in play (one per squadron and event). */
export const ACTIVE_STATUSES = [
  'pending',
  'confirmed',
  'waitlisted',
  'offered',
] as const satisfies readonly RegistrationStatus[]

export const eventIdParams = z.object({ eventId: recordId })

/** Teachers, parents and other adults coming with one class. */
export const ADULTS_MAX = 50
const adultsCount = z
  .number()
  .int()
  .min(0, '成人人数不能为负 / adults cannot be negative')
  .max(ADULTS_MAX, `带队成人至多 ${ADULTS_MAX} 人 / at most ${ADULTS_MAX} adults`)
const pupilsLeft = { message: '至少要有 1 名学生 / at least one pupil', path: ['adults'] }

/**
 * `headcount` is everyone the class brings on site, pupils and adults: the places it takes,
 * since an event's capacity is places for people on site (the programme publishes no other rule).
 * `adults` says how many of them are adults, so the pupils (headcount − adults) are counted
 * against the squadron's own size and the two are shown apart. Written before adults existed,
 * a request without it means no adults (@default 0), and stored rows got 0 (migration 0006).
 */
export const registrationRequest = z
  .object({
    squadronId: recordId,
    headcount: squadronInput.shape.headcount,
    /** Of `headcount`, the adults (teachers, parents). @default 0 */
    adults: adultsCount.default(0),
    /** A client-made UUID: a retried request returns the registration the first one made. */
    requestId: recordId,
  })
  .strict()
  .refine((r) => r.adults < r.headcount, pupilsLeft)
export type RegistrationRequest = z.infer<typeof registrationRequest>

/** A new headcount (everyone on site); `adults` when it changes too (else the registration keeps its own, capped below the headcount). */
export const headcountChange = z
  .object({ headcount: squadronInput.shape.headcount, adults: adultsCount.optional() })
  .strict()
  .refine((r) => r.adults === undefined || r.adults < r.headcount, pupilsLeft)
export const declineRequest = z.object({ reason: multiLineText(300).min(2, '请说明原因 / give a reason') }).strict()

/** The ticket of a confirmed registration: QR content and the code to type at the gate. */
export const ticket = z.object({
  /** Signed, unguessable: `zk1.<registrationId>.<eventId>.<signature>` (see domain/ticket-code.ts). */
  token: z.string(),
  /** 8 characters of Crockford base32, unique per event; shown as XXXX-XXXX. */
  code: z.string().length(8),
})
export type Ticket = z.infer<typeof ticket>

export const checkInInfo = z.object({ at: z.string(), headcount: z.number().int() })
export type CheckInInfo = z.infer<typeof checkInInfo>

/** What a teacher sees for one event (enough to show the ticket offline). */
export const registrationEvent = z.object({
  id: recordId,
  title: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.string(),
  base: z.object({ id: contentId, name: z.object({ zh: z.string(), en: z.string() }), address: z.string().nullable() }),
  cutoffAt: z.string(),
})

export const registration = z.object({
  id: recordId,
  eventId: recordId,
  squadronId: recordId,
  squadronName: z.string(),
  status: registrationStatus,
  /** Places held (pending/confirmed), or asked for (waitlisted/offered/ended): pupils and adults. */
  headcount: z.number().int(),
  /** Of `headcount`, the accompanying adults. */
  adults: z.number().int(),
  /** Place in the waitlist (1 = next); null unless waitlisted. */
  position: z.number().int().nullable(),
  /** Set while `offered`: may be fewer places than asked (a partial offer). */
  offer: z.object({ headcount: z.number().int(), expiresAt: z.string() }).nullable(),
  declineReason: z.string().nullable(),
  /** Only on confirmed registrations, only to the school that owns them. */
  ticket: ticket.nullable(),
  checkIn: checkInInfo.nullable(),
  event: registrationEvent,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Registration = z.infer<typeof registration>
export const registrationResponse = z.object({ registration })

/** A squadron's visit: a check-in at a base event. */
export const squadronVisit = z.object({
  registrationId: recordId,
  squadronId: recordId,
  squadronName: z.string(),
  /** Asia/Shanghai date of the event the class was checked in at. */
  date: localDate,
  base: z.object({ id: contentId, name: z.object({ zh: z.string(), en: z.string() }) }),
  /** The event's title (the activity). */
  activity: z.string(),
  headcount: z.number().int(),
  /** The programme's issuing body (SQUADRON_ISSUER), for the printed record. */
  issuer: z.string(),
})
export type SquadronVisit = z.infer<typeof squadronVisit>

export const schoolRegistrationsResponse = z.object({
  registrations: z.array(registration),
  visits: z.array(squadronVisit),
})
export type SchoolRegistrationsResponse = z.infer<typeof schoolRegistrationsResponse>

/** One registration as a staff phone keeps it for offline check-in. */
export const staffRegistration = z.object({
  id: recordId,
  eventId: recordId,
  status: registrationStatus,
  headcount: z.number().int(),
  /** Of `headcount`, the accompanying adults. */
  adults: z.number().int(),
  position: z.number().int().nullable(),
  offer: z.object({ headcount: z.number().int(), expiresAt: z.string() }).nullable(),
  declineReason: z.string().nullable(),
  squadronName: z.string(),
  grade: z.number().int(),
  teacher: z.string(),
  schoolName: z.string(),
  contact: z.string(),
  /** Confirmed only: the code to type, and the hex SHA-256 of the QR token to match a scan against. */
  ticketCode: z.string().nullable(),
  ticketHash: z.string().nullable(),
  checkIn: checkInInfo.nullable(),
  createdAt: z.string(),
})
export type StaffRegistration = z.infer<typeof staffRegistration>

export const staffRegistrationsResponse = z.object({
  event: squadronEvent,
  registrations: z.array(staffRegistration),
  /** Server time of this answer: a phone shows how fresh its copy is. */
  fetchedAt: z.string(),
})
export type StaffRegistrationsResponse = z.infer<typeof staffRegistrationsResponse>
