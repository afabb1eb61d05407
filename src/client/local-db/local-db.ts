import Dexie, { type EntityTable } from 'dexie'
import type { Bbox } from '../../shared/domain/tile-math.ts'
import type { ExpertPage, ExpertSummary } from '../../shared/schemas/expert.ts'
import type { BuiltBase } from '../../shared/schemas/base.ts'
import type { Notice } from '../../shared/schemas/notice.ts'
import type { PublishedWork } from '../../shared/schemas/work-edit.ts'
import type { Application, NamingCall } from '../../shared/schemas/naming.ts'
import type { Registration, SquadronVisit, StaffRegistration, SquadronEvent } from '../../shared/schemas/squadron.ts'
import type {
  ActivityPayload,
  CheckinPayload,
  EventPayload,
  TallyPayload,
  TallyVoidPayload,
} from '../../shared/schemas/sync.ts'

/** A base the visitor marked as visited: their local "passport". Never leaves the device. */
export interface VisitStamp {
  baseId: string
  visitedAt: string
}

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
  /** Playback position in seconds, for video and audio (`positionS` before version 6). */
  playbackSeconds?: number
  /** Set when the visitor reached the end (so "continue" stops offering it). */
  finished?: boolean
  openedAt: string
}

/** A work state as versions 2–5 stored it, while version 6 renames its position. */
type WorkStateUpgrading = WorkState & { positionS?: number }

/** One file of a work kept for offline use. */
export interface SavedFile {
  name: string
  mime: string
  blob: Blob
}

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

/** Where a staff record stands on its way to the server (src/client/sync/README.md). */
export type SyncState = 'queued' | 'sending' | 'synced' | 'rejected' | 'conflict'

/** The server's copy of a record, kept beside a local edit it conflicts with. */
export interface ServerCopy<P> {
  version: number
  payload: P
}

interface SyncRecordRow<K extends string, P> {
  /** UUIDv7 made on the device: the idempotency key of every push. */
  id: string
  kind: K
  baseId: string
  payload: P
  /** The account that last wrote it on this device; null for a record that came from the server. */
  accountId: string | null
  state: SyncState
  /** The server version this copy is (synced) or was edited on (0 = not on the server yet). */
  version: number
  /** Local edit counter: an ack only settles the edit it was sent for. */
  rev: number
  /** Why the server refused it (state `rejected`). */
  reason?: string
  /** The server's copy (state `conflict`). */
  server?: ServerCopy<P>
  /** Canonical payloads pushed without an answer: the server may hold one of them (our own edit). */
  unacked?: string[]
  /** The `rev` last written to an export file: a switch of user is allowed once every unsynced rev is exported. */
  exportedRev?: number
  /**
   * Queued again because the server lost it (a restored database), at this `rev`: pushed with
   * `restore` (sync/README.md). An edit after that (a higher `rev`) is the user's, not a restore.
   */
  restoringRev?: number
  createdAt: string
  updatedAt: string
}

export type LocalTally = SyncRecordRow<'tally', TallyPayload>
export type LocalTallyVoid = SyncRecordRow<'tally-void', TallyVoidPayload>
export type LocalActivity = SyncRecordRow<'activity', ActivityPayload>
export type LocalEvent = SyncRecordRow<'event', EventPayload>
/** A 李四光中队 class checked in at the gate: append-only, like a tally. */
export type LocalCheckin = SyncRecordRow<'checkin', CheckinPayload>
/** The kinds that carry versions, so can conflict: activities and base events. */
export type LocalVersioned = LocalActivity | LocalEvent
/**
 * A tally, tally void, activity or event as the device keeps it: the record plus its outbox state.
 * Events live in the same `syncRecords` table: its indexes (`[baseId+kind]`, `[accountId+state]`)
 * name no kind, so a new kind needs no Dexie version.
 */
export type LocalSyncRecord = LocalTally | LocalTallyVoid | LocalActivity | LocalEvent | LocalCheckin

/**
 * A teacher's registration as last read from the server, kept so the ticket (QR + code) opens
 * with no signal at the gate. One row per registration, tied to the school account that read it.
 */
export interface SavedRegistration {
  id: string
  accountId: string
  registration: Registration
  savedAt: string
}

/** A school account's visit records, kept for showing and printing offline. */
export interface SavedVisits {
  accountId: string
  visits: SquadronVisit[]
  savedAt: string
}

/**
 * One event's registrations as a staff phone synced them before going to the gate: check-in
 * verifies tickets against this list offline. Replaced whole on each sync of the event.
 */
export interface EventRoster {
  eventId: string
  baseId: string
  event: SquadronEvent
  registrations: StaffRegistration[]
  /** Server time of the list (its `fetchedAt`). */
  fetchedAt: string
}

/** Small sync bookkeeping: `deviceId`, `cursor:<baseId>`, `lastSyncedAt:<accountId>`. */
export interface SyncMeta {
  key: string
  value: string | number
}

/** The notices list as last received, so notices open with no signal. */
export type SavedNotice = Notice

