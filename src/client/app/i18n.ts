import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import zhCN from './locales/zh-CN.ts'
import type { AppMessages } from './locales/en.ts'

export const LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
/** @default 'zh-CN' */
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  // English is added by loadEnglish() when first chosen; zh-CN is the fallback for every key.
  // In the build the locale files hold precompiled messages (vite.config.ts) and vue-i18n has no
  // message compiler: only messages from those files can be used, never strings made at run time.
  messages: { 'zh-CN': zhCN } as unknown as Record<AppLocale, AppMessages>,
  // One hint shows a CAP tag (<alert xmlns=…>) as text: Vue escapes every message and none goes
  // through v-html, so there is no HTML to warn about (the build's precompiler skips this check too).
  warnHtmlMessage: false,
})

/**
 * English (the app's and Vant's strings) is a lazy chunk: most visitors read Chinese, and the
 * first screen should not carry a second copy of every string. Loaded once, on first use.
 */
let english: Promise<Parameters<typeof VantLocale.use>[1]> | null = null
export function loadEnglish(): Promise<Parameters<typeof VantLocale.use>[1]> {
  english ??= Promise.all([import('./locales/en.ts'), import('vant/es/locale/lang/en-US')]).then(([app, vant]) => {
    // Merged, not set: feature screens merge their own lazily loaded strings (squadron-messages.ts).
    i18n.global.mergeLocaleMessage('en', app.default)
    return vant.default
  })
  english.catch(() => {
    english = null
  })
  return english
}

let switching = 0
/** Switches the app, Vant's own strings and `<html lang>` (screen readers, CJK font choice) together. */
export async function applyLocale(locale: AppLocale): Promise<void> {
  const run = ++switching
  const vantEnglish = locale === 'en' ? await loadEnglish() : null
  if (run !== switching) return // a later switch won
  i18n.global.locale.value = locale
  if (vantEnglish) VantLocale.use('en-US', vantEnglish)
  else VantLocale.use('zh-CN', vantZhCN)
  document.documentElement.lang = locale
}
