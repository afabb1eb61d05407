import type { LatLon } from '../../../shared/domain/geo.ts'

export type LocateResult =
  | { kind: 'ok'; position: LatLon; accuracyM: number }
  | { kind: 'denied' }
  | { kind: 'unavailable' }
  | { kind: 'unsupported' }

/**
 * One position fix. Never rejects: every failure is a result the UI explains (and then offers the
 * province/city picker), so a refused permission never leaves a blank screen.
 */
export function locateOnce(timeoutMs = 10_000): Promise<LocateResult> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve({ kind: 'unsupported' })
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (pos) =>
        resolve({
          kind: 'ok',
          position: { lat: pos.coords.latitude, lon: pos.coords.longitude },
          accuracyM: pos.coords.accuracy,
        }),
      (error) => resolve({ kind: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 5 * 60_000 },
    )
  })
}
