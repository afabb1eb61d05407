import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import AppOfflineIndicator from '../../../src/client/app/AppOfflineIndicator.vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import MeStoragePanel from '../../../src/client/me/MeStoragePanel.vue'
import { loadWorkspaceMessages } from '../../../src/client/app/workspace-messages.ts'
import { settle } from '../helpers/mount-app.ts'

function setOnline(value: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(value)
  window.dispatchEvent(new Event(value ? 'online' : 'offline'))
}

function stubStorage(state: { persisted: boolean; grant: boolean }) {
  const storage = {
    persisted: () => Promise.resolve(state.persisted),
    persist: vi.fn(() => {
      state.persisted = state.grant
      return Promise.resolve(state.grant)
    }),
    estimate: () => Promise.resolve({ usage: 3 * 1024 * 1024, quota: 2 * 1024 ** 3 }),
  }
  // happy-dom has no StorageManager: define one for this test.
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true })
  return storage
}

afterEach(() => vi.restoreAllMocks())

describe('offline indicator', () => {
  it('appears when the connection drops and goes away when it returns', async () => {
    const wrapper = mount(AppOfflineIndicator, { global: { plugins: [i18n] } })
    expect(wrapper.find('[data-testid="offline-indicator"]').exists()).toBe(false)
    setOnline(false)
    await nextTick()
    expect(wrapper.get('[data-testid="offline-indicator"]').text()).toContain('当前离线')
    setOnline(true)
    await nextTick()
    expect(wrapper.find('[data-testid="offline-indicator"]').exists()).toBe(false)
  })
})

describe('storage panel', () => {
  // The panel lives under 我的, whose strings the router loads before those screens render.
  beforeAll(() => loadWorkspaceMessages())

  it('says storage may be cleared, asks for persistence on request, and shows the result', async () => {
    const storage = stubStorage({ persisted: false, grant: true })
    const wrapper = mount(MeStoragePanel, { global: { plugins: [i18n] } })
    await settle()
    expect(wrapper.text()).toContain('未持久保存')
    expect(wrapper.text()).toContain('已用 3.0 MB / 可用 2.0 GB')
    await wrapper.get('button').trigger('click')
    await settle()
    expect(storage.persist).toHaveBeenCalledOnce()
    expect(wrapper.get('[data-testid="storage-panel"]').attributes('data-persist')).toBe('persisted')
    expect(wrapper.text()).toContain('已持久保存')
  })

  it('keeps offering the request when the browser refuses it', async () => {
    stubStorage({ persisted: false, grant: false })
    const wrapper = mount(MeStoragePanel, { global: { plugins: [i18n] } })
    await settle()
    await wrapper.get('button').trigger('click')
    await settle()
    expect(wrapper.text()).toContain('未持久保存')
    expect(wrapper.find('button').exists()).toBe(true)
  })
})
