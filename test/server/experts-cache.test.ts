import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExpertPage, ExpertsResponse } from '../../src/shared/index.ts'
import { activeExpert, buildExpertApp, signedInAs, type ExpertApp } from './helpers/expert-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * 世界地球日 at national scale: the experts' public reads come from the version-keyed cache like
 * the other public reads (cache/public-cache.ts), so an edit must show on the next read.
 */

let t: ExpertApp
beforeAll(async () => {
  t = await buildExpertApp()
})
afterAll(async () => {
  await t.close()
})

const read = (url: string, etag?: string) =>
  new TestClient(t.app).request({ url, headers: etag ? { 'if-none-match': etag } : {} })

describe('the experts’ public reads', () => {
  it('answer 304 to a current validator and a new body right after an expert edits their page', async () => {
    const admin = await signedInAs(t, 'cache-admin', 'admin')
    const expert = await activeExpert(t, admin, '缓存测试专家', 'cache-expert')
    const url = `/api/experts/${expert.id}`
    const first = await read(url)
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toBeTruthy()
    expect((await read(url, etag)).statusCode).toBe(304)
    const list = await read('/api/experts?q=huancun')
    expect(list.json<ExpertsResponse>().experts.map((e) => e.id)).toEqual([expert.id])
    const listEtag = list.headers.etag as string
    expect((await read('/api/experts?q=huancun', listEtag)).statusCode).toBe(304)

    const edited = await expert.client.request({
      method: 'PUT',
      url: '/api/expert/profile',
      payload: { bio: '研究地下水三十年。' },
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const after = await read(url, etag)
    expect(after.statusCode).toBe(200)
    expect(after.json<ExpertPage>().bio).toBe('研究地下水三十年。')
    // The list shows no biography: its body, and so its validator, stay as they were.
    expect((await read('/api/experts?q=huancun', listEtag)).statusCode).toBe(304)
    const moved = await expert.client.request({
      method: 'PUT',
      url: '/api/expert/profile',
      payload: { bio: '研究地下水三十年。', region: '430000' },
    })
    expect(moved.statusCode, moved.body).toBe(200)
    const relisted = await read('/api/experts?q=huancun', listEtag)
    expect(relisted.statusCode).toBe(200)
    expect(relisted.json<ExpertsResponse>().experts[0]).toMatchObject({ region: '430000' })
  })
})
