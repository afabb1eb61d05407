import { i18n } from '../../app/i18n.ts'

/* The 申报管理 screens' strings, lazy chunks merged under `namingAdmin` (as apply/apply-messages.ts). */
let loading: Promise<void> | null = null
export function loadNamingAdminMessages(): Promise<void> {
  loading ??= Promise.all([import('./naming-admin.zh-CN.ts'), import('./naming-admin.en.ts')]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { namingAdmin: zh.default })
    i18n.global.mergeLocaleMessage('en', { namingAdmin: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}
