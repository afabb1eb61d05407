import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let staticDir: string

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'zk-static-'))
  await mkdir(join(staticDir, 'assets'))
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><html lang="zh-CN"><title>自然资源科普</title></html>')
  await writeFile(join(staticDir, 'assets', 'index-Abc123xy.js'), 'console.log(1)')
  await writeFile(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  await writeFile(join(staticDir, 'manifest.webmanifest'), '{}')
  t = await buildTestApp({ STATIC_DIR: staticDir })
})
afterAll(async () => {
  await t.close()
  await rm(staticDir, { recursive: true, force: true })
})

describe('health and bases', () => {
  it('answers health with the database checked', async () => {
    const res = await t.app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('returns every base as an RFC 7946 FeatureCollection with [lon, lat] points', async () => {
    const res = await t.app.inject('/api/bases.geojson')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<{
      type: string
      features: {
        type: string
        geometry: { type: string; coordinates: number[] }
        properties: Record<string, unknown>
      }[]
    }>()
    expect(body.type).toBe('FeatureCollection')
    expect(body.features).toHaveLength(126)
    const hunan = body.features.find((f) => f.properties.id === 'hunan-geo-museum')!
    expect(hunan.geometry).toEqual({ type: 'Point', coordinates: [112.9388, 28.2282] })
    expect(hunan.properties).toMatchObject({ name_zh: '湖南省地质博物馆', approximate: true, precision: 'city' })
    for (const f of body.features) {
      const [lon, lat] = f.geometry.coordinates as [number, number]
      expect(lon).toBeGreaterThan(73)
      expect(lat).toBeLessThan(54)
    }
  })

  it('gives one base by id, and a JSON 404 for an unknown one', async () => {
    expect((await t.app.inject('/api/bases/hunan-geo-museum')).json()).toMatchObject({
      name: { zh: '湖南省地质博物馆' },
      search: { initials: 'hnsdzbwg' },
    })
    const missing = await t.app.inject('/api/bases/no-such-base')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ statusCode: 404, message: 'no base "no-such-base"' })
  })
})

describe('API description', () => {
  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json<{
      openapi: string
      paths: Record<string, Record<string, { requestBody?: unknown }>>
    }>()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/bases.geojson', '/api/auth/login', '/api/admin/accounts']),
    )
    expect(doc.paths['/api/auth/login']?.post?.requestBody).toBeDefined()
    expect((await t.app.inject('/api/docs')).statusCode).toBeLessThan(400)
  })
})

describe('bad requests', () => {
  it('rejects an invalid body with 400 and one issue per field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { username: 'x', password: 'short' },
    })
    expect(res.statusCode).toBe(400)
    const body = res.json<{ issues: { path: string }[] }>()
    expect(body.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['body.username', 'body.password', 'body.school']),
    )
  })

  it('rejects malformed JSON with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400 })
  })

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a'.repeat(1_100_000), password: 'x' },
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ statusCode: 413 })
  })

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ message: 'no route GET /api/nothing-here' })
  })
})

describe('serving the PWA', () => {
  it('caches hashed assets for a year and revalidates the shell, service worker and manifest', async () => {
    expect((await t.app.inject('/assets/index-Abc123xy.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    )
    for (const url of ['/sw.js', '/manifest.webmanifest']) {
      expect((await t.app.inject(url)).headers['cache-control']).toBe('no-cache')
    }
  })

  it('answers the root and any app route with the shell (client-side routing), revalidated', async () => {
    for (const url of ['/', '/bases/hunan-geo-museum', '/index.html']) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } })
      expect(res.statusCode, url).toBe(200)
      expect(res.body).toContain('自然资源科普')
      expect(res.headers['cache-control']).toBe('no-cache')
    }
  })

  it('sends a strict Content-Security-Policy: no inline script, no eval', async () => {
    const res = await t.app.inject({ url: '/', headers: { accept: 'text/html' } })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})
