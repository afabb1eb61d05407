import { computed, getCurrentScope, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue'

/**
 * A long list drawn a few items at a time: the first items with the screen, the rest a few per
 * task right after, so opening a tab on a slow phone never freezes it while the whole list renders
 * (the 作品 tab's 47 cards were one ~0.5 s task at a mid-range phone's speed). Every item is drawn
 * within a moment, so find-in-page and scrolling see the whole list; a new list (a filter, a
 * search) starts again from its first items.
 */
export function useProgressiveList<T>(items: Readonly<Ref<readonly T[]>>, first = 6, step = 4): ComputedRef<readonly T[]> {
  const count = ref(first)
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = () => { if (timer !== null) clearTimeout(timer); timer = null }
  function grow(): void {
    timer = null
    if (count.value >= items.value.length) return
    count.value += step // Vue draws the new items in this task; the next ones wait for the next
    timer = setTimeout(grow, 0)
  }
  watch(items, () => {
    cancel()
    count.value = first
    timer = setTimeout(grow, 0)
  }, { immediate: true })
  if (getCurrentScope()) onScopeDispose(cancel)
  return computed(() => items.value.length <= count.value ? items.value : items.value.slice(0, count.value))
}
