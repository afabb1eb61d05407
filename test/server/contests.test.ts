import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseWebVtt } from '../../src/shared/domain/contest-rules.ts'
import type { ApiError, ContestDetail, ContestEntry, ContestSummary } from '../../src/shared/index.ts'
import {
  attach,
  buildContestApp,
  createContest,
  createEntry,
  day,
  entryBody,
  explanationContest,
  mp4With,
  signIn,
  submittedEntry,
  uploadContestVideo,
  VTT,
  type ContestApp,
} from './helpers/contest-fixtures.ts'
import { minimalPdf, uploadWhole } from './helpers/media-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * Contests from set-up to submitted entries: configuration, the public list and rules, entries
 * from a school's and a base's accounts, every file rule (checked on the file's content), WebVTT
 * captions, quotas and the deadline on the server's clock.
 */

const A = 'geological-museum-of-china'
let t: ContestApp
let admin: TestClient
let school: TestClient & { accountId: string }
let staff: TestClient
let staff2: TestClient
let contestId: string

beforeAll(async () => {
  t = await buildContestApp()
  admin = await signIn(t, 'contest-admin', 'admin')
  school = await signIn(t, 'contest-school', 'school')
  staff = await signIn(t, 'contest-staff', 'base_staff', { baseId: A })
  staff2 = await signIn(t, 'contest-staff-2', 'base_staff', { baseId: A })
  contestId = await createContest(admin, explanationContest({ quotas: { perOrganisation: 10, byOrganisation: {} } }))
}, 120_000)
afterAll(async () => {
  await t.close()
})

const entryOf = (response: { json: <T>() => T }) => response.json<{ entry: ContestEntry }>().entry
const errorOf = (response: { json: <T>() => T }) => response.json<ApiError>()

describe('set-up', () => {
  it('lists published contests with their stages, the theme day and the stage running today', async () => {
    const draft = await admin.request({
      method: 'POST',
      url: '/api/admin/contests',
      payload: { config: explanationContest({ title: { zh: '草稿大赛', en: 'Draft' } }), published: false },
    })
    expect(draft.statusCode, draft.body).toBe(201)
    const list = await new TestClient(t.app).request({ url: '/api/contests' })
    expect(list.statusCode).toBe(200)
    const contests = list.json<{ contests: ContestSummary[] }>().contests
    expect(contests.map((c) => c.id)).toEqual([contestId])
    expect(contests[0]).toMatchObject({
      kind: 'explanation',
      currentStage: 'entry',
      themeDay: { id: 'earth-day', name: { zh: '世界地球日' } },
      resultsPublished: false,
    })
    expect(contests[0]!.stages.map((s) => s.stage)).toEqual([
      'entry',
      'nomination-check',
      'preliminary',
      'public-vote',
      'final',
      'results',
    ])
    const hidden = await new TestClient(t.app).request({
      url: `/api/contests/${draft.json<{ contest: { id: string } }>().contest.id}`,
    })
    expect(hidden.statusCode).toBe(404)
  })

  it('shows the rules, in words too, with what the public vote can and cannot guarantee', async () => {
    const response = await new TestClient(t.app).request({ url: `/api/contests/${contestId}` })
    expect(response.statusCode).toBe(200)
    const contest = response.json<{ contest: ContestDetail }>().contest
    expect(contest.rules.videos.map((v) => [v.slot, v.minDurationS, v.maxDurationS])).toEqual([
      ['intro', 15, 25],
      ['talk', 30, 60],
    ])
    expect(contest.rules.text.en).toContain(`Entries close at the end of ${day(5)} (24:00 Beijing time`)
    expect(contest.rules.text.en).toContain('cannot guarantee one vote per person')
    expect(contest.rules.text.zh).toContain('不能保证“一人一票”')
    expect(contest.rules.text.en).toContain(
      'Equal scores are separated by, in order: higher mean on "Scientific accuracy"',
    )
    expect(contest.shortlist).toEqual([])
    expect(contest.results).toBeNull()
  })

  it('refuses a configuration that cannot run, saying where', async () => {
    const bad = async (config: object) => {
      const response = await admin.request({ method: 'POST', url: '/api/admin/contests', payload: { config } })
      expect(response.statusCode, response.body).toBe(400)
      return errorOf(response).message
    }
    const base = explanationContest()
    expect(await bad({ ...base, themeDayId: 'no-such-day' })).toMatch(/no theme day "no-such-day"/)
    expect(
      await bad({
        ...base,
        stages: base.stages.map((s) => (s.stage === 'final' ? { ...s, starts: day(-20), ends: day(-19) } : s)),
      }),
    ).toMatch(/"final" starts before/)
    expect(await bad({ ...base, vote: { mode: 'popularity-award', awardId: 'best-smile' } })).toMatch(
      /vote.awardId no such award/,
    )
    expect(await bad({ ...base, stages: base.stages.filter((s) => s.stage !== 'results') })).toMatch(
      /"results" stage is required/,
    )
    expect(await bad({ ...base, videos: [{ ...base.videos[0], maxBytes: 500 * 1024 * 1024 }] })).toMatch(/maxBytes/)
  })
})

describe('entries', () => {
  it("belong to the account's organisation: a school, or a base shared by its staff", async () => {
    const fromSchool = await createEntry(school, contestId, '学校的作品')
    expect(fromSchool.organisation).toEqual({ key: `school:${school.accountId}`, name: 'contest-school' })
    const fromBase = await createEntry(staff, contestId, '基地的作品')
    expect(fromBase.organisation).toEqual({ key: `base:${A}`, name: '中国地质博物馆' })
    // Another staff account of the same base sees and edits it; the school does not.
    const listed = await staff2.request({ url: `/api/contests/${contestId}/entries` })
    expect(listed.json<{ entries: ContestEntry[] }>().entries.map((e) => e.title)).toContain('基地的作品')
    const edit = await staff2.request({
      method: 'PATCH',
      url: `/api/contest-entries/${fromBase.id}`,
      payload: { title: '基地的作品（改）' },
    })
    expect(edit.statusCode, edit.body).toBe(200)
    expect((await school.request({ url: `/api/contest-entries/${fromBase.id}` })).statusCode).toBe(404)
    // What an entry lacks is listed from the start.
    expect(fromSchool.missing.map((m) => m.rule)).toEqual(['videos.intro', 'videos.talk'])
  })

  it('takes a theme from the contest’s list only', async () => {
    const response = await school.request({
      method: 'POST',
      url: `/api/contests/${contestId}/entries`,
      payload: { ...entryBody(), theme: '太空' },
    })
    expect(response.statusCode).toBe(400)
    expect(errorOf(response).message).toContain('矿产资源、地质遗迹、海洋')
  })

  it('holds an organisation to its quota; a withdrawn entry frees its place', async () => {
    const id = await createContest(admin)
    const other = await signIn(t, 'quota-school', 'school')
    const first = await createEntry(other, id, '一')
    await createEntry(other, id, '二')
    const third = await other.request({ method: 'POST', url: `/api/contests/${id}/entries`, payload: entryBody('三') })
    expect(third.statusCode).toBe(409)
    expect(errorOf(third).message).toMatch(/over quota: quota-school may nominate 2 entries and has 2/)
    const withdrawn = await other.request({ method: 'POST', url: `/api/contest-entries/${first.id}/withdraw` })
    expect(entryOf(withdrawn).status).toBe('withdrawn')
    expect(
      (await other.request({ method: 'POST', url: `/api/contests/${id}/entries`, payload: entryBody('三') }))
        .statusCode,
    ).toBe(201)
  })

  it('gives an organisation its own quota when the contest names one', async () => {
    const config = explanationContest({ quotas: { perOrganisation: 1, byOrganisation: { [`base:${A}`]: 3 } } })
    const id = await createContest(admin, config)
    for (const title of ['一', '二', '三']) await createEntry(staff, id, title)
    const fourth = await staff.request({ method: 'POST', url: `/api/contests/${id}/entries`, payload: entryBody('四') })
    expect(errorOf(fourth).message).toMatch(/may nominate 3 entries and has 3/)
    await createEntry(school, id, '一')
    const second = await school.request({
      method: 'POST',
      url: `/api/contests/${id}/entries`,
      payload: entryBody('二'),
    })
    expect(errorOf(second).message).toMatch(/may nominate 1 entry and has 1/)
  })
})

describe('videos, checked for what they are', () => {
  let entry: ContestEntry
  beforeAll(async () => {
    entry = await createEntry(school, contestId, '视频规则')
  })

  it('attaches a video that meets its rule, with what was read from it', async () => {
    const talk = await uploadContestVideo(school, mp4With())
    const response = await attach(school, entry.id, 'talk', talk.id)
    expect(response.statusCode, response.body).toBe(200)
    expect(entryOf(response).videos).toEqual([
      expect.objectContaining({
        slot: 'talk',
        mediaId: talk.id,
        url: talk.original!.url,
        video: expect.objectContaining({
          durationS: 43.96,
          videoCodec: 'avc1.4d401e',
          audioCodec: 'mp4a.40.2',
        }) as unknown,
      }),
    ])
  })

  it.each([
    [
      'too long',
      'talk',
      { durationS: 300 },
      'duration',
      /too long: 300 s \(5:00\); the rule allows at most 60 s \(1:00\)/,
    ],
    ['too short', 'intro', { durationS: 5 }, 'duration', /too short: 5 s \(0:05\); the rule asks for at least 15 s/],
    [
      'too big',
      'talk',
      { padBytes: 6 * 1024 * 1024 },
      'size',
      /too big: 6\.4 MB \(6744808 bytes\); the rule allows at most 5\.0 MB/,
    ],
    [
      'H.265',
      'talk',
      { videoEntry: 'hvc1' },
      'video-codec',
      /encoded as hvc1 \(H\.265\/HEVC\); the rule asks for H\.264/,
    ],
    ['without sound', 'talk', { audioEntry: 'none' }, 'audio-codec', /no sound track; the rule asks for AAC audio/],
    [
      'AC-3 sound',
      'talk',
      { audioEntry: 'ac-3' },
      'audio-codec',
      /the sound is encoded as ac-3 \(AC-3\); the rule asks for AAC/,
    ],
    ['a MOV', 'talk', { brand: 'qt  ' }, 'container', /the file is QuickTime \(MOV\); the rule takes MP4/],
    [
      'below the resolution',
      'talk',
      { width: 480, height: 270 },
      'resolution',
      /480×270: its shorter side is 270 px; the rule asks for at least 360 px/,
    ],
    ['4:3', 'talk', { width: 480, height: 360 }, 'aspect-ratio', /aspect ratio is 4:3; the rule takes 16:9/],
  ])(
    'refuses a video %s, naming the rule and the measured value, and keeps the entry as it was',
    async (_label, slot, changes, rule, message) => {
      const before = entryOf(await school.request({ url: `/api/contest-entries/${entry.id}` }))
      const media = await uploadContestVideo(school, mp4With(changes))
      const response = await attach(school, entry.id, slot, media.id)
      expect(response.statusCode, response.body).toBe(422)
      const error = errorOf(response)
      expect(error.issues?.map((i) => i.path)).toContain(`videos.${slot}.${rule}`)
      expect(error.message).toMatch(message)
      const after = entryOf(await school.request({ url: `/api/contest-entries/${entry.id}` }))
      expect(after.videos).toEqual(before.videos)
    },
  )

  it('refuses files that are not the entrant’s own contest videos', async () => {
    const others = await uploadContestVideo(staff, mp4With())
    expect((await attach(school, entry.id, 'talk', others.id)).statusCode).toBe(404)
    const pdf = await uploadWhole(school, minimalPdf(), { purpose: 'attachment' })
    const attachment = pdf.json<{ media: { id: string } }>().media.id
    const response = await attach(school, entry.id, 'talk', attachment)
    expect(response.statusCode).toBe(400)
    expect(errorOf(response).message).toMatch(/uploaded as "attachment"/)
    expect((await attach(school, entry.id, 'outro', others.id)).statusCode).toBe(404)
  })

  it('replaces a file: the new one in the slot, the other slots untouched', async () => {
    const intro = await uploadContestVideo(school, mp4With({ durationS: 20 }))
    expect((await attach(school, entry.id, 'intro', intro.id)).statusCode).toBe(200)
    const newTalk = await uploadContestVideo(school, mp4With({ durationS: 50 }))
    const replaced = entryOf(await attach(school, entry.id, 'talk', newTalk.id))
    expect(replaced.videos.map((v) => [v.slot, v.mediaId, v.video.durationS])).toEqual([
      ['intro', intro.id, 20],
      ['talk', newTalk.id, 50],
    ])
  })
})

describe('captions and submission', () => {
  it('checks WebVTT', () => {
    expect(parseWebVtt(VTT)).toEqual({ ok: true, cues: 2, lastEndS: 9.5 })
    expect(
      parseWebVtt(
        '\uFEFFWEBVTT - 讲解\r\n\r\nNOTE 说明\r\n\r\n1\r\n01:00:00.000 --> 01:00:01.500 align:start\r\n好\r\n',
      ),
    ).toMatchObject({
      ok: true,
      cues: 1,
      lastEndS: 3601.5,
    })
    const problems = [
      ['SRT\n\n00:00.000 --> 00:01.000\nx', /line 1: a WebVTT file starts with "WEBVTT"/],
      ['WEBVTT\n\n00:00,000 --> 00:01,000\nx', /line 3: .*timestamps are mm:ss\.ttt/],
      ['WEBVTT\n\n00:05.000 --> 00:01.000\nx', /line 3: .*a cue must end after it starts/],
      ['WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n00:01.000 --> 00:02.000\ny', /line 6: .*in order of their start time/],
      ['WEBVTT\n\nhello\nworld', /line 4: .*a cue needs a timing line/],
      ['WEBVTT\n', /the file has no cues/],
    ] as const
    for (const [text, problem] of problems) {
      const result = parseWebVtt(text)
      expect(result.ok, text).toBe(false)
      expect(result.ok ? '' : result.problem).toMatch(problem)
    }
  })

  it('stores valid captions and refuses the rest with the line at fault', async () => {
    const entry = await createEntry(school, contestId, '字幕')
    const bad = await school.request({
      method: 'PUT',
      url: `/api/contest-entries/${entry.id}/captions/talk`,
      payload: { vtt: 'WEBVTT\n\n00:05.000 --> 00:01.000\n倒着的字幕' },
    })
    expect(bad.statusCode).toBe(422)
    expect(errorOf(bad).message).toMatch(/line 3: .*a cue must end after it starts/)
    const good = await school.request({
      method: 'PUT',
      url: `/api/contest-entries/${entry.id}/captions/talk`,
      payload: { vtt: VTT },
    })
    expect(entryOf(good).captions).toEqual([{ slot: 'talk', cues: 2 }])
    await school.request({ method: 'POST', url: `/api/contest-entries/${entry.id}/withdraw` })
  })

  it('submits only a complete entry, listing what is missing', async () => {
    const entry = await createEntry(staff, contestId, '待提交')
    await staff.request({
      method: 'PATCH',
      url: `/api/contest-entries/${entry.id}`,
      payload: { declaration: { nonOriginalPercent: 30, aiGeneratedPercent: 20, sources: 'AI 生成的动画' } },
    })
    const talk = await uploadContestVideo(staff, mp4With())
    await attach(staff, entry.id, 'talk', talk.id)
    const refused = await staff.request({ method: 'POST', url: `/api/contest-entries/${entry.id}/submit` })
    expect(refused.statusCode).toBe(422)
    expect(errorOf(refused).issues?.map((i) => i.path)).toEqual(['videos.intro', 'captions.talk', 'declaration'])
    expect(errorOf(refused).message).toMatch(
      /non-original material is 30% \(AI-generated 20% included\), above the 10% allowed/,
    )
    // AI-generated material counts as non-original: a smaller non-original share is refused at the door.
    const inconsistent = await staff.request({
      method: 'PATCH',
      url: `/api/contest-entries/${entry.id}`,
      payload: { declaration: { nonOriginalPercent: 5, aiGeneratedPercent: 8 } },
    })
    expect(inconsistent.statusCode).toBe(400)
    await staff.request({ method: 'POST', url: `/api/contest-entries/${entry.id}/withdraw` })

    const complete = await submittedEntry(staff, contestId, '完整的作品')
    expect(complete).toMatchObject({ status: 'submitted', missing: [], eligibility: 'pending' })
  })

  it('refuses captions that run past the end of the video', async () => {
    const entry = await createEntry(school, contestId, '字幕过长')
    const intro = await uploadContestVideo(school, mp4With({ durationS: 20 }))
    await attach(school, entry.id, 'intro', intro.id)
    const response = await school.request({
      method: 'PUT',
      url: `/api/contest-entries/${entry.id}/captions/intro`,
      payload: { vtt: 'WEBVTT\n\n00:00.000 --> 00:30.000\n太长了\n' },
    })
    expect(entryOf(response).missing.map((m) => m.message)).toContain(
      '字幕（至 30 秒）比视频（20 秒）长 / the captions run to 30 s, past the end of the video (20 s)',
    )
    await school.request({ method: 'POST', url: `/api/contest-entries/${entry.id}/withdraw` })
  })
})

describe('the deadline, on the server clock in Asia/Shanghai', () => {
  it('refuses entries before the entry stage opens', async () => {
    const later = await createContest(
      admin,
      explanationContest({
        stages: [
          { stage: 'entry', starts: day(3), ends: day(10) },
          { stage: 'results', starts: day(20), ends: day(30) },
        ],
        vote: { mode: 'none' },
      }),
    )
    const response = await school.request({
      method: 'POST',
      url: `/api/contests/${later}/entries`,
      payload: entryBody(),
    })
    expect(response.statusCode).toBe(409)
    expect(errorOf(response).message).toContain(`entries open on ${day(3)}`)
  })

  it('lets a file be replaced until 24:00 of the last day, and nothing after', async () => {
    const entry = await submittedEntry(school, contestId, '截止前')
    const replacement = await uploadContestVideo(school, mp4With({ durationS: 45 }))
    t.clock.setTo(new Date(`${day(5)}T23:59:30+08:00`))
    expect((await attach(school, entry.id, 'talk', replacement.id)).statusCode).toBe(200)
    t.clock.setTo(new Date(`${day(6)}T00:00:00+08:00`))
    const late = await attach(school, entry.id, 'intro', replacement.id)
    expect(late.statusCode).toBe(409)
    expect(errorOf(late).message).toContain(
      `entries closed at ${day(6)}T00:00:00+08:00 (the end of ${day(5)}, Beijing time)`,
    )
    const create = await school.request({
      method: 'POST',
      url: `/api/contests/${contestId}/entries`,
      payload: entryBody(),
    })
    expect(create.statusCode).toBe(409)
    const captions = await school.request({
      method: 'PUT',
      url: `/api/contest-entries/${entry.id}/captions/talk`,
      payload: { vtt: VTT },
    })
    expect(captions.statusCode).toBe(409)
    // The replaced file stayed; the entry is still submitted.
    const kept = entryOf(await school.request({ url: `/api/contest-entries/${entry.id}` }))
    expect(kept.status).toBe('submitted')
    expect(kept.videos.find((v) => v.slot === 'talk')?.mediaId).toBe(replacement.id)
    t.clock.setTo(null)
  })
})

describe('who may watch an entry’s video', () => {
  it('its organisation and admins; not other entrants or the public', async () => {
    const entry = await submittedEntry(staff, contestId, '观看权限')
    const url = entry.videos[0]!.url
    expect((await staff2.request({ url, headers: { range: 'bytes=0-99' } })).statusCode).toBe(206)
    expect((await admin.request({ url })).statusCode).toBe(200)
    expect((await school.request({ url })).statusCode).toBe(404)
    expect((await new TestClient(t.app).request({ url })).statusCode).toBe(404)
    const captions = entry.videos[0]!.captionsUrl!
    expect((await staff2.request({ url: captions })).body).toBe(VTT)
    expect((await new TestClient(t.app).request({ url: captions })).statusCode).toBe(404)
  })
})
