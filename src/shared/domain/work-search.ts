import MiniSearch, { type AsPlainObject, type Options, type Query } from 'minisearch'
import type { BuiltWork } from '../schemas/work.ts'
import {
  MAX_QUERY_CHARS,
  STOPWORDS,
  TOKEN,
  markdownPlainText,
  pinyinTerms,
  titleKeys,
  tokenizeText,
  type TextTokens,
  type TitleSyllables,
} from './search-text.ts'

export { markdownPlainText, tokenizeText, type TextTokens, type TitleSyllables }

/**
 * The works search the app shipped before the library index (library-index.ts), kept as the
 * `search` bench's peer: one MiniSearch index over every work, too large to precache at scale,
 * which any new work changes whole. Nothing in the app loads it any more.
 *
 * Chinese is indexed in two kinds of field, so that whole words can rank higher:
 * - words: what `Intl.Segmenter` calls words of two or more characters (and Latin words);
 * - grams: the remaining pairs of neighbouring Han characters, plus each run's last character.
 * Together every adjacent pair of characters is a term exactly once. A query must contain pairs
 * covering all its characters, so 湿地, 耕地 and 红线 are found even where ICU splits them (it gives
 * 红|线 and 天然|气), and a phone whose ICU segments differently from Node's still finds the same
 * works: ICU words only add to the score. Title pinyin and initials come from the build, as terms
 * starting at each title word ("shidi", "sd").
 */

/** What a work contributes to the index: the built work's texts. */
export type WorkSearchSource = Pick<BuiltWork, 'id' | 'title' | 'summary' | 'body'>

/** One document as indexed; built at content build time, never shipped (the index stores only ids). */
export interface WorkSearchDoc {
  id: string
  titleZh: string
  titleEn: string
  summaryZh: string
  summaryEn: string
  /** The body as plain text: no Markdown syntax, no link targets. */
  body: string
  /** Title pinyin, one item per word: "shidi weishenme zhongyao" for 湿地为什么重要. */
  titlePinyin: string
  /** Their initials: "sd wsm zy". */
  titleInitials: string
}

export type WorkSearchIndex = MiniSearch<WorkSearchDoc>
/** Its JSON form, as the app once shipped it. */
export type WorkSearchIndexJson = AsPlainObject
export interface WorkSearchHit {
  id: string
  score: number
}
export interface WorkSearchOptions {
  /** @default 20 */
  limit?: number
}

/** Index field → the document text it reads, how it is tokenized, and its weight (title > summary > body). */
const FIELDS = {
  titleWords: { source: 'titleZh', kind: 'words', boost: 6 },
  titleGrams: { source: 'titleZh', kind: 'grams', boost: 3 },
  titleEn: { source: 'titleEn', kind: 'words', boost: 6 },
  titlePinyin: { source: 'titlePinyin', kind: 'pinyin', boost: 4 },
  titleInitials: { source: 'titleInitials', kind: 'pinyin', boost: 3 },
  summaryWords: { source: 'summaryZh', kind: 'words', boost: 2 },
  summaryGrams: { source: 'summaryZh', kind: 'grams', boost: 1 },
  summaryEn: { source: 'summaryEn', kind: 'words', boost: 2 },
  bodyWords: { source: 'body', kind: 'words', boost: 1 },
  bodyGrams: { source: 'body', kind: 'grams', boost: 0.5 },
} as const satisfies Record<string, { source: keyof WorkSearchDoc; kind: 'words' | 'grams' | 'pinyin'; boost: number }>
type Field = keyof typeof FIELDS

const FIELD_NAMES = Object.keys(FIELDS) as Field[]
const BOOST = Object.fromEntries(FIELD_NAMES.map((f) => [f, FIELDS[f].boost]))
const HAN_FIELDS: Field[] = ['titleWords', 'titleGrams', 'summaryWords', 'summaryGrams', 'bodyWords', 'bodyGrams']
const WORD_FIELDS: Field[] = ['titleWords', 'summaryWords', 'bodyWords']
const PINYIN_FIELDS: Field[] = ['titlePinyin', 'titleInitials']
const LATIN_WORD_FIELDS: Field[] = ['titleEn', 'summaryEn', ...WORD_FIELDS]
/** Shorter Latin words are initials ("sd"); as the start of an English word they would match nearly every work ("th"). */
const MIN_LATIN_PREFIX = 3
const KEY_DIGITS = 'ABCDEFGHIJKLMNOP'
/**
 * The index's key for a term: Chinese (anything from U+2E80 up) as four letters A–P per UTF-16
 * unit, 湿地 → GOHPFHDA; ASCII as it is. MiniSearch's radix tree scans a node's children one by
 * one, and raw Chinese puts thousands of first characters under its root, which loading the index
 * and every term lookup would walk; sixteen letters keep each node small. Letters A–P never occur
 * in lower-cased terms, and a character's key is a prefix of its pairs' keys, so one-character
 * queries keep working.
 */
function termKey(term: string): string {
  if (term.charCodeAt(0) < 0x2e80) return term
  let key = ''
  for (let i = 0; i < term.length; i++) {
    const unit = term.charCodeAt(i)
    key +=
      KEY_DIGITS[(unit >> 12) & 15]! +
      KEY_DIGITS[(unit >> 8) & 15]! +
      KEY_DIGITS[(unit >> 4) & 15]! +
      KEY_DIGITS[unit & 15]!
  }
  return key
}

