import type { WorkSummary } from '../../shared/index.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'

/** 65 → "1:05", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${String(h)}:${pad(m)}:${pad(s % 60)}` : `${String(m)}:${pad(s % 60)}`
}

/** Icon (Vant icon name) per type of work. */
export const WORK_TYPE_ICON: Record<WorkSummary['type'], string> = {
  article: 'notes-o',
  video: 'video-o',
  audio: 'music-o',
  book: 'bookmark-o',
  pictures: 'photo-o',
}

/**
 * Works related to `work`: most shared topics first, then shared bases, newest first; never itself.
 */
export function relatedWorks(work: WorkSummary, all: readonly WorkSummary[], limit = 4): WorkSummary[] {
  const topics = new Set(work.topics)
  const bases = new Set(work.bases)
  return all
    .filter((w) => w.id !== work.id)
    .map((w) => ({
      w,
      score: w.topics.filter((t) => topics.has(t)).length * 2 + w.bases.filter((b) => bases.has(b)).length,
    }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || byCodeUnit(b.w.published, a.w.published))
    .slice(0, limit)
    .map((x) => x.w)
}
