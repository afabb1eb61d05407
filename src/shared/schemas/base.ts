import { z } from 'zod'
import { BASE_CATEGORIES, CHINA_BBOX } from '../constants.ts'
import { baseSource, shownBaseSource } from './base-source.ts'
import { contentId, multiLineText, singleLineText } from './common.ts'
import { mediaVariant } from './media.ts'

export { BASE_CATEGORIES, CHINA_BBOX } from '../constants.ts'
export const baseCategory = z.enum(BASE_CATEGORIES)
export type BaseCategory = z.infer<typeof baseCategory>

/**
 * How precisely the coordinates locate the place. Only `site` and `campus` may be drawn as an
 * exact pin; everything coarser is a placeholder at the centre of that area.
 */
export const LOCATION_PRECISIONS = ['site', 'campus', 'district', 'county', 'city', 'region', 'province'] as const
export const locationPrecision = z.enum(LOCATION_PRECISIONS)
export type LocationPrecision = z.infer<typeof locationPrecision>

export function isApproximate(precision: LocationPrecision): boolean {
  return precision !== 'site' && precision !== 'campus'
}

/** WGS-84 coordinates inside China's bounding box. */
export const wgs84Point = z.object({
  lat: z
    .number()
    .min(CHINA_BBOX.minLat, 'latitude is south of China')
    .max(CHINA_BBOX.maxLat, 'latitude is north of China'),
  lon: z
    .number()
    .min(CHINA_BBOX.minLon, 'longitude is west of China')
    .max(CHINA_BBOX.maxLon, 'longitude is east of China'),
})

const httpUrl = z.url({ protocol: /^https?$/, error: 'not a valid http(s) URL' })
const isoDate = z.iso.date({ error: 'a date as YYYY-MM-DD' })

/** A time the base is shut outside its opening hours (works, a holiday closure), both days included. */
export const baseClosure = z
  .object({
    from: isoDate,
    to: isoDate,
    reason: z.object({ zh: singleLineText(200).min(1), en: singleLineText(200).min(1).optional() }).strict(),
  })
  .strict()
  .refine((c) => c.to >= c.from, { message: 'the closure ends before it starts', path: ['to'] })
export type BaseClosure = z.infer<typeof baseClosure>

/** What a visitor with a disability can count on. A fact left out is unknown, not "no". */
export const ACCESSIBILITY_FACTS = [
  'stepFree',
  'accessibleToilet',
  'wheelchairLoan',
  'tactileGuide',
  'audioGuide',
  'signLanguage',
] as const
export type AccessibilityFact = (typeof ACCESSIBILITY_FACTS)[number]
export const accessibilityFacts = z
  .object(
    Object.fromEntries(ACCESSIBILITY_FACTS.map((f) => [f, z.boolean().optional()])) as Record<
      AccessibilityFact,
      z.ZodOptional<z.ZodBoolean>
    >,
  )
  .strict()
export type AccessibilityFacts = z.infer<typeof accessibilityFacts>

/** Whether a visit must be booked, how far ahead and where; `booking` keeps the words around it. */
export const BOOKING_REQUIREMENTS = ['none', 'recommended', 'required'] as const
export const bookingRules = z
  .object({
    requirement: z.enum(BOOKING_REQUIREMENTS),
    /** Days ahead a booking must be made; null when any time will do. */
    advanceDays: z.number().int().min(0).max(365).nullable().default(null),
    /** Where to book online (a page or a mini-program's web page). */
    url: httpUrl.nullable().default(null),
    /** Largest group one booking takes; null when there is no limit. */
    groupSizeMax: z.number().int().min(1).max(10_000).nullable().default(null),
  })
  .strict()
export type BookingRules = z.infer<typeof bookingRules>

/** Languages guided tours are given in (ISO 639 codes; `yue` Cantonese, `bo` Tibetan, `ug` Uyghur). */
export const TOUR_LANGUAGES = [
  'zh',
  'yue',
  'en',
  'ja',
  'ko',
  'ru',
  'fr',
  'de',
  'es',
  'ar',
  'bo',
  'ug',
  'mn',
  'za',
] as const
export const tourLanguage = z.enum(TOUR_LANGUAGES)
export type TourLanguage = z.infer<typeof tourLanguage>

/** Photos one base shows at most. */
export const MAX_BASE_PHOTOS = 12

/** A published photo of a base: its media record's id and sizes, with a caption. */
export const basePhoto = z
  .object({
    mediaId: z.uuid(),
    caption: z.object({ zh: singleLineText(200), en: singleLineText(200).optional() }).strict(),
    /** Displayed size, so a page reserves the space before the photo loads. */
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** `#rrggbb` to paint before the photo loads. */
    dominantColor: z.string().nullable(),
    /** Every width in every format, smallest first (shared/schemas/media.ts). */
    variants: z.array(mediaVariant).min(1),
  })
  .strict()
