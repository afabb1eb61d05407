import { z } from 'zod'
import { PROVINCE_CODES } from '../domain/provinces.ts'
import { baseSource, shownBaseSource } from './base-source.ts'
import { contentId, multiLineText, singleLineText } from './common.ts'
import { eventExpert } from './events.ts'
import { localDate, recordId } from './sync.ts'
import { mediaVariant } from './media.ts'
import { workCreditRole, workTopic, workType } from './work.ts'
import { password, username } from './account.ts'

/*
 * 科普专家库: the programme's experts. Public pages show only what an expert chose to show (and,
 * for experts known from an announcement alone, only what was announced); contact details are
 * never public. Bases invite experts to their events through requests (the second half below).
 */

// ── Vocabulary ───────────────────────────────────────────────────────────────────────────────

/** An expert's fields are the programme's 16 themes, the same list works are tagged with. */
export const expertField = workTopic
export type ExpertField = z.infer<typeof expertField>

/** Where an expert works: a provincial-level division, by GB/T 2260 code (shared/domain/provinces.ts). */
export const provinceCode = z.enum(PROVINCE_CODES)

/**
 * - `announced`: known from a public announcement only (content/experts/), with no account: the
 *   page shows what was announced, and bases cannot send requests;
 * - `invited`: created by an admin's invite, not set up yet: not shown anywhere public;
 * - `active`: has an account; shown, and takes requests unless paused.
 */
export const EXPERT_STATUSES = ['announced', 'invited', 'active'] as const
export const expertStatus = z.enum(EXPERT_STATUSES)
export type ExpertStatus = z.infer<typeof expertStatus>

/** How the record came to be: seeded from a public announcement, or an admin's invite. */
export const EXPERT_SOURCES = ['announcement', 'invitation'] as const
export type ExpertSource = (typeof EXPERT_SOURCES)[number]

/** Profile fields an expert may hide from the public page (the name is always shown). */
export const EXPERT_HIDEABLE_FIELDS = ['title', 'institution', 'region', 'fields', 'bio'] as const
export const expertVisibility = z
  .object({
    title: z.boolean(),
    institution: z.boolean(),
    region: z.boolean(),
    fields: z.boolean(),
    bio: z.boolean(),
  })
  .strict()
export type ExpertVisibility = z.infer<typeof expertVisibility>
export const EXPERT_VISIBILITY_DEFAULT: ExpertVisibility = {
  title: true,
  institution: true,
  region: true,
  fields: true,
  bio: true,
}

export const EXPERT_NAME_MAX = 40
export const EXPERT_TITLE_MAX = 100
export const EXPERT_INSTITUTION_MAX = 120
/** A short biography in the expert's own words. */
export const EXPERT_BIO_MAX = 1000

const expertName = singleLineText(EXPERT_NAME_MAX).min(1, '请填写姓名 / name is required')
/** Empty text means "none": stored as null. */
const optionalLine = (max: number) =>
  singleLineText(max)
    .transform((v) => v || null)
    .nullable()
    .default(null)

/** Private: seen by the expert and admins only, never in a public answer. */
export const expertContact = z
  .object({
    email: singleLineText(254)
      .refine((v) => v === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), '不是有效的电子邮箱 / not an e-mail address')
      .transform((v) => v || null)
      .nullable()
      .default(null),
    phone: singleLineText(30)
      .refine((v) => v === '' || /^[0-9+\-() ]{5,30}$/.test(v), '不是有效的电话号码 / not a phone number')
      .transform((v) => v || null)
      .nullable()
      .default(null),
  })
  .strict()
export type ExpertContact = z.infer<typeof expertContact>
/** The same in answers (response schemas carry no transforms: the serializer encodes with them). */
const expertContactView = z.object({ email: z.string().nullable(), phone: z.string().nullable() })

// ── Appointments (首席科学传播专家) ─────────────────────────────────────────────────────────────

/**
 * An appointment as announced, with its state on the server's date (Asia/Shanghai): `current`
 * until the term's last day, then the badge turns into "former" (shared/domain/expert-profile.ts).
 */
export const chiefAppointment = z.object({
  /** As announced, e.g. 国土资源首席科学传播专家. */
  title: z.string(),
  batch: z.number().int().min(1),
  appointedOn: localDate,
  termYears: z.number().int().min(1),
  /** The first day after the term. */
  endsOn: localDate,
  current: z.boolean(),
  /** Official or news sources (reposts are never shown). */
  sources: z.array(shownBaseSource),
})
export type ChiefAppointment = z.infer<typeof chiefAppointment>

