import { i18n } from '../app/i18n.ts'

/*
 * The 科普专家库 screens' strings are their own lazy chunks, merged into vue-i18n (under `experts`)
 * before any of those screens renders (router.ts), as the 李四光中队 screens' are: the first screen
 * does not carry them.
 */
let loading: Promise<void> | null = null
export function loadExpertMessages(): Promise<void> {
  loading ??= Promise.all([import('../app/locales/experts.zh-CN.ts'), import('../app/locales/experts.en.ts')]).then(
    ([zh, en]) => {
      i18n.global.mergeLocaleMessage('zh-CN', { experts: zh.default })
      i18n.global.mergeLocaleMessage('en', { experts: en.default })
    },
  )
  loading.catch(() => {
    loading = null
  })
  return loading
}
