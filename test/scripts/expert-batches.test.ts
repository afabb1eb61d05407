import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadContent } from '../../src/server/content/load-content.ts'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function contentWith(file: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zk-content-'))
  dirs.push(dir)
  await cp('content', dir, { recursive: true })
  await writeFile(join(dir, 'experts', file), text)
  return dir
}

const batch = (experts: string) => `appointment: { title: 测试专家, batch: 2, appointedOn: '2020-01-01', termYears: 3 }
sources: [recalled]
experts:
${experts}`

describe('announced expert batches (content/experts/)', () => {
  it('ship the twelve chief experts of 2017 with only what was announced, and no repost', async () => {
    const result = await loadContent('content')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const [first] = result.content.expertBatches
    expect(first).toMatchObject({
      id: 'chief-experts-2017',
      appointment: { batch: 1, appointedOn: '2017-04-17', termYears: 5 },
      sources: [],
    })
    expect(first!.experts).toHaveLength(12)
    expect(first!.experts[0]).toEqual({
      name: '欧阳自远',
      title: '中国科学院院士',
      search: { pinyin: 'ouyangziyuan', initials: 'oyzy' },
    })
    expect(JSON.stringify(result.content.expertBatches)).not.toContain('zgqmsh.com')
  })

  it.each([
    ['a name listed twice', batch('  - { name: 张三 }\n  - { name: 张三 }'), 'experts.1.name'],
    ['a field the announcement did not give', batch('  - { name: 张三, photo: zhang.jpg }'), 'experts.0.photo'],
    [
      'a date that is not one',
      batch('  - { name: 张三 }').replace('2020-01-01', '2020-13-01'),
      'appointment.appointedOn',
    ],
  ])('stop on %s, naming the field', async (_, text, field) => {
    const result = await loadContent(await contentWith('bad-batch.yaml', text))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.find((e) => e.file.endsWith('experts/bad-batch.yaml'))?.field).toBe(field)
  })
})
