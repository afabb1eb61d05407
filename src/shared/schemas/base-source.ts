import { z } from 'zod'

/*
 * Where a base's facts come from. Official pages and news reports may be shown to visitors as
 * links; a repost (a third-party copy of official or news text, often on a spam-filled site) is a
 * research note for editors only. The content build drops reposts from what it ships, so the app
 * has no way to draw one as a link.
 */

export const SOURCE_KINDS = ['official', 'news', 'repost'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]
/** The kinds a visitor may see. */
export const SHOWN_SOURCE_KINDS = ['official', 'news'] as const
export type ShownSourceKind = (typeof SHOWN_SOURCE_KINDS)[number]

const httpUrl = z.url({ protocol: /^https?$/, error: 'not a valid http(s) URL' })

/** One source as written in `content/bases/<id>.yaml`. */
export const baseSource = z.union([
  z.literal('recalled'),
  z
    .object({
      url: httpUrl,
      kind: z.enum(SOURCE_KINDS),
      /** For editors: what the page holds, why it is trusted or not. */
      note: z.string().trim().min(1).optional(),
    })
    .strict(),
  /** A printed or broadcast report with no link (e.g. 常州日报 2023-07-18). */
  z
    .object({
      citation: z.string().trim().min(4).max(300),
      kind: z.enum(SHOWN_SOURCE_KINDS),
    })
    .strict(),
])
export type BaseSource = z.infer<typeof baseSource>

/** A source the app shows: a link or a citation, never a repost. */
export const shownBaseSource = z.union([
  z.object({ url: httpUrl, kind: z.enum(SHOWN_SOURCE_KINDS) }).strict(),
  z.object({ citation: z.string().min(4), kind: z.enum(SHOWN_SOURCE_KINDS) }).strict(),
])
export type ShownBaseSource = z.infer<typeof shownBaseSource>

/** What the build ships: official and news sources only, in content order. */
export function shownSources(sources: readonly BaseSource[]): ShownBaseSource[] {
  return sources.flatMap((s): ShownBaseSource[] => {
    if (s === 'recalled' || s.kind === 'repost') return []
    return 'url' in s ? [{ url: s.url, kind: s.kind }] : [{ citation: s.citation, kind: s.kind }]
  })
}

/** URLs marked as reposts: they must not reach the app anywhere else either (website, text). */
export function repostUrls(sources: readonly BaseSource[]): string[] {
  return sources.flatMap((s) => (s !== 'recalled' && 'url' in s && s.kind === 'repost' ? [s.url] : []))
}
