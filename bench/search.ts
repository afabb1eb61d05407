// Search benches. `search`: works search over 5,000 synthetic Chinese works with the shipped
// library index (shared/domain/library-index.ts, works' segments only), against scanning every
// work's text with `includes` on each query, and against the MiniSearch index the app shipped
// before (shared/domain/work-search.ts). `library-search`: the same index over a national library
// (5,000 works, 10,000 bases, 1,000 experts, 5,000 events: bench/library-corpus.ts). Works are
// built from real natural-resources words in sentence templates (300–1,500 characters each), with
// each word in about as many works as in content/works; queries mix two-character words, three-
// to six-character words and title pinyin. Indexes are built and loaded once, outside the query
// timing, as the app does; the peer's texts are prepared outside it too. Sizes are what a phone
// downloads: each segment file gzipped (level 9) on its own, summed. `update_kb` is what it
// downloads after one new work: the segments whose files changed, plus the list of segment names.
// Throttled figures run the same queries in Chromium at 4× CPU slowdown (bench/search-throttled.ts).
// Each query's time is its fastest of RUNS_PER_QUERY runs: on a shared host a preempted run says
// more about the host than about the query.
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import {
  loadWorkSearchIndex,
  searchWorks,
  workSearchDocs,
  type WorkSearchSource,
} from '../src/shared/domain/work-search.ts'
import {
  buildLibrarySegments,
  loadSegment,
  searchLibrary,
  type LibraryDoc,
} from '../src/shared/domain/library-index.ts'
import { segmentFile } from '../src/server/content/library-search-build.ts'
import { buildWorkSearchJson, titleSyllables } from '../src/server/content/work-search-build.ts'
import { NATIONAL_LIBRARY, syntheticLibrary } from './library-corpus.ts'
import { throttledQueryTimes } from './search-throttled.ts'
import { mulberry32 } from './synthetic-bases.ts'

export interface SearchFigure {
  bench: 'search'
  docs: number
  p50_ms: number
  p95_ms: number
  /** Chromium at 4× CPU slowdown. */
  throttled_p95_ms: number
  peer: 'substring'
  peer_p50_ms: number
  peer_p95_ms: number
  /** Every works segment, raw and gzipped (level 9, file by file). */
  index_kb: number
  index_gzip_kb: number
  segments: number
  /** Downloaded after one new work: its changed segment and the segment list. */
  update_kb: number
  /** Content build: title pinyin, tokenizing, indexing and serializing every work. */
  build_ms: number
  /** Phone side before the first search: JSON.parse and loading of every segment. */
  load_ms: number
  /** The MiniSearch index the app shipped before: one file, changed whole by any new work. */
  minisearch_index_gzip_kb: number
  minisearch_p95_ms: number
}

export interface LibrarySearchFigure {
  bench: 'library-search'
  docs: number
  works: number
  bases: number
  experts: number
  events: number
  index_kb: number
  index_gzip_kb: number
  segments: number
  update_kb: number
  p50_ms: number
  p95_ms: number
  throttled_p50_ms: number
  throttled_p95_ms: number
  build_ms: number
  load_ms: number
}

