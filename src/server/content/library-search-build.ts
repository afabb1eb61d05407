import { createHash } from 'node:crypto'
import { baseDoc, guideDoc, themeDayDoc, workDoc } from '../../shared/domain/library-docs.ts'
import { buildLibrarySegments, type LibraryDoc, type LibrarySegmentJson } from '../../shared/domain/library-index.ts'
import { titleKeys, type TitleKeys } from '../../shared/domain/search-text.ts'
import type { BuiltContent } from './built-content.ts'
import { titleSyllables } from './work-search-build.ts'

/** Pinyin and initials of a title, word by word (pinyin-pro reads polyphones in context). */
export const pinyinKeys = (title: string): TitleKeys => titleKeys(title, titleSyllables)

/** The curated content as library documents: what the app ships indexed, and the server's share of it. */
export function contentLibraryDocs(
  content: Pick<BuiltContent, 'bases' | 'works' | 'themeDays' | 'guides'>,
): LibraryDoc[] {
  return [
    ...content.bases.map((b) => baseDoc(b, pinyinKeys(b.name.zh))),
    ...content.works.map((w) => workDoc(w, pinyinKeys(w.title.zh))),
    ...content.themeDays.map((d) => themeDayDoc(d, pinyinKeys(d.name.zh))),
    ...content.guides.map((g) => guideDoc(g, pinyinKeys(g.title.zh))),
  ]
}

export interface SegmentFile {
  /** `<kind>-<hash of the JSON>.json`: an unchanged segment keeps its name, so no phone fetches it again. */
  name: string
  json: string
}

/** The segments `npm run content:build` writes to generated/content/search/. */
export function contentSearchSegments(content: Parameters<typeof contentLibraryDocs>[0]): SegmentFile[] {
  return buildLibrarySegments(contentLibraryDocs(content)).map(segmentFile)
}

export function segmentFile(segment: LibrarySegmentJson): SegmentFile {
  const json = JSON.stringify(segment)
  return { name: `${segment.kind}-${createHash('sha256').update(json).digest('hex').slice(0, 12)}.json`, json }
}