/** One expert as an announcement named them. */
const announcedExpert = z
  .object({
    name: expertName,
    /** A title (中国科学院院士) or an institution, as the announcement gave it: never both invented. */
    title: singleLineText(EXPERT_TITLE_MAX).min(1).optional(),
    institution: singleLineText(EXPERT_INSTITUTION_MAX).min(1).optional(),
  })
  .strict()

/** `content/experts/<id>.yaml`: one announced batch, only what the announcement gave. */
export const expertBatchContent = z
  .object({
    appointment: z
      .object({
        title: singleLineText(100).min(1),
        batch: z.number().int().min(1).max(100),
        appointedOn: localDate,
        termYears: z.number().int().min(1).max(20),
      })
      .strict(),
    sources: z.array(baseSource).min(1, 'every batch keeps at least one source'),
    experts: z.array(announcedExpert).min(1),
  })
  .strict()
export type ExpertBatchContent = z.infer<typeof expertBatchContent>

/** Name search keys: 欧阳自远 → { pinyin: 'ouyangziyuan', initials: 'oyzy' }. */
export const nameSearchKeys = z.object({ pinyin: z.string(), initials: z.string() })
export type NameSearchKeys = z.infer<typeof nameSearchKeys>

/** What the content build ships: shown sources only, and each name's search keys. */
export const builtExpertBatch = expertBatchContent.safeExtend({
  id: contentId,
  sources: z.array(shownBaseSource),
  experts: z.array(announcedExpert.safeExtend({ search: nameSearchKeys })),
})
export type BuiltExpertBatch = z.infer<typeof builtExpertBatch>

// ── Public side ──────────────────────────────────────────────────────────────────────────────

/**
 * The photo an expert gave (an `expert-photo` upload, re-encoded by the server without metadata).
 * Experts known from an announcement alone never have one: none was announced.
 */
export const expertPhoto = z.object({
  mediaId: z.uuid(),
  /** Displayed size, so a page reserves the space before the photo loads. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** `#rrggbb` to paint before the photo loads. */
  dominantColor: z.string().nullable(),
  /** Every width in every format, smallest first (shared/schemas/media.ts). */
  variants: z.array(mediaVariant).min(1),
})
export type ExpertPhoto = z.infer<typeof expertPhoto>

/** One entry of GET /api/experts: hidden fields are null (or empty), never sent. */
export const expertSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  institution: z.string().nullable(),
  fields: z.array(expertField),
  region: provinceCode.nullable(),
  appointment: chiefAppointment.nullable(),
  photo: expertPhoto.nullable(),
  /** Bases may send requests (an account, not paused). */
  takesRequests: z.boolean(),
  /** Name keys for offline search (shared/domain/expert-search.ts). */
  search: nameSearchKeys,
})
export type ExpertSummary = z.infer<typeof expertSummary>

export const EXPERT_REQUEST_FORMATS = ['talk', 'guided-walk', 'online'] as const
export const expertRequestFormat = z.enum(EXPERT_REQUEST_FORMATS)
export type ExpertRequestFormat = z.infer<typeof expertRequestFormat>

/** An event an expert takes part in (an accepted request), as their public page lists it. */
export const expertEvent = z.object({
  id: recordId,
  title: z.string(),
  start: z.string(),
  end: z.string(),
  /** The day the expert takes part (Asia/Shanghai). */
  date: localDate,
  format: expertRequestFormat,
  base: z.object({ id: contentId, name: z.object({ zh: z.string(), en: z.string() }) }),
})
export type ExpertEvent = z.infer<typeof expertEvent>

/**
 * A work that credits the expert (shared/domain/expert-profile.ts `creditedRole`): a built work
 * (`content`, its page is /works/:id) or one published in the app (`app`, GET /api/app-works).
 */
export const creditedWork = z.object({
  source: z.enum(['content', 'app']),
  id: z.string(),
  type: workType,
  title: z.object({ zh: z.string(), en: z.string().nullable() }),
  role: workCreditRole,
})
export type CreditedWork = z.infer<typeof creditedWork>

