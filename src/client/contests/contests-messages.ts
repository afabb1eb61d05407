import { i18n } from '../app/i18n.ts'

/*
 * The contest screens' strings (public and entrants) are their own lazy chunks, merged into
 * vue-i18n under `contests` before any of those screens renders (contests-screens.ts), as the
 * experts' are: the first screen does not carry them. They live in app/locales/ because only files
 * there are compiled at build time (vite.config.ts); the judges' and admins' screens keep their own.
 */
let loading: Promise<void> | null = null
export function loadContestMessages(): Promise<void> {
  loading ??= Promise.all([import('../app/locales/contests.zh-CN.ts'), import('../app/locales/contests.en.ts')]).then(
    ([zh, en]) => {
      i18n.global.mergeLocaleMessage('zh-CN', { contests: zh.default })
      i18n.global.mergeLocaleMessage('en', { contests: en.default })
    },
  )
  loading.catch(() => {
    loading = null
  })
  return loading
}
