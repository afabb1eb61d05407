import { z } from 'zod'
import { contentId, multiLineText, singleLineText, sourceRef } from './common.ts'
import { isChineseText } from '../domain/chinese-text.ts'

const monthDay = z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
export type MonthDay = z.infer<typeof monthDay>

/** A per-year announced window, as `MM-DD..MM-DD` (or one `MM-DD`). */
export const announcedWindow = z.string().regex(/^\d{2}-\d{2}(\.\.\d{2}-\d{2})?$/, 'use MM-DD or MM-DD..MM-DD')

export const themeDayRule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
  z.object({ type: z.literal('span'), start: monthDay, days: z.number().int().min(2).max(31) }),
  z.object({ type: z.literal('month'), month: z.number().int().min(1).max(12) }),
  z.object({
    type: z.literal('nth_weekday'),
    month: z.number().int().min(1).max(12),
    /** 1 = first … 5 = fifth, -1 = last. */
    n: z
      .number()
      .int()
      .min(-1)
      .max(5)
      .refine((n) => n !== 0, 'n is 1..5 or -1 for last'),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: z.number().int().min(1).max(7),
  }),
  z.object({
    type: z.literal('announced_annually'),
    /** A day the window always contains, when there is one. */
    contains: monthDay.optional(),
    days: z.number().int().min(1).max(31).optional(),
    days_range: z.tuple([z.number().int(), z.number().int()]).optional(),
    window_days_range: z.tuple([z.number().int(), z.number().int()]).optional(),
    nominal: z.string().optional(),
    recent_pattern: z.string().optional(),
  }),
])
export type ThemeDayRule = z.infer<typeof themeDayRule>

export const themeDay = z
  .object({
    id: contentId,
    name: z.object({ zh: singleLineText(100).min(1), en: singleLineText(200).min(1) }),
    rule: themeDayRule,
    sinceYear: z.number().int().min(1900).max(2100),
    /** Both languages: the Chinese UI never falls back to the English text. */
    description: z.object({
      zh: multiLineText(20_000)
        .min(1, 'a Chinese description is required')
        .refine(isChineseText, 'must be written in Chinese'),
      en: multiLineText(20_000).min(1),
    }),
    /** Announced windows by year ("2025": "05-12..05-18"); notes in brackets are kept out. */
    windows: z.record(z.string().regex(/^\d{4}$/), announcedWindow).default({}),
    source: z.string().min(1),
    verified: z.boolean(),
    notes: z.string().optional(),
    sortKey: z.string().regex(/^\d{2}-\d{2}$/),
  })
  .strict()
export type ThemeDay = z.infer<typeof themeDay>
export { sourceRef }
