import type { ContentError } from './content-error.ts'

/**
 * Content Markdown is rendered with raw HTML disabled, but a file that contains HTML tags or
 * script-like links was almost certainly written by mistake (or pasted from a web page), so the
 * build refuses it rather than silently dropping the markup.
 */
const UNSAFE = [
  { pattern: /<\/?[a-z][^>]*>/i, reason: 'raw HTML is not allowed in content Markdown' },
  {
    pattern: /\]\(\s*(?:javascript|vbscript|data):/i,
    reason: 'links must be http(s) or relative, not javascript:/data:',
  },
]

export function checkMarkdownSafety(file: string, body: string): ContentError[] {
  return UNSAFE.filter(({ pattern }) => pattern.test(body)).map(({ reason }) => ({ file, field: 'body', reason }))
}
