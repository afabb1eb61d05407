import { z } from 'zod'
import { account, accountStatus } from './account.ts'
import { baseCategory, locationPrecision } from './base.ts'

export const healthResponse = z.object({ status: z.literal('ok') })

/** RFC 7946 FeatureCollection of bases; coordinates are [lon, lat] in WGS-84. */
export const basesGeoJson = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'),
    id: z.string(),
    geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
    properties: z.object({
      id: z.string(), name_zh: z.string(), name_en: z.string(), category: baseCategory, province: z.string(),
      city: z.string().nullable(), approximate: z.boolean(), precision: locationPrecision,
    }),
  })),
})
export type BasesGeoJson = z.infer<typeof basesGeoJson>

export const accountResponse = z.object({ account })
export const accountListResponse = z.object({ accounts: z.array(account) })
export const accountListQuery = z.object({ status: accountStatus.optional() })
export const idParams = z.object({ id: z.uuid() })
export const okResponse = z.object({ ok: z.literal(true) })
