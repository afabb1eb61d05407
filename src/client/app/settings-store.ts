import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { applyLocale, DEFAULT_LOCALE, isAppLocale, type AppLocale } from './i18n.ts'

export const THEMES = ['system', 'light', 'dark'] as const
export type ThemeSetting = (typeof THEMES)[number]

/**
 * Kept in localStorage, not IndexedDB: it must be read synchronously before the first paint.
 * public/before-first-paint.js reads the same key and theme rule before any module runs: change both together.
 */
export const SETTINGS_KEY = 'zk.settings.v1'

interface StoredSettings {
  locale: AppLocale
  theme: ThemeSetting
}

export function readStored(): StoredSettings {
  const fallback: StoredSettings = { locale: DEFAULT_LOCALE, theme: 'system' }
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null')
    if (raw === null || typeof raw !== 'object') return fallback
    const { locale, theme } = raw as Record<string, unknown>
    return {
      locale: isAppLocale(locale) ? locale : fallback.locale,
      theme: (THEMES as readonly unknown[]).includes(theme) ? (theme as ThemeSetting) : fallback.theme,
    }
  } catch {
    return fallback // unreadable or private-mode storage: defaults, never a crash
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const stored = readStored()
  const locale = ref<AppLocale>(stored.locale)
  const theme = ref<ThemeSetting>(stored.theme)

  const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
  const prefersDark = ref(darkQuery?.matches ?? false)
  darkQuery?.addEventListener('change', (event) => {
    prefersDark.value = event.matches
  })
  const effectiveTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (prefersDark.value ? 'dark' : 'light') : theme.value,
  )

  watch([locale, theme], () => {
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify({ locale: locale.value, theme: theme.value }))
    } catch {
      // Storage full or disabled: the choice still applies for this visit.
    }
  })
  watch(
    locale,
    (value) => {
      void applyLocale(value)
    },
    { immediate: true },
  )

  return { locale, theme, effectiveTheme }
})
