import { describe, expect, it } from 'vitest'
import { parseMarkdownBlocks } from '../../src/shared/domain/markdown-blocks.ts'

describe('content Markdown', () => {
  it('turns headings, paragraphs and lists into blocks, joining Chinese lines without spaces', () => {
    expect(
      parseMarkdownBlocks(
        '## 识别征兆\n\n坡顶出现\n弧形裂缝。\n\n- 向**两侧**撤离；\n- 报告[当地政府](https://www.mnr.gov.cn/)\n\n1. 第一步',
      ),
    ).toEqual([
      { kind: 'heading', level: 2, inlines: [{ kind: 'text', text: '识别征兆' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: '坡顶出现弧形裂缝。' }] },
      {
        kind: 'list',
        ordered: false,
        items: [
          [
            { kind: 'text', text: '向' },
            { kind: 'strong', text: '两侧' },
            { kind: 'text', text: '撤离；' },
          ],
          [
            { kind: 'text', text: '报告' },
            { kind: 'link', text: '当地政府', href: 'https://www.mnr.gov.cn/' },
          ],
        ],
      },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: '第一步' }]] },
    ])
  })

  it('keeps a script link as plain text, never as a link', () => {
    expect(parseMarkdownBlocks('点[这里](javascript:alert(1))')).toEqual([
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'text', text: '点' },
          { kind: 'text', text: '这里' },
          { kind: 'text', text: ')' },
        ],
      },
    ])
  })

  it('joins wrapped English lines with a space', () => {
    expect(parseMarkdownBlocks('Move sideways,\nacross the slide.')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Move sideways, across the slide.' }] },
    ])
  })
})
