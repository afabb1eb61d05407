import { describe, expect, it } from 'vitest'
import { localized } from '../../../src/client/ui/localized.ts'

describe('localized', () => {
  const name = { zh: '中国地质博物馆', en: 'Geological Museum of China' }

  it.each([
    ['en', name, 'Geological Museum of China'],
    ['zh-CN', name, '中国地质博物馆'],
    ['en', { zh: '只有中文' }, '只有中文'],
    ['en', { zh: '只有中文', en: null }, '只有中文'],
    ['en', { zh: '只有中文', en: '' }, '只有中文'],
    ['zh-CN', { zh: '只有中文' }, '只有中文'],
  ])('in %s shows %o as %s', (locale, text, shown) => {
    expect(localized(text, locale)).toBe(shown)
  })

  it('treats any locale other than English as Chinese', () => {
    expect(localized(name, 'fr')).toBe('中国地质博物馆')
  })
})
