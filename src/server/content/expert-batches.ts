import { expertBatchContent, type BuiltExpertBatch } from '../../shared/index.ts'
import { shownSources } from '../../shared/schemas/base-source.ts'
import { zodErrors, type ContentError } from './content-error.ts'
import { personNameKeys } from './derive.ts'
import { readEntries } from './parse-files.ts'

/**
 * `content/experts/<id>.yaml`: one announced batch of appointed experts each (e.g. the 2017
 * 首席科学传播专家). What ships keeps the announcement's facts and only the sources a visitor may
 * see, and each name's pinyin keys; the seed (db/seed.ts `seedExperts`) adds each expert once and never overwrites app edits.
 */
export async function loadExpertBatches(contentDir: string, errors: ContentError[]): Promise<BuiltExpertBatch[]> {
  const batches: BuiltExpertBatch[] = []
  for (const entry of await readEntries(contentDir, 'experts', '.yaml', errors)) {
    const parsed = expertBatchContent.safeParse(entry.data)
    if (!parsed.success) {
      errors.push(...zodErrors(entry.file, parsed.error))
      continue
    }
    // The seed keys an expert by batch file and name, so a name twice in one batch is ambiguous.
    const seen = new Set<string>()
    const before = errors.length
    parsed.data.experts.forEach((expert, i) => {
      if (seen.has(expert.name))
        errors.push({ file: entry.file, field: `experts.${i}.name`, reason: `"${expert.name}" is listed twice` })
      seen.add(expert.name)
    })
    if (errors.length > before) continue
    const experts = parsed.data.experts.map((expert) => ({ ...expert, search: personNameKeys(expert.name) }))
    batches.push({ ...parsed.data, id: entry.id, sources: shownSources(parsed.data.sources), experts })
  }
  return batches
}
