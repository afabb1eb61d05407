import { i18n } from './i18n.ts'

/*
 * The strings of 我的 (sign-in, settings, staff, admin, statistics) are their own lazy chunks,
 * merged into vue-i18n before any screen under /me (or a one-time link's screen) renders: the
 * first screen, the map, does not carry them. The router starts the load with the navigation and
 * waits for it before the screen resolves (createAppRouter).
 */
let loading: Promise<void> | null = null
export function loadWorkspaceMessages(): Promise<void> {
  loading ??= Promise.all([import('./locales/workspace.zh-CN.ts'), import('./locales/workspace.en.ts')]).then(
    ([zh, en]) => {
      // Deep-merged: `stats.rating` stays in the first screen's strings beside these.
      i18n.global.mergeLocaleMessage('zh-CN', zh.default)
      i18n.global.mergeLocaleMessage('en', en.default)
    },
  )
  loading.catch(() => {
    loading = null
  })
  return loading
}

/** Screens that use the workspace strings: everything under 我的 and the one-time set-up links. */
export function needsWorkspaceMessages(path: string): boolean {
  return /^\/(me|setup|expert-invite)(\/|$)/.test(path)
}
