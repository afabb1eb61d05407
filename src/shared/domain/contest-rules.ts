import { addDays, CHINA_UTC_OFFSET, type IsoDate } from './calendar-date.ts'
import { describeTieRules } from './review-ranking.ts'
import {
  CONTEST_STAGES,
  type ContestConfig,
  type ContestStage,
  type RuleProblem,
  type StageWindow,
  type VideoRule,
} from '../schemas/contest.ts'
import type { VideoInfo } from '../schemas/media.ts'
import { textProblem } from '../schemas/common.ts'

/*
 * A contest's rules as pure functions: which stage runs on a day, whether a video meets its rule
 * (from what the server read in the file), whether captions are WebVTT, and the rules in words.
 * The server enforces them (services/contest-*.ts); the app shows the same messages before upload.
 */

/** The stage running on an Asia/Shanghai day: the latest in the running order whose days include it. */
export function stageOn(stages: readonly StageWindow[], day: IsoDate): ContestStage | null {
  let found: ContestStage | null = null
  for (const stage of CONTEST_STAGES) {
    const w = stages.find((s) => s.stage === stage)
    if (w && w.starts <= day && day <= w.ends) found = stage
  }
  return found
}

export const windowOf = (stages: readonly StageWindow[], stage: ContestStage) =>
  stages.find((s) => s.stage === stage) ?? null

export const isDuring = (stages: readonly StageWindow[], stage: ContestStage, day: IsoDate) => {
  const w = windowOf(stages, stage)
  return w !== null && w.starts <= day && day <= w.ends
}

/** The instant a stage closes: midnight after its last day, Beijing time (`2026-04-11T00:00:00+08:00`). */
export const closesAt = (w: StageWindow) => `${addDays(w.ends, 1)}T00:00:00${CHINA_UTC_OFFSET}`
/** The instant a stage opens. */
export const opensAt = (w: StageWindow) => `${w.starts}T00:00:00${CHINA_UTC_OFFSET}`

