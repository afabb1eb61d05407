import type { BuiltBase } from '../schemas/base.ts'

/**
 * Whether a base matches what the user typed: Chinese name, English name, full pinyin or
 * initials (keys derived at content build time: "dizhi" and "dzbwg" both find 地质博物馆).
 * Spaces and case are ignored, so "di zhi" works as well as "dizhi".
 */
export function matchesBaseQuery(
  base: Pick<BuiltBase, 'name' | 'search' | 'province' | 'city'>,
  query: string,
): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  if (base.name.zh.includes(q) || base.province.includes(q) || (base.city?.includes(q) ?? false)) return true
  if (base.name.en.toLowerCase().includes(q)) return true
  const letters = q.replace(/[^a-z]/g, '')
  if (!letters || letters.length !== q.replace(/\s/g, '').length) return false
  return base.search.pinyin.includes(letters) || base.search.initials.includes(letters)
}
