import { pinyin } from 'pinyin-pro'
import {
  buildWorkSearchIndex,
  workSearchDocs,
  type WorkSearchIndexJson,
  type WorkSearchSource,
} from '../../shared/domain/work-search.ts'

const HAN = /^\p{Script=Han}$/u

/**
 * Title pinyin for the works search index, one entry per character with tones dropped (as
 * `searchKeys` in derive.ts does for bases), '' for anything not Han: 湿地！ → shi, di, ''.
 * pinyin-pro reads the whole title, so a polyphone gets its reading in context (东北 → dong bei).
 */
export function titleSyllables(titleZh: string): string[] {
  const chars = Array.from(titleZh)
  return pinyin(titleZh, { toneType: 'none', type: 'array', nonZh: 'spaced' }).map((syllable, i) =>
    HAN.test(chars[i] ?? '') ? syllable.toLowerCase().replace(/[^a-z]/g, '') : '',
  )
}

/** The MiniSearch works index the search bench compares with (shared/domain/work-search.ts). */
export function buildWorkSearchJson(works: readonly WorkSearchSource[]): WorkSearchIndexJson {
  return buildWorkSearchIndex(workSearchDocs(works, titleSyllables))
}
