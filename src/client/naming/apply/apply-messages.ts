import { i18n } from '../../app/i18n.ts'

/*
 * The 申报 screens' strings, their own lazy chunks merged under `namingApply` before a screen
 * renders (apply-screens.ts), as naming-messages.ts does for `naming`.
 */
let loading: Promise<void> | null = null
export function loadApplyMessages(): Promise<void> {
  loading ??= Promise.all([import('./naming-apply.zh-CN.ts'), import('./naming-apply.en.ts')]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { namingApply: zh.default })
    i18n.global.mergeLocaleMessage('en', { namingApply: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}
