import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import BaseCard from '../../../src/client/bases/BaseCard.vue'
import { i18n } from '../../../src/client/app/i18n.ts'
import type { BuiltBase } from '../../../src/shared/index.ts'

const base = (
  precision: BuiltBase['location']['precision'],
  approximate: boolean,
  title: string | null = null,
): BuiltBase => ({
  id: 'test-base',
  name: { zh: '测试地质公园', en: 'Test Geopark' },
  category: 'geopark',
  province: '湖南省',
  city: '张家界市',
  location: { lat: 29.3, lon: 110.4, precision, confidence: 'medium' },
  designation: { title, year: title ? 2021 : null, verified: title !== null },
  website: null,
  sources: [],
  approximate,
  search: { pinyin: 'ceshidizhigongyuan', initials: 'csdzgy' },
})

describe('base card', () => {
  it('labels a city-level location as approximate, saying how precise it is', () => {
    const card = mount(BaseCard, { props: { base: base('city', true) }, global: { plugins: [i18n] } })
    expect(card.get('[data-testid="approximate-badge"]').text()).toContain('大致位置')
    expect(card.get('[data-testid="approximate-badge"]').text()).toContain('位置仅精确到城市')
  })

  it('shows no approximate label for a site-level location', () => {
    const card = mount(BaseCard, { props: { base: base('site', false) }, global: { plugins: [i18n] } })
    expect(card.find('[data-testid="approximate-badge"]').exists()).toBe(false)
    expect(card.text()).toContain('湖南省 · 张家界市')
  })

  it("shows the place's own title, and no national title for a place that does not have one", () => {
    const geopark = mount(BaseCard, {
      props: { base: base('site', false, '国家地质公园') },
      global: { plugins: [i18n] },
    })
    expect(geopark.get('[data-testid="card-designation"]').text()).toBe('国家地质公园 · 2021 年命名')
    const untitled = mount(BaseCard, { props: { base: base('site', false) }, global: { plugins: [i18n] } })
    expect(untitled.find('[data-testid="card-designation"]').exists()).toBe(false)
    expect(untitled.text()).not.toContain('国家自然资源科普基地')
  })
})
