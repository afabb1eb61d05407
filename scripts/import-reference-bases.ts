// One-off import of ../shared/reference/bases.json into content/bases/<id>.yaml (re-runnable:
// `node --import tsx scripts/import-reference-bases.ts [path]`). After the import the YAML files
// are the source of truth; this script only maps field names and keeps every fact.
import { readFileSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'

interface ReferenceBase {
  id: string
  name_zh: string
  name_en: string
  category: string
  province: string
  city: string | null
  lat: number
  lon: number
  coord_confidence: string
  location_precision: string
  website: string | null
  designation: string | null
  batch_year: number | null
  designation_verified: boolean
  source: string
  notes?: string | null
}

const path = process.argv[2] ?? '../shared/reference/bases.json'
const { bases } = JSON.parse(readFileSync(path, 'utf8')) as { bases: ReferenceBase[] }
for (const b of bases) {
  const entry = {
    name: { zh: b.name_zh, en: b.name_en },
    category: b.category,
    province: b.province,
    city: b.city,
    location: { lat: b.lat, lon: b.lon, precision: b.location_precision, confidence: b.coord_confidence },
    designation: { title: b.designation, year: b.batch_year, verified: b.designation_verified },
    website: b.website,
    sources: b.source.split(/\s+;\s+/),
    ...(b.notes ? { notes: b.notes } : {}),
  }
  writeFileSync(`content/bases/${b.id}.yaml`, stringify(entry, { lineWidth: 0 }))
}
console.log(`wrote ${bases.length} bases`)
