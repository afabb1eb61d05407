import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import BaseHoursEditor from '../../../src/client/bases/edit/BaseHoursEditor.vue'
import { loadBaseEditMessages } from '../../../src/client/bases/edit/base-edit-messages.ts'

beforeAll(async () => {
  await loadBaseEditMessages()
})

// Tuesday 2026-11-24, 09:30 in Shanghai.
const NOW = new Date('2026-11-24T01:30:00Z')

/** The editor inside a parent holding its v-model, as the staff screen does. */
function mountEditor(initial: string | null) {
  const value = ref<string | null>(initial)
  const valid = ref(true)
  const Host = defineComponent(
    () => () =>
      h(BaseHoursEditor, {
        modelValue: value.value,
        'onUpdate:modelValue': (v: string | null) => (value.value = v),
        valid: valid.value,
        'onUpdate:valid': (v: boolean) => (valid.value = v),
        now: NOW,
      }),
  )
  const wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
  return { wrapper, value, valid }
}

async function setTime(wrapper: ReturnType<typeof mount>, testid: string, time: string): Promise<void> {
  const input = wrapper.get(`[data-testid="${testid}"]`)
  ;(input.element as HTMLInputElement).value = time
  await input.trigger('change')
  await flushPromises()
}

describe('the opening hours editor', () => {
  it('starts from a museum week and writes the value as days are changed', async () => {
    const { wrapper, value } = mountEditor(null)
    expect(wrapper.get('[data-testid="hours-empty"]').text()).toBe('还没有填写开放时间。')
    await wrapper.get('[data-testid="hours-start"]').trigger('click')
    await flushPromises()
    expect(value.value).toBe('Tu-Su 09:00-17:00; Mo off')

    // A lunch break on Tuesday: 09:00–12:00 and 13:30–17:00.
    await setTime(wrapper, 'hours-week-day-1-to-0', '12:00')
    await wrapper.get('[data-testid="hours-week-day-1-add"]').trigger('click')
    await flushPromises()
    await setTime(wrapper, 'hours-week-day-1-from-1', '13:30')
    await setTime(wrapper, 'hours-week-day-1-to-1', '17:00')
    expect(value.value).toBe('Tu 09:00-12:00,13:30-17:00; We-Su 09:00-17:00; Mo off')

    // Wednesday the same as Tuesday; closed on public holidays.
    await wrapper.get('[data-testid="hours-week-day-2-copy"]').trigger('click')
    await wrapper.get('[data-testid="hours-holidays-closed"]').trigger('click')
    await flushPromises()
    expect(value.value).toBe('Tu,We 09:00-12:00,13:30-17:00; Th-Su 09:00-17:00; Mo off; PH off')
    expect(wrapper.get('[data-testid="hours-value"]').text()).toBe(value.value)
    wrapper.unmount()
  })

  it('previews now and the next seven days in China time', async () => {
    const { wrapper } = mountEditor('Tu-Su 09:00-16:30; Mo off')
    await flushPromises()
    expect(wrapper.get('[data-testid="hours-preview-now"]').text()).toBe('现在：开放中，16:30 闭馆')
    const days = wrapper
      .findAll('[data-testid="hours-preview-day"]')
      .map((d) => d.findAll('span').map((part) => part.text()))
    expect(days).toHaveLength(7)
    expect(days[0]).toEqual(['今天 周二 11/24', '09:00–16:30'])
    expect(days[6]).toEqual(['周一 11/30', '闭馆'])
    wrapper.unmount()
  })

  it('keeps an unchanged value as it was written, and writes nothing while a range is impossible', async () => {
    const { wrapper, value, valid } = mountEditor('Tu-Su 09:00-16:30')
    await flushPromises()
    expect(value.value).toBe('Tu-Su 09:00-16:30') // not rewritten as "…; Mo off" until something changes
    await setTime(wrapper, 'hours-week-day-2-to-0', '08:00')
    expect(valid.value).toBe(false)
    expect(value.value).toBe('Tu-Su 09:00-16:30')
    expect(wrapper.get('[data-testid="hours-week-day-2"]').text()).toContain('结束时间要晚于开始时间')
    await setTime(wrapper, 'hours-week-day-2-to-0', '00:00') // midnight
    expect(valid.value).toBe(true)
    expect(value.value).toBe('Tu,Th-Su 09:00-16:30; We 09:00-24:00; Mo off')
    wrapper.unmount()
  })

  it('adds a winter season with its own week', async () => {
    const { wrapper, value } = mountEditor('Mo-Su 08:00-18:00')
    await flushPromises()
    await wrapper.get('[data-testid="hours-add-season"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="hours-season-0-week-day-0-open"]').trigger('click')
    await flushPromises()
    expect(value.value).toBe('Mo-Su 08:00-18:00; Nov 01-Mar 31: Tu-Su 08:00-18:00; Nov 01-Mar 31: Mo off')
    wrapper.unmount()
  })

  it('opens hours it cannot show as text, saying which part, and keeps them', async () => {
    const { wrapper, value, valid } = mountEditor('Mo-Fr 09:00-17:00; Sa 10:00-14:00 "by appointment"')
    await flushPromises()
    expect(wrapper.get('[data-testid="hours-unrepresentable"]').text()).toContain('Sa 10:00-14:00 "by appointment"')
    expect(value.value).toBe('Mo-Fr 09:00-17:00; Sa 10:00-14:00 "by appointment"')
    const raw = wrapper.get('[data-testid="hours-raw"] textarea')
    await raw.setValue('Mo-Fr 09:00-17:00; Sa 10:00-')
    expect(valid.value).toBe(false)
    expect(wrapper.get('[data-testid="hours-raw"]').text()).toContain('无法识别')
    await raw.setValue('Mo-Fr 09:00-17:00; Sa 10:00-14:00')
    expect(valid.value).toBe(true)
    expect(value.value).toBe('Mo-Fr 09:00-17:00; Sa 10:00-14:00')
    await wrapper.get('[data-testid="hours-to-editor"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="hours-week"]').exists()).toBe(true)
    wrapper.unmount()
  })
})
