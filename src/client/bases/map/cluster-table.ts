import type { ClusterTable } from '../../../shared/domain/grid-cluster.ts'
import { getValidated } from '../../app/off-thread.ts'

/**
 * The national clusters the server built for the bases it lists (`GET /api/bases/clusters.json`),
 * fetched and validated in the API worker so the map's first screen never loads Zod. Null when it
 * cannot be had (offline): the map then clusters on the phone, which it also does whenever the
 * table's fingerprint does not match the bases it draws.
 */
export async function loadClusterTable(): Promise<ClusterTable | null> {
  try {
    return (await getValidated('/api/bases/clusters.json', 'baseClusterTable')) as unknown as ClusterTable
  } catch {
    return null
  }
}
