import { z } from 'zod'
import { inChina } from '../domain/china-area.ts'
import { openingHoursError } from '../domain/opening-hours.ts'
import {
  accessibilityFacts,
  baseCategory,
  baseClosure,
  bookingRules,
  builtBase,
  MAX_BASE_PHOTOS,
  basePhoto,
  tourLanguage,
  TOUR_LANGUAGES,
} from './base.ts'
import { apiError, contentId, multiLineText, singleLineText } from './common.ts'

/*
 * Bases kept up to date by their staff (issue 21). The database holds each base; every editable
 * field remembers where its value came from (`content` until someone edits it in the app) and the
 * base version at which it last changed, so an edit made on an older copy of a field is a conflict
 * rather than an overwrite. A staff edit is a proposal an admin approves or rejects; an admin may
 * let a base publish its minor fields (hours, closures, phone) directly. Every write is a history row.
 *
 * Routes (src/server/routes/base-profiles.ts; staff of the base or an admin unless marked admin):
 *   GET  /api/base-profiles/:baseId                    → baseEditRecord
 *   POST /api/base-profiles/:baseId/proposals          baseProposalInput → 201 baseProposalResponse
 *   GET  /api/base-profiles/:baseId/proposals          → baseProposalList (newest first, with outcome)
 *   GET  /api/admin/base-proposals?status=&baseId=     → baseProposalList (admin; per-field diff)
 *   POST /api/admin/base-proposals/:id/approve         → baseProposalResponse (admin)
 *   POST /api/admin/base-proposals/:id/reject          baseProposalRejection → baseProposalResponse (admin)
 *   PUT  /api/admin/base-profiles/:baseId/settings     baseProfileSettings → baseProfileSettings (admin)
 *   GET  /api/admin/base-profiles/:baseId/history      → baseHistoryList (admin)
 *   GET  /api/bases/clusters.json                      → ClusterTable (public, ETag; shared/domain/grid-cluster.ts)
 * Errors: 403 for another base's record; 409 `field "<f>" changed since it was loaded` with
 * `current` (the published value) when a loaded version is stale; 400 with issues naming the field.
 *
 * Not exported from shared/index.ts: it validates opening hours with the `opening_hours` library,
 * which the first screen must not load. Import it from this file (the staff and admin screens).
 */

/** The fields of a base that staff edit. Province, city, designation and sources stay editorial. */
export const BASE_FIELDS = [
  'name',
  'category',
  'address',
  'location',
  'openingHours',
  'closures',
  'phone',
  'website',
  'booking',
  'bookingRules',
  'accessibility',
  'accessibilityFacts',
  'tourLanguages',
  'description',
  'photos',
] as const
export const baseField = z.enum(BASE_FIELDS)
export type BaseField = z.infer<typeof baseField>

/** Fields a base may publish without review when an admin allows it. */
export const MINOR_BASE_FIELDS = ['openingHours', 'closures', 'phone'] as const satisfies readonly BaseField[]
export type MinorBaseField = (typeof MINOR_BASE_FIELDS)[number]
export const isMinorBaseField = (field: BaseField): field is MinorBaseField =>
  (MINOR_BASE_FIELDS as readonly BaseField[]).includes(field)

/** Where a field's current value came from: the content import, or an edit published in the app. */
export const FIELD_PROVENANCES = ['content', 'app'] as const
export const fieldProvenance = z.enum(FIELD_PROVENANCES)
export type FieldProvenance = z.infer<typeof fieldProvenance>

const phone = z.string().regex(/^[0-9+\-() ]{5,30}$/, 'phone digits, spaces, +, - and () only')
const website = z.url({ protocol: /^https?$/, error: 'not a valid http(s) URL' })
const name = z.object({ zh: singleLineText(200).min(1), en: singleLineText(200).min(1) }).strict()
const description = z.object({ zh: multiLineText(20_000).min(1), en: multiLineText(20_000).min(1).optional() }).strict()
const closures = z
  .array(baseClosure)
  .max(50)
  .refine((list) => list.every((c, i) => i === 0 || list[i - 1]!.from <= c.from), 'closures in date order')
const tourLanguages = z
  .array(tourLanguage)
  .max(TOUR_LANGUAGES.length)
  .refine((list) => new Set(list).size === list.length, 'each language once')