/** GET /api/experts/:id. */
export const expertPage = expertSummary.extend({
  bio: z.string().nullable(),
  /** Works the expert wrote or appears in, content works first (content order), then the app's, newest first. */
  works: z.array(creditedWork),
  events: z.object({ upcoming: z.array(expertEvent), past: z.array(expertEvent) }),
})
export type ExpertPage = z.infer<typeof expertPage>

export const expertsQuery = z.object({
  field: expertField.optional(),
  region: provinceCode.optional(),
  /** Name (汉字, pinyin or initials) or a shown institution. */
  q: singleLineText(60).optional(),
})
export type ExpertsQuery = z.infer<typeof expertsQuery>
export const expertsResponse = z.object({ experts: z.array(expertSummary) })
export type ExpertsResponse = z.infer<typeof expertsResponse>

/** GET /api/works/:id/experts: the listed experts a work credits, in its credits' order. */
export const workExpertsResponse = z.object({
  experts: z.array(z.object({ id: z.uuid(), name: z.string(), role: workCreditRole, photo: expertPhoto.nullable() })),
})
export type WorkExpertsResponse = z.infer<typeof workExpertsResponse>

// ── The expert's own profile ─────────────────────────────────────────────────────────────────

/**
 * PUT /api/expert/profile. Title and institution changes wait for an admin's approval (the page
 * keeps the approved ones meanwhile); everything else applies at once.
 */
export const expertProfileInput = z
  .object({
    title: optionalLine(EXPERT_TITLE_MAX),
    institution: optionalLine(EXPERT_INSTITUTION_MAX),
    fields: z
      .array(expertField)
      .max(16)
      .default([])
      .refine((f) => new Set(f).size === f.length, '领域重复 / a field is listed twice'),
    region: provinceCode.nullable().default(null),
    bio: multiLineText(EXPERT_BIO_MAX).default(''),
    visibility: expertVisibility.default(EXPERT_VISIBILITY_DEFAULT),
    contact: expertContact.default({ email: null, phone: null }),
  })
  .strict()
export type ExpertProfileInput = z.infer<typeof expertProfileInput>

export const PROFILE_CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const
export const profileChangeStatus = z.enum(PROFILE_CHANGE_STATUSES)
export type ProfileChangeStatus = z.infer<typeof profileChangeStatus>
/** A title/institution change and what became of it. */
export const profileChange = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  institution: z.string().nullable(),
  status: profileChangeStatus,
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
})
export type ProfileChange = z.infer<typeof profileChange>

export const ownExpertProfile = z.object({
  id: z.uuid(),
  name: z.string(),
  status: expertStatus,
  /** Approved values (what the public page shows when visible). */
  title: z.string().nullable(),
  institution: z.string().nullable(),
  fields: z.array(expertField),
  region: provinceCode.nullable(),
  bio: z.string(),
  visibility: expertVisibility,
  contact: expertContactView,
  paused: z.boolean(),
  appointment: chiefAppointment.nullable(),
  photo: expertPhoto.nullable(),
  /** The change waiting for an admin, or the last decided one (a rejection carries its reason). */
  pendingChange: profileChange.nullable(),
  lastDecision: profileChange.nullable(),
})
export type OwnExpertProfile = z.infer<typeof ownExpertProfile>
export const ownExpertProfileResponse = z.object({ profile: ownExpertProfile })
/**
 * PUT /api/expert/photo: a finished `expert-photo` upload of the expert's own, or null to remove
 * the photo. It shows at once: unlike a title or an institution, a photo claims no position the
 * programme vouches for, and it is the expert's own likeness, like the biography.
 */
export const expertPhotoBody = z.object({ mediaId: z.uuid().nullable() }).strict()
export const expertPauseBody = z.object({ paused: z.boolean() }).strict()

// ── Admin side and invites ───────────────────────────────────────────────────────────────────

/** An expert as admins see it: everything, contact details included. */
export const adminExpert = ownExpertProfile.extend({
  source: z.enum(EXPERT_SOURCES),
  accountId: z.uuid().nullable(),
  /** When the live invite link ends; null when none is outstanding. */
  inviteExpiresAt: z.string().nullable(),
})
export type AdminExpert = z.infer<typeof adminExpert>
export const adminExpertsQuery = z.object({ status: expertStatus.optional(), changes: z.literal('pending').optional() })
export const adminExpertsResponse = z.object({ experts: z.array(adminExpert) })

