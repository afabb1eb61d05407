import { i18n } from '../app/i18n.ts'

/*
 * The naming screens' strings are their own lazy chunks, merged into vue-i18n (under `naming`)
 * before any of those screens renders, as the experts' are: the first screen does not carry them.
 */
let loading: Promise<void> | null = null
export function loadNamingMessages(): Promise<void> {
  loading ??= Promise.all([import('./naming.zh-CN.ts'), import('./naming.en.ts')]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { naming: zh.default })
    i18n.global.mergeLocaleMessage('en', { naming: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}
