import { inject, provide, reactive, type InjectionKey } from 'vue'
import { addDays, todayInChina } from '../../../shared/domain/calendar-date.ts'
import {
  CONTEST_STAGES,
  type ContestBody,
  type ContestConfig,
  type ContestStage,
  type StageWindow,
} from '../../../shared/index.ts'

/*
 * The contest being set up, as the form edits it: the configuration the API takes (ContestConfig),
 * plus the stages as a row per possible stage with an "included" switch, so leaving one out and
 * putting it back keeps its dates. The form's sections share it through provide/inject.
 */

export interface StageRow {
  stage: ContestStage
  included: boolean
  starts: string
  ends: string
}

export interface ConfigDraft {
  config: ContestConfig
  stages: StageRow[]
  published: boolean
}

const MB = 1024 * 1024
export const toMb = (bytes: number) => Math.round(bytes / MB)
export const fromMb = (mb: number) => Math.round(mb * MB)

/** A new 讲解大赛 to start from: each stage a week or so after the one before, entries open today. */
export function newContestConfig(today = todayInChina()): ContestConfig {
  const week = (n: number): StageWindow['starts'] => addDays(today, n * 7)
  return {
    kind: 'explanation',
    title: { zh: '', en: '' },
    description: { zh: '', en: '' },
    year: Number(today.slice(0, 4)),
    themeDayId: null,
    stages: [
      { stage: 'entry', starts: today, ends: addDays(week(4), -1) },
      { stage: 'nomination-check', starts: week(4), ends: addDays(week(5), -1) },
      { stage: 'preliminary', starts: week(5), ends: addDays(week(7), -1) },
      { stage: 'public-vote', starts: week(7), ends: addDays(week(8), -1) },
      { stage: 'final', starts: week(8), ends: addDays(week(9), -1) },
      { stage: 'results', starts: week(9), ends: addDays(week(13), -1) },
    ],
    themes: [],
    videos: [
      {
        slot: 'talk',
        label: { zh: '讲解视频', en: 'Talk' },
        minDurationS: 180,
        maxDurationS: 240,
        minBytes: 0,
        maxBytes: 300 * MB,
        containers: ['mp4'],
        videoCodecs: ['avc1', 'avc3'],
        audioCodecs: ['mp4a.40'],
        minShortSidePx: 720,
        aspectRatios: ['16:9'],
        publishAsWork: true,
      },
    ],
    captionsRequired: true,
    quotas: { perOrganisation: 2, byOrganisation: {} },
    criteria: [
      { id: 'accuracy', label: { zh: '科学准确', en: 'Scientific accuracy' }, weight: 40, maxScore: 10 },
      { id: 'expression', label: { zh: '语言表达', en: 'Expression' }, weight: 30, maxScore: 10 },
      { id: 'manner', label: { zh: '形象风度', en: 'Manner' }, weight: 30, maxScore: 10 },
    ],
    tieBreakers: [{ by: 'criterion', criterion: 'accuracy' }, { by: 'median' }],
    outlierPoints: 20,
    blindReview: true,
    awards: [
      { id: 'first', label: { zh: '一等奖', en: 'First prize' }, kind: 'prize', count: 1 },
      { id: 'second', label: { zh: '二等奖', en: 'Second prize' }, kind: 'prize', count: 2 },
      { id: 'popularity', label: { zh: '最佳人气奖', en: 'Popularity award' }, kind: 'special', count: 1 },
    ],
    vote: {
      mode: 'popularity-award',
      awardId: 'popularity',
      limits: {
        perAddressPerEntryPerDay: 30,
        perAddressPerDay: 300,
        burstVotes: 10,
        burstMinutes: 10,
        newDeviceMinutes: 30,
        newDeviceCluster: 10,
      },
    },
    maxNonOriginalPercent: 10,
    licence: 'CC BY-NC-ND 4.0',
  }
}

/** The draft of a contest's configuration (a copy: nothing changes until it is saved). */
export function draftOf(config: ContestConfig, published: boolean): ConfigDraft {
  const copy = JSON.parse(JSON.stringify(config)) as ContestConfig
  const stages = CONTEST_STAGES.map((stage): StageRow => {
    const w = copy.stages.find((s) => s.stage === stage)
    return w
      ? { stage, included: true, starts: w.starts, ends: w.ends }
      : { stage, included: false, starts: '', ends: '' }
  })
  return { config: copy, stages, published }
}

/** The body to send: the included stages in their order. */
export function bodyOf(draft: ConfigDraft): ContestBody {
  return {
    config: {
      ...draft.config,
      stages: draft.stages.filter((s) => s.included).map(({ stage, starts, ends }) => ({ stage, starts, ends })),
    },
    published: draft.published,
  }
}

const KEY: InjectionKey<ConfigDraft> = Symbol('contest-config-draft')
export function provideConfigDraft(draft: ConfigDraft): ConfigDraft {
  const state: ConfigDraft = reactive(draft)
  provide(KEY, state)
  return state
}
export function useConfigDraft(): ConfigDraft {
  const draft = inject(KEY)
  if (!draft) throw new Error('useConfigDraft outside ContestAdminEditView')
  return draft
}
