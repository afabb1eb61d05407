import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deleteSavedArea, saveAreaBases } from '../../../src/client/bases/map/offline-areas.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import type { BuiltBase } from '../../../src/shared/index.ts'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'

/** These steps go through a real server: wait as long as `waitFor` does, not vi.waitFor's 1 s. */
const waitUntil = <T>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 20 })

/*
 * A base page after its staff changed it (issue 21): online it shows the server's copy and keeps
 * it; offline it shows the kept copy with its date; a page with no hours, phone or photos says so,
 * and offers its own staff a way to add them.
 */

const ID = 'geological-museum-of-china'
const photo = {
  mediaId: '0190f3a0-0000-7000-8000-00000000c001',
  caption: { zh: '大门' },
  width: 1600,
  height: 1200,
  dominantColor: '#4a7a3c',
  variants: [
    { width: 800, height: 600, format: 'webp' as const, bytes: 1000, url: '/api/media/x/a-800.webp' },
    { width: 800, height: 600, format: 'jpeg' as const, bytes: 2000, url: '/api/media/x/a-800.jpg' },
  ],
}

async function serverCopy(): Promise<BuiltBase> {
  const shipped = ((await import('../../../generated/content/bases.json')) as unknown as { default: BuiltBase[] })
    .default
  const base = shipped.find((b) => b.id === ID)!
  return {
    ...base,
    openingHours: 'Tu-Su 08:30-17:30; Mo off',
    photos: [photo],
    version: 3,
    updatedAt: '2026-12-01T02:00:00Z',
  }
}

const session =
  (account: unknown = null) =>
  () =>
    json(200, { account, setupRequired: false })

