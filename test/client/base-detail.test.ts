import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { json, mountApp, stubFetch, waitFor } from './helpers/mount-app.ts'

beforeEach(() => {
  localStorage.clear()
  stubFetch({ '/api/auth/session': () => json(200, { account: null, setupRequired: false }) })
})
afterEach(() => { document.body.innerHTML = '' })

describe('base detail page', () => {
  it('lists the works about this base even when opened straight from a shared link', async () => {
    const { wrapper } = await mountApp('/bases/zhejiang-mapping-museum')
    await waitFor(wrapper, '[data-testid="view-base"]')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="view-base"]').text()).toContain('一张地图也有“国家尊严”：认识标准地图'))
  })
})
