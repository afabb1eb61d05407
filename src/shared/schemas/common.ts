import { z } from 'zod'

/** Text in both UI languages. Chinese is the source; English is the second locale. */
export const localizedText = z.object({
  zh: multiLineText(100_000).min(1, 'Chinese text is required'),
  en: multiLineText(100_000).min(1, 'English text is required'),
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

/*
 * Text people type never needs control characters, broken UTF-16 or bidi overrides, and each did
 * harm: CR/LF in an event title wrote a whole extra VEVENT into a calendar file, a lone surrogate
 * is refused by PostgreSQL (a 500 that blocked a phone's sync batch), and U+202E shows "exe.gnp" as
 * "png.exe". Single-line fields refuse them all, line separators included; multi-line fields keep
 * \n (CR LF and CR become \n) and \t. Checked by code unit, not by a regex with lookbehind, which
 * older iOS Safari cannot compile.
 */
function hex(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
}

/** What is wrong with `value` as typed text, in Chinese and English; null when nothing is. */
export function textProblem(value: string, lines: 'single' | 'multi'): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      return `含有残缺的字符（孤立代理项 ${hex(c)}）/ contains a broken character (lone surrogate ${hex(c)})`
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return `含有残缺的字符（孤立代理项 ${hex(c)}）/ contains a broken character (lone surrogate ${hex(c)})`
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      if (lines === 'multi' && c === 0x0a) continue
      return lines === 'single'
        ? `不能换行（${hex(c)}）/ must be one line, without line breaks (${hex(c)})`
        : `不能包含控制字符 ${hex(c)} / must not contain control characters (${hex(c)})`
    }
    if (c === 0x09 && lines === 'multi') continue
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
      return `不能包含控制字符 ${hex(c)} / must not contain control characters (${hex(c)})`
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return `不能包含文字方向控制符 ${hex(c)} / must not contain bidi override characters (${hex(c)})`
  }
  return null
}

function refuse(lines: 'single' | 'multi') {
  return (value: string, ctx: z.RefinementCtx<string>) => {
    const problem = textProblem(value, lines)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }
}

/** One line of typed text (titles, names, places, headlines), trimmed, at most `max` characters. Chain `.min()` for required fields. */
export function singleLineText(max: number) {
  return z.string().trim().max(max).superRefine(refuse('single'))
}

/** Text that may run over lines (descriptions, notes, comments, instructions): \n and \t allowed. */
export function multiLineText(max: number) {
  return z
    .string()
    .overwrite((v) => v.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max)
    .superRefine(refuse('multi'))
}