const CODEC_NAMES: [prefix: string, name: string][] = [
  ['avc1', 'H.264'],
  ['avc3', 'H.264'],
  ['hvc1', 'H.265/HEVC'],
  ['hev1', 'H.265/HEVC'],
  ['av01', 'AV1'],
  ['vp09', 'VP9'],
  ['mp4v', 'MPEG-4 Visual'],
  ['mp4a.40', 'AAC'],
  ['mp4a.6b', 'MP3'],
  ['mp4a.69', 'MP3'],
  ['ac-3', 'AC-3'],
  ['ec-3', 'E-AC-3'],
  ['opus', 'Opus'],
]
/** `avc1.64001f (H.264)`: a codec string with the name people know it by. */
export function codecName(codec: string): string {
  const known = CODEC_NAMES.find(([prefix]) => codec.startsWith(prefix))
  return known ? `${codec} (${known[1]})` : codec
}
const codecList = (prefixes: readonly string[]) =>
  [...new Set(prefixes.map((p) => CODEC_NAMES.find(([x]) => p.startsWith(x) || x.startsWith(p))?.[1] ?? p))].join('/')

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
/** `4:05` from seconds (`1:02:03` past an hour). */
export function clock(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = String(s % 60).padStart(2, '0')
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${r}` : `${String(m)}:${r}`
}
const secs = (s: number) => `${String(Math.round(s * 10) / 10)} s`
const CONTAINER_NAMES: Record<VideoInfo['container'], string> = {
  mp4: 'MP4',
  quicktime: 'QuickTime (MOV)',
  m4a: 'M4A (audio only)',
}

/**
 * What a stored video breaks of its rule, each with the measured value and the rule; empty when
 * it meets it. `video` is what media/inspect.ts read from the file; null when the file is no video.
 */
export function checkVideo(rule: VideoRule, file: { bytes: number; video: VideoInfo | null }): RuleProblem[] {
  const problems: RuleProblem[] = []
  const add = (ruleName: string, zh: string, en: string) => problems.push({ rule: ruleName, message: `${zh} / ${en}` })
  const v = file.video
  if (file.bytes > rule.maxBytes)
    add(
      'size',
      `文件 ${mb(file.bytes)}，超过上限 ${mb(rule.maxBytes)}`,
      `too big: ${mb(file.bytes)} (${String(file.bytes)} bytes); the rule allows at most ${mb(rule.maxBytes)}`,
    )
  if (file.bytes < rule.minBytes)
    add(
      'size',
      `文件 ${mb(file.bytes)}，低于下限 ${mb(rule.minBytes)}`,
      `too small: ${mb(file.bytes)} (${String(file.bytes)} bytes); the rule asks for at least ${mb(rule.minBytes)}`,
    )
  if (!v || v.width === null || v.height === null || v.videoCodec === null) {
    add('kind', '不是视频（没有画面）', 'not a video: the file has no picture track')
    return problems
  }
  if (v.durationS > rule.maxDurationS)
    add(
      'duration',
      `时长 ${clock(v.durationS)}，超过上限 ${clock(rule.maxDurationS)}`,
      `too long: ${secs(v.durationS)} (${clock(v.durationS)}); the rule allows at most ${secs(rule.maxDurationS)} (${clock(rule.maxDurationS)})`,
    )
  if (v.durationS < rule.minDurationS)
    add(
      'duration',
      `时长 ${clock(v.durationS)}，不足 ${clock(rule.minDurationS)}`,
      `too short: ${secs(v.durationS)} (${clock(v.durationS)}); the rule asks for at least ${secs(rule.minDurationS)} (${clock(rule.minDurationS)})`,
    )
  if (!(rule.containers as readonly string[]).includes(v.container))
    add(
      'container',
      `文件格式是 ${CONTAINER_NAMES[v.container]}，要求 ${rule.containers.map((c) => CONTAINER_NAMES[c]).join('/')}`,
      `the file is ${CONTAINER_NAMES[v.container]}; the rule takes ${rule.containers.map((c) => CONTAINER_NAMES[c]).join(' or ')}`,
    )
  if (!rule.videoCodecs.some((c) => v.videoCodec!.startsWith(c)))
    add(
      'video-codec',
      `视频编码是 ${codecName(v.videoCodec)}，要求 ${codecList(rule.videoCodecs)}`,
      `the video is encoded as ${codecName(v.videoCodec)}; the rule asks for ${codecList(rule.videoCodecs)} (${rule.videoCodecs.join(', ')})`,
    )
  if (rule.audioCodecs.length > 0) {
    if (v.audioCodec === null)
      add(
        'audio-codec',
        `没有声音轨道，要求 ${codecList(rule.audioCodecs)} 音频`,
        `the video has no sound track; the rule asks for ${codecList(rule.audioCodecs)} audio`,
      )
    else if (!rule.audioCodecs.some((c) => v.audioCodec!.startsWith(c)))
      add(
        'audio-codec',
        `音频编码是 ${codecName(v.audioCodec)}，要求 ${codecList(rule.audioCodecs)}`,
        `the sound is encoded as ${codecName(v.audioCodec)}; the rule asks for ${codecList(rule.audioCodecs)} (${rule.audioCodecs.join(', ')})`,
      )
  }
  const shortSide = Math.min(v.width, v.height)
  if (shortSide < rule.minShortSidePx)
    add(
      'resolution',
      `画面 ${String(v.width)}×${String(v.height)}，短边 ${String(shortSide)} 像素，低于 ${String(rule.minShortSidePx)}`,
      `the picture is ${String(v.width)}×${String(v.height)}: its shorter side is ${String(shortSide)} px; the rule asks for at least ${String(rule.minShortSidePx)} px (${String(rule.minShortSidePx)}p)`,
    )
  if (rule.aspectRatios.length > 0 && (v.aspectRatio === null || !rule.aspectRatios.includes(v.aspectRatio)))
    add(
      'aspect-ratio',
      `画面比例 ${v.aspectRatio ?? '未知'}，要求 ${rule.aspectRatios.join('、')}`,
      `the picture's aspect ratio is ${v.aspectRatio ?? 'unknown'}; the rule takes ${rule.aspectRatios.join(' or ')}`,
    )
  return problems
}

export type WebVttResult = { ok: true; cues: number; lastEndS: number } | { ok: false; problem: string }

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/
function seconds(stamp: string): number | null {
  const m = TIMESTAMP.exec(stamp)
  if (!m) return null
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000
}

/** At most this many cues: an hour of talk at one cue a second. */
export const MAX_CUES = 5000

/**
 * Checks WebVTT text (W3C WebVTT: the `WEBVTT` header, blocks separated by blank lines, cue timings
 * `mm:ss.ttt --> mm:ss.ttt` with hours optional, each end after its start, cues in order of start,
 * no `-->` in cue text). Returns the cue count and the last cue's end, or what is wrong and on which line.
 */
