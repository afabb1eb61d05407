import { i18n } from '../../app/i18n.ts'

/*
 * The base profile screens' strings (staff editing their base, admins reviewing it) are their own
 * lazy chunks, merged into vue-i18n before any of those screens renders (router.ts), as the
 * 李四光中队 screens' are: visitors never carry them.
 */
let loading: Promise<void> | null = null
export function loadBaseEditMessages(): Promise<void> {
  loading ??= Promise.all([
    import('../../app/locales/base-edit.zh-CN.ts'),
    import('../../app/locales/base-edit.en.ts'),
  ]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { baseEdit: zh.default })
    i18n.global.mergeLocaleMessage('en', { baseEdit: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}
