/**
 * The small Markdown subset content is written in (headings, paragraphs, lists, **bold**,
 * [links](https://…)), parsed into plain data. The client renders these blocks as Vue nodes, so
 * content can never inject markup (no v-html anywhere), and the server could render the same.
 */
export type Inline =
  { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'link'; text: string; href: string }

export type Block =
  | { kind: 'heading'; level: 2 | 3; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }

const INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g

export function parseInlines(text: string): Inline[] {
  const out: Inline[] = []
  let last = 0
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) out.push({ kind: 'text', text: text.slice(last, match.index) })
    if (match[1] !== undefined) out.push({ kind: 'strong', text: match[1] })
    else if (match[2] !== undefined && match[3] !== undefined) {
      // Only web and in-app links; anything else stays visible as text.
      if (/^(https?:\/\/|\/)/.test(match[3])) out.push({ kind: 'link', text: match[2], href: match[3] })
      else out.push({ kind: 'text', text: match[2] })
    }
    last = match.index + match[0].length
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) })
  return out
}

export function parseMarkdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  let paragraph: string[] = []
  let list: { ordered: boolean; items: Inline[][] } | null = null

  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inlines: parseInlines(paragraph.join('')) })
    paragraph = []
    if (list) blocks.push({ kind: 'list', ...list })
    list = null
  }

  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim()
    const heading = /^(#{2,3})\s+(.+)$/.exec(line)
    const bullet = /^[-*]\s+(.+)$/.exec(line)
    const numbered = /^\d+[.)]\s+(.+)$/.exec(line)
    if (!line) flush()
    else if (heading?.[1] && heading[2]) {
      flush()
      blocks.push({ kind: 'heading', level: heading[1].length === 2 ? 2 : 3, inlines: parseInlines(heading[2]) })
    } else if (bullet?.[1] || numbered?.[1]) {
      const ordered = Boolean(numbered)
      if (paragraph.length || (list && list.ordered !== ordered)) flush()
      list ??= { ordered, items: [] }
      list.items.push(parseInlines((bullet?.[1] ?? numbered?.[1])!))
    } else {
      if (list) flush()
      // Chinese lines join without a space; a Latin line break becomes one.
      const prev = paragraph.at(-1)
      paragraph.push(prev && /[A-Za-z0-9,.;:]$/.test(prev) ? ` ${line}` : line)
    }
  }
  flush()
  return blocks
}
