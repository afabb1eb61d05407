import { z } from 'zod'
import { account, accountStatus, role } from './account.ts'
import { multiLineText, singleLineText } from './common.ts'
import { baseCategory, locationPrecision } from './base.ts'

export const healthResponse = z.object({ status: z.literal('ok') })

/** RFC 7946 FeatureCollection of bases; coordinates are [lon, lat] in WGS-84. */
export const basesGeoJson = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        id: z.string(),
        name_zh: z.string(),
        name_en: z.string(),
        category: baseCategory,
        province: z.string(),
        city: z.string().nullable(),
        approximate: z.boolean(),
        precision: locationPrecision,
      }),
    }),
  ),
})
export type BasesGeoJson = z.infer<typeof basesGeoJson>

export const accountResponse = z.object({ account })
export const accountListResponse = z.object({ accounts: z.array(account) })
/** GET /api/admin/accounts: filter by status and role, search username, name and school. */
export const accountListQuery = z.object({
  status: accountStatus.optional(),
  role: role.optional(),
  q: singleLineText(60).optional(),
})
/** Why an admin rejects a school or disables an account: the holder is told it at sign-in. */
export const accountStatusBody = z.object({ reason: multiLineText(300).min(2, '请写明原因 / give a reason') }).strict()
export type AccountStatusBody = z.infer<typeof accountStatusBody>
/** A new password chosen by the server, shown to the admin once to pass on; every session of the account ends. */
export const passwordResetResponse = z.object({ account, temporaryPassword: z.string() })
export type PasswordResetResponse = z.infer<typeof passwordResetResponse>
export const idParams = z.object({ id: z.uuid() })
export const okResponse = z.object({ ok: z.literal(true) })
