import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { buildApp } from '../../../src/server/app.ts'
import { addDays, todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import type { ContestConfigInput, ContestEntry, MediaRecord } from '../../../src/shared/index.ts'
import type { TestClock } from './expert-fixtures.ts'
import { sampleMp4, uploadWhole } from './media-fixtures.ts'
import { seededDatabase, type TestApp, type TestClient } from './test-app.ts'

export { seedJudge, signIn } from './review-fixtures.ts'

/*
 * Contest tests: MP4 files made from the works' sample video (H.264 640×360, AAC, 43.96 s) by
 * rewriting its index, so each breaks one rule (too long, too small, another codec …) without a
 * video encoder; and a contest configuration whose stages sit around today.
 */

/** A box inside `bytes[from, to)`: its type, where it starts and how long it is. */
interface Found {
  type: string
  start: number
  size: number
}

function children(bytes: Buffer, from: number, to: number): Found[] {
  const out: Found[] = []
  for (let at = from; at + 8 <= to;) {
    const size = bytes.readUInt32BE(at)
    out.push({ type: bytes.toString('latin1', at + 4, at + 8), start: at, size })
    if (size < 8) break
    at += size
  }
  return out
}

const inside = (bytes: Buffer, box: Found, extra = 0) => children(bytes, box.start + 8 + extra, box.start + box.size)
const one = (list: Found[], type: string) => {
  const found = list.find((b) => b.type === type)
  if (!found) throw new Error(`the sample video has no '${type}' box where expected`)
  return found
}

export interface Mp4Changes {
  /** The movie's duration in seconds (mvhd). */
  durationS?: number
  /** The picture size the track header declares. */
  width?: number
  height?: number
  /** A four-character sample entry in place of `avc1` (e.g. `hvc1`). */
  videoEntry?: string
  /** A four-character sample entry in place of `mp4a`, or `none` to drop the sound track. */
  audioEntry?: string
  /** The ftyp major brand (`qt  ` makes it a QuickTime file). */
  brand?: string
  /** Bytes appended as a `free` box: a bigger file with the same content. */
  padBytes?: number
}

/** The sample video with its index rewritten as asked. */
export function mp4With(changes: Mp4Changes = {}): Buffer {
  const mp4 = Buffer.from(sampleMp4())
  const top = children(mp4, 0, mp4.length)
  if (changes.brand) mp4.write(changes.brand, one(top, 'ftyp').start + 8, 'latin1')
  const moov = one(top, 'moov')
  const inMoov = inside(mp4, moov)
  const mvhd = one(inMoov, 'mvhd')
  if (changes.durationS !== undefined) {
    if (mp4[mvhd.start + 8] !== 0) throw new Error('mvhd version 1: not handled')
    const timescale = mp4.readUInt32BE(mvhd.start + 20)
    mp4.writeUInt32BE(Math.round(changes.durationS * timescale), mvhd.start + 24)
  }
  for (const trak of inMoov.filter((b) => b.type === 'trak')) {
    const inTrak = inside(mp4, trak)
    const tkhd = one(inTrak, 'tkhd')
    const mdia = one(inTrak, 'mdia')
    const handler = mp4.toString(
      'latin1',
      one(inside(mp4, mdia), 'hdlr').start + 16,
      one(inside(mp4, mdia), 'hdlr').start + 20,
    )
    const stbl = one(inside(mp4, one(inside(mp4, mdia), 'minf')), 'stbl')
    const stsd = one(inside(mp4, stbl), 'stsd')
    const entry = inside(mp4, stsd, 8)[0]!
    if (handler === 'vide') {
      // tkhd v0: width and height are the last 8 bytes, 16.16 fixed point.
      if (changes.width !== undefined) mp4.writeUInt32BE(changes.width * 65536, tkhd.start + tkhd.size - 8)
      if (changes.height !== undefined) mp4.writeUInt32BE(changes.height * 65536, tkhd.start + tkhd.size - 4)
      if (changes.videoEntry) mp4.write(changes.videoEntry, entry.start + 4, 'latin1')
    }
    if (handler === 'soun' && changes.audioEntry) {
      // Dropping the track: it becomes a `free` box that players and parsers skip.
      if (changes.audioEntry === 'none') mp4.write('free', trak.start + 4, 'latin1')
      else mp4.write(changes.audioEntry, entry.start + 4, 'latin1')
    }
  }
  if (!changes.padBytes) return mp4
  const pad = Buffer.alloc(changes.padBytes)
  pad.writeUInt32BE(changes.padBytes, 0)
  pad.write('free', 4, 'latin1')
  return Buffer.concat([mp4, pad])
}

/** Uploads a file as a contest video (tus, in one PATCH); its media record. */
export async function uploadContestVideo(
  client: TestClient,
  bytes: Buffer,
  filename = 'entry.mp4',
): Promise<MediaRecord> {
  const response = await uploadWhole(client, bytes, { purpose: 'contest-video', filename })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ media: MediaRecord }>().media
}

export const VTT =
  'WEBVTT\n\n00:00.000 --> 00:04.000\n大家好，我来讲讲岩石的故事。\n\n00:04.000 --> 00:09.500\n这块花岗岩来自湖南。\n'

/** Days around today, so the stage running is the one a test wants. */
export const day = (offset: number) => addDays(todayInChina(), offset)

/**
 * A 讲解大赛 configuration: a 20-second self-introduction (15–25 s) and a talk (30–60 s, so the
 * 44 s sample passes), H.264/AAC in MP4, at least 360p, 16:9; entries open today.
 */
