import { flushPromises, mount } from '@vue/test-utils'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../../src/client/app/i18n.ts'
import ContestVideoSlot from '../../../src/client/contests/ContestVideoSlot.vue'
import { loadContestMessages } from '../../../src/client/contests/contests-messages.ts'
import { applyUploadEvent, type SlotUpload } from '../../../src/client/contests/video-slot-upload.ts'
import type { VideoUploadEvent } from '../../../src/client/contests/video-upload.ts'
import type { ContestEntry, MediaRecord, VideoRule } from '../../../src/shared/index.ts'
import { json, stubFetch } from '../helpers/mount-app.ts'

/*
 * The upload of one video slot: progress, pause and resume, the server's refusals, and the notice
 * that an upload this phone started can carry on. The tus transfer itself (video-upload.ts) is
 * replaced by a handle the test drives; the browser test drives the real one against the server.
 */

const upload = vi.hoisted(() => ({
  onEvent: null as ((event: VideoUploadEvent) => void) | null,
  pause: vi.fn(),
  resume: vi.fn(),
  cancel: vi.fn(() => Promise.resolve()),
}))
vi.mock('../../../src/client/contests/video-upload.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  startVideoUpload: (_file: File, _target: unknown, onEvent: (event: VideoUploadEvent) => void) => {
    upload.onEvent = onEvent
    return Promise.resolve({ pause: upload.pause, resume: upload.resume, cancel: upload.cancel })
  },
}))

const MB = 1024 * 1024
const ENTRY = '0193b2c4-0000-7000-8000-0000000000e1'
const rule: VideoRule = {
  slot: 'talk',
  label: { zh: '自主命题讲解', en: 'Talk on a chosen topic' },
  minDurationS: 30,
  maxDurationS: 240,
  minBytes: 0,
  maxBytes: 300 * MB,
  containers: ['mp4'],
  videoCodecs: ['avc1'],
  audioCodecs: ['mp4a.40'],
  minShortSidePx: 720,
  aspectRatios: ['16:9'],
  publishAsWork: true,
}
const entry: ContestEntry = {
  id: ENTRY,
  contestId: '0193b2c4-0000-7000-8000-0000000000c1',
  status: 'draft',
  eligibility: 'pending',
  eligibilityReason: null,
  shortlisted: false,
  title: '冰与火之歌',
  theme: '地质遗迹',
  description: '',
  entrantNames: ['李小红'],
  organisation: { key: 'school:0193b2c4-0000-7000-8000-0000000000a1', name: '岳麓实验小学' },
  declaration: null,
  videos: [],
  captions: [],
  missing: [],
  submittedAt: null,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  editableUntil: '2099-05-21T00:00:00+08:00',
}
const media = { id: '0193b2c4-0000-7000-8000-0000000000d1' } as MediaRecord

const emitted: ContestEntry[] = []
const mountSlot = () =>
  mount(ContestVideoSlot, {
    props: { entry, rule, editable: true, onEntry: (e: ContestEntry) => emitted.push(e) },
    global: { plugins: [i18n] },
  })
async function pick(wrapper: ReturnType<typeof mountSlot>, bytes = 8 * MB) {
  const input = wrapper.get('[data-testid="video-input"]')
  const file = new File([new Uint8Array(bytes)], 'bing-yu-huo.mp4', { type: 'video/mp4' })
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}
async function send(event: VideoUploadEvent) {
  upload.onEvent!(event)
  await flushPromises()
}
const slotState = (wrapper: ReturnType<typeof mountSlot>) =>
  wrapper.get('[data-testid="slot-talk"]').attributes('data-state')

beforeAll(async () => {
  await loadContestMessages()
  i18n.global.locale.value = 'zh-CN'
})
beforeEach(() => {
  localStorage.clear()
  emitted.length = 0
  upload.pause.mockClear()
  upload.resume.mockClear()
})

describe('a slot upload’s state', () => {
  const fresh = (): SlotUpload => ({
    state: 'uploading',
    filename: 'a.mp4',
    sent: 0,
    total: 100,
    resumed: false,
    refusal: null,
  })
  it.each<[string, Partial<SlotUpload>, VideoUploadEvent, Partial<SlotUpload>]>([
    ['counts progress', {}, { kind: 'progress', sent: 40, total: 100 }, { state: 'uploading', sent: 40 }],
    [
      'stays paused when a request in flight reports progress',
      { state: 'paused' },
      { kind: 'progress', sent: 60, total: 100 },
      { state: 'paused', sent: 60 },
    ],
    ['waits for the network', {}, { kind: 'waiting' }, { state: 'waiting' }],
    ['notes a resumed upload', {}, { kind: 'resumed' }, { state: 'uploading', resumed: true }],
    ['fills the bar when done', { sent: 90 }, { kind: 'done', media }, { state: 'done', sent: 100 }],
    [
      'keeps the server’s words for a refusal',
      {},
      { kind: 'refused', status: 422, message: '不是视频 / not a video' },
      { state: 'refused', refusal: '不是视频 / not a video' },
    ],
  ])('%s', (_name, before, event, after) => {
    const state = { ...fresh(), ...before }
    applyUploadEvent(state, event)
    expect(state).toMatchObject(after)
  })
})

