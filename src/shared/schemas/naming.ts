import { z } from 'zod'
import { account, accountDisplayName, password, username } from './account.ts'
import { baseCategory, wgs84Point } from './base.ts'
import { multiLineText, singleLineText } from './common.ts'
import { panelRanking, reviewConflict, reviewCriterion, reviewPanel, scoreSheet, tieBreaker } from './review.ts'

/*
 * Becoming a base and staying one (issue 24; server/services/naming-*.ts, base-evaluations.ts):
 * a call for applications (申报), the formal check, expert review on the review engine
 * (schemas/review.ts), the naming of a batch (命名) and the yearly evaluation (评估).
 */

/** The two lists of 2023: 国家自然资源科普基地 (with the science ministry) and 自然资源部科普基地. */
export const DESIGNATION_LISTS = ['national', 'ministry'] as const
export const designationList = z.enum(DESIGNATION_LISTS)
export type DesignationList = z.infer<typeof designationList>

/** The calls' three categories, as the programme names them. */
export const CALL_CATEGORIES = ['科普场馆类', '自然资源场景类', '科学研究类'] as const
export const callCategory = z.enum(CALL_CATEGORIES)
export type CallCategory = z.infer<typeof callCategory>

const slotId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens')
  .max(40)

/** An attachment a call asks for: PDF or image, checked by content when uploaded and again on submission. */
export const requiredAttachment = z
  .object({
    id: slotId,
    label: singleLineText(80).min(1),
    kinds: z
      .array(z.enum(['pdf', 'image']))
      .min(1)
      .default(['pdf', 'image']),
    /** Largest file in MB (the upload's own limit is 20 MB). @default 20 */
    maxMb: z.number().int().min(1).max(20).default(20),
    /** False for a slot that may stay empty. @default true */
    required: z.boolean().default(true),
  })
  .strict()
export type RequiredAttachment = z.infer<typeof requiredAttachment>

/** Grades the evaluation publishes, best first. @default ['优秀', '合格', '不合格'] */
export const DEFAULT_GRADES = ['优秀', '合格', '不合格'] as const
const grades = z
  .array(singleLineText(20).min(1))
  .min(2)
  .max(6)
  .default([...DEFAULT_GRADES])

export const callBody = z
  .object({
    title: singleLineText(120).min(2),
    year: z.number().int().min(2000).max(2100),
    list: designationList,
    category: callCategory,
    /** Submissions close at this instant (the server's clock); shown in Asia/Shanghai time. */
    deadline: z.iso.datetime({ offset: true }),
    attachments: z.array(requiredAttachment).max(20).default([]),
    /** The official sheet is not public: every call brings its own criteria and weights. */
    criteria: z.array(reviewCriterion).min(1).max(20),
    tieBreakers: z.array(tieBreaker).max(10).default([]),
    /** Points (of 100) a reviewer's total may lie from the application's median before it is flagged. @default 20 */
    outlierPoints: z.number().min(1).max(100).default(20),
    /** Days a returned application has to be fixed and submitted again. @default 10 */
    fixDays: z.number().int().min(1).max(60).default(10),
    grades,
  })
  .strict()
export type CallBody = z.infer<typeof callBody>

export const namingCall = callBody.extend({ id: z.string(), createdAt: z.string() })
export type NamingCall = z.infer<typeof namingCall>

/** One year's figures of the place's science-popularization work. */
const yearFigures = z
  .object({
    year: z.number().int().min(2000).max(2100),
    visitors: z.number().int().min(0).max(100_000_000),
    activities: z.number().int().min(0).max(1_000_000),
  })
  .strict()

/**
 * The application form. A draft may leave anything out; submission needs every part
 * (`applicationComplete`).
 */
export const applicationForm = z
  .object({
    institution: z
      .object({
        name: singleLineText(100).min(2),
        /** The unit in charge (主管部门). */
        authority: singleLineText(100).min(2),
        contactName: singleLineText(40).min(1),
        contactPhone: z.string().regex(/^[0-9+\-() ]{5,30}$/, 'phone digits, spaces, +, - and () only'),
      })
      .strict(),
    place: z
      .object({
        name: singleLineText(200).min(2),
        nameEn: singleLineText(200).min(2).optional(),
        baseCategory,
        province: singleLineText(40).min(2),
        city: singleLineText(60).min(1).nullable().default(null),
        address: singleLineText(300).min(1),
        /** The pin the applicant set on the map (WGS-84). */
        location: wgs84Point,
        website: z
          .url({ protocol: /^https?$/ })
          .nullable()
          .default(null),
      })
      .strict(),
    conditions: z
      .object({
        venueAreaM2: z.number().min(0).max(100_000_000),
        exhibits: z.number().int().min(0).max(10_000_000),
        staff: z.number().int().min(0).max(100_000),
        volunteers: z.number().int().min(0).max(1_000_000),
        /** The last years, newest first. */
        years: z.array(yearFigures).min(1).max(5),
      })
      .strict(),
    plans: multiLineText(8000).min(10),
  })
  .strict()
