/* eslint-disable vue/one-component-per-file -- small harness components, one per test */
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, onUpdated, ref } from 'vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import ProgressiveList from '../../../src/client/ui/frame/ProgressiveList.vue'
import { useProgressiveList } from '../../../src/client/ui/frame/progressive-list.ts'

/**
 * The browser's IntersectionObserver, driven by the test: `near(true)` is the list's end scrolling
 * within reach. Like the browser's, it reports an element's state once after each observe(), in a
 * later task, and after that only when the state changes.
 */
class FakeObserver {
  static all: FakeObserver[] = []
  static near = false
  targets = new Set<Element>()
  constructor(readonly callback: IntersectionObserverCallback) {
    FakeObserver.all.push(this)
  }
  observe(el: Element) {
    this.targets.add(el)
    setTimeout(() => {
      if (this.targets.has(el))
        this.callback(
          [{ target: el, isIntersecting: FakeObserver.near } as unknown as IntersectionObserverEntry],
          this as unknown as IntersectionObserver,
        )
    }, 0)
  }
  unobserve(el: Element) {
    this.targets.delete(el)
  }
  disconnect() {
    this.targets.clear()
  }
}
function near(isIntersecting: boolean): void {
  FakeObserver.near = isIntersecting
  for (const o of FakeObserver.all) {
    const entries = [...o.targets].map((target) => ({ target, isIntersecting }) as unknown as IntersectionObserverEntry)
    if (entries.length) o.callback(entries, o as unknown as IntersectionObserver)
  }
}
beforeEach(() => {
  FakeObserver.all = []
  FakeObserver.near = false
  vi.stubGlobal('IntersectionObserver', FakeObserver)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('a long list drawn a few items at a time', () => {
  const items = ref<number[]>([])
  const List = defineComponent({
    setup() {
      const { shown, remaining, more } = useProgressiveList(items)
      return () =>
        h('div', [
          h(
            'ul',
            shown.value.map((n) => h('li', { key: n }, String(n))),
          ),
          h('button', { onClick: more }, String(remaining.value)),
        ])
    },
  })

  it('draws the first items, more on request, and starts again from the first items of a new list', async () => {
    items.value = Array.from({ length: 30 }, (_, i) => i)
    const w = mount(List)
    expect(w.findAll('li')).toHaveLength(6)
    expect(w.get('button').text()).toBe('24')
    await w.get('button').trigger('click')
    expect(w.findAll('li')).toHaveLength(10)
    items.value = Array.from({ length: 20 }, (_, i) => 100 + i)
    await nextTick()
    expect(w.findAll('li').map((li) => li.text())).toEqual(['100', '101', '102', '103', '104', '105'])
    items.value = [1, 2, 3]
    await nextTick()
    expect(w.findAll('li')).toHaveLength(3)
    expect(w.get('button').text()).toBe('0')
    w.unmount()
  })
})

describe('ProgressiveList', () => {
  const works = Array.from({ length: 40 }, (_, i) => ({ id: `w${String(i)}` }))
  const mountList = (props: Record<string, unknown> = {}) =>
    mount(ProgressiveList<{ id: string }>, {
      props: { items: works, itemKey: (w: { id: string }) => w.id, ...props },
      attrs: { class: 'works', 'data-testid': 'works-list' },
      slots: { default: ({ item }: { item: { id: string } }) => h('span', item.id) },
      global: { plugins: [i18n] },
    })

  it('draws nothing more while the visitor stays at the top: no background work after the screen appears', async () => {
    vi.useFakeTimers()
    const w = mountList()
    await vi.runAllTimersAsync()
    expect(w.findAll('li')).toHaveLength(6)
    expect(w.get('[data-testid="works-list"]').element.tagName).toBe('UL') // the caller's attributes reach the list itself
    expect(w.get('[data-testid="works-list"]').classes()).toContain('works')
    w.unmount()
  })

  it('grows a step per task while the end of the list is near the screen, and stops when it is not', async () => {
    vi.useFakeTimers()
    const w = mountList()
    await nextTick() // the button is observed once drawn
    near(true)
    await vi.runOnlyPendingTimersAsync()
    expect(w.findAll('li')).toHaveLength(10) // one step in this task …
    await vi.runOnlyPendingTimersAsync() // the observer's answer for the layout after it: still near
    expect(w.findAll('li')).toHaveLength(10)
    await vi.runOnlyPendingTimersAsync()
    expect(w.findAll('li')).toHaveLength(14) // … the next in a task of its own
    near(false)
    await vi.runAllTimersAsync()
    expect(w.findAll('li')).toHaveLength(14)
    near(true)
    await vi.runAllTimersAsync()
    expect(w.findAll('li')).toHaveLength(40)
    expect(w.findAll('li').at(-1)?.text()).toBe('w39')
    expect(w.find('[data-testid="list-more"]').exists()).toBe(false) // the end: no button left to observe
    w.unmount()
  })

  it('draws no step more than the screen needs: after each step it asks the observer again', async () => {
    vi.useFakeTimers()
    const w = mountList()
    await vi.runAllTimersAsync() // the first report: the end is out of reach
    near(true) // the visitor scrolls the end within reach …
    FakeObserver.near = false // … and one step pushes it out of reach again
    await vi.runAllTimersAsync()
    expect(w.findAll('li')).toHaveLength(10)
    w.unmount()
  })

  it('offers a button that says how many are left, for a keyboard or a screen reader', async () => {
    const w = mountList()
    const more = w.get('[data-testid="list-more"]')
    expect(more.element.tagName).toBe('BUTTON')
    expect(more.text()).toBe('再显示 34 项')
    await more.trigger('click')
    expect(w.findAll('li')).toHaveLength(10)
    expect(w.get('[data-testid="list-more"]').text()).toBe('再显示 30 项')
    w.unmount()
  })

  it('moves focus to the first item it drew when the button draws the last ones and goes', async () => {
    const w = mount(ProgressiveList<{ id: string }>, {
      props: { items: works.slice(0, 12), itemKey: (x: { id: string }) => x.id },
      slots: { default: ({ item }: { item: { id: string } }) => h('span', item.id) },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    const button = w.get('[data-testid="list-more"]')
    ;(button.element as HTMLButtonElement).focus()
    await button.trigger('click') // 6 → 10: the button stays, and so does focus
    await nextTick()
    expect(document.activeElement).toBe(w.get('[data-testid="list-more"]').element)
    await w.get('[data-testid="list-more"]').trigger('click') // 10 → 12: the last ones
    await vi.waitFor(() => expect(w.find('[data-testid="list-more"]').exists()).toBe(false))
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('w10'))
    expect(document.activeElement?.tagName).toBe('LI')
    w.unmount()
  })

  it('stops observing and drawing when the list leaves the screen', async () => {
    vi.useFakeTimers()
    const w = mountList()
    await vi.runAllTimersAsync() // the first report: the end is out of reach
    near(true)
    expect(vi.getTimerCount()).toBe(1)
    w.unmount()
    expect(vi.getTimerCount()).toBe(0)
    expect(FakeObserver.all.every((o) => o.targets.size === 0)).toBe(true)
  })

  it('grows its own list without re-rendering the screen around it', async () => {
    let screenRenders = 0
    const Screen = defineComponent({
      setup() {
        onUpdated(() => {
          screenRenders++
        })
        return () =>
          h('main', [
            h('h1', 'works'),
            h(
              ProgressiveList<{ id: string }>,
              { items: works, itemKey: (w: { id: string }) => w.id, class: 'list' },
              {
                default: ({ item }: { item: { id: string } }) => h('span', item.id),
              },
            ),
          ])
      },
    })
    const w = mount(Screen, { global: { plugins: [i18n] } })
    expect(w.findAll('.list li')).toHaveLength(6)
    await w.get('[data-testid="list-more"]').trigger('click')
    expect(w.findAll('.list li')).toHaveLength(10)
    expect(screenRenders).toBe(0)
    w.unmount()
  })

  it('can leave each item to draw its own element (itemTag null)', async () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ key: `2027-${String(i + 1).padStart(2, '0')}` }))
    const w = mount(ProgressiveList<{ key: string }>, {
      props: { items: months, itemKey: (m: { key: string }) => m.key, first: 2, step: 2, tag: 'div', itemTag: null },
      slots: { default: ({ item }: { item: { key: string } }) => h('section', { class: 'month' }, item.key) },
      global: { plugins: [i18n] },
    })
    expect(w.findAll('div > section.month').map((s) => s.text())).toEqual(['2027-01', '2027-02'])
    expect(w.findAll('li')).toHaveLength(0)
    await w.get('[data-testid="list-more"]').trigger('click')
    expect(w.findAll('div > section.month')).toHaveLength(4)
    w.unmount()
  })
})
