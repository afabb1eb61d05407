import { mount } from '@vue/test-utils'
import { defineComponent, nextTick, ref } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AppUpdatePrompt from '../../../src/client/app/AppUpdatePrompt.vue'
import { clearDirtyForms, useDirtyForm } from '../../../src/client/app/dirty-forms.ts'
import { i18n } from '../../../src/client/app/i18n.ts'
import { onUpdateReady, updateState } from '../../../src/client/app/pwa-update.ts'

/** A form that reports unsaved input the way the app's forms do. */
const typed = ref(false)
const Form = defineComponent({
  setup() {
    useDirtyForm(typed)
  },
  template: '<form />',
})

afterEach(() => {
  updateState.value = 'idle'
  typed.value = false
  clearDirtyForms()
})

describe('update prompt', () => {
  it('offers the new version and reloads into it when asked', async () => {
    const activate = vi.fn(() => Promise.resolve())
    onUpdateReady(activate)
    const prompt = mount(AppUpdatePrompt, { global: { plugins: [i18n] } })
    await nextTick()
    expect(prompt.text()).toContain('新版本已就绪')
    await prompt.get('[data-testid="update-reload"]').trigger('click')
    expect(activate).toHaveBeenCalledWith(true)
  })

  it('never reloads while a form has unsaved input, and offers it again once the input is saved', async () => {
    const activate = vi.fn(() => Promise.resolve())
    onUpdateReady(activate)
    const form = mount(Form)
    const prompt = mount(AppUpdatePrompt, { global: { plugins: [i18n] } })
    typed.value = true
    await nextTick()
    expect(prompt.find('[data-testid="update-reload"]').exists()).toBe(false)
    expect(prompt.get('[data-testid="update-waiting"]').text()).toContain('保存或放弃正在填写的内容后再更新')
    expect(activate).not.toHaveBeenCalled()

    typed.value = false
    await nextTick()
    expect(prompt.find('[data-testid="update-reload"]').exists()).toBe(true)

    // Leaving the screen with the form also releases it.
    typed.value = true
    await nextTick()
    form.unmount()
    await nextTick()
    expect(prompt.find('[data-testid="update-reload"]').exists()).toBe(true)
  })
})

describe('offline-ready notice', () => {
  it('says the app works offline without asking anything, closes with ×, and goes by itself', async () => {
    vi.useFakeTimers()
    try {
      updateState.value = 'offline-ready'
      const prompt = mount(AppUpdatePrompt, { global: { plugins: [i18n] } })
      await nextTick()
      expect(prompt.get('[data-testid="offline-ready"]').text()).toContain('已可离线使用')
      expect(prompt.text()).not.toContain('稍后')
      expect(prompt.findAll('button').map((b) => b.attributes('aria-label'))).toEqual(['关闭'])
      vi.advanceTimersByTime(6000)
      await nextTick()
      expect(prompt.find('[data-testid="offline-ready"]').exists()).toBe(false)

      updateState.value = 'offline-ready'
      await nextTick()
      await prompt.get('[data-testid="offline-ready-close"]').trigger('click')
      expect(updateState.value).toBe('idle')
    } finally {
      vi.useRealTimers()
    }
  })
})