/** [Chinese, English]: terms of the programme's themes, two to six characters long. */
export const TERMS: readonly (readonly [string, string])[] = [
  ['耕地', 'farmland'],
  ['湿地', 'wetland'],
  ['红线', 'red line'],
  ['黑土地', 'black soil'],
  ['天然气', 'natural gas'],
  ['可燃冰', 'combustible ice'],
  ['天然气水合物', 'gas hydrate'],
  ['干热岩', 'hot dry rock'],
  ['地热能', 'geothermal energy'],
  ['矿产资源', 'mineral resources'],
  ['稀土', 'rare earths'],
  ['锂矿', 'lithium ore'],
  ['国土空间规划', 'spatial planning'],
  ['生态修复', 'ecological restoration'],
  ['自然保护地', 'protected areas'],
  ['国家公园', 'national parks'],
  ['地质灾害', 'geohazards'],
  ['滑坡', 'landslides'],
  ['泥石流', 'debris flows'],
  ['崩塌', 'rockfalls'],
  ['地面沉降', 'land subsidence'],
  ['海洋', 'ocean'],
  ['海岸带', 'coastal zone'],
  ['红树林', 'mangroves'],
  ['珊瑚礁', 'coral reefs'],
  ['海草床', 'seagrass beds'],
  ['极地', 'polar regions'],
  ['南极', 'Antarctica'],
  ['北极', 'the Arctic'],
  ['深海', 'deep sea'],
  ['深地探测', 'deep earth probing'],
  ['测绘', 'surveying'],
  ['北斗', 'BeiDou'],
  ['地图', 'maps'],
  ['碳汇', 'carbon sinks'],
  ['蓝碳', 'blue carbon'],
  ['生物多样性', 'biodiversity'],
  ['森林', 'forests'],
  ['草原', 'grasslands'],
  ['荒漠化', 'desertification'],
  ['水土流失', 'soil erosion'],
  ['永久基本农田', 'permanent basic farmland'],
  ['土地整治', 'land consolidation'],
  ['矿山公园', 'mine parks'],
  ['地质遗迹', 'geoheritage'],
  ['化石', 'fossils'],
  ['岩石', 'rocks'],
  ['矿物', 'minerals'],
  ['地下水', 'groundwater'],
  ['冰川', 'glaciers'],
  ['冻土', 'permafrost'],
  ['盐沼', 'salt marshes'],
  ['滩涂', 'tidal flats'],
  ['沙漠', 'deserts'],
  ['三区三线', 'three zones and three lines'],
  ['国土调查', 'land survey'],
  ['用途管制', 'use control'],
  ['地球系统', 'Earth system'],
  ['水资源', 'water resources'],
  ['海平面', 'sea level'],
  ['地震', 'earthquakes'],
  ['火山', 'volcanoes'],
  ['石油', 'oil'],
  ['页岩气', 'shale gas'],
  ['煤炭', 'coal'],
  ['铁矿', 'iron ore'],
  ['铜矿', 'copper ore'],
  ['黄金', 'gold'],
]
export const PLACES = [
  '青藏高原',
  '三江源',
  '秦岭',
  '长江',
  '黄河',
  '南海',
  '东北平原',
  '塞罕坝',
  '祁连山',
  '黄土高原',
  '渤海',
  '云贵高原',
  '鄱阳湖',
  '洞庭湖',
  '准噶尔盆地',
  '柴达木盆地',
  '珠江口',
  '长白山',
]
const TITLES = [
  '走进{A}',
  '{A}与{B}',
  '{P}的{A}',
  '{A}：{B}的秘密',
  '为什么要保护{A}',
  '{A}小知识',
  '从{A}到{B}',
  '{P}{A}考察记',
]
/** Sentences about the work's topics ({A}, {B}); none contains a word of TERMS itself. */
const TOPICAL = [
  '{A}是{B}的重要组成部分，也是{P}最宝贵的财富之一。',
  '保护{A}就是保护{B}，需要全社会共同努力。',
  '在{P}，科研人员用了{N}年时间研究{A}和{B}之间的关系。',
  '很多人以为{A}取之不尽，其实它的形成往往需要上万年。',
  '近{N}年来，{P}的{A}面积逐渐恢复，{B}状况明显改善。',
  '小朋友可以在课本里找一找{P}，看看那里有哪些{A}。',
  '专家提醒，开发{A}时一定要兼顾{B}的保护。',
  '{A}的调查数据显示，{P}共有{N}处重要的{B}。',
  '如果遇到{A}，要立即向高处撤离，并及时报告当地政府。',
  '我国已经建立了覆盖{P}的{A}监测网络，每{N}天更新一次。',
]
/** Sentences any work might have, about no topic in particular. */
const GENERAL = [
  '科学家们通过长期观测，积累了大量宝贵的数据。',
  '这些知识可以帮助我们更好地认识脚下的大地。',
  '走进博物馆，你会看到许多珍贵的标本和模型。',
  '每一个数字背后，都有野外工作者的辛勤付出。',
  '同学们不妨动手做一做，把观察结果记录在笔记本上。',
  '这项工作看似平常，却关系到千家万户的生活。',
  '只有了解它，才能更好地保护它、利用它。',
  '越来越多的志愿者加入了科普宣传的队伍。',
  '听完讲解，大家纷纷提出了自己的问题。',
  '新技术让过去难以完成的任务变得简单。',
  '其实，答案就藏在我们身边的细节里。',
  '一代又一代科研人员在艰苦的环境中坚持工作。',
]
const HEADINGS = ['## {A}是什么', '## 为什么重要', '## 我们能做什么', '## {P}的故事', '## 小实验']

/**
 * Each work has three topic terms and a place; half its sentences are about its topics, one in
 * twenty mentions another term in passing, the rest are general. That gives a term in about 6% of
 * works, as in content/works (mean 6%, most frequent 22% for 耕地).
 */
