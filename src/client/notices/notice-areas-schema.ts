import { z } from 'zod'
import { PROVINCE_CODES } from '../../shared/domain/provinces.ts'

/** What the visitor follows, as saved on the device (banner/notice-areas.ts reads and writes it). */
export const noticeAreas = z.object({
  provinces: z.array(z.enum(PROVINCE_CODES)).default([]),
  useLocation: z.boolean().default(false),
  position: z.object({ lat: z.number(), lon: z.number() }).nullable().default(null),
})
export type NoticeAreas = z.infer<typeof noticeAreas>

export const dismissedRevisions = z.array(z.string())
