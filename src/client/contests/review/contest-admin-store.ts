import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type {
  AdminContest,
  AdminExpert,
  ContestBody,
  ContestEntry,
  ContestStandings,
  ContestVotes,
  JudgedStage,
  ResultsBody,
  ReviewNormalisation,
} from '../../../shared/index.ts'
import type { z } from 'zod'
import type { contestRanking } from '../../../shared/index.ts'
import { contestAdminApi } from './contests-review-api.ts'

export type ContestRankingView = z.infer<typeof contestRanking>

/** The programme office's contests: configuration, entries, panels and rankings, the vote, results. */
export const useContestAdminStore = defineStore('contest-admin', () => {
  const contests = ref<AdminContest[] | null>(null)
  const contest = ref<AdminContest | null>(null)
  const entries = ref<ContestEntry[]>([])
  const experts = ref<AdminExpert[]>([])
  const votes = ref<ContestVotes | null>(null)
  const standings = ref<ContestStandings | null>(null)
  /** Experts with an account: only they can judge. */
  const judges = computed(() => experts.value.filter((e) => e.accountId !== null))

  async function loadList(): Promise<void> {
    contests.value = (await contestAdminApi.list()).contests
  }
  async function load(id: string): Promise<AdminContest> {
    contest.value = (await contestAdminApi.get(id)).contest
    return contest.value
  }
  async function save(id: string | null, body: ContestBody): Promise<AdminContest> {
    const { contest: saved } = id ? await contestAdminApi.update(id, body) : await contestAdminApi.create(body)
    contest.value = saved
    return saved
  }
  async function loadEntries(id: string): Promise<void> {
    entries.value = (await contestAdminApi.entries(id)).entries
  }
  async function setEligibility(entryId: string, eligible: boolean, reason: string): Promise<void> {
    const { entry } = await contestAdminApi.eligibility(entryId, eligible, reason)
    entries.value = entries.value.map((e) => (e.id === entry.id ? entry : e))
  }
  async function setShortlist(id: string, entryIds: string[]): Promise<void> {
    await contestAdminApi.shortlist(id, entryIds)
    await loadEntries(id)
  }
  async function loadExperts(): Promise<void> {
    experts.value = (await contestAdminApi.experts()).experts
  }
  async function createPanel(id: string, stage: JudgedStage, expertIds: string[]) {
    const created = await contestAdminApi.createPanel(id, stage, expertIds)
    await load(id)
    return created
  }
  async function ranking(panelId: string, normalise: ReviewNormalisation): Promise<ContestRankingView> {
    return (await contestAdminApi.ranking(panelId, normalise)).ranking
  }
  async function loadVotes(id: string): Promise<void> {
    votes.value = await contestAdminApi.votes(id)
  }
  async function discount(id: string, flagIds: string[], discounted: boolean): Promise<number> {
    const { changed, votes: after } = await contestAdminApi.discount(id, flagIds, discounted)
    votes.value = after
    return changed
  }
  async function loadStandings(id: string, normalise: ReviewNormalisation): Promise<void> {
    standings.value = (await contestAdminApi.standings(id, null, normalise)).standings
  }
  async function setResults(id: string, body: ResultsBody): Promise<void> {
    await contestAdminApi.setResults(id, body)
  }
  async function publishResults(id: string): Promise<number> {
    const { works } = await contestAdminApi.publishResults(id)
    await load(id)
    return works
  }

  return {
    contests,
    contest,
    entries,
    experts,
    judges,
    votes,
    standings,
    loadList,
    load,
    save,
    loadEntries,
    setEligibility,
    setShortlist,
    loadExperts,
    createPanel,
    ranking,
    loadVotes,
    discount,
    loadStandings,
    setResults,
    publishResults,
  }
})
