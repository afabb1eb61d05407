import { WORK_TOPICS } from '../constants.ts'
import type { WorkTopic } from '../schemas/work.ts'
import { PROVINCES } from './provinces.ts'
import { pinyinTerms, queryParts, textTerms, type TitleKeys } from './search-text.ts'

/**
 * One search over the whole library (bases, works, experts, events, theme days, guides): a small
 * inverted index of our own, the same on the content build, the server and the phone.
 *
 * The index is a list of segments, each many documents of one kind with its own term dictionary
 * and postings. Which documents share a segment depends only on the documents (content-defined,
 * like rsync's chunks): in date-then-id order, a segment ends after a document whose id hashes to
 * a multiple of the kind's `SEGMENT_DOCS`. The last of them, where new works and events arrive, is
 * cut again sixteen times finer. So adding a document changes one small segment, which is all a
 * phone downloads; when the tail grows a big boundary, its small segments become one big one.
 *
 * A segment is JSON with no number arrays: terms are sorted and front-coded into one string,
 * postings are document gaps in a variable-length base-32 code (one character below 32), and each
 * posting's fields are one more character in a column of their own, which gzip packs well.
 * Chinese is indexed as pairs of neighbouring characters, so a query's pairs find it wherever it
 * occurs (search-text.ts); titles also carry pinyin and initials keys from the build or the server.
 */

export const LIBRARY_KINDS = ['base', 'work', 'expert', 'event', 'theme-day', 'guide'] as const
export type LibraryKind = (typeof LIBRARY_KINDS)[number]

/** What a document gives the index. Only `kind`, `id` and `title` are required. */
export interface LibraryDoc {
  kind: LibraryKind
  id: string
  /** The Chinese title or name. */
  title: string
  titleEn?: string | undefined
  /** Pinyin and initials of the title, one item per word (search-text.ts `titleKeys`). */
  keys?: TitleKeys | undefined
  /** Short texts: a summary, a base's city and designation, an event's place and base. */
  summary?: string | undefined
  /** The long text (a work's body, a base's description), ranked lowest. */
  body?: string | undefined
  themes?: readonly WorkTopic[] | undefined
  /** A province by its Chinese name (as bases name it) or its GB/T 2260 code. */
  province?: string | null | undefined
  /** YYYY-MM-DD: a work's publication, an event's start. */
  date?: string | null | undefined
}

/** A segment as shipped (generated/content/search/*.json) or as the server builds it. */
export interface LibrarySegmentJson {
  v: 1
  kind: LibraryKind
  ids: string[]
  /** Per document, base-32 numbers: theme bits, province (1 + index in PROVINCES, 0 none), date (days since 2000-01-01, 0 none). */
  facets: string
  /** Sorted terms, each as a capital letter (A = 0 …) telling how many characters it shares with the one before, then the rest. */
  terms: string
  /** Per term, how many documents have it. */
  counts: string
  /** Per term, its documents: the first, then each gap less one. */
  gaps: string
  /** Per posting, the fields it is in (FIELD bits), one character. */
  fields: string
}

/**
 * Where a term was found in a document; `whole` marks a term that stands as a whole word there, in
 * a title or summary (in a long body it would cost a bit per posting for little change in rank).
 */
const FIELD = { title: 1, keys: 2, summary: 4, body: 8, whole: 16 } as const
/** Weights of the fields, best first: a title match outranks a summary match, which outranks the body. */
const WEIGHT: readonly [number, number][] = [
  [FIELD.title, 6],
  [FIELD.keys, 4],
  [FIELD.summary, 2],
  [FIELD.body, 1],
]
/** A whole word ranks above the same characters as a fragment of other words. */
const WHOLE_BONUS = 1.5
/** A Latin word matched by its start ("combust") ranks below the whole word. */
const PREFIX_FACTOR = 0.6
/** Shorter Latin words are initials ("sd"); as the start of an English word they would match nearly every work ("th"). */
const MIN_LATIN_PREFIX = 3

/**
 * Documents per segment, on average, by kind: each segment repeats the terms its documents share,
 * so large segments keep the index small; the tail's are `TAIL_SPLIT` times smaller.
 */
