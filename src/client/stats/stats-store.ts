import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { presetRange, type RangePreset } from '../../shared/domain/statistics.ts'
import {
  baseStatsResponse,
  nationalStatsResponse,
  type BaseStatsResponse,
  type NationalStatsResponse,
  type StatsGranularity,
} from '../../shared/index.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'

export type StatsLoadState = 'idle' | 'loading' | 'ready' | 'offline' | 'forbidden' | 'error'

/** What the dashboard shows: one base, or the whole country (admins). */
export type StatsScope = { kind: 'base'; baseId: string } | { kind: 'national' }

/**
 * Dashboard data, fetched live: statistics are not kept on the device (they change with every
 * sync, and staff read them online), so offline is said plainly instead of showing stale numbers.
 */
export const useStatsStore = defineStore('stats', () => {
  const preset = ref<RangePreset>('30d')
  const granularity = ref<StatsGranularity>('day')
  const range = computed(() => {
    const { from, to } = presetRange(preset.value, todayInChina())
    return { from, to }
  })
  const state = ref<StatsLoadState>('idle')
  const failure = ref('')
  const base = shallowRef<BaseStatsResponse | null>(null)
  const national = shallowRef<NationalStatsResponse | null>(null)
  let inFlight: AbortController | null = null

  function choosePreset(next: RangePreset): void {
    preset.value = next
    granularity.value = presetRange(next, todayInChina()).granularity
  }

  function query(extra: Record<string, string> = {}): string {
    return new URLSearchParams({ ...range.value, granularity: granularity.value, ...extra }).toString()
  }

  async function load(scope: StatsScope): Promise<void> {
    // A newer choice (range, base) wins over an answer still on its way.
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    state.value = 'loading'
    try {
      if (scope.kind === 'base') {
        base.value = await apiRequest(`/api/stats/bases/${encodeURIComponent(scope.baseId)}?${query()}`, {
          response: baseStatsResponse,
          signal: controller.signal,
        })
        national.value = null
      } else {
        national.value = await apiRequest(`/api/stats/national?${query()}`, {
          response: nationalStatsResponse,
          signal: controller.signal,
        })
        base.value = null
      }
      state.value = 'ready'
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return
      if (!(error instanceof ApiRequestError)) throw error
      const f = error.failure
      state.value =
        f.kind === 'offline'
          ? 'offline'
          : f.kind === 'http' && (f.status === 401 || f.status === 403)
            ? 'forbidden'
            : 'error'
      failure.value = f.kind === 'http' ? f.body.message : f.kind === 'invalid-response' ? f.detail : ''
    } finally {
      if (inFlight === controller) inFlight = null
    }
  }

  /** A plain link: the browser downloads the file and takes its name from Content-Disposition. */
  function exportUrl(format: 'csv' | 'xlsx', baseId?: string): string {
    const { from, to } = range.value
    return `/api/stats/export.${format}?${new URLSearchParams({ from, to, ...(baseId ? { baseId } : {}) }).toString()}`
  }

  return { preset, granularity, range, state, failure, base, national, choosePreset, load, exportUrl }
})
