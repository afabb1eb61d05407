import {
  baseContent,
  builtGuide,
  guideFrontMatter,
  themeDay,
  workFrontMatter,
  type BaseContent,
  type BuiltBase,
  type BuiltExpertBatch,
  type BuiltGuide,
  type BuiltWork,
  type ThemeDay,
  type WorkExpertCredit,
} from '../../shared/index.ts'
import type { z } from 'zod'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { byCodeUnit } from '../../shared/domain/compare.ts'
import { openingHoursError } from '../../shared/domain/opening-hours.ts'
import { repostUrls } from '../../shared/schemas/base-source.ts'
import type { BuiltContent } from './built-content.ts'
import { zodErrors, type ContentError } from './content-error.ts'
import { deriveBase } from './derive.ts'
import { loadExpertBatches } from './expert-batches.ts'
import { readEntries, readYamlFile } from './parse-files.ts'
import { checkMarkdownSafety } from './markdown-safety.ts'
import { loadWorldGeoparks } from './world-geoparks.ts'

type WorkFrontMatter = z.infer<typeof workFrontMatter>

export type LoadResult = { ok: true; content: BuiltContent } | { ok: false; errors: ContentError[] }

/**
 * Reads and validates everything under `contentDir`, collecting every error (not just the
 * first), then checks links between entries and derives the build-time fields.
 */
export async function loadContent(contentDir: string, options: { mediaDir?: string } = {}): Promise<LoadResult> {
  const mediaDir = options.mediaDir ?? DEFAULT_MEDIA_DIR
  const errors: ContentError[] = []

  const bases: BuiltBase[] = []
  for (const entry of await readEntries(contentDir, 'bases', '.yaml', errors)) {
    const parsed = baseContent.safeParse({ id: entry.id, ...(entry.data as object) })
    if (!parsed.success) {
      errors.push(...zodErrors(entry.file, parsed.error))
      continue
    }
    const hours = parsed.data.openingHours
    const hoursError = hours === undefined ? null : openingHoursError(hours)
    if (hoursError) {
      errors.push({ file: entry.file, field: 'openingHours', reason: `not valid opening_hours syntax: ${hoursError}` })
      continue
    }
    const leaked = shownRepost(parsed.data)
    if (leaked) {
      errors.push({
        file: entry.file,
        field: leaked.field,
        reason: `${leaked.url} is marked as a repost: keep it in sources as a research note, never as a link`,
      })
      continue
    }
    bases.push(deriveBase(parsed.data))
  }
  bases.push(...(await loadWorldGeoparks(contentDir, bases, errors)))

  const themeDays: ThemeDay[] = []
  const themeFile = await readYamlFile(contentDir, 'theme-days.yaml', errors)
  if (themeFile) {
    if (!Array.isArray(themeFile.data))
      errors.push({ file: themeFile.file, field: '(file)', reason: 'must be a list of theme days' })
    else
      themeFile.data.forEach((item: unknown, i) => {
        const parsed = themeDay.safeParse(item)
        if (parsed.success) themeDays.push(parsed.data)
        else errors.push(...zodErrors(themeFile.file, parsed.error, `[${i}]`))
      })
    duplicates(themeDays.map((t) => t.id)).forEach((id) =>
      errors.push({ file: themeFile.file, field: 'id', reason: `duplicate theme day id "${id}"` }),
    )
  }

  const baseIds = new Set(bases.map((b) => b.id))
  const themeDayIds = new Set(themeDays.map((t) => t.id))
  const expertBatches: BuiltExpertBatch[] = await loadExpertBatches(contentDir, errors)
  const expertKeys = new Set(expertBatches.flatMap((b) => b.experts.map((e) => `${b.id}/${e.name}`)))

  const works: BuiltWork[] = []
  for (const entry of await readEntries(contentDir, 'works', '.md', errors)) {
    const parsed = workFrontMatter.safeParse(entry.data)
    if (!parsed.success) {
      errors.push(...zodErrors(entry.file, parsed.error))
      continue
    }
    const before = errors.length
    parsed.data.bases.forEach((id, i) => {
      if (!baseIds.has(id)) errors.push({ file: entry.file, field: `bases.${i}`, reason: `no base with id "${id}"` })
    })
    parsed.data.themeDays.forEach((id, i) => {
      if (!themeDayIds.has(id))
        errors.push({ file: entry.file, field: `themeDays.${i}`, reason: `no theme day with id "${id}"` })
    })
    errors.push(...checkCredits(entry.file, parsed.data.credits ?? [], expertKeys))
    errors.push(...checkMarkdownSafety(entry.file, entry.body ?? ''))
    const mediaBytes = await checkWorkFiles(entry.file, parsed.data, mediaDir, errors)
    if (errors.length === before)
      works.push({ ...parsed.data, id: entry.id, body: entry.body ?? '', ...(mediaBytes > 0 ? { mediaBytes } : {}) })
  }

  const guides: BuiltGuide[] = []
  for (const entry of await readEntries(contentDir, 'guides', '.md', errors)) {
    const parsed = guideFrontMatter.safeParse(entry.data)
    if (!parsed.success) {
      errors.push(...zodErrors(entry.file, parsed.error))
      continue
    }
    const safety = checkMarkdownSafety(entry.file, entry.body ?? '')
    errors.push(...safety)
    if (safety.length === 0) guides.push(builtGuide.parse({ ...parsed.data, id: entry.id, body: entry.body ?? '' }))
  }

  if (errors.length > 0) return { ok: false, errors }
  return {
    ok: true,
    content: {
      // Code-unit order, as the server lists them (services/base-service.ts BASE_ORDER).
      bases: bases.sort((a, b) => byCodeUnit(a.id, b.id)),
      themeDays: themeDays.sort((a, b) => a.sortKey.localeCompare(b.sortKey) || a.id.localeCompare(b.id)),
      works: works.sort((a, b) => a.id.localeCompare(b.id)),
      guides: guides.sort((a, b) => a.id.localeCompare(b.id)),
      expertBatches: expertBatches.sort((a, b) => a.id.localeCompare(b.id)),
    },
  }
}

