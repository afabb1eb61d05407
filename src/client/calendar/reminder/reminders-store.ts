import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  dueReminders,
  liveReminders,
  type EventReminder,
  type ReminderLead,
} from '../../../shared/domain/event-reminders.ts'
import type { PublicEvent } from '../../../shared/index.ts'
import { dateFormat } from '../../ui/formatters.ts'

const STORAGE_KEY = 'zk.event-reminders'

/** What a visitor's browser can do about reminders, in the order we prefer. */
export type ReminderSupport = 'notifications' | 'notifications-blocked' | 'in-app-only'

export function reminderSupport(): ReminderSupport {
  if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) return 'in-app-only'
  return Notification.permission === 'denied' ? 'notifications-blocked' : 'notifications'
}

/**
 * The saved reminders, validated. The schema (and Zod) load on their own, after the calendar has
 * drawn, rather than with it: nothing stored here is needed for the first paint.
 */
async function read(): Promise<EventReminder[]> {
  try {
    const text = localStorage.getItem(STORAGE_KEY)
    if (text === null) return [] // never set a reminder (most visitors): nothing to validate, no Zod to load
    const raw: unknown = JSON.parse(text)
    const { eventReminder } = await import('../../../shared/schemas/reminder.ts')
    const parsed = eventReminder.array().safeParse(raw)
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/**
 * Event reminders (提醒我), kept on this device. The app shows a due reminder when it is open or
 * comes back to the foreground, as a system notification when allowed and always as an in-app
 * message. It cannot wake itself while closed: for that, the event's .ics with an alarm goes to
 * the phone's calendar, and the UI says so.
 */
export const useRemindersStore = defineStore('event-reminders', () => {
  const reminders = ref<EventReminder[]>([])
  /** Reminders shown in the app since it opened, newest first, until dismissed. */
  const shown = ref<EventReminder[]>([])
  /**
   * Resolves once the saved reminders are in. Every change waits for it, so nothing is written
   * over the stored list before it has been read.
   */
  const ready = read().then((saved) => {
    const changed = new Set(reminders.value.map((r) => r.eventId))
    reminders.value = liveReminders([...saved.filter((r) => !changed.has(r.eventId)), ...reminders.value], new Date())
  })

  function persist(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(reminders.value))
    } catch {
      // Storage blocked or full: the reminder still works while this page stays open.
    }
  }

  const find = (eventId: string) => reminders.value.find((r) => r.eventId === eventId) ?? null

  async function set(event: PublicEvent, lead: ReminderLead, baseName: string): Promise<ReminderSupport> {
    await ready
    reminders.value = [
      ...reminders.value.filter((r) => r.eventId !== event.id),
      { eventId: event.id, title: event.title, baseName, start: event.start, lead, remindedAt: null },
    ]
    persist()
    let support = reminderSupport()
    if (support === 'notifications' && Notification.permission === 'default') {
      support = (await Notification.requestPermission()) === 'denied' ? 'notifications-blocked' : 'notifications'
    }
    check()
    return support
  }

  async function remove(eventId: string): Promise<void> {
    await ready
    reminders.value = reminders.value.filter((r) => r.eventId !== eventId)
    shown.value = shown.value.filter((r) => r.eventId !== eventId)
    persist()
  }

  /** Shows every reminder that is due now, once each. */
  function check(now = new Date()): EventReminder[] {
    const due = dueReminders(reminders.value, now)
    if (due.length === 0) return due
    const at = now.toISOString()
    reminders.value = reminders.value.map((r) => (due.includes(r) ? { ...r, remindedAt: at } : r))
    persist()
    shown.value = [...due, ...shown.value]
    for (const r of due) void notify(r)
    return due
  }

  function dismiss(eventId: string): void {
    shown.value = shown.value.filter((r) => r.eventId !== eventId)
  }

  return { reminders, shown, ready, find, set, remove, check, dismiss }
})

/** A system notification through the service worker, when the visitor allowed them. */
async function notify(reminder: EventReminder): Promise<void> {
  if (reminderSupport() !== 'notifications' || Notification.permission !== 'granted') return
  try {
    const registration = await navigator.serviceWorker.getRegistration()
    const time = dateFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(reminder.start))
    await registration?.showNotification(reminder.title, {
      body: `${time} · ${reminder.baseName}`,
      tag: `event-reminder-${reminder.eventId}`,
      data: { url: `/calendar/events/${reminder.eventId}` },
      icon: '/icons/icon-192.png',
    })
  } catch {
    // The in-app message is shown regardless.
  }
}

/** Checks for due reminders now, whenever the app comes back to the foreground, and each minute while visible. */
export function startReminderWatch(): () => void {
  const store = useRemindersStore()
  void store.ready.then(() => store.check())
  const onVisible = () => {
    if (document.visibilityState === 'visible') store.check()
  }
  document.addEventListener('visibilitychange', onVisible)
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') store.check()
  }, 60_000)
  return () => {
    document.removeEventListener('visibilitychange', onVisible)
    clearInterval(timer)
  }
}