export const SEGMENT_DOCS: Record<LibraryKind, number> = {
  work: 512,
  base: 4096,
  expert: 1024,
  event: 2048,
  'theme-day': 1024,
  guide: 1024,
}
export const TAIL_SPLIT = 32

// ── Numbers as text ───────────────────────────────────────────────────────────────────────────
// A number is base-32 digits, most significant first: every digit but the last comes from CONT.
const LAST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef'
const CONT = 'ghijklmnopqrstuvwxyz0123456789-_'
const DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < 32; i++) {
  DIGIT[LAST.charCodeAt(i)] = i
  DIGIT[CONT.charCodeAt(i)] = 32 + i
}

function encodeNumber(n: number): string {
  let out = LAST[n & 31]!
  for (n = Math.floor(n / 32); n > 0; n = Math.floor(n / 32)) out = CONT[n & 31]! + out
  return out
}

/** Reads numbers one after another from a string; `at` is the next character. */
class NumberReader {
  at = 0
  constructor(private readonly text: string) {}
  next(): number {
    let n = 0
    for (;;) {
      const d = DIGIT[this.text.charCodeAt(this.at++)]!
      if (d < 0) throw new Error('library index: bad number')
      if (d < 32) return n * 32 + d
      n = n * 32 + (d - 32)
    }
  }
}

// ── Facets ─────────────────────────────────────────────────────────────────────────────────────
const DAY_MS = 86_400_000
const EPOCH = Date.UTC(2000, 0, 1)
const dayNumber = (date: string) => Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - EPOCH) / DAY_MS) + 1
export const dateOfDay = (day: number) => new Date(EPOCH + (day - 1) * DAY_MS).toISOString().slice(0, 10)
const THEME_BIT = new Map<string, number>(WORK_TOPICS.map((t, i) => [t, 2 ** i]))

/** 1 + the province's index in PROVINCES, by code or name ("北京市", "北京"); 0 when not a province. */
export function provinceNumber(province: string | null | undefined): number {
  if (!province) return 0
  const i = PROVINCES.findIndex((p) => p.code === province || p.zh === province || p.zh.startsWith(province))
  return i + 1
}