export type ApplicationForm = z.infer<typeof applicationForm>

export const draftForm = z
  .object({
    institution: applicationForm.shape.institution.partial().optional(),
    place: applicationForm.shape.place.partial().optional(),
    conditions: applicationForm.shape.conditions.partial().optional(),
    plans: multiLineText(8000).optional(),
  })
  .strict()
export type DraftForm = z.infer<typeof draftForm>

export const attachmentRef = z.object({ slot: slotId, mediaId: z.uuid() }).strict()
export type AttachmentRef = z.infer<typeof attachmentRef>

export const applicationDraftBody = z
  .object({
    form: draftForm,
    attachments: z.array(attachmentRef).max(20).default([]),
    /** The version the draft was loaded at: an older one is a 409, never an overwrite. */
    version: z.number().int().min(0),
  })
  .strict()
export type ApplicationDraftBody = z.infer<typeof applicationDraftBody>

export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'named'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export const application = z.object({
  id: z.string(),
  callId: z.string(),
  accountId: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  form: draftForm,
  attachments: z.array(
    attachmentRef.extend({ filename: z.string().nullable(), kind: z.string(), bytes: z.number().int() }),
  ),
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  /** Why the formal check returned it, and until when it may be fixed. */
  returnReasons: z.array(z.string()),
  fixUntil: z.string().nullable(),
  baseId: z.string().nullable(),
  updatedAt: z.string(),
})
export type Application = z.infer<typeof application>

export const applicantSignupBody = z
  .object({
    username,
    password,
    displayName: accountDisplayName,
    institution: z
      .object({
        name: singleLineText(100).min(2),
        province: singleLineText(20).min(2),
        contact: singleLineText(100).min(5),
      })
      .strict(),
  })
  .strict()
export type ApplicantSignupBody = z.infer<typeof applicantSignupBody>

export const formalCheckBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }).strict(),
  z
    .object({
      decision: z.literal('return'),
      reasons: z.array(singleLineText(300).min(2)).min(1).max(20),
    })
    .strict(),
])
export type FormalCheckBody = z.infer<typeof formalCheckBody>

export const namingPanelBody = z
  .object({
    expertIds: z.array(z.uuid()).min(1).max(50),
    /** Defaults to every application accepted at the formal check. */
    applicationIds: z.array(z.uuid()).min(1).max(500).optional(),
  })
  .strict()
export const namingNextRoundBody = z
  .object({ itemIds: z.array(z.uuid()).min(1).max(500), expertIds: z.array(z.uuid()).min(1).max(50).optional() })
  .strict()
export const reviewerConflictBody = z.object({ note: multiLineText(500).default('') }).strict()

export const batchBody = z
  .object({
    title: singleLineText(120).min(2),
    year: z.number().int().min(2000).max(2100),
    list: designationList,
    applicationIds: z.array(z.uuid()).min(1).max(500),
  })
  .strict()
export type BatchBody = z.infer<typeof batchBody>

export const designatedBase = z.object({
  id: z.string(),
  name: z.string(),
  province: z.string(),
  category: z.string(),
  callCategory: z.string().nullable(),
  /** True when the base was already in the app (named again, matched by name and place). */
  renamed: z.boolean(),
})
export const designationBatch = z.object({
  id: z.string(),
  title: z.string(),
  year: z.number().int(),
  list: designationList,
  publishedAt: z.string(),
  bases: z.array(designatedBase),
})
export type DesignationBatch = z.infer<typeof designationBatch>
export const designationsResponse = z.object({ batches: z.array(designationBatch) })

/** A base's designations and evaluation results, as its public record carries them. */
export const baseDesignationEntry = z.object({
  batchId: z.string(),
  title: z.string(),
  year: z.number().int(),
  list: designationList,
})
export const baseEvaluationEntry = z.object({ year: z.number().int(), grade: z.string() })

