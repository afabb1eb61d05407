import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import { baseDoc, eventDoc, expertDoc, guideDoc, themeDayDoc, workDoc } from '../../shared/domain/library-docs.ts'
import {
  baseHit,
  eventHit,
  expertHit,
  guideHit,
  searchGroups,
  themeDayHit,
  workHit,
} from '../../shared/domain/library-hits.ts'
import {
  buildLibrarySegments,
  loadSegment,
  searchLibrary,
  type LibraryDoc,
  type LibraryKind,
  type LibrarySegment,
} from '../../shared/domain/library-index.ts'
import type { SearchHit, SearchQuery, SearchResponse } from '../../shared/index.ts'
import type { DataFamily, DataVersions } from '../cache/data-versions.ts'
import type { BuiltContent } from '../content/built-content.ts'
import { pinyinKeys } from '../content/library-search-build.ts'
import type { Database } from '../db/connect.ts'
import { listedAppWorks } from './app-works.ts'
import { listBases } from './base-service.ts'
import { listEvents } from './event-service.ts'
import { listPublicExperts } from './expert-service.ts'

/*
 * GET /api/search: the library index (shared/domain/library-index.ts) over everything the server
 * has: theme days and guides from the built content; bases, events, experts and works (the
 * release's, less those the app replaced or hid, and those published in the app) from the
 * database. Each family's part is built once per version of its data and kept until the version
 * changes (an index of 10,000 bases takes seconds to build, a query milliseconds).
 */

/** Events a search covers: the past year (old ones rank lower) and as far ahead as any are planned. */
const EVENTS_PAST_DAYS = 365
const EVENTS_AHEAD_DAYS = 400
const EVENTS_SEARCH_MAX = 20_000

interface Part {
  segments: LibrarySegment[]
  hits: Map<string, SearchHit>
}

function part(docs: readonly LibraryDoc[], hits: readonly SearchHit[]): Part {
  return {
    segments: buildLibrarySegments(docs).map(loadSegment),
    hits: new Map(hits.map((h) => [`${h.kind}|${h.id}`, h])),
  }
}

type DbFamily = Extract<DataFamily, 'bases' | 'events' | 'experts' | 'works'>

export class LibrarySearch {
  /** The built content's part (theme days, guides), made on the first search. */
  private contentPart: Part | null = null
  private readonly parts = new Map<DbFamily, { version: string; part: Promise<Part> }>()

  constructor(
    private readonly db: Database,
    private readonly content: Pick<BuiltContent, 'works' | 'themeDays' | 'guides'>,
    private readonly now: () => Date,
  ) {}

  private contentIndex(): Part {
    const { themeDays, guides } = this.content
    this.contentPart ??= part(
      [
        ...themeDays.map((d) => themeDayDoc(d, pinyinKeys(d.name.zh))),
        ...guides.map((g) => guideDoc(g, pinyinKeys(g.title.zh))),
      ],
      [...themeDays.map(themeDayHit), ...guides.map(guideHit)],
    )
    return this.contentPart
  }

  private readonly builders: Record<DbFamily, () => Promise<Part>> = {
    // The release's works, less those the app replaced or hid, and the works published in the app.
    works: async () => {
      const { works: appWorks, hiddenContentIds } = await listedAppWorks(this.db)
      const works = [...this.content.works.filter((w) => !hiddenContentIds.has(w.id)), ...appWorks]
      return part(
        works.map((w) => workDoc(w, pinyinKeys(w.title.zh))),
        works.map(workHit),
      )
    },
    bases: async () => {
      const bases = await listBases(this.db)
      return part(
        bases.map((b) => baseDoc(b, pinyinKeys(b.name.zh))),
        bases.map(baseHit),
      )
    },
    events: async () => {
      const today = todayInChina(this.now())
      const events = await listEvents(
        this.db,
        { from: addDays(today, -EVENTS_PAST_DAYS), to: addDays(today, EVENTS_AHEAD_DAYS) },
        {},
        EVENTS_SEARCH_MAX,
      )
      return part(
        events.map((e) => eventDoc(e, pinyinKeys(e.title))),
        events.map(eventHit),
      )
    },
    experts: async () => {
      const experts = await listPublicExperts(this.db, {}, this.now())
      return part(experts.map(expertDoc), experts.map(expertHit))
    },
  }

  /** A family's part for `version`, built on first use; a build that fails is not kept. */
  private async family(family: DbFamily, version: string): Promise<Part> {
    const known = this.parts.get(family)
    if (known?.version === version) return known.part
    const built = this.builders[family]()
    this.parts.set(family, { version, part: built })
    built.catch(() => {
      if (this.parts.get(family)?.part === built) this.parts.delete(family)
    })
    return built
  }

  /** The versions this answer depends on, for the response cache's key. */
  async versionKey(versions: DataVersions): Promise<string> {
    const [bases, events, experts, works] = await Promise.all([
      versions.current('bases'),
      versions.current('events'),
      versions.current('experts'),
      versions.current('works'),
    ])
    return `${bases}|${events}|${experts}|${works}|${todayInChina(this.now())}`
  }

  async search(query: SearchQuery, versions: DataVersions): Promise<SearchResponse> {
    const families: DbFamily[] = ['bases', 'events', 'experts', 'works']
    const parts = [
      this.contentIndex(),
      ...(await Promise.all(families.map(async (f) => this.family(f, await versions.current(f))))),
    ]
    const results = searchLibrary(
      parts.flatMap((p) => p.segments),
      query.q,
      {
        kinds: query.kind ? [query.kind] : undefined,
        theme: query.theme,
        province: query.province,
        from: query.from,
        to: query.to,
        today: todayInChina(this.now()),
      },
    )
    const hitOf = (kind: LibraryKind, id: string) =>
      parts.reduce<SearchHit | null>((found, p) => found ?? p.hits.get(`${kind}|${id}`) ?? null, null)
    return { groups: searchGroups(results, hitOf) }
  }
}