/** POST /api/admin/experts: a new expert, with the one-time link to pass on. */
export const expertCreateBody = z
  .object({
    name: expertName,
    title: optionalLine(EXPERT_TITLE_MAX),
    institution: optionalLine(EXPERT_INSTITUTION_MAX),
    contact: expertContact.default({ email: null, phone: null }),
  })
  .strict()
export type ExpertCreateBody = z.infer<typeof expertCreateBody>

/** Shown once, to the admin who made it; only its hash is stored. */
export const expertInvite = z.object({ link: z.string(), token: z.string(), expiresAt: z.string() })
export const expertInviteResponse = z.object({ expert: adminExpert, invite: expertInvite })
export type ExpertInviteResponse = z.infer<typeof expertInviteResponse>

export const expertInviteToken = z.string().min(16).max(200)
export const expertInvitePreviewBody = z.object({ token: expertInviteToken }).strict()
export const expertInvitePreview = z.object({
  name: z.string(),
  title: z.string().nullable(),
  institution: z.string().nullable(),
  expiresAt: z.string(),
})
export const expertInviteAcceptBody = z.object({ token: expertInviteToken, username, password }).strict()
export type ExpertInviteAcceptBody = z.infer<typeof expertInviteAcceptBody>

/** Why an admin turns a title/institution change down: the expert sees it. */
export const profileChangeRejectBody = z
  .object({ reason: multiLineText(300).min(2, '请写明原因 / give a reason') })
  .strict()
export const profileChangeResponse = z.object({ change: profileChange, expert: adminExpert })

// ── Requests: bases invite experts to their events ───────────────────────────────────────────

export const EXPERT_REQUEST_STATUSES = ['requested', 'accepted', 'declined', 'withdrawn'] as const
export const expertRequestStatus = z.enum(EXPERT_REQUEST_STATUSES)
export type ExpertRequestStatus = z.infer<typeof expertRequestStatus>
/** Requests still in play: one per expert, event and day. */
export const LIVE_REQUEST_STATUSES = ['requested', 'accepted'] as const satisfies readonly ExpertRequestStatus[]

/** POST /api/staff/bases/:baseId/expert-requests. */
export const expertRequestInput = z
  .object({
    expertId: z.uuid(),
    eventId: recordId,
    /** The day the expert is asked for (one of the event's days, Asia/Shanghai). */
    date: localDate,
    format: expertRequestFormat,
    message: multiLineText(1000).min(2, '请写几句邀请的话 / write a short message'),
  })
  .strict()
export type ExpertRequestInput = z.infer<typeof expertRequestInput>

export const expertRequestReasonBody = z
  .object({ reason: multiLineText(300).min(2, '请写明原因 / give a reason') })
  .strict()
export const expertRequestDeclineBody = z.object({ reason: multiLineText(300).optional() }).strict()

/** A request as the base's staff and the expert see it (never public). */
export const expertRequest = z.object({
  id: z.uuid(),
  status: expertRequestStatus,
  expert: eventExpert,
  event: z.object({
    id: recordId,
    title: z.string(),
    start: z.string(),
    end: z.string(),
    place: z.string(),
    cancelled: z.boolean(),
  }),
  base: z.object({ id: contentId, name: z.object({ zh: z.string(), en: z.string() }) }),
  date: localDate,
  format: expertRequestFormat,
  message: z.string(),
  declineReason: z.string().nullable(),
  withdrawnBy: z.enum(['base', 'expert']).nullable(),
  withdrawReason: z.string().nullable(),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
})
export type ExpertRequest = z.infer<typeof expertRequest>
export const expertRequestResponse = z.object({ request: expertRequest })
export const expertRequestsResponse = z.object({ requests: z.array(expertRequest) })

/** The expert's schedule: each request with the live ones it overlaps (an accepted one among them). */
export const expertScheduleItem = expertRequest.extend({
  /** Ids of live requests whose time overlaps this one, where at least one of the two is accepted. */
  conflicts: z.array(z.uuid()),
})
export const expertScheduleResponse = z.object({ items: z.array(expertScheduleItem) })
export type ExpertScheduleResponse = z.infer<typeof expertScheduleResponse>
export const expertRequestIdParams = z.object({ baseId: contentId, id: z.uuid() })
