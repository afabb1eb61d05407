import type { BuiltBase } from '../schemas/base.ts'
import type { ExpertSummary } from '../schemas/expert.ts'
import type { PublicEvent } from '../schemas/events.ts'
import type { BuiltGuide } from '../schemas/guide.ts'
import type { ThemeDay } from '../schemas/theme-day.ts'
import type { BuiltWork } from '../schemas/work.ts'
import type { LibraryDoc } from './library-index.ts'
import { markdownPlainText, type TitleKeys } from './search-text.ts'

/**
 * What each kind of thing gives the library index (library-index.ts), one function per kind, so
 * the content build, the server and the phone index the same fields. Pinyin keys come from the
 * caller: the build and the server compute them (pinyin-pro), the phone passes what it was given.
 */

const lines = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join('\n')

export function baseDoc(base: BuiltBase, keys?: TitleKeys): LibraryDoc {
  return {
    kind: 'base',
    id: base.id,
    title: base.name.zh,
    titleEn: base.name.en,
    // A base's pinyin as one word: the build's keys have no word breaks (derive.ts searchKeys).
    keys: keys ?? { pinyin: base.search.pinyin, initials: base.search.initials },
    summary: lines(base.province, base.city, base.designation.title, base.address),
    body: lines(base.description?.zh, base.description?.en),
    province: base.province,
  }
}

export function workDoc(
  work: Pick<BuiltWork, 'id' | 'title' | 'summary' | 'body' | 'topics' | 'published'>,
  keys?: TitleKeys,
): LibraryDoc {
  return {
    kind: 'work',
    id: work.id,
    title: work.title.zh,
    titleEn: work.title.en,
    keys,
    summary: lines(work.summary.zh, work.summary.en),
    body: markdownPlainText(work.body),
    themes: work.topics,
    date: work.published,
  }
}

export function themeDayDoc(day: ThemeDay, keys?: TitleKeys): LibraryDoc {
  return {
    kind: 'theme-day',
    id: day.id,
    title: day.name.zh,
    titleEn: day.name.en,
    keys,
    summary: lines(day.description.zh, day.description.en),
  }
}

export function guideDoc(guide: BuiltGuide, keys?: TitleKeys): LibraryDoc {
  return {
    kind: 'guide',
    id: guide.id,
    title: guide.title.zh,
    titleEn: guide.title.en,
    keys,
    summary: lines(guide.summary.zh, guide.summary.en),
    body: markdownPlainText(guide.body),
  }
}

/** An event; its base's name is in the summary, so "湿地公园 讲座" finds a talk there. */
export function eventDoc(
  event: Pick<PublicEvent, 'id' | 'title' | 'description' | 'start' | 'place' | 'base'>,
  keys?: TitleKeys,
): LibraryDoc {
  return {
    kind: 'event',
    id: event.id,
    title: event.title,
    keys,
    summary: lines(event.place, event.base.name.zh, event.base.name.en, event.base.province),
    body: event.description,
    province: event.base.province,
    date: event.start.slice(0, 10),
  }
}

/** An expert as the public sees them: hidden fields are already null, so they are not indexed either. */
export function expertDoc(
  expert: Pick<ExpertSummary, 'id' | 'name' | 'title' | 'institution' | 'fields' | 'region' | 'search'>,
): LibraryDoc {
  return {
    kind: 'expert',
    id: expert.id,
    title: expert.name,
    keys: expert.search,
    summary: lines(expert.title, expert.institution),
    themes: expert.fields,
    province: expert.region,
  }
}