/** The published value of every editable field; null (or an empty list) where the base has none. */
export const baseFieldValues = z.object({
  name,
  category: baseCategory,
  address: singleLineText(300).min(1).nullable(),
  /** With its precision: `site`/`high` once staff set the pin, coarser for an imported placeholder. */
  location: builtBase.shape.location,
  /** OpenStreetMap `opening_hours`, Asia/Shanghai time. */
  openingHours: z.string().nullable(),
  closures: z.array(baseClosure),
  phone: phone.nullable(),
  website: website.nullable(),
  booking: multiLineText(4000).min(1).nullable(),
  bookingRules: bookingRules.nullable(),
  accessibility: multiLineText(4000).min(1).nullable(),
  accessibilityFacts: accessibilityFacts.nullable(),
  tourLanguages: z.array(tourLanguage),
  description: description.nullable(),
  photos: z.array(basePhoto).max(MAX_BASE_PHOTOS),
})
export type BaseFieldValues = z.infer<typeof baseFieldValues>

/** A pin staff set by moving it on the map (WGS-84); it is stored with `site` precision. */
export const basePin = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .strict()
  .refine(inChina, '位置不在中国境内 / the pin is outside China')

/** A photo as staff attach it: a finished `base-photo` upload of theirs (or one already shown), with a caption. */
export const basePhotoInput = z
  .object({
    mediaId: z.uuid(),
    caption: z.object({ zh: singleLineText(200), en: singleLineText(200).optional() }).strict(),
  })
  .strict()
export type BasePhotoInput = z.infer<typeof basePhotoInput>

/** New values for the fields being changed; null clears a field. Photos are the whole list, in order. */
export const baseFieldChanges = z
  .object({
    name,
    category: baseCategory,
    address: singleLineText(300).min(1).nullable(),
    location: basePin,
    openingHours: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .superRefine((value, ctx) => {
        const problem = openingHoursError(value)
        if (problem)
          ctx.addIssue({ code: 'custom', message: `开放时间无法识别 / opening hours do not parse: ${problem}` })
      })
      .nullable(),
    closures,
    phone: phone.nullable(),
    website: website.nullable(),
    booking: multiLineText(4000).min(1).nullable(),
    bookingRules: bookingRules.nullable(),
    accessibility: multiLineText(4000).min(1).nullable(),
    accessibilityFacts: accessibilityFacts.nullable(),
    tourLanguages,
    description: description.nullable(),
    photos: z
      .array(basePhotoInput)
      .max(MAX_BASE_PHOTOS, `最多 ${String(MAX_BASE_PHOTOS)} 张照片 / at most ${String(MAX_BASE_PHOTOS)} photos`)
      .refine((list) => new Set(list.map((p) => p.mediaId)).size === list.length, 'each photo once'),
  })
  .partial()
  .strict()
export type BaseFieldChanges = z.infer<typeof baseFieldChanges>

/** Per field, the base version it had changed at when the editor loaded it (from the record's `fields`). */
export const baseFieldVersions = z.partialRecord(baseField, z.number().int().nonnegative())
export type BaseFieldVersions = z.infer<typeof baseFieldVersions>

/** POST /api/base-profiles/:baseId/proposals */
export const baseProposalInput = z
  .object({
    changes: baseFieldChanges,
    /** The version of each changed field as loaded; a field changed since is a 409 naming it. */
    loadedVersions: baseFieldVersions,
    /**
     * `publish`: publish at once, allowed when every changed field is minor and the base may
     * publish minor fields (or for an admin). `review` (the default): wait for an admin.
     */
    mode: z.enum(['review', 'publish']).default('review'),
    /** A word to the reviewer. */
    note: multiLineText(1000).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const fields = Object.keys(input.changes) as BaseField[]
    if (fields.length === 0) ctx.addIssue({ code: 'custom', path: ['changes'], message: 'change at least one field' })
    for (const field of fields) {
      if (input.loadedVersions[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['loadedVersions', field],
          message: 'the version this field was loaded at',
        })
    }
  })
export type BaseProposalInput = z.input<typeof baseProposalInput>

/** Per field: the version it last changed at and where its value came from. */
export const baseFieldState = z.object({
  version: z.number().int().nonnegative(),
  provenance: fieldProvenance,
})
export type BaseFieldState = z.infer<typeof baseFieldState>