export function parseWebVtt(text: string): WebVttResult {
  const problem = textProblem(text.replace(/\r\n?/g, '\n'), 'multi')
  if (problem) return { ok: false, problem }
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? ''))
    return { ok: false, problem: '第 1 行须以 WEBVTT 开头 / line 1: a WebVTT file starts with "WEBVTT"' }
  let i = 1
  // The rest of the header block.
  while (i < lines.length && lines[i] !== '') {
    if (lines[i]!.includes('-->'))
      return {
        ok: false,
        problem: `第 ${String(i + 1)} 行：WEBVTT 后须空一行 / line ${String(i + 1)}: leave a blank line after the header`,
      }
    i++
  }
  let cues = 0
  let lastStart = 0
  let lastEnd = 0
  while (i < lines.length) {
    while (i < lines.length && lines[i] === '') i++
    if (i >= lines.length) break
    const start = i
    const block: string[] = []
    while (i < lines.length && lines[i] !== '') block.push(lines[i++]!)
    const first = block[0]!
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) {
      if (block.slice(1).some((l) => l.includes('-->')) || first.includes('-->'))
        return {
          ok: false,
          problem: `第 ${String(start + 1)} 行：注释块中不能有 --> / line ${String(start + 1)}: a ${first.split(/[ \t]/)[0]!} block must not contain "-->"`,
        }
      continue
    }
    const timingAt = first.includes('-->') ? 0 : 1
    const timing = block[timingAt]
    const lineNo = start + timingAt + 1
    const where = `第 ${String(lineNo)} 行 / line ${String(lineNo)}`
    if (timing === undefined || !timing.includes('-->'))
      return { ok: false, problem: `${where}: 缺少时间轴 / a cue needs a timing line "00:00.000 --> 00:02.000"` }
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/.exec(timing)
    const from = m ? seconds(m[1]!) : null
    const to = m ? seconds(m[2]!) : null
    if (from === null || to === null)
      return {
        ok: false,
        problem: `${where}: 时间格式应为 mm:ss.ttt 或 hh:mm:ss.ttt / timestamps are mm:ss.ttt or hh:mm:ss.ttt: "${timing.slice(0, 60)}"`,
      }
    if (to <= from) return { ok: false, problem: `${where}: 结束时间须晚于开始时间 / a cue must end after it starts` }
    if (from < lastStart)
      return { ok: false, problem: `${where}: 字幕须按开始时间排列 / cues must be in order of their start time` }
    if (block.slice(timingAt + 1).some((l) => l.includes('-->')))
      return { ok: false, problem: `${where}: 字幕文字中不能有 --> / cue text must not contain "-->"` }
    lastStart = from
    lastEnd = Math.max(lastEnd, to)
    if (++cues > MAX_CUES)
      return { ok: false, problem: `字幕超过 ${String(MAX_CUES)} 条 / more than ${String(MAX_CUES)} cues` }
  }
  if (cues === 0) return { ok: false, problem: '没有字幕条目 / the file has no cues' }
  return { ok: true, cues, lastEndS: lastEnd }
}

/** What the public vote can and cannot guarantee, said plainly (shown with the rules). */
export function voteRulesText(config: ContestConfig): { zh: string; en: string } {
  if (config.vote.mode === 'none') return { zh: '本届不设公众投票。', en: 'This contest has no public vote.' }
  const l = config.vote.limits
  const counts =
    config.vote.mode === 'score-share'
      ? {
          zh: `公众投票占总成绩的 ${String(config.vote.sharePercent)}%（以得票最多的作品为满分折算）。`,
          en: `The public vote is ${String(config.vote.sharePercent)}% of the final score (the most-voted entry scores full marks, others in proportion).`,
        }
      : {
          zh: '公众投票只决定最佳人气奖，不影响其他奖项。',
          en: 'The public vote decides the popularity award only; it does not change the other awards.',
        }
  return {
    zh: [
      counts.zh,
      `每台设备每天可为每件入围作品投一票（以北京时间为准）；同一网络地址每天为同一作品最多计 ${String(l.perAddressPerEntryPerDay)} 票，全部作品最多 ${String(l.perAddressPerDay)} 票。`,
      '本投票不采用短信或实名验证：设备凭证由服务器签发，清除浏览器数据或换用设备即可再次获得，因此它不能保证“一人一票”，只能让刷票费力且留下痕迹。',
      `同一地址短时间内集中投票（${String(l.burstMinutes)} 分钟内对同一作品 ${String(l.burstVotes)} 票以上）、大量新设备只为同一作品投票（单日 ${String(l.newDeviceCluster)} 台以上）都会被标记，主办方核查后可不计入。`,
      '投票期间不公布实时票数。',
    ].join(''),
    en: [
      counts.en,
      ` Each device may vote once a day (Beijing time) for each shortlisted entry; one network address counts at most ${String(l.perAddressPerEntryPerDay)} votes a day for one entry and ${String(l.perAddressPerDay)} in all.`,
      ' There is no SMS or real-name check: the server signs a token for each device, and clearing the browser or using another device gets a new one. So the vote cannot guarantee one vote per person; it makes stuffing the vote laborious and visible.',
      ` Bursts from one address (${String(l.burstVotes)} or more votes for one entry within ${String(l.burstMinutes)} minutes) and many new devices voting for one entry only (${String(l.newDeviceCluster)} or more in a day) are flagged; the organisers may discount flagged votes after checking them.`,
      ' Running totals are not shown while the vote is open.',
    ].join(''),
  }
}

