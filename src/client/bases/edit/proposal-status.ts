import type { ProposalStatus } from '../../../shared/schemas/base-edit.ts'

/** How each outcome of a proposal is tagged (Vant tag types, which follow the design tokens). */
export const PROPOSAL_TAG: Record<ProposalStatus, 'warning' | 'success' | 'danger' | 'primary'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  published: 'primary',
}