describe('the video slot', () => {
  it('shows progress, pauses and resumes, and says when it carried on from where it stopped', async () => {
    const wrapper = mountSlot()
    expect(wrapper.get('[data-testid="slot-attached"]').text()).toContain('还没有上传')
    await pick(wrapper)
    await send({ kind: 'resumed' })
    await send({ kind: 'progress', sent: 4 * MB, total: 8 * MB })
    expect(wrapper.get('[data-testid="upload-bytes"]').text()).toBe('4 MB / 8 MB')
    expect(wrapper.get('[data-testid="upload-resumed"]').text()).toContain('之前上传的部分不再重传')
    expect(wrapper.find('[data-testid="upload-resume"]').exists()).toBe(false)

    await wrapper.get('[data-testid="upload-pause"]').trigger('click')
    expect(upload.pause).toHaveBeenCalledOnce()
    expect(slotState(wrapper)).toBe('paused')
    expect(wrapper.text()).toContain('已暂停')
    expect(wrapper.find('[data-testid="upload-pause"]').exists()).toBe(false)
    // The chunk that was on its way still reports; the upload stays paused.
    await send({ kind: 'progress', sent: 6 * MB, total: 8 * MB })
    expect(slotState(wrapper)).toBe('paused')

    await wrapper.get('[data-testid="upload-resume"]').trigger('click')
    expect(upload.resume).toHaveBeenCalledOnce()
    expect(slotState(wrapper)).toBe('uploading')
    // The file picker is hidden while an upload runs: one upload per slot at a time.
    expect(wrapper.find('[data-testid="video-input"]').exists()).toBe(false)
  })

  it('offers to resume after a connection loss, and resumes when asked', async () => {
    const wrapper = mountSlot()
    await pick(wrapper)
    await send({ kind: 'waiting' })
    expect(wrapper.text()).toContain('网络中断，恢复后自动继续')
    await wrapper.get('[data-testid="upload-resume"]').trigger('click')
    expect(upload.resume).toHaveBeenCalledOnce()
  })

  it('shows the server’s refusal of the file, with the measured value and the rule', async () => {
    const wrapper = mountSlot()
    await pick(wrapper)
    await send({
      kind: 'refused',
      status: 413,
      message: '文件过大 / too large: 420 MB; a "contest-video" upload may be at most 400 MB (419430400 bytes)',
    })
    const refused = wrapper.get('[data-testid="upload-refused"]')
    expect(refused.text()).toContain('服务器拒收了这个文件')
    expect(refused.text()).toContain('文件过大')
    // The picker is back: another file can be chosen.
    expect(wrapper.find('[data-testid="video-input"]').exists()).toBe(true)
  })

  it('lists each rule a finished video breaks, and keeps the entry as it was', async () => {
    stubFetch({
      [`/api/contest-entries/${ENTRY}/videos/talk`]: () =>
        json(422, {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: '「自主命题讲解」不符合要求，未替换原文件 / the video breaks the rules',
          issues: [
            { path: 'videos.talk.duration', message: '时长 0:44，不足 0:30 / too short' },
            { path: 'videos.talk.resolution', message: '画面 640×360，短边不足 720 像素 / too small' },
          ],
        }),
    })
    const wrapper = mountSlot()
    await pick(wrapper)
    await send({ kind: 'progress', sent: 8 * MB, total: 8 * MB })
    await send({ kind: 'done', media })
    await flushPromises()
    const rejected = wrapper.get('[data-testid="video-rejected"]')
    expect(rejected.text()).toContain('原文件保持不变')
    expect(rejected.findAll('li').map((li) => li.text())).toEqual([
      '时长 0:44，不足 0:30',
      '画面 640×360，短边不足 720 像素',
    ])
    expect(emitted).toEqual([])
    // Another file can be chosen at once.
    expect(wrapper.find('[data-testid="upload-progress"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="video-input"]').exists()).toBe(true)
  })

  it('hands the entry back once the server attached the video', async () => {
    const attached = { ...entry, updatedAt: '2026-05-02T00:00:00.000Z' }
    stubFetch({ [`/api/contest-entries/${ENTRY}/videos/talk`]: () => json(200, { entry: attached }) })
    const wrapper = mountSlot()
    await pick(wrapper)
    await send({ kind: 'done', media })
    await flushPromises()
    expect(emitted).toEqual([attached])
    // The finished upload is the entry's now: nothing is cancelled on the server.
    expect(upload.cancel).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="upload-progress"]').exists()).toBe(false)
  })

  it('tells the entrant to pick the same file again to carry on an upload from before a reload', () => {
    localStorage.setItem(
      `tus::zk-contest-video:${ENTRY}:talk:${String(8 * MB)}:abc::1`,
      JSON.stringify({
        size: 8 * MB,
        metadata: { filename: 'bing-yu-huo.mp4' },
        creationTime: '2026-05-02 10:00',
        uploadUrl: 'http://localhost/api/uploads/x',
      }),
    )
    localStorage.setItem(`tus::zk-contest-video:${ENTRY}:intro:1:abc::2`, JSON.stringify({ size: 1 }))
    const wrapper = mountSlot()
    expect(wrapper.get('[data-testid="slot-pending"]').text()).toBe(
      '有一个未完成的上传：bing-yu-huo.mp4（8 MB）。请再次选择同一个文件，从中断处继续。',
    )
  })
})
