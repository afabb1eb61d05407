import { todayInChina, type IsoDate } from '../../shared/domain/calendar-date.ts'
import { codecName, clock, windowOf } from '../../shared/domain/contest-rules.ts'
import type { ContestSummary, StageWindow, VideoRule } from '../../shared/schemas/contest.ts'
import type { VideoInfo } from '../../shared/schemas/media.ts'

/*
 * What the contest screens say about dates, stages and files, as data the templates translate.
 * Dates are Beijing calendar days (the server decides stages on its Asia/Shanghai clock).
 */

/** "now": the stage running and its last day; else the next stage and its first day; else over. */
export type ContestNow =
  { kind: 'running'; stage: StageWindow } | { kind: 'next'; stage: StageWindow } | { kind: 'over' }

export function contestNow(
  contest: Pick<ContestSummary, 'stages' | 'currentStage'>,
  today: IsoDate = todayInChina(),
): ContestNow {
  const running = contest.currentStage ? windowOf(contest.stages, contest.currentStage) : null
  if (running) return { kind: 'running', stage: running }
  const next = [...contest.stages].filter((s) => s.starts > today).sort((a, b) => (a.starts < b.starts ? -1 : 1))[0]
  return next ? { kind: 'next', stage: next } : { kind: 'over' }
}

/** `2026-05-20` as the reader's short date (5月20日, May 20), read as a Beijing day. */
export function dayLabel(day: IsoDate, locale: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  )
}

export const megabytes = (bytes: number) => `${String(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`

/** `avc1`, `avc3` → `H.264`: the names people know, each once (the codec string where none is known). */
const knownNames = (codecs: readonly string[]) =>
  [...new Set(codecs.map((c) => /\((.+)\)$/.exec(codecName(c))?.[1] ?? c))].join('/')

/** A video rule in a line: duration, size, formats, picture. */
export function ruleFacts(rule: VideoRule): string[] {
  return [
    `${clock(rule.minDurationS)}–${clock(rule.maxDurationS)}`,
    `≤ ${megabytes(rule.maxBytes)}`,
    [rule.containers.join('/').toUpperCase(), knownNames(rule.videoCodecs), knownNames(rule.audioCodecs)]
      .filter(Boolean)
      .join(' · '),
    ...(rule.minShortSidePx ? [`≥ ${String(rule.minShortSidePx)}p`] : []),
    ...(rule.aspectRatios.length ? [rule.aspectRatios.join(' / ')] : []),
  ]
}

/** What the server read in an attached video, in a line. */
export function videoFacts(video: VideoInfo, bytes: number): string[] {
  return [
    clock(video.durationS),
    megabytes(bytes),
    ...(video.width && video.height ? [`${String(video.width)}×${String(video.height)}`] : []),
    ...(video.aspectRatio ? [video.aspectRatio] : []),
    [video.videoCodec, video.audioCodec]
      .filter((c): c is string => c !== null)
      .map(codecName)
      .join(' + '),
  ]
}