export function workSearchDocs(works: readonly WorkSearchSource[], syllablesOf: TitleSyllables): WorkSearchDoc[] {
  return works.map((work) => {
    const keys = titleKeys(work.title.zh, syllablesOf)
    return {
      id: work.id,
      titleZh: work.title.zh,
      titleEn: work.title.en,
      summaryZh: work.summary.zh,
      summaryEn: work.summary.en,
      body: markdownPlainText(work.body),
      titlePinyin: keys.pinyin,
      titleInitials: keys.initials,
    }
  })
}

/** The same options must build and load an index; the tokenizer runs only while building. */
function indexOptions(): Options<WorkSearchDoc> {
  // Each Chinese text feeds two fields in a row (words, then grams): segment it once.
  let last: { text: string; tokens: TextTokens } | null = null
  const tokensOf = (text: string) => (last?.text === text ? last : (last = { text, tokens: tokenizeText(text) })).tokens
  return {
    fields: FIELD_NAMES,
    extractField: (doc, field) => (field === 'id' ? doc.id : doc[FIELDS[field as Field].source]),
    tokenize: (text, field) => {
      const kind = FIELDS[field as Field].kind
      return kind === 'pinyin' ? pinyinTerms(text) : tokensOf(text)[kind].map(termKey)
    },
    processTerm: (term) => term,
    // Queries arrive already split into terms (see searchWorks).
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: BOOST },
  }
}

export function buildWorkSearchIndex(docs: readonly WorkSearchDoc[]): WorkSearchIndexJson {
  const index = new MiniSearch<WorkSearchDoc>(indexOptions())
  index.addAll(docs)
  return index.toJSON()
}

export function loadWorkSearchIndex(json: unknown): WorkSearchIndex {
  const plain = json as Partial<AsPlainObject> | null
  const fields = Object.keys(plain?.fieldIds ?? {}).join()
  if (plain?.serializationVersion !== 2 || !Array.isArray(plain.index) || fields !== FIELD_NAMES.join()) {
    throw new Error(
      `Not a works search index for this app version (fields: ${fields || 'none'}); rebuild it with \`npm run content:build\``,
    )
  }
  return MiniSearch.loadJS(plain as AsPlainObject, indexOptions())
}

/** Index keys (see termKey) of what a query asks for. */
interface QueryTerms {
  pairs: string[]
  singles: string[]
  words: string[]
  latin: string[]
}

function queryTerms(query: string): QueryTerms {
  const pairs = new Set<string>()
  const singles = new Set<string>()
  const latin = new Set<string>()
  const hanRuns: string[] = []
  for (const [, han, word] of query.slice(0, MAX_QUERY_CHARS).normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (word !== undefined && !STOPWORDS.has(word)) latin.add(word)
    if (han === undefined) continue
    hanRuns.push(han)
    // Pairs that cover every character (ABCDE → AB, CD, DE): each term costs a pass over its
    // postings, and the pairs in between (BC) rarely rule out a work the others let through.
    const chars = Array.from(han)
    if (chars.length === 1) singles.add(han)
    for (let i = 0; i + 1 < chars.length; i += 2) pairs.add(chars[i]! + chars[i + 1]!)
    if (chars.length % 2 === 1 && chars.length > 1) pairs.add(chars.slice(-2).join(''))
  }
  // Two-character words already rank higher through the words fields' boosts; longer ones get a bonus.
  const words = new Set(tokenizeText(hanRuns.join(' ')).words.filter((w) => w.length > 2))
  const keys = (terms: Set<string>) => [...terms].map(termKey)
  return { pairs: keys(pairs), singles: keys(singles), words: keys(words), latin: keys(latin) }
}

/**
 * Works matching every part of the query, best first. Chinese must contain pairs of neighbouring
 * characters covering the whole query (a single character matches as a prefix); a Latin word
 * matches the title's pinyin ("shidi") or initials ("sd") from any word of the title on, or an
 * English word (its start, from three letters). Longer ICU words shared with the query add to the score.
 */
export function searchWorks(index: WorkSearchIndex, query: string, options: WorkSearchOptions = {}): WorkSearchHit[] {
  const { limit = 20 } = options
  const { pairs, singles, words, latin } = queryTerms(query)
  const required: Query[] = [
    ...pairs.map((term) => ({ queries: [term], fields: HAN_FIELDS })),
    ...singles.map((term) => ({ queries: [term], fields: HAN_FIELDS, prefix: true })),
    ...latin.map((term): Query => ({
      combineWith: 'OR',
      queries: [
        { queries: [term], fields: PINYIN_FIELDS, prefix: true },
        { queries: [term], fields: LATIN_WORD_FIELDS, prefix: term.length >= MIN_LATIN_PREFIX },
      ],
    })),
  ]
  if (required.length === 0) return []
  const hits = index
    .search({ queries: required, combineWith: 'AND' })
    .map((hit) => ({ id: String(hit.id), score: hit.score }))
  if (words.length > 0 && hits.length > 0) {
    const bonus = new Map(
      index
        .search({ queries: words, fields: WORD_FIELDS, combineWith: 'OR' })
        .map((hit) => [String(hit.id), hit.score]),
    )
    for (const hit of hits) hit.score += bonus.get(hit.id) ?? 0
  }
  // MiniSearch sorts by score alone; ties go by id so the order never depends on the build.
  return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit)
}