export function syntheticWorks(count: number, seed: number): WorkSearchSource[] {
  const random = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const fill = (template: string, a: readonly [string, string], b: readonly [string, string], place: string) =>
    template
      .replace('{A}', a[0])
      .replace('{B}', b[0])
      .replace('{P}', place)
      .replace('{N}', String(1 + Math.floor(random() * 60)))
  return Array.from({ length: count }, (_, i) => {
    const [a, b, c] = [pick(TERMS), pick(TERMS), pick(TERMS)]
    const place = pick(PLACES)
    const sentence = () => {
      const roll = random()
      if (roll < 0.5) return pick(GENERAL)
      if (roll < 0.55) return fill(pick(TOPICAL), pick(TERMS), random() < 0.5 ? a : b, pick(PLACES))
      return fill(pick(TOPICAL), random() < 0.6 ? a : c, b, random() < 0.7 ? place : pick(PLACES))
    }
    const target = 300 + Math.floor(random() * 1200)
    let body = ''
    while (body.length < target) {
      const roll = random()
      body +=
        roll < 0.12
          ? `\n\n${fill(pick(HEADINGS), a, b, place)}\n\n`
          : roll < 0.2
            ? `\n- **${a[0]}**：${sentence()}`
            : sentence()
    }
    return {
      id: `work-${String(i)}`,
      title: { zh: fill(pick(TITLES), a, b, place), en: `${a[1]} and ${b[1]}` },
      summary: {
        zh: fill(pick(TOPICAL), a, b, place) + pick(GENERAL),
        en: `About ${a[1]}, ${b[1]} and what they mean for us.`,
      },
      body: body.trim(),
    }
  })
}

/** Two-character words, three-to-six-character words, and title pinyin ("shidi", "shi", "sd"), a third each. */
export function syntheticQueries(count: number, seed: number): string[] {
  const random = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const short = TERMS.map(([zh]) => zh).filter((zh) => zh.length === 2)
  const long = TERMS.map(([zh]) => zh).filter((zh) => zh.length > 2)
  return Array.from({ length: count }, (_, i) => {
    if (i % 3 === 0) return pick(short)
    if (i % 3 === 1) return pick(long)
    const syllables = titleSyllables(pick(short))
    const kind = random()
    return kind < 0.5 ? syllables.join('') : kind < 0.75 ? syllables[0]! : syllables.map((s) => s[0]).join('')
  })
}

const round = (v: number, digits: number) => Number(v.toPrecision(digits))
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
const kb = (bytes: number) => Math.round(bytes / 1024)

/** Runs of each query; its time is the fastest, so a run the busy host preempted does not count as the query's cost. */
export const RUNS_PER_QUERY = 5

/** Milliseconds of each query (p50, p95 over queries, each its fastest of RUNS_PER_QUERY), after one untimed pass. */
function timeQueries(queries: readonly string[], run: (query: string) => number): { p50: number; p95: number } {
  let sink = 0
  for (const q of queries) sink += run(q)
  const times = queries
    .map((q) => {
      let fastest = Infinity
      for (let r = 0; r < RUNS_PER_QUERY; r++) {
        const start = performance.now()
        sink += run(q)
        fastest = Math.min(fastest, performance.now() - start)
      }
      return fastest
    })
    .sort((x, y) => x - y)
  if (Number.isNaN(sink)) throw new Error('unreachable')
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) }
}

interface BuiltIndex {
  files: { name: string; json: string }[]
  build_ms: number
  load_ms: number
  index_kb: number
  index_gzip_kb: number
  update_kb: number
  loaded: ReturnType<typeof loadSegment>[]
}

/** Builds, sizes and loads the library index of `docs`, and what one new work changes in it. */
function buildIndex(docs: readonly LibraryDoc[]): BuiltIndex {
  const buildStart = performance.now()
  const files = buildLibrarySegments(docs).map(segmentFile)
  const buildMs = performance.now() - buildStart
  const loadStart = performance.now()
  const loaded = files.map((f) => loadSegment(JSON.parse(f.json)))
  const loadMs = performance.now() - loadStart
  const gzipKb = (texts: readonly string[]) => kb(texts.reduce((n, t) => n + gzipSync(t, { level: 9 }).length, 0))

  // One new work, published after all others, as the next content build (or the server) sees it.
  const newest = docs.filter((d) => d.kind === 'work').reduce((a, b) => ((a.date ?? '') > (b.date ?? '') ? a : b))
  const added: LibraryDoc = { ...newest, id: `${newest.id}-new`, date: '2099-01-01' }
  const before = new Set(files.map((f) => f.name))
  const after = buildLibrarySegments(docs.filter((d) => d.kind === 'work').concat(added)).map(segmentFile)
  const changed = after.filter((f) => !before.has(f.name)).map((f) => f.json)
  const names = JSON.stringify(after.map((f) => f.name))
  const raw = files.reduce((n, f) => n + Buffer.byteLength(f.json), 0)
  return {
    files,
    build_ms: Math.round(buildMs),
    load_ms: Math.round(loadMs),
    index_kb: kb(raw),
    index_gzip_kb: gzipKb(files.map((f) => f.json)),
    update_kb: round(
      (changed.reduce((n, t) => n + gzipSync(t, { level: 9 }).length, 0) + gzipSync(names, { level: 9 }).length) / 1024,
      2,
    ),
    loaded,
  }
}