/** GET /api/base-profiles/:baseId: what the editor loads. */
export const baseEditRecord = z.object({
  baseId: contentId,
  /** Raised by every published change to this base. */
  version: z.number().int().nonnegative(),
  values: baseFieldValues,
  fields: z.record(baseField, baseFieldState),
  /** Whether this base may publish hours, closures and phone without review. */
  minorFieldsDirect: z.boolean(),
  /** Proposals waiting for review. */
  pendingProposals: z.number().int().nonnegative(),
  updatedAt: z.string(),
})
export type BaseEditRecord = z.infer<typeof baseEditRecord>

/** The 409 answer to a stale edit: the first stale field, its published value and version. */
export const baseEditConflict = apiError.extend({
  field: baseField,
  current: z.unknown(),
  version: z.number().int().nonnegative(),
})
export type BaseEditConflict = z.infer<typeof baseEditConflict>

/** pending → approved or rejected by an admin; `published` went out directly (minor fields, or an admin's edit). */
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'published'] as const
export const proposalStatus = z.enum(PROPOSAL_STATUSES)
export type ProposalStatus = z.infer<typeof proposalStatus>

const person = z.object({ id: z.uuid(), displayName: z.string() })

/** One field of a proposal: what was published when it was made, what it proposes, what is published now. */
export const baseFieldDiff = z.object({
  field: baseField,
  before: z.unknown(),
  after: z.unknown(),
  current: z.unknown(),
  /** The field changed since the proposal was made: approving it would be refused (409). */
  stale: z.boolean(),
})
export type BaseFieldDiff = z.infer<typeof baseFieldDiff>

/** A proposal as its author and admins see it; `before`/`after`/`current` hold `baseFieldValues` entries. */
export const baseProposal = z.object({
  id: z.uuid(),
  baseId: contentId,
  baseName: z.string(),
  status: proposalStatus,
  /** New values (photos as published: with their sizes), keyed by field. */
  changes: baseFieldValues.partial(),
  loadedVersions: baseFieldVersions,
  diff: z.array(baseFieldDiff),
  note: z.string().nullable(),
  proposedBy: person,
  createdAt: z.string(),
  decidedBy: person.nullable(),
  decidedAt: z.string().nullable(),
  /** Why it was rejected. */
  reason: z.string().nullable(),
})
export type BaseProposal = z.infer<typeof baseProposal>
export const baseProposalResponse = z.object({ proposal: baseProposal })
export const baseProposalList = z.object({ proposals: z.array(baseProposal) })
export type BaseProposalList = z.infer<typeof baseProposalList>

/** GET /api/admin/base-proposals?status=… */
export const baseProposalQuery = z.object({ status: proposalStatus.default('pending'), baseId: contentId.optional() })

/** POST /api/admin/base-proposals/:id/reject */
export const baseProposalRejection = z.object({ reason: multiLineText(1000).min(1, 'say why') }).strict()

/** PUT /api/admin/base-profiles/:baseId/settings */
export const baseProfileSettings = z.object({ minorFieldsDirect: z.boolean() }).strict()
export type BaseProfileSettings = z.infer<typeof baseProfileSettings>

/** What a history row records: a field published, a proposal made or rejected, a setting changed, an import. */
/** `designate`: a named batch (schemas/naming.ts) made or named the base; `evaluate` and `withdraw`: the yearly evaluation. */
export const HISTORY_ACTIONS = [
  'import',
  'propose',
  'publish',
  'reject',
  'settings',
  'designate',
  'evaluate',
  'withdraw',
] as const
export const historyAction = z.enum(HISTORY_ACTIONS)
export type HistoryAction = z.infer<typeof historyAction>

/** One row of a base's history (an audit log of every write). */
export const baseHistoryEntry = z.object({
  id: z.number().int(),
  baseId: contentId,
  action: historyAction,
  /** The field changed; null for a whole-proposal event or a setting. */
  field: z.string().nullable(),
  previous: z.unknown(),
  value: z.unknown(),
  /** Who did it; null for the content import. */
  by: person.nullable(),
  proposalId: z.uuid().nullable(),
  /** The base version after this write. */
  version: z.number().int().nonnegative(),
  at: z.string(),
})
export type BaseHistoryEntry = z.infer<typeof baseHistoryEntry>
export const baseHistoryList = z.object({ history: z.array(baseHistoryEntry) })
