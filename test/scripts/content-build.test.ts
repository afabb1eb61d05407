import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadContent } from '../../src/server/content/load-content.ts'
import { searchKeys } from '../../src/server/content/derive.ts'
import { toMapPoints } from '../../src/client/bases/map/map-points.ts'
import { groupByCategory } from '../../src/shared/domain/base-clusters.ts'
import { GridClusterIndex, type ClusterTable } from '../../src/shared/domain/grid-cluster.ts'
import type { BuiltBase } from '../../src/shared/index.ts'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

const dirs: string[] = []
afterEach(async () => { await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))) })

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
    expect(result.content.bases).toHaveLength(87)
    expect(result.content.themeDays.length).toBeGreaterThanOrEqual(26)
    expect(result.content.works.length).toBeGreaterThan(0)
    expect(result.content.guides.length).toBeGreaterThan(0)
    const hunan = result.content.bases.find((b) => b.id === 'hunan-geo-museum')
    expect(hunan).toMatchObject({ approximate: true, location: { precision: 'city' } })
  })

  it('ships the national map clusters for exactly the bases the map draws when nothing is filtered', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zk-built-'))
    dirs.push(out)
    await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/build-content.ts', '--out-dir', out])
    const bases = JSON.parse(await readFile(join(out, 'bases.json'), 'utf8')) as BuiltBase[]
    const table = JSON.parse(await readFile(join(out, 'base-clusters.json'), 'utf8')) as ClusterTable
    const index = new GridClusterIndex(toMapPoints(bases, 'zh'), { groupBy: groupByCategory, table })
    expect(index.usesTable).toBe(true)
    const national = index.clustersAt(4)
    expect(national.reduce((n, c) => n + c.count, 0)).toBe(bases.length)
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
    expect(result.errors).toContainEqual(expect.objectContaining({ field: 'bases.0', reason: 'no base with id "no-such-base"' }))
    expect(result.errors).toContainEqual(expect.objectContaining({ field: 'body', reason: expect.stringMatching(/raw HTML/) }))
  })

  it('reports every bad file in one run, not just the first', async () => {
    const dir = await contentCopy()
    await writeFile(join(dir, 'bases', 'bad-one.yaml'), base('').replace('lon: 112.9', 'lon: 12.9'))
    await writeFile(join(dir, 'bases', 'bad-two.yaml'), 'name: [unclosed')
    const result = await loadContent(dir)
    expect(result.ok ? [] : result.errors.map((e) => e.file.split('/').pop())).toEqual(expect.arrayContaining(['bad-one.yaml', 'bad-two.yaml']))
  })
})
