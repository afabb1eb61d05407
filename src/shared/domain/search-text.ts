import { parseMarkdownBlocks, type Inline } from './markdown-blocks.ts'

/**
 * How search reads Chinese and Latin text, shared by the works index (work-search.ts) and the
 * library index (library-index.ts): the same terms for the same text, on the build, the server
 * and the phone. The phone needs no pinyin dictionary: pinyin keys come from the build or the server.
 */

/**
 * Pinyin of a Chinese title, one entry per character (as `Array.from` splits it): the syllable
 * in lower-case letters for a Han character, '' for anything else. 湿地！ → ['shi', 'di', ''].
 */
export type TitleSyllables = (titleZh: string) => readonly string[]

/** Longer queries are cut: every pair of characters is one more term lookup. */
export const MAX_QUERY_CHARS = 64
/** A pinyin term spans at most this many words (plus one for the whole title), to keep titles' terms few. */
const MAX_PINYIN_WORDS = 4

export const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'at',
  'by',
  'for',
  'from',
  'in',
  'is',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
])
export const TOKEN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu
const HAN_WORD = /^\p{Script=Han}+$/u
// iOS Safari before 14.5 has no Intl.Segmenter: search then runs on pairs alone, ranking a little flatter.
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : null

export interface TextTokens {
  /** ICU words of two or more Han characters, and Latin words (lower-case, minus a few stopwords). */
  words: string[]
  /** Han character pairs not already a two-character word, and the last character of each Han run. */
  grams: string[]
}

/** Splits Chinese and Latin text into index terms (full-width letters and digits count as ASCII). */
export function tokenizeText(text: string): TextTokens {
  const normalized = text.normalize('NFKC').toLowerCase()
  const words: string[] = []
  const grams: string[] = []
  // One ICU pass over the whole text (cheaper than one per run; it never joins across non-Han).
  const wordStarts = new Set<number>()
  for (const { segment, index, isWordLike } of segmenter?.segment(normalized) ?? []) {
    if (!isWordLike || !HAN_WORD.test(segment)) continue
    const length = Array.from(segment).length
    if (length < 2) continue
    words.push(segment)
    if (length === 2) wordStarts.add(index)
  }
  for (const match of normalized.matchAll(TOKEN)) {
    const [, han, latin] = match
    if (latin !== undefined && !STOPWORDS.has(latin)) words.push(latin)
    if (han === undefined) continue
    // Pairs by code point, so a rare character outside the BMP is never cut in half.
    const chars = Array.from(han)
    let offset = match.index
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!
      const next = chars[i + 1]
      // The run's last character on its own, so a one-character query (a prefix) misses no occurrence.
      if (next === undefined) grams.push(char)
      else if (!wordStarts.has(offset)) grams.push(char + next)
      offset += char.length
    }
  }
  return { words, grams }
}

/** One term of a text and whether it stands as a whole word there (see `textTerms`). */
export interface TextTerm {
  term: string
  whole: boolean
}

/**
 * Every term of a text, each once: every pair of neighbouring Han characters and each run's last
 * character, and Latin words (lower-case, minus stopwords). A pair is `whole` where it lies inside
 * one ICU word (湿地 in 保护湿地, not in 潮湿|地面); a Latin word always is. A query is found by its
 * pairs wherever it occurs, so a phone whose ICU splits differently still finds the same things:
 * words only rank.
 */
export function textTerms(text: string): TextTerm[] {
  const normalized = text.normalize('NFKC').toLowerCase()
  // UTF-16 offsets where an ICU word of two or more Han characters ends, by where it starts.
  const wordEnd = new Map<number, number>()
  for (const { segment, index, isWordLike } of segmenter?.segment(normalized) ?? []) {
    if (isWordLike && segment.length > 1 && HAN_WORD.test(segment)) wordEnd.set(index, index + segment.length)
  }
  const terms = new Map<string, boolean>()
  const add = (term: string, whole: boolean) => {
    if (!terms.get(term)) terms.set(term, whole)
  }
  for (const match of normalized.matchAll(TOKEN)) {
    const [, han, latin] = match
    if (latin !== undefined) {
      if (!STOPWORDS.has(latin)) add(latin, true)
      continue
    }
    if (han === undefined) continue
    const chars = Array.from(han)
    let offset = match.index
    let inWordUntil = -1
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!
      const next = chars[i + 1]
      const end = wordEnd.get(offset)
      if (end !== undefined) inWordUntil = end
      if (next === undefined) add(char, false)
      else add(char + next, offset + char.length + next.length <= inWordUntil)
      offset += char.length
    }
  }
  return [...terms].map(([term, whole]) => ({ term, whole }))
}