export async function measureSearch(docs = 5_000, queryCount = 300): Promise<SearchFigure> {
  const works = syntheticWorks(docs, 7)
  const queries = syntheticQueries(queryCount, 77)
  const index = buildIndex(syntheticLibrary({ works: docs, bases: 0, experts: 0, events: 0 }))
  const search = (q: string, limit: number) =>
    searchLibrary(index.loaded, q, { kinds: ['work'], limitPerKind: limit }).hits.work

  // The peer scans the same texts, with the title pinyin and initials as plain strings (as the
  // bases search does), so it answers the same queries; it does not rank.
  const haystacks = workSearchDocs(works, titleSyllables).map((d) => ({
    id: d.id,
    text: [
      d.titleZh,
      d.titleEn,
      d.summaryZh,
      d.summaryEn,
      d.body,
      d.titlePinyin.replaceAll(' ', ''),
      d.titleInitials.replaceAll(' ', ''),
    ]
      .join('\n')
      .toLowerCase(),
  }))
  const scan = (query: string) => haystacks.filter((h) => h.text.includes(query)).map((h) => h.id)

  // Every work containing a Chinese query must be found before speed means anything.
  for (const q of queries.filter((q) => /\p{Script=Han}/u.test(q))) {
    const found = new Set(search(q, Infinity).map((hit) => hit.id))
    const missed = scan(q).filter((id) => !found.has(id))
    if (missed.length > 0)
      throw new Error(`search: "${q}" misses ${String(missed.length)} works that contain it, e.g. ${missed[0]!}`)
  }

  const ours = timeQueries(queries, (q) => search(q, 20).length)
  const peer = timeQueries(queries, (q) => scan(q).length)
  const throttled = await throttledQueryTimes(
    index.files.map((f) => f.json),
    queries,
  )
  const mini = JSON.stringify(buildWorkSearchJson(works))
  const miniIndex = loadWorkSearchIndex(JSON.parse(mini))
  const miniTimes = timeQueries(queries, (q) => searchWorks(miniIndex, q, { limit: 20 }).length)
  return {
    bench: 'search',
    docs,
    p50_ms: round(ours.p50, 3),
    p95_ms: round(ours.p95, 3),
    throttled_p95_ms: round(throttled.p95_ms, 3),
    peer: 'substring',
    peer_p50_ms: round(peer.p50, 3),
    peer_p95_ms: round(peer.p95, 3),
    index_kb: index.index_kb,
    index_gzip_kb: index.index_gzip_kb,
    segments: index.files.length,
    update_kb: index.update_kb,
    build_ms: index.build_ms,
    load_ms: index.load_ms,
    minisearch_index_gzip_kb: kb(gzipSync(mini, { level: 9 }).length),
    minisearch_p95_ms: round(miniTimes.p95, 3),
  }
}

export async function measureLibrarySearch(queryCount = 300): Promise<LibrarySearchFigure> {
  const counts = NATIONAL_LIBRARY
  const docs = syntheticLibrary(counts)
  const queries = syntheticQueries(queryCount, 77)
  const index = buildIndex(docs)
  const ours = timeQueries(queries, (q) => searchLibrary(index.loaded, q).totals.work)
  const throttled = await throttledQueryTimes(
    index.files.map((f) => f.json),
    queries,
  )
  return {
    bench: 'library-search',
    docs: docs.length,
    ...counts,
    index_kb: index.index_kb,
    index_gzip_kb: index.index_gzip_kb,
    segments: index.files.length,
    update_kb: index.update_kb,
    p50_ms: round(ours.p50, 3),
    p95_ms: round(ours.p95, 3),
    throttled_p50_ms: round(throttled.p50_ms, 3),
    throttled_p95_ms: round(throttled.p95_ms, 3),
    build_ms: index.build_ms,
    load_ms: index.load_ms,
  }
}
