import { baseClusterTable } from '../../../shared/index.ts'
import type { ClusterTable } from '../../../shared/domain/grid-cluster.ts'
import { apiRequest } from '../../api/http.ts'

/**
 * The national clusters the server built for the bases it lists (`GET /api/bases/clusters.json`,
 * revalidated with its ETag). Null when it cannot be had (offline): the map then clusters on the
 * phone, which it also does whenever the table's fingerprint does not match the bases it draws.
 */
export async function loadClusterTable(): Promise<ClusterTable | null> {
  try {
    return (await apiRequest('/api/bases/clusters.json', {
      response: baseClusterTable,
      cache: 'no-cache',
    })) as unknown as ClusterTable
  } catch {
    return null
  }
}
