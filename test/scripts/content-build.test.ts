import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parkCore } from '../../src/server/content/world-geoparks.ts'
import { loadContent } from '../../src/server/content/load-content.ts'
import { searchKeys } from '../../src/server/content/derive.ts'
import { WORK_TEXT_FIELDS, type BuiltWork } from '../../src/shared/index.ts'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A copy of the real content/ where a test may break one file. */
async function contentCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zk-content-'))
  dirs.push(dir)
  await cp('content', dir, { recursive: true })
  return dir
}

const base = (overrides: string) => `name: { zh: 测试地质博物馆, en: Test Geology Museum }
category: geology_museum
province: 湖南省
city: 长沙市
location: { lat: 28.2, lon: 112.9, precision: site, confidence: high }
designation: { title: null, year: null, verified: false }
website: null
sources: [recalled]
${overrides}`

describe('content build', () => {
  it('builds the real content: every reference base, every theme day, works and guides', async () => {
    const result = await loadContent('content')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    // 87 curated bases and the 39 UNESCO Global Geoparks that were not among them.
    expect(result.content.bases).toHaveLength(126)
    const lushan = result.content.bases.find((b) => b.id === 'lushan-geopark')
    expect(lushan).toMatchObject({
      approximate: true,
      designation: { title: '世界地质公园', year: 2004 },
      location: { precision: 'county', confidence: 'low' },
    })
    expect(lushan).not.toHaveProperty('phone')
    expect(lushan).not.toHaveProperty('openingHours')
    // A park that was already a base (黄山, 乐业—凤山 …) is not added a second time.
    const cores = result.content.bases.filter((b) => b.category === 'geopark').map((b) => parkCore(b.name.zh))
    expect(new Set(cores).size).toBe(cores.length)
    expect(result.content.themeDays.length).toBeGreaterThanOrEqual(26)
    expect(result.content.works.length).toBeGreaterThan(0)
    expect(result.content.guides.length).toBeGreaterThan(0)
    const hunan = result.content.bases.find((b) => b.id === 'hunan-geo-museum')
    expect(hunan).toMatchObject({ approximate: true, location: { precision: 'city' } })
  })

  it('ships the works list without reading texts, and each text as a file of its own that completes its work', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zk-built-'))
    dirs.push(out)
    await mkdir(join(out, 'work-texts'))
    await writeFile(join(out, 'work-texts', 'removed-work.json'), '{}') // left by an earlier build
    await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/build-content.ts', '--out-dir', out])
    const read = async <T>(file: string) => JSON.parse(await readFile(join(out, file), 'utf8')) as T
    const full = await read<BuiltWork[]>('works.json')
    const list = await read<Record<string, unknown>[]>('works-list.json')
    expect(list.map((w) => w.id)).toEqual(full.map((w) => w.id))
    for (const entry of list) for (const field of WORK_TEXT_FIELDS) expect(entry).not.toHaveProperty(field)
    const texts = (await readdir(join(out, 'work-texts'))).sort()
    expect(texts).toEqual(full.map((w) => `${w.id}.json`).sort())
    for (const [i, work] of full.entries())
      expect({ ...list[i], ...(await read<object>(`work-texts/${work.id}.json`)) }).toEqual(work)
    // The list is what the 作品 tab waits for: it is a fraction of the whole.
    expect(JSON.stringify(list).length).toBeLessThan(JSON.stringify(full).length * 0.6)
  })

  it('derives pinyin and initials so that "dizhi" and "dzbwg" find 地质博物馆', () => {
    expect(searchKeys('地质博物馆')).toEqual({ pinyin: 'dizhibowuguan', initials: 'dzbwg' })
    expect(searchKeys('青岛海洋地质研究所(海洋地质科技馆)').initials).toBe('qdhydzyjshydzkjg')
  })

  it('marks city-level places approximate and site-level places exact', async () => {
    const dir = await contentCopy()
    await writeFile(join(dir, 'bases', 'test-museum.yaml'), base(''))
    const result = await loadContent(dir)
    expect(result.ok && result.content.bases.find((b) => b.id === 'test-museum')?.approximate).toBe(false)
  })

  it.each([
    ['coordinates outside China', base('').replace('lat: 28.2', 'lat: 61.2'), 'location.lat', /north of China/],
    ['an unknown category', base('').replace('geology_museum', 'zoo'), 'category', /expected one of|Invalid option/i],
    ['malformed opening hours', base('openingHours: "Mo-Fr 25:00-27:99 nonsense"'), 'openingHours', /opening_hours/],
    ['a field that does not exist', base('colour: red'), 'colour', /colour|unrecognized/i],
  ])('stops on a base with %s and names the file and field', async (_, text, field, reason) => {
    const dir = await contentCopy()
    await writeFile(join(dir, 'bases', 'bad-base.yaml'), text)
    const result = await loadContent(dir)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const error = result.errors.find((e) => e.file.endsWith('bases/bad-base.yaml'))
    expect(error).toBeDefined()
    expect(error!.field).toBe(field)
    expect(error!.reason).toMatch(reason)
  })

  it('ships official and news sources of a base but never a repost, which stays a research note in content/', async () => {
    const result = await loadContent('content')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const shipped = JSON.stringify(result.content.bases)
    // Reposts from the reference data (spam-ridden copies of news pages) must not reach the app at all.
    expect(shipped).not.toContain('gansuziben.cn')
    expect(shipped).not.toContain('0sosb.group')
    for (const b of result.content.bases) for (const s of b.sources) expect(['official', 'news']).toContain(s.kind)
    const museum = result.content.bases.find((b) => b.id === 'geological-museum-of-china')
    expect(museum?.sources).toEqual([{ url: 'https://www.gmc.org.cn/', kind: 'official' }])
  })

  it.each([
    [
      'a source without a kind',
      base('').replace('sources: [recalled]', 'sources: ["https://example.org/news/1"]'),
      'sources.0',
    ],
    [
      'a repost used as the website',
      base('')
        .replace('website: null', 'website: https://copy.example.net/a')
        .replace('sources: [recalled]', 'sources: [{ url: "https://copy.example.net/a", kind: repost }]'),
      'website',
    ],
    [
      'a repost linked from the description',
      base('description: { zh: 详见 https://copy.example.net/a }').replace(
        'sources: [recalled]',
        'sources: [{ url: "https://copy.example.net/a", kind: repost }]',
      ),
      'description.zh',
    ],
  ])('stops on %s', async (_, text, field) => {
    const dir = await contentCopy()
    await writeFile(join(dir, 'bases', 'bad-source.yaml'), text)
    const result = await loadContent(dir)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.find((e) => e.file.endsWith('bases/bad-source.yaml'))?.field).toBe(field)
  })

  it.each([
    ['missing', (t: string) => t.replace(/\n {4}zh: 纪念1971年[^\n]*/, ''), /required|expected string/i],
    [
      'in English',
      (t: string) =>
        t.replace(/(\n {4}zh: )纪念1971年[^\n]*/, '$1Marks the signing of the Ramsar Convention on wetlands.'),
      /Chinese/,
    ],
    [
      'English naming one Chinese word',
      (t: string) => t.replace(/(\n {4}zh: )纪念1971年[^\n]*/, '$1UN day on freshwater; it opens 中国水周.'),
      /Chinese/,
    ],
  ])('stops on a theme day whose Chinese description is %s', async (_, edit, reason) => {
    const dir = await contentCopy()
    const file = join(dir, 'theme-days.yaml')
    const text = await readFile(file, 'utf8')
    const broken = edit(text)
    expect(broken).not.toBe(text)
    await writeFile(file, broken)
    const result = await loadContent(dir)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toContainEqual(
      expect.objectContaining({ field: '[0].description.zh', reason: expect.stringMatching(reason) }),
    )
  })

  it('gives every theme day a description in Chinese and in English', async () => {
    const result = await loadContent('content')
    expect(
      result.ok && result.content.themeDays.every((d) => d.description.zh.length > 0 && d.description.en.length > 0),
    ).toBe(true)
  })

  it('stops on a work that links to a base that does not exist, or carries raw HTML', async () => {
    const dir = await contentCopy()
    const work = (links: string, body: string) => `---
type: article
title: { zh: 测试, en: Test }
summary: { zh: 测试, en: Test }
topics: [minerals]
bases: [${links}]
sources: [recalled]
published: 2026-01-01
---
${body}`
    await writeFile(join(dir, 'works', 'broken-link.md'), work('no-such-base', '正文'))
    await writeFile(join(dir, 'works', 'unsafe.md'), work('hunan-geo-museum', '正文<script>alert(1)</script>'))
    const result = await loadContent(dir)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toContainEqual(
      expect.objectContaining({ field: 'bases.0', reason: 'no base with id "no-such-base"' }),
    )
    expect(result.errors).toContainEqual(
      expect.objectContaining({ field: 'body', reason: expect.stringMatching(/raw HTML/) }),
    )
  })

  it('stops on a video whose media file is missing, whose captions are not WebVTT, or whose fields are unsafe', async () => {
    const dir = await contentCopy()
    const media = await mkdtemp(join(tmpdir(), 'zk-media-'))
    dirs.push(media)
    await writeFile(join(media, 'ok.mp4'), new Uint8Array(1000))
    await writeFile(join(media, 'not-vtt.vtt'), '1\n00:00:00,000 --> 00:00:01,000\nSRT, not WebVTT\n')
    const video = (file: string, captions: string, extra = '') => `---
type: video
title: { zh: 测试视频, en: Test video }
summary: { zh: 测试, en: Test }
topics: [geohazards]
sources: [recalled]
published: 2026-01-01
media: { file: ${file}, mime: video/mp4, durationS: 30, captions: ${captions}${extra} }
---
文字稿`
    await writeFile(join(dir, 'works', 'missing-media.md'), video('gone.mp4', 'not-vtt.vtt'))
    await writeFile(join(dir, 'works', 'escaping-path.md'), video('../../etc/passwd', 'not-vtt.vtt'))
    await writeFile(join(dir, 'works', 'no-media.md'), video('ok.mp4', 'not-vtt.vtt').replace(/^media:.*$/m, ''))
    const result = await loadContent(dir, { mediaDir: media })
    expect(result.ok).toBe(false)
    if (result.ok) return
    const of = (file: string) =>
      result.errors.filter((e) => e.file.endsWith(file)).map((e) => `${e.field}: ${e.reason}`)
    expect(of('missing-media.md')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^media\.file: missing media file .*gone\.mp4/),
        expect.stringMatching(/^media\.captions: .*not WebVTT/),
      ]),
    )
    expect(of('escaping-path.md')).toEqual([
      expect.stringMatching(/^media\.file: a file name under public\/media\/works/),
    ])
    expect(of('no-media.md')).toEqual(['media: a video work needs media'])
  })

  it('stops on a work crediting an expert content/experts/ does not announce, or twice', async () => {
    const dir = await contentCopy()
    const work = (credits: string) => `---
type: article
title: { zh: 测试, en: Test }
summary: { zh: 测试, en: Test }
topics: [minerals]
sources: [recalled]
published: 2026-01-01
credits: [${credits}]
---
正文`
    const su = '{ expert: chief-experts-2017/苏德辰, role: author }'
    await writeFile(
      join(dir, 'works', 'credited.md'),
      work(`${su}, { expert: 0190c8a0-0000-7000-8000-000000000001, role: featured }`),
    )
    await writeFile(join(dir, 'works', 'unknown.md'), work('{ expert: chief-experts-2017/张三, role: author }'))
    await writeFile(join(dir, 'works', 'twice.md'), work(`${su}, ${su}`))
    await writeFile(join(dir, 'works', 'bad-role.md'), work('{ expert: chief-experts-2017/苏德辰, role: narrator }'))
    const result = await loadContent(dir)
    const of = (file: string) =>
      result.ok ? [] : result.errors.filter((e) => e.file.endsWith(file)).map((e) => `${e.field}: ${e.reason}`)
    expect(of('credited.md')).toEqual([])
    expect(of('unknown.md')).toEqual([
      'credits.0.expert: no announced expert "chief-experts-2017/张三" in content/experts/',
    ])
    expect(of('twice.md')).toEqual(['credits: "chief-experts-2017/苏德辰" is credited twice'])
    expect(of('bad-role.md')).toEqual([expect.stringMatching(/^credits\.0\.role: /)])
  })

  it('measures the bytes a visitor downloads to keep a media work offline', async () => {
    const result = await loadContent('content')
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.file}: ${e.field} — ${e.reason}`).join('\n'))
    const media = result.content.works.filter((w) => w.media || w.pictures)
    for (const work of media) expect(work.mediaBytes, work.id).toBeGreaterThan(0)
    expect(result.content.works.filter((w) => !w.media && !w.pictures).every((w) => w.mediaBytes === undefined)).toBe(
      true,
    )
  })

  it('stops on a geopark that names no base, repeats a base under another name, or lies outside China', async () => {
    const dir = await contentCopy()
    const park = (name: string, id: string, lat: number, lon: number) =>
      `- { name: ${name}, id: ${id}, en: Test, province: 安徽省, city: 黄山市, place: 黄山区, precision: district, lat: ${String(lat)}, lon: ${String(lon)}, year: 2004, verified: true, sources: [recalled] }`
    await writeFile(
      join(dir, 'world-geoparks.yaml'),
      [
        '- { name: 黄山世界地质公园, sameAs: no-such-base }',
        park('石林世界地质公园', 'shilin-again', 24.8, 103.3),
        park('测试世界地质公园', 'test-park', 37.57, 126.98),
        park('合格世界地质公园', 'fine-park', 30.1, 118.1),
      ].join('\n'),
    )
    const result = await loadContent(dir)
    expect(result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.reason}`)).toEqual([
      '[0].sameAs: no base with id "no-such-base"',
      '[1].name: looks like base "shilin-geopark" already: say `sameAs: shilin-geopark`',
      '[2].lat: the point is outside China',
    ])
  })

  it('reports every bad file in one run, not just the first', async () => {
    const dir = await contentCopy()
    await writeFile(join(dir, 'bases', 'bad-one.yaml'), base('').replace('lon: 112.9', 'lon: 12.9'))
    await writeFile(join(dir, 'bases', 'bad-two.yaml'), 'name: [unclosed')
    const result = await loadContent(dir)
    expect(result.ok ? [] : result.errors.map((e) => e.file.split('/').pop())).toEqual(
      expect.arrayContaining(['bad-one.yaml', 'bad-two.yaml']),
    )
  })
})
