/* eslint-disable vue/one-component-per-file -- small harness components, one per test */
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, onUpdated, ref } from 'vue'
import ProgressiveList from '../../src/client/ui/ProgressiveList.vue'
import { useProgressiveList } from '../../src/client/ui/progressive-list.ts'

const items = ref<number[]>([])
const List = defineComponent({
  setup() {
    const shown = useProgressiveList(items)
    return () => h('ul', shown.value.map((n) => h('li', { key: n }, String(n))))
  },
})
const count = (w: ReturnType<typeof mount>) => w.findAll('li').length

afterEach(() => { vi.useRealTimers() })

describe('a long list drawn a few items at a time', () => {
  it('draws the first items with the screen and every item a moment later', async () => {
    vi.useFakeTimers()
    items.value = Array.from({ length: 47 }, (_, i) => i)
    const w = mount(List)
    expect(count(w)).toBe(6)
    await vi.advanceTimersByTimeAsync(1)
    expect(count(w)).toBeGreaterThan(6)
    expect(count(w)).toBeLessThan(47)
    await vi.runAllTimersAsync()
    expect(count(w)).toBe(47)
    expect(w.findAll('li').at(-1)?.text()).toBe('46')
    w.unmount()
  })

  it('starts again from the first items of a new list (a filter), and shows a short list whole', async () => {
    vi.useFakeTimers()
    items.value = Array.from({ length: 30 }, (_, i) => i)
    const w = mount(List)
    await vi.runAllTimersAsync()
    expect(count(w)).toBe(30)
    items.value = Array.from({ length: 20 }, (_, i) => 100 + i)
    await nextTick()
    expect(count(w)).toBe(6)
    expect(w.find('li').text()).toBe('100')
    await vi.runAllTimersAsync()
    expect(count(w)).toBe(20)
    items.value = [1, 2, 3]
    await nextTick()
    expect(count(w)).toBe(3)
    w.unmount()
  })

  it('stops drawing when the list leaves the screen', () => {
    vi.useFakeTimers()
    items.value = Array.from({ length: 40 }, (_, i) => i)
    const w = mount(List)
    w.unmount()
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('ProgressiveList', () => {
  it('grows its own list without re-rendering the screen around it', async () => {
    vi.useFakeTimers()
    const works = ref(Array.from({ length: 40 }, (_, i) => ({ id: `w${String(i)}` })))
    let screenRenders = 0
    const Screen = defineComponent({
      setup() {
        onUpdated(() => { screenRenders++ })
        return () => h('main', [h('h1', 'works'), h(ProgressiveList<{ id: string }>, { items: works.value, itemKey: (w: { id: string }) => w.id, class: 'list' }, {
          default: ({ item }: { item: { id: string } }) => h('span', item.id),
        })])
      },
    })
    const w = mount(Screen)
    expect(w.findAll('.list li')).toHaveLength(6)
    await vi.runAllTimersAsync()
    expect(w.findAll('.list li')).toHaveLength(40)
    expect(w.findAll('.list li').at(-1)?.text()).toBe('w39')
    expect(screenRenders).toBe(0)
    w.unmount()
  })

  it('can leave each item to draw its own element (itemTag null), still growing to the whole list', async () => {
    vi.useFakeTimers()
    const months = Array.from({ length: 12 }, (_, i) => ({ key: `2027-${String(i + 1).padStart(2, '0')}` }))
    const w = mount(ProgressiveList<{ key: string }>, {
      props: { items: months, itemKey: (m: { key: string }) => m.key, first: 2, step: 2, tag: 'div', itemTag: null },
      slots: { default: ({ item }: { item: { key: string } }) => h('section', { class: 'month' }, item.key) },
    })
    expect(w.element.tagName).toBe('DIV')
    expect(w.findAll('div > section.month')).toHaveLength(2)
    expect(w.findAll('li')).toHaveLength(0)
    await vi.runAllTimersAsync()
    expect(w.findAll('div > section.month').map((s) => s.text())).toEqual(months.map((m) => m.key))
    w.unmount()
  })
})
