import { z } from 'zod'

/** Text in both UI languages. Chinese is the source; English is the second locale. */
export const localizedText = z.object({
  zh: z.string().trim().min(1, 'Chinese text is required'),
  en: z.string().trim().min(1, 'English text is required'),
})
export type LocalizedText = z.infer<typeof localizedText>

/** A content id: lower-case ASCII words joined by hyphens; it is also the file name. */
export const contentId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (it is also the file name)')
  .max(80)
export type ContentId = z.infer<typeof contentId>

/**
 * Where a fact comes from: an http(s) URL, a citation in words (a newspaper and date), or the
 * word "recalled" when no public source was found.
 */
export const sourceRef = z
  .string()
  .trim()
  .min(4, 'a URL, a citation, or "recalled"')
  .refine((v) => !/^https?:/i.test(v) || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), 'not a valid http(s) URL')

/** The error body every API route answers with on a 4xx or 5xx. */
export const apiError = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  /** One entry per invalid field, when the error is a validation error. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type ApiError = z.infer<typeof apiError>
