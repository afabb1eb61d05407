import { matchesExpertQuery } from '../../shared/domain/expert-search.ts'
import type { ExpertField, ExpertSummary } from '../../shared/index.ts'

/** What the experts list is narrowed by: one of the 16 themes, a province code, typed text. */
export interface ExpertFilter {
  field: ExpertField | null
  region: string | null
  query: string
}

/**
 * The experts that pass every filter, in the list's order (the server sends them by name pinyin).
 * Search is the server's own rule (shared/domain/expert-search.ts: name, shown institution, the
 * name's pinyin and initials, which the server derives), so it finds the same experts offline.
 */
export function filterExperts(experts: readonly ExpertSummary[], filter: ExpertFilter): ExpertSummary[] {
  return experts.filter(
    (e) =>
      (!filter.field || e.fields.includes(filter.field)) &&
      (!filter.region || e.region === filter.region) &&
      matchesExpertQuery(e, filter.query),
  )
}

/** The themes and provinces some listed expert shows: the filter chips offer only those. */
export function presentFacets(experts: readonly ExpertSummary[]): { fields: Set<ExpertField>; regions: Set<string> } {
  const fields = new Set<ExpertField>()
  const regions = new Set<string>()
  for (const e of experts) {
    for (const f of e.fields) fields.add(f)
    if (e.region) regions.add(e.region)
  }
  return { fields, regions }
}
