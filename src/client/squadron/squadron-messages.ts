import { i18n } from '../app/i18n.ts'

/*
 * The 李四光中队 screens' strings are their own lazy chunks, merged into vue-i18n before any of those
 * screens renders (router.ts): the first screen of the app, which most visitors never leave for
 * this area, does not carry them.
 */
let loading: Promise<void> | null = null
export function loadSquadronMessages(): Promise<void> {
  loading ??= Promise.all([import('../app/locales/squadron.zh-CN.ts'), import('../app/locales/squadron.en.ts')]).then(
    ([zh, en]) => {
      i18n.global.mergeLocaleMessage('zh-CN', { squadron: zh.default })
      i18n.global.mergeLocaleMessage('en', { squadron: en.default })
    },
  )
  loading.catch(() => {
    loading = null
  })
  return loading
}
