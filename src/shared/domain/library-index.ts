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
  constructor(private text: string) {}
  reset(text: string): void {
    this.text = text
    this.at = 0
  }
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
  /**
   * Documents a later segment replaces (shipped works edited in the app): their ids are found only
   * in `by`, so a query that matches only a replaced text finds nothing.
   */
  replaced?: { by: LibrarySegment; ids: ReadonlySet<string> }
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
  /** Fields where the term itself counts. */
  exact: number
  /** Fields where a longer term starting with it counts, and how much (PREFIX_FACTOR, or 1 for pinyin keys). */
  longer: number
  longerFactor: number
}

const TEXT_FIELDS = FIELD.title | FIELD.summary | FIELD.body

/** One lookup per part of the query; a document must match every part. */
function queryLookups(query: string): Lookup[] {
  const { pairs, singles, latin } = queryParts(query)
  return [
    ...pairs.map((term) => ({ term, prefix: false, exact: TEXT_FIELDS, longer: 0, longerFactor: 0 })),
    // A lone character is the start of a pair or a run's last character: a prefix finds both.
    ...singles.map((term) => ({ term, prefix: true, exact: TEXT_FIELDS, longer: TEXT_FIELDS, longerFactor: 1 })),
    // A Latin word: pinyin keys from any title word on, English words whole or (from three letters) by their start.
    ...latin.map((term) =>
      term.length >= MIN_LATIN_PREFIX
        ? {
            term,
            prefix: true,
            exact: TEXT_FIELDS | FIELD.keys,
            longer: TEXT_FIELDS | FIELD.keys,
            longerFactor: PREFIX_FACTOR,
          }
        : { term, prefix: true, exact: TEXT_FIELDS | FIELD.keys, longer: FIELD.keys, longerFactor: 1 },
    ),
  ]
}

const reader = new NumberReader('')

/** Puts each document's best score for one lookup in `best` (a per-document maximum). */
function scoreLookup(segment: LibrarySegment, lookup: Lookup, best: Float64Array): void {
  const { terms, fields } = segment
  reader.reset(segment.gaps)
  for (let t = lowerBound(terms, lookup.term); t < terms.length; t++) {
    const term = terms[t]!
    const exact = term === lookup.term
    if (!exact && !(lookup.prefix && term.startsWith(lookup.term))) break
    const wanted = exact ? lookup.exact : lookup.longer
    if (wanted === 0) continue
    reader.at = segment.firstGap[t]!
    let doc = -1
    for (let p = segment.firstPosting[t]!; p < segment.firstPosting[t + 1]!; p++) {
      doc += reader.next() + 1
      const all = DIGIT[fields.charCodeAt(p)]!
      const bits = all & wanted
      if (bits === 0) continue
      // Pinyin keys are typed by their start: a longer key counts in full.
      const factor = exact || bits & FIELD.keys ? 1 : lookup.longerFactor
      const score = postingScore(bits | (all & FIELD.whole), factor)
      if (score > best[doc]!) best[doc] = score
    }
  }
}

/**
 * Per-document scores of the segment being searched, reused by every segment and query: fresh
 * typed arrays for each would be half a megabyte of garbage per query at national scale.
 */
let scratch = { total: new Float64Array(0), matched: new Uint8Array(0), best: new Float64Array(0) }
function scratchFor(n: number): typeof scratch {
  if (scratch.total.length < n)
    scratch = { total: new Float64Array(n), matched: new Uint8Array(n), best: new Float64Array(n) }
  return scratch
}

/** Events: a past one loses half its score after this many days, an upcoming one keeps it. */
const EVENT_HALF_LIFE_DAYS = 90

/** The filters as the index stores them: a theme bit, a province number, a day range (0 where unset). */
interface IndexFilters {
  theme: number
  province: number
  dated: boolean
  from: number
  to: number
}

function indexFilters(filters: LibraryFilters): IndexFilters {
  return {
    theme: filters.theme === undefined ? 0 : (THEME_BIT.get(filters.theme) ?? 0),
    province: filters.province === undefined ? 0 : provinceNumber(filters.province) || -1,
    dated: filters.from !== undefined || filters.to !== undefined,
    from: filters.from ? dayNumber(filters.from) : 0,
    to: filters.to ? dayNumber(filters.to) : Number.MAX_SAFE_INTEGER,
  }
}

function passes(segment: LibrarySegment, doc: number, f: IndexFilters): boolean {
  if (f.theme && !(segment.themes[doc]! & f.theme)) return false
  if (f.province && segment.province[doc] !== f.province) return false
  const day = segment.day[doc]!
  return !f.dated || (day > 0 && day >= f.from && day <= f.to)
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
  const filters = indexFilters(options)
  const parts = queryLookups(query)
  const { replaced } = options
  const found = emptyByKind<Candidate[]>(() => [])
  const totals = emptyByKind(() => 0)
  const hits = emptyByKind<LibraryHit[]>(() => [])
  if (parts.length === 0) return { hits, totals }
  for (const segment of segments) {
    if (options.kinds && !options.kinds.includes(segment.kind)) continue
    const n = segment.ids.length
    const { total, matched, best } = scratchFor(n)
    total.fill(0, 0, n)
    matched.fill(0, 0, n)
    let alive = true
    for (const [i, lookup] of parts.entries()) {
      best.fill(0, 0, n)
      scoreLookup(segment, lookup, best)
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
      if (matched[d] !== parts.length || !passes(segment, d, filters)) continue
      if (replaced && segment !== replaced.by && replaced.ids.has(segment.ids[d]!)) continue
      const day = segment.day[d]!
      let score = total[d]!
      if (segment.kind === 'event' && day > 0 && day < today) score /= 1 + (today - day) / EVENT_HALF_LIFE_DAYS
      // Ties go to the date nearest today (the next event before a later one), then by id.
      found[segment.kind].push({ segment, doc: d, score, near: day ? Math.abs(day - today) : Number.MAX_SAFE_INTEGER })
      totals[segment.kind]++
    }
  }
  for (const kind of LIBRARY_KINDS) {
    hits[kind] = found[kind]
      .sort((a, b) => b.score - a.score || a.near - b.near || byCodeUnit(a.segment.ids[a.doc]!, b.segment.ids[b.doc]!))
      .slice(0, limitPerKind)
      .map(({ segment, doc, score }) => {
        const day = segment.day[doc]!
        return { kind, id: segment.ids[doc]!, score, date: day ? dateOfDay(day) : null }
      })
  }
  return { hits, totals }
}

interface Candidate {
  segment: LibrarySegment
  doc: number
  score: number
  /** Days between its date and today. */
  near: number
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
