import { apiRequest, ApiRequestError } from '../api/http.ts'
import { getValidated } from '../app/off-thread.ts'
import { isWeChatBrowser } from './banner/notice-areas.ts'

/**
 * Web Push opt-in. Honest about where it cannot work: no service worker or PushManager (iOS
 * before 16.4 or not installed to the home screen, WeChat), no keys on the server, a refused
 * permission, or a push service the phone cannot reach (common in China without Google services).
 */
export type PushState = 'unsupported' | 'wechat' | 'server-off' | 'off' | 'working' | 'on' | 'denied' | 'unreachable'

/** Subscription answers carry nothing the page uses; the schema loads with the tap that sends one. */
const anything = () => import('zod').then(({ z }) => z.unknown())

const supported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window

/** The base64url VAPID key as the bytes PushManager wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4))
  const out = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i)
  return out
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  const reg = await Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000)),
  ])
  return reg
}

/** Where push stands on this device now, without asking anything. */
export async function pushStatus(): Promise<PushState> {
  if (isWeChatBrowser()) return 'wechat'
  if (!supported()) return 'unsupported'
  if (Notification.permission === 'denied') return 'denied'
  const key = await getValidated('/api/push/key', 'pushKeyResponse').catch(() => null)
  if (key && !key.enabled) return 'server-off'
  const reg = await registration()
  if (!reg) return 'unsupported'
  return (await reg.pushManager.getSubscription()) ? 'on' : 'off'
}

/** Subscribes (or updates the provinces of) this browser. Needs a tap: browsers ask permission only then. */
export async function subscribePush(provinces: string[]): Promise<PushState> {
  if (!supported()) return 'unsupported'
  const key = await getValidated('/api/push/key', 'pushKeyResponse')
  if (!key.enabled || !key.publicKey) return 'server-off'
  if ((await Notification.requestPermission()) !== 'granted') return 'denied'
  const reg = await registration()
  if (!reg) return 'unsupported'
  let sub: PushSubscription
  try {
    sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.publicKey) }))
  } catch {
    // The browser's push service did not answer (e.g. no Google services): notices still refresh on open.
    return 'unreachable'
  }
  const json = sub.toJSON()
  try {
    await apiRequest('/api/push/subscriptions', {
      method: 'POST',
      body: { endpoint: sub.endpoint, keys: json.keys, provinces },
      response: anything(),
    })
  } catch (error) {
    if (error instanceof ApiRequestError) return 'unreachable'
    throw error
  }
  return 'on'
}

export async function unsubscribePush(): Promise<PushState> {
  const reg = supported() ? await registration() : null
  const sub = await reg?.pushManager.getSubscription()
  if (sub) {
    await apiRequest('/api/push/subscriptions', {
      method: 'DELETE',
      body: { endpoint: sub.endpoint },
      response: anything(),
    }).catch(() => null)
    await sub.unsubscribe()
  }
  return 'off'
}