/** The rules of a contest in words: deadline, files, quotas, originality, judging, the vote. */
export function contestRulesText(config: ContestConfig): { zh: string; en: string } {
  const entry = windowOf(config.stages, 'entry')!
  const videos = config.videos.map((v) => ({
    zh: `${v.label.zh}：${clock(v.minDurationS)}–${clock(v.maxDurationS)}，不超过 ${mb(v.maxBytes)}，${v.containers.map((c) => CONTAINER_NAMES[c]).join('/')} 格式，${codecList(v.videoCodecs)}${v.audioCodecs.length ? `/${codecList(v.audioCodecs)}` : ''} 编码${v.minShortSidePx ? `，短边不低于 ${String(v.minShortSidePx)} 像素` : ''}${v.aspectRatios.length ? `，画面比例 ${v.aspectRatios.join('、')}` : ''}`,
    en: `${v.label.en}: ${clock(v.minDurationS)}–${clock(v.maxDurationS)}, at most ${mb(v.maxBytes)}, ${v.containers.map((c) => CONTAINER_NAMES[c]).join(' or ')} with ${codecList(v.videoCodecs)}${v.audioCodecs.length ? `/${codecList(v.audioCodecs)}` : ''}${v.minShortSidePx ? `, shorter side at least ${String(v.minShortSidePx)} px` : ''}${v.aspectRatios.length ? `, aspect ratio ${v.aspectRatios.join(' or ')}` : ''}`,
  }))
  const ties = describeTieRules(config.tieBreakers, config.criteria)
  const vote = voteRulesText(config)
  return {
    zh: [
      `报名截止：${entry.ends} 24:00（北京时间，以服务器时间为准），截止前可修改作品、替换文件。`,
      `每个单位最多推荐 ${String(config.quotas.perOrganisation)} 件作品（个别单位另有名额）。`,
      `视频要求（按文件实际内容检查）：${videos.map((v) => v.zh).join('；')}。${config.captionsRequired ? '每个视频须附 WebVTT 字幕。' : ''}`,
      `非原创素材（含 AI 生成内容）不超过 ${String(config.maxNonOriginalPercent)}%，须如实声明。`,
      `专家评审${config.blindReview ? '采用匿名方式（评委看不到作者和单位）' : ''}，与作品同单位或申报回避的评委不参与该作品评分。${ties.zh}`,
      vote.zh,
      `获奖作品以 ${config.licence} 许可在本应用作品库发布。`,
    ].join('\n'),
    en: [
      `Entries close at the end of ${entry.ends} (24:00 Beijing time, by the server's clock); until then an entry can be changed and its files replaced.`,
      `Each organisation may nominate ${String(config.quotas.perOrganisation)} entr${config.quotas.perOrganisation === 1 ? 'y' : 'ies'} (some have their own quota).`,
      `Videos, checked on what the file really is: ${videos.map((v) => v.en).join('; ')}.${config.captionsRequired ? ' Every video needs WebVTT captions.' : ''}`,
      `Non-original material (AI-generated material included) may be at most ${String(config.maxNonOriginalPercent)}% and must be declared.`,
      `Expert judging${config.blindReview ? ' is blind (judges see neither the entrant nor the organisation);' : ';'} a judge from the entry's organisation, or who declares a conflict, does not score it. ${ties.en}`,
      vote.en,
      `Winning entries are published in the app's works library under ${config.licence}.`,
    ].join('\n'),
  }
}
