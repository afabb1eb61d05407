/*
 * What an editor's Markdown may hold. The phone renders work bodies without raw HTML, but a body
 * written in the app is checked before it is stored, so an editor learns at once that a <script>,
 * an <iframe> or a `javascript:` link will not work, rather than a visitor meeting the leftovers.
 * Images and links may point at our uploads (`/api/media/…`), the works' shipped media
 * (`/media/works/…`) or any https address.
 */

/** Where a Markdown link or image may point. */
const SAFE_TARGET = /^(?:https:\/\/[^\s]+|\/api\/media\/[0-9a-f-]{36}\/[\w.-]+|\/media\/works\/[\w.-]+|#[\w-]+)$/i

/** `[text](target)` and `![alt](target "title")`: the target, up to a space or the closing bracket. */
const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g

/** Media ids of our uploads an article's images and links name, in order of appearance. */
export function markdownMediaIds(body: string): string[] {
  const ids = [...body.matchAll(/\/api\/media\/([0-9a-f-]{36})\//gi)].map((m) => m[1]!.toLowerCase())
  return [...new Set(ids)]
}

/** What is wrong with a work's Markdown, in Chinese and English; an empty list when nothing is. */
export function markdownProblems(body: string): string[] {
  const problems: string[] = []
  // A tag, a comment or a processing instruction: `<` then a letter, `/`, `!` or `?`.
  const tag = /<[a-z!/?]/i.exec(body)
  if (tag)
    problems.push(
      `不能使用 HTML 标签（第 ${lineOf(body, tag.index)} 行），请用 Markdown 或写成 &lt; / raw HTML is not allowed (line ${lineOf(body, tag.index)}): use Markdown, or write &lt;`,
    )
  for (const match of body.matchAll(LINK)) {
    const target = match[1]!
    if (target !== '' && !SAFE_TARGET.test(target))
      problems.push(
        `链接或图片地址不可用：${target.slice(0, 80)}（只允许 https 地址或本站上传的文件）/ link or image target not allowed: ${target.slice(0, 80)} (https addresses and our uploads only)`,
      )
  }
  // Autolinks and reference definitions can carry a scheme too.
  const scheme = /(?:^|[\s(<:])(?:javascript|vbscript|data):/i.exec(body)
  if (scheme)
    problems.push(
      `不能使用 javascript:、vbscript: 或 data: 地址（第 ${lineOf(body, scheme.index)} 行）/ javascript:, vbscript: and data: addresses are not allowed (line ${lineOf(body, scheme.index)})`,
    )
  return problems
}

function lineOf(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** The cue tags WebVTT defines. */
const VTT_TAGS = new Set(['c', 'i', 'b', 'u', 'v', 'lang', 'ruby', 'rt'])

/** What is wrong with a WebVTT file's text; null when it looks like WebVTT. */
export function webVttProblem(vtt: string): string | null {
  if (!/^(?:\uFEFF)?WEBVTT(?:[ \t][^\n]*)?(?:\n|$)/.test(vtt))
    return '字幕须为 WebVTT（以 WEBVTT 开头）/ captions must be WebVTT (starting with WEBVTT)'
  for (const tag of vtt.matchAll(/<\/?([a-z]+)/gi))
    if (!VTT_TAGS.has(tag[1]!.toLowerCase()))
      return '字幕只能使用 WebVTT 的标记 / captions may only use WebVTT cue tags'
  return null
}
