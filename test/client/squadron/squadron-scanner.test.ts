import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '../../../src/client/app/i18n.ts'
import SquadronScanner from '../../../src/client/squadron/SquadronScanner.vue'
import { loadSquadronMessages } from '../../../src/client/squadron/squadron-messages.ts'
import { settle } from '../helpers/mount-app.ts'

async function mountScanner(getUserMedia: (() => Promise<MediaStream>) | null, secure = true) {
  await loadSquadronMessages()
  Object.defineProperty(window, 'isSecureContext', { value: secure, configurable: true })
  Object.defineProperty(navigator, 'mediaDevices', {
    value: getUserMedia ? { getUserMedia } : undefined,
    configurable: true,
  })
  return mount(SquadronScanner, { global: { plugins: [i18n] }, attachTo: document.body })
}
afterEach(() => {
  Reflect.deleteProperty(window, 'isSecureContext')
  Reflect.deleteProperty(navigator, 'mediaDevices')
  document.body.innerHTML = ''
})

describe('gate scanner', () => {
  it.each([
    ['permission refused', () => Promise.reject(new DOMException('denied', 'NotAllowedError')), true, '没有摄像头权限'],
    ['no camera', () => Promise.reject(new DOMException('none', 'NotFoundError')), true, '没有可用的摄像头'],
    ['not https', () => Promise.reject(new Error('unreachable')), false, '需要通过 https 打开'],
  ] as const)(
    'says why the camera cannot be used (%s) and keeps the typed code',
    async (_case, getUserMedia, secure, message) => {
      const wrapper = await mountScanner(getUserMedia, secure)
      await wrapper.get('[data-testid="scan-start"]').trigger('click')
      await settle()
      expect(wrapper.get('[data-testid="scan-failure"]').text()).toContain(message)
      await wrapper.get('[data-testid="scan-code"] input').setValue(' abcd-2345 ')
      await wrapper.get('form').trigger('submit')
      expect(wrapper.emitted('read')).toEqual([['abcd-2345']])
    },
  )
})