/**
 * "shidi weishenme zhongyao" → shidiweishenmezhongyao, weishenmezhongyao, zhongyao: typing may
 * start at any word of the title but not inside one, so "shidi" finds 湿地 and not 化石|地.
 */
export function pinyinTerms(spaced: string): string[] {
  const words = spaced.split(' ').filter(Boolean)
  const terms = words.map((_, i) => words.slice(i, i + MAX_PINYIN_WORDS).join(''))
  if (words.length > MAX_PINYIN_WORDS) terms.push(words.join(''))
  return [...new Set(terms)]
}

/** A title's words (ICU's, or each character without Intl.Segmenter) as pinyin and as initials. */
export interface TitleKeys {
  /** One item per word: "shidi weishenme zhongyao" for 湿地为什么重要. */
  pinyin: string
  /** Their initials: "sd wsm zy". */
  initials: string
}

export function titleKeys(titleZh: string, syllablesOf: TitleSyllables): TitleKeys {
  const chars = Array.from(titleZh)
  const syllables = syllablesOf(titleZh)
  if (syllables.length !== chars.length)
    throw new Error(`pinyin of "${titleZh}" has ${syllables.length} entries for ${chars.length} characters`)
  const charAt = new Map<number, number>() // UTF-16 offset → character index
  chars.reduce((offset, char, i) => (charAt.set(offset, i), offset + char.length), 0)
  const starts = segmenter
    ? [...segmenter.segment(titleZh)].map((s) => charAt.get(s.index) ?? 0)
    : chars.map((_, i) => i)
  const words = starts
    .map((start, i) => syllables.slice(start, starts[i + 1] ?? chars.length).filter(Boolean))
    .filter((w) => w.length > 0)
  return {
    pinyin: words.map((w) => w.join('')).join(' '),
    initials: words.map((w) => w.map((s) => s[0]).join('')).join(' '),
  }
}

const inlineText = (inlines: readonly Inline[]) => inlines.map((inline) => inline.text).join('')

/** Markdown → the text a reader sees, one line per block or list item, so pairs never span two blocks. */
export function markdownPlainText(markdown: string): string {
  return parseMarkdownBlocks(markdown)
    .flatMap((block) => (block.kind === 'list' ? block.items.map(inlineText) : [inlineText(block.inlines)]))
    .join('\n')
}

/** What a query asks for: Han pairs covering it, a lone Han character, Latin words and its longer ICU words. */
export interface QueryParts {
  pairs: string[]
  singles: string[]
  latin: string[]
}

export function queryParts(query: string): QueryParts {
  const pairs = new Set<string>()
  const singles = new Set<string>()
  const latin = new Set<string>()
  for (const [, han, word] of query.slice(0, MAX_QUERY_CHARS).normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (word !== undefined && !STOPWORDS.has(word)) latin.add(word)
    if (han === undefined) continue
    // Pairs that cover every character (ABCDE → AB, CD, DE): each term costs a pass over its
    // postings, and the pairs in between (BC) rarely rule out a work the others let through.
    const chars = Array.from(han)
    if (chars.length === 1) singles.add(han)
    for (let i = 0; i + 1 < chars.length; i += 2) pairs.add(chars[i]! + chars[i + 1]!)
    if (chars.length % 2 === 1 && chars.length > 1) pairs.add(chars.slice(-2).join(''))
  }
  return { pairs: [...pairs], singles: [...singles], latin: [...latin] }
}
