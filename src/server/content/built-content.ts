import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BuiltBase, BuiltExpertBatch, BuiltGuide, BuiltWork, ThemeDay } from '../../shared/index.ts'

/** What `npm run content:build` writes to `generated/content/`, one JSON file per kind. */
export interface BuiltContent {
  bases: BuiltBase[]
  themeDays: ThemeDay[]
  works: BuiltWork[]
  guides: BuiltGuide[]
  /** Announced expert appointments (content/experts/), seeded into the experts table on start. */
  expertBatches: BuiltExpertBatch[]
}

export const BUILT_CONTENT_FILES = {
  bases: 'bases.json',
  themeDays: 'theme-days.json',
  works: 'works.json',
  guides: 'guides.json',
  expertBatches: 'expert-batches.json',
} as const satisfies Record<keyof BuiltContent, string>

/** @default 'generated/content' */
export const DEFAULT_BUILT_CONTENT_DIR = 'generated/content'

/**
 * Reads the content build's output. It was validated when it was built, so it is trusted here;
 * a missing file means the build has not run, which is what the error says.
 */
export async function readBuiltContent(dir: string = DEFAULT_BUILT_CONTENT_DIR): Promise<BuiltContent> {
  const read = async <T>(file: string): Promise<T> => {
    try {
      return JSON.parse(await readFile(join(dir, file), 'utf8')) as T
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(`Cannot read built content ${join(dir, file)} (run \`npm run content:build\`): ${reason}`)
    }
  }
  return {
    bases: await read<BuiltBase[]>(BUILT_CONTENT_FILES.bases),
    themeDays: await read<ThemeDay[]>(BUILT_CONTENT_FILES.themeDays),
    works: await read<BuiltWork[]>(BUILT_CONTENT_FILES.works),
    guides: await read<BuiltGuide[]>(BUILT_CONTENT_FILES.guides),
    expertBatches: await read<BuiltExpertBatch[]>(BUILT_CONTENT_FILES.expertBatches),
  }
}

/**
 * The works list without reading texts, and one file per work's text (shared/schemas/work.ts
 * splitWork), for the client only: the 作品 tab loads the list, a work's page its own text.
 */
export const WORK_LIST_FILE = 'works-list.json'
export const WORK_TEXTS_DIR = 'work-texts'

/** The works search index (shared/domain/work-search.ts), for the client only. */
export const WORK_SEARCH_INDEX_FILE = 'works-search.json'
