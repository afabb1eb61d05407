import { z } from 'zod'
import { baseContent, contentId, singleLineText, type BaseContent, type BuiltBase } from '../../shared/index.ts'
import { baseSource } from '../../shared/schemas/base-source.ts'
import { inChina } from '../../shared/domain/china-area.ts'
import { zodErrors, type ContentError } from './content-error.ts'
import { deriveBase } from './derive.ts'
import { readYamlFile } from './parse-files.ts'

/*
 * China's UNESCO Global Geoparks (content/world-geoparks.yaml, from the reference list). A park
 * that is already a base says so with `sameAs`; every other one becomes a base placed at the seat
 * of its county or city with low confidence (shown as approximate until its staff set the pin).
 */

export const WORLD_GEOPARKS_FILE = 'world-geoparks.yaml'
export const WORLD_GEOPARK_TITLE = '世界地质公园'

const known = z.object({ name: singleLineText(200).min(1), sameAs: contentId }).strict()
const placed = z
  .object({
    name: singleLineText(200).min(1),
    id: contentId,
    en: singleLineText(200).min(1),
    province: singleLineText(40).min(2),
    city: singleLineText(60).min(1).nullable(),
    /** The county, district or city whose seat the point is. */
    place: singleLineText(60).min(1),
    precision: z.enum(['district', 'county', 'city']),
    lat: z.number(),
    lon: z.number(),
    year: z.number().int().min(1990).max(2100),
    verified: z.boolean(),
    sources: z.array(baseSource).min(1),
    notes: z.string().trim().min(1).optional(),
  })
  .strict()
const entry = z.union([known, placed])
type Placed = z.infer<typeof placed>

/**
 * A park's name without punctuation, province and the kind of park: 乐业—凤山世界地质公园 and
 * 乐业-凤山世界地质公园 are one park, as are 四川光雾山—诺水河国家地质公园 and 光雾山-诺水河世界地质公园.
 */
export function parkCore(name: string): string {
  const core = name.replace(/[\s\-‐–—－·•（）()]/g, '').replace(/(世界|国家)?地质公园$/, '')
  // 香港世界地质公园 is named after its region: keep the name when nothing else is left.
  return core.replace(
    /^(北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门)(?=.)/,
    '',
  )
}

function toBase(p: Placed): BaseContent {
  return baseContent.parse({
    id: p.id,
    name: { zh: p.name, en: p.en },
    category: 'geopark',
    province: p.province,
    city: p.city,
    location: { lat: p.lat, lon: p.lon, precision: p.precision, confidence: 'low' },
    designation: { title: WORLD_GEOPARK_TITLE, year: p.year, verified: p.verified },
    website: null,
    sources: p.sources,
    notes: [`Placed at ${p.place} (no sourced coordinates).`, p.notes].filter(Boolean).join(' '),
  })
}

/**
 * The geoparks that are not yet bases, as built bases. Errors: an entry that does not parse, a
 * `sameAs` naming no base, a new park whose name matches an existing geopark (say `sameAs`), an id
 * already taken, a point outside China.
 */
export async function loadWorldGeoparks(
  contentDir: string,
  existing: readonly BuiltBase[],
  errors: ContentError[],
): Promise<BuiltBase[]> {
  const read = await readYamlFile(contentDir, WORLD_GEOPARKS_FILE, errors)
  if (!read) return []
  const { file, data } = read
  if (!Array.isArray(data)) {
    errors.push({ file, field: '(file)', reason: 'must be a list of geoparks' })
    return []
  }
  const ids = new Set(existing.map((b) => b.id))
  const geoparkCores = existing
    .filter((b) => b.category === 'geopark')
    .map((b) => ({ id: b.id, core: parkCore(b.name.zh) }))
  const out: BuiltBase[] = []
  data.forEach((item: unknown, i) => {
    const at = `[${String(i)}]`
    const parsed = entry.safeParse(item)
    if (!parsed.success) {
      errors.push(...zodErrors(file, parsed.error, at))
      return
    }
    const park = parsed.data
    if ('sameAs' in park) {
      if (!ids.has(park.sameAs))
        errors.push({ file, field: `${at}.sameAs`, reason: `no base with id "${park.sameAs}"` })
      return
    }
    const core = parkCore(park.name)
    const twin = geoparkCores.find((g) => g.core.includes(core))
    if (twin) {
      errors.push({
        file,
        field: `${at}.name`,
        reason: `looks like base "${twin.id}" already: say \`sameAs: ${twin.id}\``,
      })
      return
    }
    if (ids.has(park.id)) {
      errors.push({ file, field: `${at}.id`, reason: `id "${park.id}" is taken` })
      return
    }
    if (!inChina(park)) {
      errors.push({ file, field: `${at}.lat`, reason: 'the point is outside China' })
      return
    }
    try {
      out.push(deriveBase(toBase(park)))
      ids.add(park.id)
    } catch (error) {
      if (error instanceof z.ZodError) errors.push(...zodErrors(file, error, at))
      else throw error
    }
  })
  return out
}
