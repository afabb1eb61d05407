// One-off import of ../shared/reference/theme-days.json into content/theme-days.yaml
// (re-runnable). Announced windows keep only their dates ("main venue 05-19..05-26" → "05-19..05-26").
import { readFileSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'

interface ReferenceThemeDay {
  id: string
  name_zh: string
  name_en: string
  rule: Record<string, unknown>
  since_year: number
  description: string
  source: string
  verified: boolean
  notes?: string
  sort_key: string
  examples?: Record<string, string>
}

const path = process.argv[2] ?? '../shared/reference/theme-days.json'
const { theme_days } = JSON.parse(readFileSync(path, 'utf8')) as { theme_days: ReferenceThemeDay[] }
const entries = theme_days.map((t) => {
  const windows: Record<string, string> = {}
  for (const [year, text] of Object.entries(t.examples ?? {})) {
    const match = /(\d{2}-\d{2})(?:\.\.(\d{2}-\d{2}))?/.exec(text)
    if (/^\d{4}$/.test(year) && match) windows[year] = match[2] ? `${match[1]}..${match[2]}` : match[1]!
  }
  return {
    id: t.id,
    name: { zh: t.name_zh, en: t.name_en },
    rule: t.rule,
    sinceYear: t.since_year,
    description: { en: t.description },
    ...(t.rule.type === 'announced_annually' ? { windows } : {}),
    source: t.source,
    verified: t.verified,
    ...(t.notes ? { notes: t.notes } : {}),
    sortKey: t.sort_key,
  }
})
writeFileSync(
  'content/theme-days.yaml',
  `# Theme days and weeks. Rules: fixed | span | month | nth_weekday | announced_annually (per-year windows).\n${stringify(entries, { lineWidth: 0 })}`,
)
console.log(`wrote ${entries.length} theme days`)