// ── Yearly evaluation ─────────────────────────────────────────────────────────────────────

export const evaluationBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    deadline: z.iso.datetime({ offset: true }),
    criteria: z.array(reviewCriterion).min(1).max(20),
    outlierPoints: z.number().min(1).max(100).default(20),
    grades,
  })
  .strict()
export type EvaluationBody = z.infer<typeof evaluationBody>

/** What the app knows of a base's year, copied into its self-report when it is opened. */
export const evaluationPrefill = z.object({
  from: z.string(),
  to: z.string(),
  visitors: z.number().int(),
  byAudience: z.record(z.string(), z.number()),
  activities: z.number().int(),
  byType: z.record(z.string(), z.object({ count: z.number(), participants: z.number() })),
  themeDayEvents: z.number().int(),
  squadronVisits: z.number().int(),
  satisfaction: z.object({ mean: z.number().nullable(), count: z.number().int() }),
  /** Share (0–1) of the base's public profile fields that are filled in. */
  profileCompleteness: z.number(),
})
export type EvaluationPrefill = z.infer<typeof evaluationPrefill>

export const selfReportBody = z
  .object({
    /** What the app does not know: the base's own account of its year. */
    summary: multiLineText(8000).default(''),
    staff: z.number().int().min(0).max(100_000).optional(),
    volunteers: z.number().int().min(0).max(1_000_000).optional(),
    funding: z.number().min(0).max(1e10).optional(),
    submit: z.boolean().default(false),
  })
  .strict()
export type SelfReportBody = z.infer<typeof selfReportBody>

export const selfReport = z.object({
  id: z.string(),
  evaluationId: z.string(),
  year: z.number().int(),
  baseId: z.string(),
  status: z.enum(['draft', 'submitted']),
  prefill: evaluationPrefill,
  extra: selfReportBody.omit({ submit: true }),
  grade: z.string().nullable(),
  submittedAt: z.string().nullable(),
})
export type SelfReport = z.infer<typeof selfReport>

export const evaluationGradesBody = z
  .object({ grades: z.array(z.object({ baseId: z.string().max(80), grade: singleLineText(20).min(1) })).min(1) })
  .strict()
export const withdrawBody = z.object({ reason: singleLineText(300).min(2) }).strict()

// ── Responses ─────────────────────────────────────────────────────────────────────────────

export const callResponse = z.object({ call: namingCall })
export const callsResponse = z.object({ calls: z.array(namingCall) })
export const applicationResponse = z.object({ application })
export const applicationsResponse = z.object({ applications: z.array(application) })
export const applicantAccountResponse = z.object({ account })
export const namingPanelResponse = z.object({
  panel: reviewPanel,
  assigned: z.number().int(),
  conflicts: z.array(reviewConflict),
})
export const namingRankingResponse = z.object({
  ranking: panelRanking,
  /** Each item's title (the place's name, or the base's for an evaluation). */
  titles: z.record(z.string(), z.string()),
})
export const reviewerPanelResponse = z.object({
  panel: reviewPanel,
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      /** The application's form, or the self-report. */
      detail: z.unknown(),
      complete: z.boolean(),
      assigned: z.number().int(),
      submitted: z.number().int(),
      mine: scoreSheet,
      others: z.array(scoreSheet).nullable(),
    }),
  ),
})
/** A reviewer's panels of both workflows, each with what it reviews and how far the reviewer got. */
export const reviewerPanelsResponse = z.object({
  panels: z.array(
    z.object({
      panel: reviewPanel,
      /** The call's title, or the evaluation's year (the client words it). */
      subject: z.object({ kind: z.enum(['naming-call', 'evaluation']), title: z.string(), year: z.number().int() }),
      assigned: z.number().int(),
      submitted: z.number().int(),
    }),
  ),
})
/** A call's or an evaluation's panels, by round. */
export const reviewPanelsResponse = z.object({ panels: z.array(reviewPanel) })
export const batchResponse = z.object({ batch: designationBatch })
export const evaluation = evaluationBody.extend({ id: z.string(), status: z.enum(['open', 'published']) })
export type Evaluation = z.infer<typeof evaluation>
export const evaluationResponse = z.object({ evaluation })
export const evaluationsResponse = z.object({ evaluations: z.array(evaluation) })
export const selfReportResponse = z.object({ report: selfReport })
export const selfReportsResponse = z.object({ reports: z.array(selfReport) })
