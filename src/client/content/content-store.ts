import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { BuiltBase, BuiltGuide, ThemeDay, WorkSummary, WorkText } from '../../shared/index.ts'

/**
 * Curated content (bases, works, theme days, guides) ships inside the app: the content build's
 * JSON is bundled as lazy chunks, which the service worker precaches, so all of it opens offline.
 * Each kind loads on first use, so the first screen does not pay for the others.
 */
/** The generated JSON is typed here, so the store type-checks (and lints) even before the first build. */
type JsonModule<T> = { default: T }

/** One lazy chunk per work's reading text (generated/content/work-texts/<id>.json), all precached. */
const workTexts = import.meta.glob<JsonModule<WorkText>>('../../../generated/content/work-texts/*.json')
const workTextPath = (id: string) => `../../../generated/content/work-texts/${id}.json`

export const useContentStore = defineStore('content', () => {
  const bases = shallowRef<readonly BuiltBase[] | null>(null)
  /** The works list: every field but the reading text (shared/schemas/work.ts splitWork). */
  const works = shallowRef<readonly WorkSummary[] | null>(null)
  /** Reading texts loaded so far, by work id. */
  const texts = new Map<string, WorkText>()
  const themeDays = shallowRef<readonly ThemeDay[] | null>(null)
  const guides = shallowRef<readonly BuiltGuide[] | null>(null)

  async function loadBases(): Promise<readonly BuiltBase[]> {
    bases.value ??= (
      (await import('../../../generated/content/bases.json')) as unknown as JsonModule<BuiltBase[]>
    ).default
    return bases.value
  }
  async function loadWorks(): Promise<readonly WorkSummary[]> {
    works.value ??= (
      (await import('../../../generated/content/works-list.json')) as unknown as JsonModule<WorkSummary[]>
    ).default
    return works.value
  }
  /** A work's body, sources and book details; null for an id the content does not have. */
  async function loadWorkText(id: string): Promise<WorkText | null> {
    const known = texts.get(id)
    if (known) return known
    const load = workTexts[workTextPath(id)]
    if (!load) return null
    const text = (await load()).default
    texts.set(id, text)
    return text
  }
  async function loadThemeDays(): Promise<readonly ThemeDay[]> {
    themeDays.value ??= (
      (await import('../../../generated/content/theme-days.json')) as unknown as JsonModule<ThemeDay[]>
    ).default
    return themeDays.value
  }
  async function loadGuides(): Promise<readonly BuiltGuide[]> {
    guides.value ??= (
      (await import('../../../generated/content/guides.json')) as unknown as JsonModule<BuiltGuide[]>
    ).default
    return guides.value
  }

  return { bases, works, texts, themeDays, guides, loadBases, loadWorks, loadWorkText, loadThemeDays, loadGuides }
})
