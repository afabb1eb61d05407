import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { BuiltBase, BuiltGuide, ThemeDay, WorkSummary, WorkText } from '../../shared/index.ts'
import type { TitleKeys } from '../../shared/domain/search-text.ts'

/**
 * Curated content (bases, works, theme days, guides) ships inside the app: the content build's
 * JSON is bundled as lazy chunks, which the service worker precaches, so all of it opens offline.
 * Each kind loads on first use, so the first screen does not pay for the others.
 */
/** The generated JSON is typed here, so the store type-checks (and lints) even before the first build. */
type JsonModule<T> = { default: T }

/** Works published in the app, as the works screens draw them (works/app-work-view.ts). */
export interface AppWorks {
  works: readonly WorkSummary[]
  texts: ReadonlyMap<string, WorkText>
  removed: ReadonlySet<string>
  /** Each work's title pinyin and initials, as the server made them (for the offline search). */
  keys?: ReadonlyMap<string, TitleKeys>
}

/** One lazy chunk per work's reading text (generated/content/work-texts/<id>.json), all precached. */
const workTexts = import.meta.glob<JsonModule<WorkText>>('../../../generated/content/work-texts/*.json')
const workTextPath = (id: string) => `../../../generated/content/work-texts/${id}.json`

export const useContentStore = defineStore('content', () => {
  const bases = shallowRef<readonly BuiltBase[] | null>(null)
  /** The shipped works list: every field but the reading text (shared/schemas/work.ts splitWork). */
  const shippedWorks = shallowRef<readonly WorkSummary[] | null>(null)
  /**
   * Works published in the app that the phone has (works/app-works.ts sets them): new ones, and
   * shipped ones edited in the app, with their texts; and the ids visitors must no longer see.
   */
  const appWorks = shallowRef<AppWorks | null>(null)
  /** The works list: the shipped works, edited ones replaced, new ones added, removed ones hidden. */
  const works = computed<readonly WorkSummary[] | null>({
    get: () => {
      const shipped = shippedWorks.value
      const app = appWorks.value
      if (!shipped || !app || (app.works.length === 0 && app.removed.size === 0)) return shipped
      const edited = new Map(app.works.map((w) => [w.id, w]))
      const shippedIds = new Set(shipped.map((w) => w.id))
      return [...shipped.map((w) => edited.get(w.id) ?? w), ...app.works.filter((w) => !shippedIds.has(w.id))].filter(
        (w) => !app.removed.has(w.id),
      )
    },
    set: (list) => {
      shippedWorks.value = list
    },
  })
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
    shippedWorks.value ??= (
      (await import('../../../generated/content/works-list.json')) as unknown as JsonModule<WorkSummary[]>
    ).default
    return works.value ?? shippedWorks.value
  }
  /** A work's body, sources and book details; null for an id the content does not have. */
  async function loadWorkText(id: string): Promise<WorkText | null> {
    const app = appWorks.value?.texts.get(id)
    if (app) return app
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

  return {
    bases,
    works,
    appWorks,
    texts,
    themeDays,
    guides,
    loadBases,
    loadWorks,
    loadWorkText,
    loadThemeDays,
    loadGuides,
  }
})
