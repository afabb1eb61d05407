import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AdminExpert, ExpertCreateBody } from '../../shared/index.ts'
import { expertsApi } from './experts-api.ts'

/** A one-time invite link as the admin sees it once. */
export interface IssuedInvite {
  name: string
  link: string
  expiresAt: string
}

/** Admins and the expert pool: every expert, invites, and title/institution changes to decide. */
export const useExpertAdminStore = defineStore('expert-admin', () => {
  const experts = ref<AdminExpert[] | null>(null)

  async function load(): Promise<void> {
    experts.value = (await expertsApi.adminExperts(false)).experts
  }
  const pending = computed(() => (experts.value ?? []).filter((e) => e.pendingChange?.status === 'pending'))

  async function invite(body: ExpertCreateBody): Promise<IssuedInvite> {
    const { expert, invite } = await expertsApi.createExpert(body)
    await load()
    return { name: expert.name, link: invite.link, expiresAt: invite.expiresAt }
  }
  async function reissue(expert: AdminExpert): Promise<IssuedInvite> {
    const { invite } = await expertsApi.reissueInvite(expert.id)
    await load()
    return { name: expert.name, link: invite.link, expiresAt: invite.expiresAt }
  }
  async function approve(changeId: string): Promise<void> {
    await expertsApi.approveChange(changeId)
    await load()
  }
  async function reject(changeId: string, reason: string): Promise<void> {
    await expertsApi.rejectChange(changeId, reason)
    await load()
  }

  return { experts, pending, load, invite, reissue, approve, reject }
})