beforeEach(async () => {
  localStorage.clear()
  await localDb.baseCopies.clear()
  await localDb.basePhotos.clear()
  await localDb.syncMeta.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('a base page with the server’s copy', () => {
  it('shows the published hours and photos online, and the kept copy with its date offline', async () => {
    const base = await serverCopy()
    stubFetch({
      '/api/auth/session': session(),
      '/api/events': () => json(200, { from: '2026-01-01', to: '2026-12-31', events: [] }),
      [`/api/bases/${ID}`]: () => json(200, base, { etag: '"v3"' }),
    })
    const online = await mountApp(`/bases/${ID}`)
    await waitUntil(() => expect(online.wrapper.get('[data-testid="opening-hours"]').text()).toContain('08:30–17:30'))
    expect(online.wrapper.findAll('[data-testid="base-photo"]')).toHaveLength(1)
    expect(online.wrapper.get('[data-testid="base-photo"] img').attributes()).toMatchObject({
      width: '1600',
      height: '1200',
      loading: 'eager',
    })
    expect(online.wrapper.get('[data-testid="base-photo"] source[type="image/webp"]').attributes('srcset')).toBe(
      '/api/media/x/a-800.webp 800w',
    )
    expect(online.wrapper.find('[data-testid="base-copy-date"]').exists()).toBe(false)
    online.wrapper.unmount()
    document.body.innerHTML = ''

    // Offline: every request fails.
    stubFetch({ '/api/auth/session': session() })
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const offline = await mountApp(`/bases/${ID}`)
    const note = await waitFor(offline.wrapper, '[data-testid="base-copy-date"]')
    expect(note.text()).toMatch(/^离线查看 · 更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(offline.wrapper.get('[data-testid="opening-hours"]').text()).toContain('08:30–17:30')
  })

  it('says plainly what is missing, and offers the base’s own staff a way to add it', async () => {
    const base = await serverCopy()
    const bare = { ...base, openingHours: undefined, phone: undefined, photos: [] }
    const staff = {
      id: '0190f3a0-0000-7000-8000-0000000000a1',
      username: 'gmc',
      displayName: '馆员',
      role: 'base_staff',
      status: 'active',
      baseId: ID,
      school: null,
      createdAt: '2026-01-01T00:00:00Z',
    }
    localStorage.setItem('zk.account.v1', JSON.stringify(staff))
    stubFetch({
      '/api/auth/session': session(staff),
      '/api/events': () => json(200, { from: '2026-01-01', to: '2026-12-31', events: [] }),
      [`/api/bases/${ID}`]: () => json(200, bare),
    })
    const { wrapper } = await mountApp(`/bases/${ID}`)
    const missing = await waitFor(wrapper, '[data-testid="base-missing"]')
    await waitUntil(() => expect(missing.text()).toContain('这个基地还没有提供：开放时间、电话、照片。'))
    await waitUntil(() =>
      expect(wrapper.get('[data-testid="base-add-missing"]').attributes('href')).toBe('/me/staff/base'),
    )
  })
})

describe('the bases of a saved map area', () => {
  it('keeps their details and one size of each photo, shown offline, until the area is deleted', async () => {
    const base = await serverCopy()
    stubFetch({
      [`/api/bases/${ID}`]: () => json(200, base),
      '/api/media/x/a-800.webp': () =>
        new Response(new Uint8Array([82, 73, 70, 70]), { headers: { 'content-type': 'image/webp' } }),
    })
    await localDb.savedAreas.put({
      id: 'area-1',
      name: '西城',
      bbox: { south: 39.9, west: 116.3, north: 39.95, east: 116.4 },
      minZoom: 12,
      maxZoom: 14,
      providerId: 'osm',
      tileUrls: [],
      bytes: 0,
      state: 'complete',
      createdAt: '2026-12-01T00:00:00Z',
    })
    const result = await saveAreaBases('area-1', { south: 39.9, west: 116.3, north: 39.95, east: 116.4 }, [base])
    expect(result).toMatchObject({ saved: 1, failed: 0, photos: 1 })
    expect(await localDb.basePhotos.count()).toBe(1)

    // fake-indexeddb hands back Node's Blob, which happy-dom's URL.createObjectURL refuses.
    URL.createObjectURL = vi.fn(() => 'blob:test/saved-photo')
    URL.revokeObjectURL = vi.fn()
    stubFetch({ '/api/auth/session': session() })
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const { wrapper } = await mountApp(`/bases/${ID}`)
    const saved = await waitFor(wrapper, '[data-testid="base-photo-saved"]')
    expect(saved.attributes('src')).toMatch(/^blob:/)
    expect(saved.attributes()).toMatchObject({ width: '1600', height: '1200' })
    expect(wrapper.get('[data-testid="base-copy-date"]').text()).toContain('更新于')
    wrapper.unmount()

    await deleteSavedArea('area-1', {
      has: () => Promise.resolve(false),
      put: () => Promise.resolve(),
      delete: () => Promise.resolve(),
    })
    expect(await localDb.basePhotos.count()).toBe(0)
    expect((await localDb.baseCopies.get(ID))?.areaIds).toEqual([])
  })
})

describe('bases changed between releases', () => {
  it('takes bases edited in the app and hides removed ones, then asks only for what changed after', async () => {
    const { useBasesStore } = await import('../../../src/client/bases/store/bases-store.ts')
    const edited = await serverCopy()
    const asked: string[] = []
    let answer = { cursor: '2026-12-01T02:00:00.000Z', bases: [edited], removed: ['lushan-geopark'] }
    globalThis.fetch = (input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const path = url.split('?')[0]
      if (path === '/api/bases/changes') {
        asked.push(url)
        return Promise.resolve(json(200, answer))
      }
      if (path === '/api/auth/session') return Promise.resolve(session()())
      return Promise.reject(new Error(`unexpected fetch ${url}`))
    }
    await mountApp('/bases')
    const store = useBasesStore()
    await waitUntil(() => expect(store.all.find((b) => b.id === ID)?.openingHours).toBe('Tu-Su 08:30-17:30; Mo off'))
    expect(store.all.some((b) => b.id === 'lushan-geopark')).toBe(false)
    expect(asked).toEqual(['/api/bases/changes'])

    // Next time (back in the foreground): only what changed after the cursor; lushan is listed again.
    const lushan = store.all.length
    answer = { cursor: '2026-12-02T00:00:00.000Z', bases: [], removed: [] }
    const shipped = ((await import('../../../generated/content/bases.json')) as unknown as { default: BuiltBase[] })
      .default
    answer.bases = [shipped.find((b) => b.id === 'lushan-geopark')!] as never
    await store.refreshKept()
    expect(asked.at(-1)).toBe('/api/bases/changes?since=2026-12-01T02%3A00%3A00.000Z')
    expect(store.all.some((b) => b.id === 'lushan-geopark')).toBe(true)
    expect(store.all.length).toBe(lushan + 1)
  })
})
