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

/** What the visitor did with a work: favourite, where they got to, when they last opened it. */
export interface WorkState {
  workId: string
  /** ISO time it was made a favourite; absent when it is not one. */
  favouritedAt?: string
  /** Reading position as a fraction of the page (0–1), for text works. */
  readFraction?: number
  /** Playback position in seconds, for video and audio. */
  positionS?: number
  /** Set when the visitor reached the end (so "continue" stops offering it). */
  finished?: boolean
  openedAt: string
}

/** One file of a work kept for offline use. */
export interface SavedFile { name: string; mime: string; blob: Blob }

/**
 * A work's media (video/audio + captions + poster, or its pictures) saved on demand. Kept as blobs
 * and played from object URLs, so it plays offline on iOS Safari too, where a service worker
 * answering range requests for media is unreliable.
 */
export interface SavedWork {
  workId: string
  files: SavedFile[]
  bytes: number
  savedAt: string
}

/**
 * The app's IndexedDB, and the only code that names its tables. Versions only ever add:
 * a schema change gets a new `version(n)` with an upgrade, never an edit of an old one.
 */
export class LocalDb extends Dexie {
  visits!: EntityTable<VisitStamp, 'baseId'>
  savedAreas!: EntityTable<SavedArea, 'id'>
  workStates!: EntityTable<WorkState, 'workId'>
  savedWorks!: EntityTable<SavedWork, 'workId'>

  constructor(name = 'ziran-kepu') {
    super(name)
    this.version(1).stores({
      visits: 'baseId, visitedAt',
      savedAreas: 'id, createdAt',
    })
    // v2 (works library): favourites, reading/playback positions, media saved for offline.
    this.version(2).stores({
      workStates: 'workId, openedAt, favouritedAt',
      savedWorks: 'workId, savedAt',
    })
    // Another tab opened a newer version: close so its upgrade is not blocked (chatcraft #149).
    this.on('versionchange', () => {
      this.close()
      return false
    })
  }
}

export const localDb = new LocalDb()