export type BasePhoto = z.infer<typeof basePhoto>

/**
 * The map's national clusters as `GET /api/bases/clusters.json` serves them: the shape is
 * `ClusterTable` in shared/domain/grid-cluster.ts, checked loosely here (the map checks its
 * fingerprint against the points it draws and clusters on the phone when they differ).
 */
export const baseClusterTable = z.looseObject({
  version: z.literal(1),
  cellPx: z.number(),
  maxClusterZoom: z.number(),
  fingerprint: z.string(),
  zooms: z.record(z.string(), z.array(z.array(z.unknown()))),
})

/** One base as written in `content/bases/<id>.yaml` (the id comes from the file name). */
export const baseContent = z
  .object({
    id: contentId,
    name: z.object({ zh: singleLineText(200).min(1), en: singleLineText(200).min(1) }),
    category: baseCategory,
    province: singleLineText(40).min(2),
    city: singleLineText(60).min(1).nullable().default(null),
    location: wgs84Point.extend({
      precision: locationPrecision,
      /** Confidence in the coordinates: high ≈ 0.5 km, medium ≈ 5 km, low = placeholder. */
      confidence: z.enum(['high', 'medium', 'low']),
    }),
    designation: z
      .object({
        title: singleLineText(200).min(1).nullable().default(null),
        year: z.number().int().min(1950).max(2100).nullable().default(null),
        /** True when a public source names this place with that title. */
        verified: z.boolean(),
      })
      .strict(),
    address: singleLineText(300).min(1).optional(),
    website: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .default(null),
    phone: z
      .string()
      .regex(/^[0-9+\-() ]{5,30}$/, 'phone digits, spaces, +, - and () only')
      .optional(),
    /** Opening hours in OpenStreetMap `opening_hours` syntax, Asia/Shanghai time. */
    openingHours: z.string().trim().min(1).optional(),
    /** Temporary closures, in date order. */
    closures: z.array(baseClosure).max(50).optional(),
    /** Booking in words (what to bring, when entry stops); `bookingRules` holds the rules. */
    booking: multiLineText(4000).min(1).optional(),
    bookingRules: bookingRules.optional(),
    /** Accessibility in words; `accessibilityFacts` holds what can be filtered on. */
    accessibility: multiLineText(4000).min(1).optional(),
    accessibilityFacts: accessibilityFacts.optional(),
    tourLanguages: z.array(tourLanguage).max(TOUR_LANGUAGES.length).optional(),
    description: z.object({ zh: multiLineText(20_000).min(1), en: multiLineText(20_000).min(1).optional() }).optional(),
    /** Each with its kind: official and news may be shown; reposts stay research notes (base-source.ts). */
    sources: z.array(baseSource).min(1, 'every base keeps at least one source'),
    notes: z.string().optional(),
  })
  .strict()
export type BaseContent = z.infer<typeof baseContent>

/** A base after the content build: the file's facts plus fields derived once at build time. */
export const builtBase = baseContent.extend({
  /** Only what a visitor may see: reposts and "recalled" are dropped by the build. */
  sources: z.array(shownBaseSource),
  approximate: z.boolean(),
  search: z.object({
    /** Full pinyin of the Chinese name without tones, words joined ("dizhibowuguan"). */
    pinyin: z.string(),
    /** Initials of the Chinese name's syllables ("dzbwg"). */
    initials: z.string(),
  }),
  /** Photos the base's staff published (never from content/); absent until there are any. */
  photos: z.array(basePhoto).max(MAX_BASE_PHOTOS).optional(),
  /** The server's version of this base, raised by every published change. */
  version: z.number().int().nonnegative().optional(),
  /** When the server last changed this base (ISO 8601), shown with an offline copy. */
  updatedAt: z.string().optional(),
  /** Batches that named it in the app (schemas/naming.ts), oldest first; absent until there are any. */
  designations: z
    .array(z.object({ batchId: z.string(), title: z.string(), year: z.number().int(), list: z.string() }))
    .optional(),
  /** Published yearly evaluation grades, oldest first. */
  evaluations: z.array(z.object({ year: z.number().int(), grade: z.string() })).optional(),
})
export type BuiltBase = z.infer<typeof builtBase>

/**
 * What changed among the bases since a phone last asked (`GET /api/bases/changes?since=`): the
 * published records to keep over the app's shipped copies, and the ids no longer listed. Without
 * `since`, every base the app changed (a field edited in the app, photos, a base added in the app)
 * and every unlisted one; `cursor` is the `since` of the next call.
 */
export const baseChanges = z
  .object({
    cursor: z.string().nullable(),
    bases: z.array(builtBase),
    removed: z.array(z.string()),
  })
  .strict()
export type BaseChanges = z.infer<typeof baseChanges>
