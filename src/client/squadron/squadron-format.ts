import { onBeforeUnmount, ref, type Ref } from 'vue'
import { chinaNumericDateTimeLabel, chinaTimeLabel } from '../../shared/domain/date-labels.ts'

/*
 * Times on tickets, offers and check-ins are read in China (shared/domain/date-labels.ts),
 * whatever the phone's own time zone.
 */
/** 2026-12-01 09:30–11:00 */
export const eventWhen = (start: string, end: string): string =>
  `${chinaNumericDateTimeLabel(start)}–${chinaTimeLabel(end)}`

const ZH_DIGITS = ['一', '二', '三', '四', '五', '六']
/**
 * A school year as Chinese schools say it: 1–6 → 一年级…六年级, 7–9 → 初一…初三, 10–12 → 高一…高三
 * (never "4 年级"); in English "Grade 4". Anything outside 1–12 is shown as the number.
 */
export function gradeLabel(grade: number, locale: string): string {
  if (!Number.isInteger(grade) || grade < 1 || grade > 12) return String(grade)
  if (locale === 'en') return `Grade ${grade}`
  if (grade <= 6) return `${ZH_DIGITS[grade - 1]}年级`
  return `${grade <= 9 ? '初' : '高'}${ZH_DIGITS[(grade - 1) % 3]}`
}

/** Time left until `iso`, as hours and minutes (0 when passed). */
export function timeLeft(iso: string, now: number): { hours: number; minutes: number; passed: boolean } {
  const ms = Date.parse(iso) - now
  if (!(ms > 0)) return { hours: 0, minutes: 0, passed: true }
  const minutes = Math.ceil(ms / 60_000)
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60, passed: false }
}

/** The current time, ticking every `everyMs` while the component lives (offer countdowns). */
export function useNow(everyMs = 30_000): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, everyMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
