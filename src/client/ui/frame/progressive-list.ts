import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'

export interface ProgressiveList<T> {
  /** The items drawn so far: the first few, then more each time `more()` is called. */
  shown: ComputedRef<readonly T[]>
  /** How many items are not drawn yet. */
  remaining: ComputedRef<number>
  more: () => void
}

/**
 * A long list drawn a few items at a time: the first items with the screen, more as the visitor
 * reaches its end (ProgressiveList.vue watches for that, and offers a "show more" button for
 * keyboards and screen readers). Opening a tab on a slow phone then draws only what is on screen:
 * drawing the rest in the background, even a few items per task, kept the main thread busy long
 * after the tab appeared (each step a long task on a mid-range phone, counted in Total Blocking
 * Time). A new list (a filter, a search) starts again from its first items.
 */
export function useProgressiveList<T>(items: Readonly<Ref<readonly T[]>>, first = 6, step = 4): ProgressiveList<T> {
  const count = ref(first)
  watch(items, () => {
    count.value = first
  })
  return {
    shown: computed(() => (items.value.length <= count.value ? items.value : items.value.slice(0, count.value))),
    remaining: computed(() => Math.max(0, items.value.length - count.value)),
    more: () => {
      count.value += step
    },
  }
}
