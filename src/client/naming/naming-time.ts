/*
 * Deadlines are instants on the server's clock, shown and entered in China time (Asia/Shanghai,
 * UTC+8 all year), whatever the phone's own time zone: a call closes at the same moment for all.
 */

/** `2026-06-30 17:00` in China time. */
export function chinaTime(iso: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)
}

/** A `datetime-local` value read as China time, as an ISO instant with its offset. */
export function fromChinaLocal(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`
}

/** Whether the deadline has passed by the phone's clock (the server's clock decides; this only labels). */
export const isPast = (iso: string, now = Date.now()) => new Date(iso).getTime() < now
