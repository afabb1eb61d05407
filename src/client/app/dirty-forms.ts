import { computed, onBeforeUnmount, reactive, watch, type WatchSource } from 'vue'

/**
 * Forms with unsaved input register here. The update prompt reads `hasDirtyForms` and will not
 * reload the page while any form is dirty (an update must never cost a staff member their entry).
 */
const dirty = reactive(new Set<symbol>())

export const hasDirtyForms = computed(() => dirty.size > 0)

/** Marks the calling component's form dirty while `source` is true; cleared when it unmounts. */
export function useDirtyForm(source: WatchSource<boolean>): void {
  const key = Symbol('form')
  watch(
    source,
    (isDirty) => {
      if (isDirty) dirty.add(key)
      else dirty.delete(key)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => dirty.delete(key))
}

/** For tests and for a "discard" action. */
export function clearDirtyForms(): void {
  dirty.clear()
}