// ── Building ───────────────────────────────────────────────────────────────────────────────────
/** FNV-1a over UTF-16 units: a stable hash of an id, the same on every platform. */
export function hashId(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The terms of one document with their FIELD bits. */
function docTerms(doc: LibraryDoc): Map<string, number> {
  const terms = new Map<string, number>()
  const add = (text: string | undefined, field: number) => {
    if (!text) return
    for (const { term, whole } of textTerms(text))
      terms.set(term, (terms.get(term) ?? 0) | field | (whole && field !== FIELD.body ? FIELD.whole : 0))
  }
  add(doc.title, FIELD.title)
  add(doc.titleEn, FIELD.title)
  add(doc.summary, FIELD.summary)
  add(doc.body, FIELD.body)
  if (doc.keys) {
    for (const key of [...pinyinTerms(doc.keys.pinyin), ...pinyinTerms(doc.keys.initials)])
      terms.set(key, (terms.get(key) ?? 0) | FIELD.keys)
  }
  return terms
}

/** Dated documents oldest first (new ones arrive last), then by id. */
const byDateThenId = (a: LibraryDoc, b: LibraryDoc) => {
  const [x, y] = [`${a.date ?? ''}|${a.id}`, `${b.date ?? ''}|${b.id}`]
  return x < y ? -1 : x > y ? 1 : 0
}

function cut(docs: readonly LibraryDoc[], every: number): LibraryDoc[][] {
  const chunks: LibraryDoc[][] = []
  let current: LibraryDoc[] = []
  for (const doc of docs) {
    current.push(doc)
    if (hashId(doc.id) % every === 0) {
      chunks.push(current)
      current = []
    }
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** Splits documents into segments (see above): by kind, content-defined, the last big one cut finer. */
export function segmentDocs(docs: readonly LibraryDoc[]): LibraryDoc[][] {
  return LIBRARY_KINDS.flatMap((kind) => {
    const big = cut(docs.filter((d) => d.kind === kind).sort(byDateThenId), SEGMENT_DOCS[kind])
    const tail = big.pop()
    return tail ? [...big, ...cut(tail, SEGMENT_DOCS[kind] / TAIL_SPLIT)] : []
  })
}

/** One segment's JSON; all documents must be of one kind. */
export function buildSegment(unordered: readonly LibraryDoc[]): LibrarySegmentJson {
  const kind = unordered[0]?.kind
  if (!kind || unordered.some((d) => d.kind !== kind)) throw new Error('library index: a segment holds one kind')
  // In title order, documents that share words sit together, so their gaps are small numbers.
  const docs = [...unordered].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : byDateThenId(a, b)))
  const postings = new Map<string, [number, number][]>()
  let facets = ''
  docs.forEach((doc, i) => {
    for (const [term, fields] of docTerms(doc)) {
      const list = postings.get(term)
      if (list) list.push([i, fields])
      else postings.set(term, [[i, fields]])
    }
    const themes = (doc.themes ?? []).reduce((bits, t) => bits + (THEME_BIT.get(t) ?? 0), 0)
    facets +=
      encodeNumber(themes) +
      encodeNumber(provinceNumber(doc.province)) +
      encodeNumber(doc.date ? dayNumber(doc.date) : 0)
  })
  const sorted = [...postings.keys()].sort()
  let terms = ''
  let counts = ''
  let gaps = ''
  let fields = ''
  let previous = ''
  for (const term of sorted) {
    let shared = 0
    while (shared < 25 && shared < term.length && term[shared] === previous[shared]) shared++
    terms += String.fromCharCode(65 + shared) + term.slice(shared)
    previous = term
    const list = postings.get(term)!
    counts += encodeNumber(list.length)
    let last = -1
    for (const [doc, bits] of list) {
      gaps += encodeNumber(doc - last - 1)
      fields += LAST[bits]
      last = doc
    }
  }
  return { v: 1, kind, ids: docs.map((d) => d.id), facets, terms, counts, gaps, fields }
}

/** The whole index as segments (see `segmentDocs`). */
export function buildLibrarySegments(docs: readonly LibraryDoc[]): LibrarySegmentJson[] {
  return segmentDocs(docs).map(buildSegment)
}

// ── Loading ────────────────────────────────────────────────────────────────────────────────────
export interface LibrarySegment {
  kind: LibraryKind
  ids: readonly string[]
  themes: Uint32Array
  province: Uint8Array
  /** Days since 2000-01-01 (see dayNumber), 0 for none. */
  day: Uint16Array
  terms: readonly string[]
  /** Per term: index of its first posting (fields), and the offset of its first gap in `gaps`. */
  firstPosting: Uint32Array
  firstGap: Uint32Array
  gaps: string
  fields: string
}

/** Reads a segment; throws on anything this version did not write. */
export function loadSegment(json: unknown): LibrarySegment {
  const s = json as Partial<LibrarySegmentJson> | null
  if (
    s?.v !== 1 ||
    !LIBRARY_KINDS.includes(s.kind as LibraryKind) ||
    !Array.isArray(s.ids) ||
    [s.facets, s.terms, s.counts, s.gaps, s.fields].some((f) => typeof f !== 'string')
  )
    throw new Error('Not a library search segment of this app version; rebuild it with `npm run content:build`')
  const n = s.ids.length
  const themes = new Uint32Array(n)
  const province = new Uint8Array(n)
  const day = new Uint16Array(n)
  const facets = new NumberReader(s.facets!)
  for (let i = 0; i < n; i++) {
    themes[i] = facets.next()
    province[i] = facets.next()
    day[i] = facets.next()
  }
  const terms: string[] = []
  const text = s.terms!
  let previous = ''
  for (let at = 0; at < text.length;) {
    const shared = text.charCodeAt(at) - 65
    let end = at + 1
    while (end < text.length && (text.charCodeAt(end) < 65 || text.charCodeAt(end) > 90)) end++
    previous = previous.slice(0, shared) + text.slice(at + 1, end)
    terms.push(previous)
    at = end
  }
  const firstPosting = new Uint32Array(terms.length + 1)
  const firstGap = new Uint32Array(terms.length + 1)
  const counts = new NumberReader(s.counts!)
  const gaps = s.gaps!
  let gapAt = 0
  for (let t = 0; t < terms.length; t++) {
    const count = counts.next()
    firstPosting[t + 1] = firstPosting[t]! + count
    // Skip `count` numbers: each ends with a LAST digit.
    for (let left = count; left > 0; gapAt++) if (DIGIT[gaps.charCodeAt(gapAt)]! < 32) left--
    firstGap[t + 1] = gapAt
  }
  return {
    kind: s.kind as LibraryKind,
    ids: s.ids,
    themes,
    province,
    day,
    terms,
    firstPosting,
    firstGap,
    gaps,
    fields: s.fields!,
  }
}

// ── Searching ──────────────────────────────────────────────────────────────────────────────────
export interface LibraryFilters {
  kinds?: readonly LibraryKind[] | undefined
  theme?: WorkTopic | undefined
  /** Province code or Chinese name. */
  province?: string | undefined
  /** YYYY-MM-DD, inclusive; a document without a date does not pass a date filter. */
  from?: string | undefined
  to?: string | undefined
}

export interface LibrarySearchOptions extends LibraryFilters {
  /** Most hits per kind. @default 20 */
  limitPerKind?: number
  /** Today (YYYY-MM-DD), for ranking recent events above old ones. @default the UTC date */
  today?: string
}

export interface LibraryHit {
  kind: LibraryKind
  id: string
  score: number
  /** YYYY-MM-DD when the document has a date. */
  date: string | null
}

export interface LibraryResults {
  hits: Record<LibraryKind, LibraryHit[]>
  /** Matches per kind before the limit. */
  totals: Record<LibraryKind, number>
}

function lowerBound(terms: readonly string[], term: string): number {
  let lo = 0
  let hi = terms.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (terms[mid]! < term) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How well one posting answers a query part: its best field's weight, more for a whole word. */
function postingScore(bits: number, factor: number): number {
  for (const [field, weight] of WEIGHT) {
    if (bits & field) return weight * factor * (bits & FIELD.whole ? WHOLE_BONUS : 1)
  }
  return 0
}

/** A part of the query: terms to look up; a document matches the part through any of them. */
interface Lookup {
  term: string
  prefix: boolean
  /** Only postings in these fields count. */
  fields: number
  factor: number
}

const TEXT_FIELDS = FIELD.title | FIELD.summary | FIELD.body

function queryLookups(query: string): Lookup[][] {
  const { pairs, singles, latin } = queryParts(query)
  return [
    ...pairs.map((term) => [{ term, prefix: false, fields: TEXT_FIELDS, factor: 1 }]),
    // A lone character is the start of a pair or a run's last character: a prefix finds both.
    ...singles.map((term) => [{ term, prefix: true, fields: TEXT_FIELDS, factor: 1 }]),
    ...latin.map((term) => [
      { term, prefix: true, fields: FIELD.keys, factor: 1 },
      { term, prefix: false, fields: FIELD.title | FIELD.summary | FIELD.body, factor: 1 },
      ...(term.length >= MIN_LATIN_PREFIX ? [{ term, prefix: true, fields: TEXT_FIELDS, factor: PREFIX_FACTOR }] : []),
    ]),
  ]
}

/** Adds each document's best score for one lookup to `best` (a per-document maximum). */
function scoreLookup(segment: LibrarySegment, lookup: Lookup, best: Float64Array): void {
  const { terms } = segment
  let t = lowerBound(terms, lookup.term)
  for (; t < terms.length; t++) {
    const term = terms[t]!
    if (lookup.prefix ? !term.startsWith(lookup.term) : term !== lookup.term) break
    const reader = new NumberReader(segment.gaps)
    reader.at = segment.firstGap[t]!
    let doc = -1
    for (let p = segment.firstPosting[t]!; p < segment.firstPosting[t + 1]!; p++) {
      doc += reader.next() + 1
      const bits = DIGIT[segment.fields.charCodeAt(p)]! & lookup.fields
      if (bits === 0) continue
      // An exact term found by a prefix lookup (a Latin word) is the whole word.
      const factor = lookup.factor < 1 && term === lookup.term ? 1 : lookup.factor
      const score = postingScore(bits | (DIGIT[segment.fields.charCodeAt(p)]! & FIELD.whole), factor)
      if (score > best[doc]!) best[doc] = score
    }
    if (!lookup.prefix) break
  }
}

/** Events: a past one loses half its score after this many days, an upcoming one keeps it. */
const EVENT_HALF_LIFE_DAYS = 90

function passes(segment: LibrarySegment, doc: number, filters: LibraryFilters, range: [number, number]): boolean {
  if (filters.theme !== undefined && !(segment.themes[doc]! & (THEME_BIT.get(filters.theme) ?? 0))) return false
  if (filters.province !== undefined && segment.province[doc] !== provinceNumber(filters.province)) return false
  const day = segment.day[doc]!
  if ((filters.from !== undefined || filters.to !== undefined) && (day === 0 || day < range[0] || day > range[1]))
    return false
  return true
}

const emptyByKind = <T>(make: () => T) =>
  Object.fromEntries(LIBRARY_KINDS.map((k) => [k, make()])) as Record<LibraryKind, T>

/**
 * Documents matching every part of the query, best first within each kind. Chinese must contain
 * pairs covering the whole query (a single character matches as a prefix); a Latin word matches a
 * title's pinyin or initials from any of its words on, an English word, or (from three letters)
 * the start of one. Titles rank above summaries above bodies, whole words above fragments, and
 * recent events above old ones.
 */
export function searchLibrary(
  segments: readonly LibrarySegment[],
  query: string,
  options: LibrarySearchOptions = {},
): LibraryResults {
  const { limitPerKind = 20 } = options
  const today = dayNumber(options.today ?? new Date().toISOString())
  const range: [number, number] = [
    options.from ? dayNumber(options.from) : 0,
    options.to ? dayNumber(options.to) : Number.MAX_SAFE_INTEGER,
  ]
  const parts = queryLookups(query)
  const hits = emptyByKind<LibraryHit[]>(() => [])
  const totals = emptyByKind(() => 0)
  if (parts.length === 0) return { hits, totals }
  for (const segment of segments) {
    if (options.kinds && !options.kinds.includes(segment.kind)) continue
    const n = segment.ids.length
    const total = new Float64Array(n)
    const matched = new Uint8Array(n)
    const best = new Float64Array(n)
    let alive = true
    for (const [i, part] of parts.entries()) {
      best.fill(0)
      for (const lookup of part) scoreLookup(segment, lookup, best)
      alive = false
      for (let d = 0; d < n; d++) {
        if (matched[d] === i && best[d]! > 0) {
          matched[d] = i + 1
          total[d]! += best[d]!
          alive = true
        }
      }
      if (!alive) break
    }
    if (!alive) continue
    for (let d = 0; d < n; d++) {
      if (matched[d] !== parts.length || !passes(segment, d, options, range)) continue
      const day = segment.day[d]!
      let score = total[d]!
      if (segment.kind === 'event' && day > 0 && day < today) score /= 1 + (today - day) / EVENT_HALF_LIFE_DAYS
      hits[segment.kind].push({ kind: segment.kind, id: segment.ids[d]!, score, date: day ? dateOfDay(day) : null })
      totals[segment.kind]++
    }
  }
  for (const kind of LIBRARY_KINDS) {
    hits[kind] = hits[kind]
      .sort((a, b) => b.score - a.score || closeness(a, today) - closeness(b, today) || (a.id < b.id ? -1 : 1))
      .slice(0, limitPerKind)
  }
  return { hits, totals }
}

/** Ties go to the date nearest today (the next event before a later one), then by id. */
const closeness = (hit: LibraryHit, today: number) =>
  hit.date ? Math.abs(dayNumber(hit.date) - today) : Number.MAX_SAFE_INTEGER
