import type { ExpertSummary } from '../schemas/expert.ts'

/**
 * Whether an expert matches what the user typed: the Chinese name, an institution the expert
 * shows, or the name's pinyin or initials (keys the server derives, surname readings included:
 * "ouyang" and "oyzy" both find 欧阳自远). Spaces and case are ignored. The server's `q=` and the
 * phone's offline search use this one rule.
 */
export function matchesExpertQuery(
  expert: Pick<ExpertSummary, 'name' | 'institution' | 'search'>,
  query: string,
): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  if (expert.name.toLowerCase().includes(q)) return true
  if (expert.institution?.toLowerCase().includes(q)) return true
  const letters = q.replace(/[^a-z]/g, '')
  if (!letters || letters.length !== q.replace(/\s/g, '').length) return false
  return expert.search.pinyin.includes(letters) || expert.search.initials.includes(letters)
}
