import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import BasePinPicker from '../../../src/client/bases/edit/BasePinPicker.vue'
import { loadBaseEditMessages } from '../../../src/client/bases/edit/base-edit-messages.ts'
import type { LatLon } from '../../../src/shared/domain/geo.ts'

beforeAll(async () => {
  await loadBaseEditMessages()
})

function mountPicker(initial: LatLon | null) {
  const value = ref<LatLon | null>(initial)
  const Host = defineComponent(
    () => () =>
      h(BasePinPicker, {
        modelValue: value.value,
        'onUpdate:modelValue': (v: LatLon | null) => (value.value = v),
        center: { lat: 39.9, lon: 116.4 },
        approximate: true,
      }),
  )
  return { wrapper: mount(Host, { global: { plugins: [i18n] }, attachTo: document.body }), value }
}

describe('the pin picker', () => {
  it('says the position is only approximate until a pin is set, then stores WGS-84 to six decimals', async () => {
    const { wrapper, value } = mountPicker(null)
    expect(wrapper.text()).toContain('现在只有大致位置')
    await wrapper.get('[data-testid="pin-lat"]').setValue('39.91234567')
    await flushPromises()
    expect(value.value).toEqual({ lat: 39.912346, lon: 116.4 })
    expect(wrapper.text()).not.toContain('现在只有大致位置')
    wrapper.unmount()
  })

  it('refuses a point outside China, naming the field, and keeps the pin where it was', async () => {
    const { wrapper, value } = mountPicker({ lat: 39.9, lon: 116.4 })
    // 39.9° N 125.75° E: inside China's bounding box, but in Korea.
    await wrapper.get('[data-testid="pin-lon"]').setValue('125.75')
    await flushPromises()
    expect(wrapper.get('[data-testid="pin-refused"]').text()).toBe('位置：这个位置不在中国境内，标记已放回原处。')
    expect(value.value).toEqual({ lat: 39.9, lon: 116.4 })
    expect((wrapper.get('[data-testid="pin-lon"]').element as HTMLInputElement).value).toBe('116.4')
    wrapper.unmount()
  })
})
