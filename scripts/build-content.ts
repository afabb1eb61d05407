// `npm run content:build` validates content/ and writes generated/content/*.json (what both the
// client and the server seed read); `--check` validates only. A bad entry fails the build with
// `file: field — reason`, one line per problem.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  BUILT_CONTENT_FILES,
  DEFAULT_BUILT_CONTENT_DIR,
  WORK_LIST_FILE,
  WORK_SEARCH_INDEX_FILE,
  WORK_TEXTS_DIR,
} from '../src/server/content/built-content.ts'
import { formatContentError } from '../src/server/content/content-error.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { splitWork } from '../src/shared/index.ts'
import { buildWorkSearchJson } from '../src/server/content/work-search-build.ts'

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'content-dir': { type: 'string', default: 'content' },
    'out-dir': { type: 'string', default: DEFAULT_BUILT_CONTENT_DIR },
  },
})

const result = await loadContent(values['content-dir'])
if (!result.ok) {
  for (const error of result.errors) console.error(formatContentError(error))
  console.error(
    `\ncontent: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; nothing was written`,
  )
  process.exit(1)
}
const { content } = result
if (!values.check) {
  const out = values['out-dir']
  await mkdir(out, { recursive: true })
  for (const [key, file] of Object.entries(BUILT_CONTENT_FILES)) {
    await writeFile(join(out, file), JSON.stringify(content[key as keyof typeof BUILT_CONTENT_FILES]))
  }
  // The works list and each work's text apart: the list is the 作品 tab's first screen.
  const split = content.works.map(splitWork)
  await writeFile(join(out, WORK_LIST_FILE), JSON.stringify(split.map((w) => w.summary)))
  // Rewritten whole, so a work removed from content/ leaves no stale text behind.
  await rm(join(out, WORK_TEXTS_DIR), { recursive: true, force: true })
  await mkdir(join(out, WORK_TEXTS_DIR))
  for (const { text } of split) await writeFile(join(out, WORK_TEXTS_DIR, `${text.id}.json`), JSON.stringify(text))
  // The works search index (shared/domain/work-search.ts), with title pinyin the phone cannot compute.
  await writeFile(join(out, WORK_SEARCH_INDEX_FILE), JSON.stringify(buildWorkSearchJson(content.works)))
}
console.log(
  `content ${values.check ? 'ok' : `built → ${values['out-dir']}`}: ${content.bases.length} bases, ${content.themeDays.length} theme days, ${content.works.length} works, ${content.guides.length} guides`,
)
