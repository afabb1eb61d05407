import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** `navigator.onLine` as a ref. It can say "online" behind a captive portal; requests still handle failure. */
export function useNetworkStatus(): { online: Ref<boolean> } {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const update = () => {
    online.value = navigator.onLine
  }
  onMounted(() => {
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    update()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', update)
    window.removeEventListener('offline', update)
  })
  return { online }
}
