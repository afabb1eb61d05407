import { distanceKm, type LatLon } from '../../../shared/domain/geo.ts'
import { areaCentre } from '../../../shared/domain/notice-targeting.ts'
import { provinceByCode, provinceByName } from '../../../shared/domain/provinces.ts'
import type { BuiltBase, BuiltGuide, Notice } from '../../../shared/index.ts'
import { chinaDateTimeLabel } from '../../../shared/domain/date-labels.ts'
import { localized } from '../../ui/localized.ts'

/** Notice times in Asia/Shanghai, as issued, whatever zone the phone is set to. */
export function formatNoticeTime(iso: string, locale: string): string {
  return chinaDateTimeLabel(locale, iso)
}

export const provinceNames = (codes: readonly string[], locale: string): string[] =>
  codes.map((c) => {
    const p = provinceByCode(c)
    return p ? localized(p, locale) : c
  })

/** The guides of the hazards a notice concerns: new guides in content/guides/ plug in by their `hazard`. */
export const guidesFor = (n: Pick<Notice, 'hazards'>, guides: readonly BuiltGuide[]): BuiltGuide[] =>
  guides.filter((g) => n.hazards.includes(g.hazard))

/**
 * Bases to go to or learn at: nearest the visitor when their position is known, else nearest the
 * notice's shapes, else those in its provinces. At most `limit`.
 */
export function nearestBasesFor(
  n: Pick<Notice, 'area'>,
  bases: readonly BuiltBase[],
  position: LatLon | null,
  limit = 3,
): { base: BuiltBase; km: number | null }[] {
  const from = position ?? areaCentre(n.area)
  if (from)
    return bases
      .map((base) => ({ base, km: distanceKm(from, base.location) }))
      .sort((a, b) => a.km - b.km)
      .slice(0, limit)
  return bases
    .filter((b) => n.area.provinces.includes(provinceByName(b.province)?.code ?? ''))
    .slice(0, limit)
    .map((base) => ({ base, km: null }))
}
