import { pinyin } from 'pinyin-pro'
import { isApproximate, type BaseContent, type BuiltBase } from '../../shared/index.ts'
import { shownSources } from '../../shared/schemas/base-source.ts'

/** Lower-case ASCII letters only: tones, spaces and punctuation removed. */
const lettersOnly = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')

/**
 * Search keys derived once at build time, so phones never run a pinyin dictionary:
 * 地质博物馆 → pinyin "dizhibowuguan", initials "dzbwg". Non-Chinese characters keep their letters.
 */
export function searchKeys(nameZh: string): BuiltBase['search'] {
  const syllables = pinyin(nameZh, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return {
    pinyin: lettersOnly(syllables.join('')),
    initials: lettersOnly(syllables.map((s) => s.trim()[0] ?? '').join('')),
  }
}

export function deriveBase(base: BaseContent): BuiltBase {
  // Reposts stay in content/ as research notes and never reach the app (shared/schemas/base-source.ts).
  return {
    ...base,
    sources: shownSources(base.sources),
    approximate: isApproximate(base.location.precision),
    search: searchKeys(base.name.zh),
  }
}

/**
 * Search keys of a person's name, reading the first characters as a surname (欧阳 ou-yang,
 * 单 shan, 曾 zeng): 欧阳自远 → pinyin "ouyangziyuan", initials "oyzy".
 */
export function personNameKeys(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
  return {
    pinyin: lettersOnly(syllables.join('')),
    initials: lettersOnly(syllables.map((s) => s.trim()[0] ?? '').join('')),
  }
}
