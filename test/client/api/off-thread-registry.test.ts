import { describe, expect, it } from 'vitest'
import { ApiRequestError } from '../../../src/client/api/http.ts'
import { answerWith, joinHandlers, type OffThreadHandlers } from '../../../src/client/api/off-thread-registry.ts'

type GreetRequest = { kind: 'greet'; name: string } | { kind: 'fail'; how: 'offline' | 'bug' }
type GreetReply = { kind: 'greeting'; text: string }

const greetHandlers: OffThreadHandlers<GreetRequest, GreetReply> = {
  greet: (request) => Promise.resolve({ kind: 'greeting', text: `你好，${request.name}` }),
  fail: (request) =>
    Promise.reject(request.how === 'offline' ? new ApiRequestError({ kind: 'offline' }) : new TypeError('a bug')),
}
const countHandlers: OffThreadHandlers<{ kind: 'count' }, { kind: 'counted'; n: number }> = {
  count: () => Promise.resolve({ kind: 'counted', n: 3 }),
}

describe('the API worker registry', () => {
  it('answers each request with the handler of its kind, whichever feature registered it', async () => {
    const answer = answerWith(joinHandlers(greetHandlers, countHandlers))
    expect(await answer({ kind: 'greet', name: '李四' })).toEqual({ kind: 'greeting', text: '你好，李四' })
    expect(await answer({ kind: 'count' })).toEqual({ kind: 'counted', n: 3 })
  })

  it('turns a failed request into a reply the page can explain, and a bug into an error reply', async () => {
    const answer = answerWith(greetHandlers)
    expect(await answer({ kind: 'fail', how: 'offline' })).toEqual({
      kind: 'api-failure',
      failure: { kind: 'offline' },
    })
    expect(await answer({ kind: 'fail', how: 'bug' })).toEqual({ kind: 'error', message: 'a bug' })
  })

  it('refuses two features answering the same kind', () => {
    expect(() =>
      joinHandlers(greetHandlers, countHandlers, { count: () => Promise.resolve({ kind: 'counted', n: 4 }) }),
    ).toThrow("Two handlers answer off-thread requests of kind 'count'")
  })
})
