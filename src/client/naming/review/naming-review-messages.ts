import { i18n } from '../../app/i18n.ts'

/*
 * The review and evaluation screens' strings, a lazy chunk merged under `namingReview` before any
 * of those screens (or their links under 我的) renders, as naming-messages.ts does for `naming`.
 */
let loading: Promise<void> | null = null
export function loadNamingReviewMessages(): Promise<void> {
  loading ??= Promise.all([import('./naming-review.zh-CN.ts'), import('./naming-review.en.ts')]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { namingReview: zh.default })
    i18n.global.mergeLocaleMessage('en', { namingReview: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}
