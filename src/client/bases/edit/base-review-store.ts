import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BaseHistoryEntry, BaseProposal, ProposalStatus } from '../../../shared/schemas/base-edit.ts'
import { baseProfileApi } from './base-profile-api.ts'

/**
 * What admins review: the proposals of every base by status, each approved (published at once)
 * or rejected with a reason the staff member sees; and, per base, its history and whether it may
 * publish hours, closures and phone without review.
 */
export const useBaseReviewStore = defineStore('base-review', () => {
  const status = ref<ProposalStatus>('pending')
  const proposals = shallowRef<BaseProposal[]>([])
  const history = shallowRef<BaseHistoryEntry[]>([])
  const minorFieldsDirect = ref<boolean | null>(null)
  const historyBase = ref<string | null>(null)

  async function loadProposals(next: ProposalStatus = status.value): Promise<void> {
    status.value = next
    proposals.value = (await baseProfileApi.pending(next)).proposals
  }

  /** Approves (or rejects) and takes the proposal off the pending list. */
  async function decide(id: string, decision: { kind: 'approve' } | { kind: 'reject'; reason: string }) {
    const { proposal } =
      decision.kind === 'approve' ? await baseProfileApi.approve(id) : await baseProfileApi.reject(id, decision.reason)
    proposals.value = proposals.value.map((p) => (p.id === id ? proposal : p))
    return proposal
  }

  async function loadBase(baseId: string): Promise<void> {
    historyBase.value = baseId
    const [record, list] = await Promise.all([baseProfileApi.record(baseId), baseProfileApi.history(baseId)])
    minorFieldsDirect.value = record.minorFieldsDirect
    history.value = list.history
  }

  async function setMinorFieldsDirect(baseId: string, value: boolean): Promise<void> {
    minorFieldsDirect.value = (await baseProfileApi.setMinorFieldsDirect(baseId, value)).minorFieldsDirect
    history.value = (await baseProfileApi.history(baseId)).history
  }

  return {
    status,
    proposals,
    history,
    historyBase,
    minorFieldsDirect,
    loadProposals,
    decide,
    loadBase,
    setMinorFieldsDirect,
  }
})