/** The public experts list (科普专家库) as last received, whole and unfiltered: one row, key `all`. */
export interface SavedExpertList {
  key: 'all'
  experts: ExpertSummary[]
  savedAt: string
}

/** An expert's public page as last received, so it opens with no signal. */
export interface SavedExpertPage {
  id: string
  page: ExpertPage
  savedAt: string
}

/**
 * A base as the server last sent it (`GET /api/bases/:id`), kept so its page opens offline with
 * the date of the copy, and refreshed when the app opens, returns to the foreground or reconnects.
 * Kept for every base page opened, and for the bases of each saved map area (their photos too).
 */
export interface BaseCopy {
  id: string
  base: BuiltBase
  /** When this copy came from the server (ISO 8601); null for the app's own copy, kept until the server can be asked. */
  fetchedAt: string | null
  /** The saved areas this base lies in; empty for a base only opened. */
  areaIds: string[]
}

/** One photo of a saved base, kept as a blob (one size) so it shows offline. */
export interface SavedBasePhoto {
  mediaId: string
  blob: Blob
  width: number
  height: number
  savedAt: string
}

/**
 * A work published in the app (`GET /api/works`): a new one, or a content work edited in the app,
 * which replaces the shipped copy. Kept whole (text and media URLs) so its page opens offline.
 */
export type AppWorkCopy = PublishedWork

/**
 * An application (申报) as the applicant's phone holds it: the form as last typed, kept on every
 * change so nothing is lost offline, beside the server's copy and the call it answers, so the
 * form opens with no signal and can say which copy is newer.
 */
export interface ApplicationDraftCopy {
  id: string
  /** The form as typed, blanks and half-filled rows included (naming/apply/application-form.ts). */
  form: Record<string, unknown>
  /** The uploads in the form: slot, media id and file name. */
  attachments: { slot: string; mediaId: string; filename: string | null }[]
  /** When the form was last changed on this phone (ISO 8601). */
  editedAt: string
  /** The server's copy as last received (its `version` is the one edits are based on). */
  server: Application
  call: NamingCall
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
  syncRecords!: EntityTable<LocalSyncRecord, 'id'>
  syncMeta!: EntityTable<SyncMeta, 'key'>
  notices!: EntityTable<SavedNotice, 'id'>
  savedRegistrations!: EntityTable<SavedRegistration, 'id'>
  savedVisits!: EntityTable<SavedVisits, 'accountId'>
  eventRosters!: EntityTable<EventRoster, 'eventId'>
  expertLists!: EntityTable<SavedExpertList, 'key'>
  expertPages!: EntityTable<SavedExpertPage, 'id'>
  baseCopies!: EntityTable<BaseCopy, 'id'>
  basePhotos!: EntityTable<SavedBasePhoto, 'mediaId'>
  appWorks!: EntityTable<AppWorkCopy, 'id'>
  applicationDrafts!: EntityTable<ApplicationDraftCopy, 'id'>

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
    // v3 (statistics sync): staff records with their outbox state in the same row, so a record and
    // its pending push are always written together; and the sync bookkeeping.
    this.version(3).stores({
      syncRecords: 'id, [accountId+state], [baseId+kind], state, updatedAt',
      syncMeta: 'key',
    })
    // v4 (emergency notices): the last-known notices list, for the banner and the 通知 tab offline.
    this.version(4).stores({
      notices: 'id, sent',
    })
    // v5 (李四光中队): teachers' registrations with their tickets and visit
    // records, and the registrations of events a staff phone checks classes in at, for offline use.
    // Check-ins themselves are sync records (kind `checkin`) in `syncRecords`, so need no table.
    this.version(5).stores({
      savedRegistrations: 'id, accountId',
      savedVisits: 'accountId',
      eventRosters: 'eventId, baseId',
    })
    // v6: the playback position `positionS` is renamed `playbackSeconds`; positions already saved move over.
    this.version(6).upgrade((tx) =>
      tx
        .table<WorkStateUpgrading>('workStates')
        .toCollection()
        .modify((state) => {
          if (state.positionS === undefined) return
          state.playbackSeconds = state.positionS
          delete state.positionS
        }),
    )
    // v7 (科普专家库): the public experts list and the expert pages last opened, for offline use.
    this.version(7).stores({
      expertLists: 'key',
      expertPages: 'id, savedAt',
    })
    // v8 (bases kept by their staff): the last copy of each base from the server, and the photos
    // of bases in saved map areas, so a base page opens offline with its date and its photos.
    this.version(8).stores({
      baseCopies: 'id, fetchedAt, *areaIds',
      basePhotos: 'mediaId',
    })
    // v9 (works published in the app): the phone's copy of the works feed, so they list, open and
    // search offline; its version and the ids to hide are in `syncMeta`.
    this.version(9).stores({
      appWorks: 'id',
    })
    // v10 (申报): an applicant's application drafts, kept on the phone as typed (naming/apply/).
    this.version(10).stores({
      applicationDrafts: 'id',
    })
    // Another tab opened a newer version: close so its upgrade is not blocked (chatcraft #149).
    this.on('versionchange', () => {
      this.close()
      return false
    })
  }
}

export const localDb = new LocalDb()
