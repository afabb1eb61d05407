import { z } from 'zod'
import { LIBRARY_KINDS } from '../domain/library-index.ts'
import { provinceCode } from './expert.ts'
import { localDate } from './sync.ts'
import { singleLineText } from './common.ts'
import { workTopic } from './work.ts'

/*
 * GET /api/search: one search over the library (shared/domain/library-index.ts), answered by the
 * server over everything it has; the phone runs the same index over what it keeps offline and
 * draws both answers with the same hits (shared/domain/library-hits.ts).
 */

export const searchKind = z.enum(LIBRARY_KINDS)
export type SearchKind = z.infer<typeof searchKind>

/** Longest query the search reads (it cuts longer text: every character is more work). */
export const SEARCH_QUERY_MAX = 64

export const searchQuery = z.object({
  /** 汉字, full pinyin, initials, English words, or a mix ("湿地 bowuguan"). */
  q: singleLineText(SEARCH_QUERY_MAX).min(1),
  /** Only this kind. */
  kind: searchKind.optional(),
  /** One of the 16 themes (works' topics, experts' fields); things without themes do not pass. */
  theme: workTopic.optional(),
  /** GB/T 2260 province code. */
  province: provinceCode.optional(),
  /** Asia/Shanghai dates, inclusive: works by publication, events by start; things without a date do not pass. */
  from: localDate.optional(),
  to: localDate.optional(),
})
export type SearchQuery = z.infer<typeof searchQuery>

const bilingual = z.object({ zh: z.string(), en: z.string() })

/** One thing found, with what a result row shows. */
export const searchHit = z.object({
  kind: searchKind,
  id: z.string(),
  title: bilingual,
  /** A line under the title: where a base or event is, an expert's institution, a work's summary. */
  detail: bilingual.nullable(),
  /** A work's publication or an event's start (YYYY-MM-DD). */
  date: localDate.nullable(),
})
export type SearchHit = z.infer<typeof searchHit>

export const searchGroup = z.object({
  kind: searchKind,
  /** How many matched; `hits` carries the best 20. */
  total: z.number().int().nonnegative(),
  hits: z.array(searchHit),
})
export type SearchGroup = z.infer<typeof searchGroup>

export const searchResponse = z.object({
  /** Kinds with at least one hit, in the order of LIBRARY_KINDS. */
  groups: z.array(searchGroup),
})
export type SearchResponse = z.infer<typeof searchResponse>
