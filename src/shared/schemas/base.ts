import { z } from 'zod'
import { BASE_CATEGORIES, CHINA_BBOX } from '../constants.ts'
import { baseSource, shownBaseSource } from './base-source.ts'
import { contentId, multiLineText, singleLineText } from './common.ts'

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
    booking: multiLineText(4000).min(1).optional(),
    accessibility: multiLineText(4000).min(1).optional(),
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
})
export type BuiltBase = z.infer<typeof builtBase>
