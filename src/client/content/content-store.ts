import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { BuiltBase, BuiltGuide, BuiltWork, ThemeDay } from '../../shared/index.ts'

/**
 * Curated content (bases, works, theme days, guides) ships inside the app: the content build's
 * JSON is bundled as lazy chunks, which the service worker precaches, so all of it opens offline.
 * Each kind loads on first use, so the first screen does not pay for the others.
 */
/** The generated JSON is typed here, so the store type-checks (and lints) even before the first build. */
type JsonModule<T> = { default: T }

export const useContentStore = defineStore('content', () => {
  const bases = shallowRef<readonly BuiltBase[] | null>(null)
  const works = shallowRef<readonly BuiltWork[] | null>(null)
  const themeDays = shallowRef<readonly ThemeDay[] | null>(null)
  const guides = shallowRef<readonly BuiltGuide[] | null>(null)

  async function loadBases(): Promise<readonly BuiltBase[]> {
    bases.value ??= (await import('../../../generated/content/bases.json') as unknown as JsonModule<BuiltBase[]>).default
    return bases.value
  }
  async function loadWorks(): Promise<readonly BuiltWork[]> {
    works.value ??= (await import('../../../generated/content/works.json') as unknown as JsonModule<BuiltWork[]>).default
    return works.value
  }
  async function loadThemeDays(): Promise<readonly ThemeDay[]> {
    themeDays.value ??= (await import('../../../generated/content/theme-days.json') as unknown as JsonModule<ThemeDay[]>).default
    return themeDays.value
  }
  async function loadGuides(): Promise<readonly BuiltGuide[]> {
    guides.value ??= (await import('../../../generated/content/guides.json') as unknown as JsonModule<BuiltGuide[]>).default
    return guides.value
  }

  return { bases, works, themeDays, guides, loadBases, loadWorks, loadThemeDays, loadGuides }
})