/** Where works' media files live (served as /media/works/…). */
export const DEFAULT_MEDIA_DIR = 'public/media/works'

/**
 * A work's media, captions, poster and pictures must exist under `mediaDir`; captions must be
 * WebVTT. Returns the bytes a visitor downloads to keep the work offline (media + captions + poster).
 */
async function checkWorkFiles(
  file: string,
  work: WorkFrontMatter,
  mediaDir: string,
  errors: ContentError[],
): Promise<number> {
  const files: { field: string; name: string; counts: boolean }[] = []
  if (work.media) {
    files.push(
      { field: 'media.file', name: work.media.file, counts: true },
      { field: 'media.captions', name: work.media.captions, counts: true },
    )
    if (work.media.poster) files.push({ field: 'media.poster', name: work.media.poster, counts: true })
  }
  work.pictures?.forEach((p, i) => files.push({ field: `pictures.${String(i)}.file`, name: p.file, counts: true }))
  let bytes = 0
  for (const f of files) {
    const path = join(mediaDir, f.name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) {
      errors.push({ file, field: f.field, reason: `missing media file ${path}` })
      continue
    }
    if (info.size === 0) {
      errors.push({ file, field: f.field, reason: `empty media file ${path}` })
      continue
    }
    if (f.name.endsWith('.vtt')) {
      const head = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
      if (!/^WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(head))
        errors.push({ file, field: f.field, reason: `${path} is not WebVTT (it must start with "WEBVTT")` })
      else if (!/\d{2}:\d{2}\.\d{3} --> /.test(head))
        errors.push({ file, field: f.field, reason: `${path} has no cues` })
    }
    if (f.counts) bytes += info.size
  }
  return bytes
}

/** A repost URL used anywhere a visitor would see it (the website, or inside a shown text). */
function shownRepost(base: BaseContent): { field: string; url: string } | null {
  const shown: [string, string | undefined | null][] = [
    ['website', base.website],
    ['booking', base.booking],
    ['accessibility', base.accessibility],
    ['description.zh', base.description?.zh],
    ['description.en', base.description?.en],
  ]
  for (const url of repostUrls(base.sources)) {
    const hit = shown.find(([, text]) => text?.includes(url))
    if (hit) return { field: hit[0], url }
  }
  return null
}

/**
 * A credit naming an announced expert must name one `content/experts/` lists; an expert id (a UUID)
 * is the database's and is resolved by the server. Each expert is credited once per work.
 */
function checkCredits(file: string, credits: readonly WorkExpertCredit[], expertKeys: ReadonlySet<string>) {
  const errors: ContentError[] = []
  credits.forEach((credit, i) => {
    if (credit.expert.includes('/') && !expertKeys.has(credit.expert))
      errors.push({
        file,
        field: `credits.${i}.expert`,
        reason: `no announced expert "${credit.expert}" in content/experts/`,
      })
  })
  duplicates(credits.map((c) => c.expert)).forEach((ref) =>
    errors.push({ file, field: 'credits', reason: `"${ref}" is credited twice` }),
  )
  return errors
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>()
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))]
}