export function explanationContest(overrides: Partial<ContestConfigInput> = {}): ContestConfigInput {
  return {
    kind: 'explanation',
    title: { zh: '自然资源科普讲解大赛（测试）', en: 'Science explanation contest (test)' },
    year: 2026,
    themeDayId: 'earth-day',
    stages: [
      { stage: 'entry', starts: day(-5), ends: day(5) },
      { stage: 'nomination-check', starts: day(6), ends: day(8) },
      { stage: 'preliminary', starts: day(9), ends: day(15) },
      { stage: 'public-vote', starts: day(16), ends: day(20) },
      { stage: 'final', starts: day(21), ends: day(22) },
      { stage: 'results', starts: day(23), ends: day(60) },
    ],
    themes: ['矿产资源', '地质遗迹', '海洋'],
    videos: [
      {
        slot: 'intro',
        label: { zh: '自我介绍', en: 'Self-introduction' },
        minDurationS: 15,
        maxDurationS: 25,
        maxBytes: 5 * 1024 * 1024,
        minShortSidePx: 360,
        aspectRatios: ['16:9'],
        publishAsWork: false,
      },
      {
        slot: 'talk',
        label: { zh: '自主命题讲解', en: 'Talk on a chosen topic' },
        minDurationS: 30,
        maxDurationS: 60,
        maxBytes: 5 * 1024 * 1024,
        minShortSidePx: 360,
        aspectRatios: ['16:9'],
      },
    ],
    quotas: { perOrganisation: 2, byOrganisation: {} },
    criteria: [
      { id: 'accuracy', label: { zh: '科学准确', en: 'Scientific accuracy' }, weight: 40, maxScore: 10 },
      { id: 'expression', label: { zh: '语言表达', en: 'Expression' }, weight: 30, maxScore: 10 },
      { id: 'manner', label: { zh: '形象风度', en: 'Manner' }, weight: 30, maxScore: 10 },
    ],
    tieBreakers: [{ by: 'criterion', criterion: 'accuracy' }, { by: 'median' }],
    awards: [
      { id: 'first', label: { zh: '一等奖', en: 'First prize' }, kind: 'prize', count: 1 },
      { id: 'second', label: { zh: '二等奖', en: 'Second prize' }, kind: 'prize', count: 2 },
      { id: 'popularity', label: { zh: '最佳人气奖', en: 'Popularity award' }, kind: 'special', count: 1 },
    ],
    vote: { mode: 'popularity-award', awardId: 'popularity' },
    ...overrides,
  }
}

/** Creates and publishes a contest as the admin; its id. */
export async function createContest(
  admin: TestClient,
  config: ContestConfigInput = explanationContest(),
): Promise<string> {
  const response = await admin.request({
    method: 'POST',
    url: '/api/admin/contests',
    payload: { config, published: true },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ contest: { id: string } }>().contest.id
}

export const entryBody = (title = '花岗岩的一生') => ({
  title,
  theme: '地质遗迹',
  description: '从岩浆到山峰。',
  entrantNames: ['张小明'],
  declaration: { nonOriginalPercent: 5, aiGeneratedPercent: 0, sources: '片头素材来自单位资料库' },
})

export async function createEntry(client: TestClient, contestId: string, title?: string): Promise<ContestEntry> {
  const response = await client.request({
    method: 'POST',
    url: `/api/contests/${contestId}/entries`,
    payload: entryBody(title),
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ entry: ContestEntry }>().entry
}

export async function attach(client: TestClient, entryId: string, slot: string, mediaId: string) {
  return client.request({ method: 'PUT', url: `/api/contest-entries/${entryId}/videos/${slot}`, payload: { mediaId } })
}

/** An entry with both videos (an intro made 20 s long, the sample as the talk), captions, submitted. */
export async function submittedEntry(client: TestClient, contestId: string, title?: string): Promise<ContestEntry> {
  const entry = await createEntry(client, contestId, title)
  const intro = await uploadContestVideo(client, mp4With({ durationS: 20 }))
  const talk = await uploadContestVideo(client, mp4With())
  for (const [slot, media] of [
    ['intro', intro],
    ['talk', talk],
  ] as const) {
    const attached = await attach(client, entry.id, slot, media.id)
    expect(attached.statusCode, attached.body).toBe(200)
    const captions = await client.request({
      method: 'PUT',
      url: `/api/contest-entries/${entry.id}/captions/${slot}`,
      payload: { vtt: VTT },
    })
    expect(captions.statusCode, captions.body).toBe(200)
  }
  const submitted = await client.request({ method: 'POST', url: `/api/contest-entries/${entry.id}/submit` })
  expect(submitted.statusCode, submitted.body).toBe(200)
  return submitted.json<{ entry: ContestEntry }>().entry
}

export interface ContestApp extends TestApp {
  clock: TestClock
}

/** The real app with uploads in a throwaway DATA_DIR and a clock the test moves (stages follow it). */
export async function buildContestApp(): Promise<ContestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-contests-'))
  const { database, content, config, drop } = await seededDatabase({ DATA_DIR: dataDir })
  let offset = 0
  const clock: TestClock = {
    now: () => new Date(Date.now() + offset),
    advanceDays: (days) => {
      offset += days * 86_400_000
    },
    setTo: (at) => {
      offset = at === null ? 0 : at.getTime() - Date.now()
    },
  }
  const app = await buildApp(config, { db: database.db, content, now: clock.now })
  await app.ready()
  return {
    app,
    database,
    config,
    clock,
    close: async () => {
      await app.close()
      await database.close()
      await drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
