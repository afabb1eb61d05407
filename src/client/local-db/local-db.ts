import Dexie, { type EntityTable } from 'dexie'
import type { Bbox } from '../../shared/domain/tile-math.ts'

/** A base the visitor marked as visited: their local "passport". Never leaves the device. */
export interface VisitStamp { baseId: string; visitedAt: string }

/** A map area saved for offline use; its tiles live in Cache Storage (see pwa/cache-names.ts). */
export interface SavedArea {
  id: string
  name: string
  bbox: Bbox
  minZoom: number
  maxZoom: number
  providerId: string
  tileUrls: string[]
  bytes: number
  state: 'downloading' | 'complete' | 'partial'
  createdAt: string
}

/**
 * The app's IndexedDB, and the only code that names its tables. Versions only ever add:
 * a schema change gets a new `version(n)` with an upgrade, never an edit of an old one.
 */
export class LocalDb extends Dexie {
  visits!: EntityTable<VisitStamp, 'baseId'>
  savedAreas!: EntityTable<SavedArea, 'id'>

  constructor(name = 'ziran-kepu') {
    super(name)
    this.version(1).stores({
      visits: 'baseId, visitedAt',
      savedAreas: 'id, createdAt',
    })
    // Another tab opened a newer version: close so its upgrade is not blocked (chatcraft #149).
    this.on('versionchange', () => {
      this.close()
      return false
    })
  }
}

export const localDb = new LocalDb()
