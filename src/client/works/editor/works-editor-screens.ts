import type { RouteComponent } from 'vue-router'
import { i18n } from '../../app/i18n.ts'

/*
 * The works editor's screens (issue 26), each its own lazy chunk, reached by the router through this
 * one index (as naming/naming-screens.ts). Their strings (works-editor.zh-CN.ts and .en.ts, compiled
 * at build time: vite.config.ts lists them) are merged under `worksEditor` before any of them renders.
 */
const screens = {
  list: () => import('./WorksEditorListView.vue'),
  edit: () => import('./WorkEditorView.vue'),
  /** 我的's link, for admins and staff allowed to edit works. */
  meLink: () => import('./WorksEditorMeLink.vue'),
  /** The admin's switch on a base staff account's page. */
  accountSwitch: () => import('./WorksEditorAccountSwitch.vue'),
} satisfies Record<string, () => Promise<{ default: RouteComponent }>>

export type WorksEditorScreen = keyof typeof screens

let loading: Promise<void> | null = null
export function loadWorksEditorMessages(): Promise<void> {
  loading ??= Promise.all([import('./works-editor.zh-CN.ts'), import('./works-editor.en.ts')]).then(([zh, en]) => {
    i18n.global.mergeLocaleMessage('zh-CN', { worksEditor: zh.default })
    i18n.global.mergeLocaleMessage('en', { worksEditor: en.default })
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}

export async function loadWorksEditorScreen(screen: WorksEditorScreen): Promise<{ default: RouteComponent }> {
  const [module] = await Promise.all([screens[screen](), loadWorksEditorMessages()])
  return module
}
