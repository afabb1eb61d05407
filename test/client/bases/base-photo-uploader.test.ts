import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mount } from '@vue/test-utils'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import BasePhotoUploader from '../../../src/client/bases/edit/BasePhotoUploader.vue'
import { loadBaseEditMessages } from '../../../src/client/bases/edit/base-edit-messages.ts'
import type { BasePhoto } from '../../../src/shared/schemas/base.ts'
import { phonePhoto } from '../../server/helpers/media-fixtures.ts'
import { buildTestApp, seedAccount, type TestApp } from '../../server/helpers/test-app.ts'
import { browserNetwork, type BrowserNetwork } from '../helpers/browser-network.ts'

// The app runs tus-js-client's browser build (XMLHttpRequest, Blob, localStorage); Vitest would
// resolve its Node build here, so the test asks for the one phones get.
vi.mock(
  'tus-js-client',
  // @ts-expect-error -- the browser build has no type declarations of its own: it is the same API.
  async () => (await import('tus-js-client/lib/browser/index.js')) as object,
)

let t: TestApp
let network: BrowserNetwork
let dataDir: string

beforeAll(async () => {
  await loadBaseEditMessages()
  dataDir = mkdtempSync(join(tmpdir(), 'zk-photo-uploader-'))
  t = await buildTestApp({ DATA_DIR: dataDir })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  network = await browserNetwork(`http://127.0.0.1:${String((t.app.server.address() as AddressInfo).port)}`)
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${network.origin}/me/staff/base`)
  await seedAccount(t, 'uploader-staff', 'base_staff', { baseId: 'geological-museum-of-china' })
  const login = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'uploader-staff', password: 'uploader-staff-password' }),
  })
  expect(login.status).toBe(200)
}, 120_000)
afterAll(async () => {
  await network.close()
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function mountUploader() {
  const photos = ref<BasePhoto[]>([])
  const busy = ref(false)
  const Host = defineComponent(
    () => () =>
      h(BasePhotoUploader, {
        modelValue: photos.value,
        'onUpdate:modelValue': (v: BasePhoto[]) => (photos.value = v),
        busy: busy.value,
        'onUpdate:busy': (v: boolean) => (busy.value = v),
        uploadOptions: { retryDelays: [0, 200, 500] },
      }),
  )
  return { wrapper: mount(Host, { global: { plugins: [i18n] }, attachTo: document.body }), photos, busy }
}

async function pick(wrapper: ReturnType<typeof mount>, files: File[]): Promise<void> {
  const input = wrapper.get('[data-testid="photo-gallery"]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
}

describe('the photo uploader, against the real server', () => {
  it('uploads two photos at once with their captions, resuming one whose connection dropped', async () => {
    const { wrapper, photos, busy } = mountUploader()
    const big = new File([new Uint8Array(await phonePhoto(3000, 2000))], 'gate.jpg', { type: 'image/jpeg' })
    const small = new File([new Uint8Array(await phonePhoto(1200, 800))], 'hall.jpg', { type: 'image/jpeg' })
    expect(big.size).toBeGreaterThan(2 * 1024 * 1024)
    await pick(wrapper, [big, small])
    const items = wrapper.findAll('[data-testid="photo-pending-item"]')
    expect(items).toHaveLength(2)
    // Sent as taken (happy-dom cannot decode images to crop them), with a caption each.
    for (const [i, item] of items.entries()) {
      await item.get('[data-testid="photo-aspect-original"]').trigger('click')
      await item.get('[data-testid="photo-new-caption"]').setValue(i === 0 ? '大门' : '展厅')
    }
    // The second PATCH of the big photo (from 1 MiB) loses its connection part-way.
    network.dropNext((r) => r.method === 'PATCH' && r.headers['upload-offset'] === String(1024 * 1024), 200_000)
    await wrapper.get('[data-testid="photo-upload-all"]').trigger('click')
    await vi.waitFor(() => expect(busy.value).toBe(true))
    await vi.waitFor(() => expect(photos.value).toHaveLength(2), { timeout: 30_000, interval: 50 })
    expect(busy.value).toBe(false)

    // In the order they were picked, though the big one finished last.
    expect(photos.value.map((p) => p.caption.zh)).toEqual(['大门', '展厅'])
    const gate = photos.value.find((p) => p.caption.zh === '大门')!
    // The phone held it upright (EXIF orientation 6): the server stores it as displayed.
    expect({ width: gate.width, height: gate.height }).toEqual({ width: 2000, height: 3000 })
    expect(gate.variants.map((v) => v.format)).toContain('avif')
    // After the cut: the client asked where the server was (HEAD) and went on from there, not from 0.
    const patches = network.log.filter((line) => line.startsWith('PATCH') || line.startsWith('HEAD'))
    const cut = patches.findIndex((line) => line.endsWith(` ${String(1024 * 1024)}`))
    expect(patches.slice(cut + 1).some((line) => line.startsWith('HEAD'))).toBe(true)
    expect(patches.filter((line) => line.endsWith(' 0')).length).toBe(2) // each photo started once
    expect(wrapper.findAll('[data-testid="photo-item"]')).toHaveLength(2)
    wrapper.unmount()
  }, 60_000)

  it("shows the server's refusal of a file that is not an image, whatever its name says", async () => {
    const { wrapper, photos } = mountUploader()
    await pick(wrapper, [new File(['%PDF-1.4 not a photo at all'], 'photo.jpg', { type: 'image/jpeg' })])
    await wrapper.get('[data-testid="photo-aspect-original"]').trigger('click')
    await wrapper.get('[data-testid="photo-upload-all"]').trigger('click')
    const refused = await vi.waitFor(() => wrapper.get('[data-testid="photo-refused"]'), { timeout: 10_000 })
    expect(refused.text()).toContain('这个文件不是图片')
    expect(wrapper.text()).toContain('服务器说明：文件类型不符 / not an accepted file: this is a PDF document')
    expect(photos.value).toEqual([])
    wrapper.unmount()
  })

  it('refuses a photo over the size limit before sending its bytes', async () => {
    const { wrapper } = mountUploader()
    const huge = new File([new Uint8Array(26 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' })
    await pick(wrapper, [huge])
    await wrapper.get('[data-testid="photo-aspect-original"]').trigger('click')
    const before = network.log.length
    await wrapper.get('[data-testid="photo-upload-all"]').trigger('click')
    const refused = await vi.waitFor(() => wrapper.get('[data-testid="photo-refused"]'), { timeout: 10_000 })
    expect(refused.text()).toContain('照片太大')
    expect(network.log.slice(before).some((line) => line.startsWith('PATCH'))).toBe(false)
    wrapper.unmount()
  })
})
