import { mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ReviewCriterion, ScoreSheet, ScoreSheetBody } from '../../../../src/shared/index.ts'
import { i18n } from '../../../../src/client/app/i18n.ts'
import { loadContestsReviewMessages } from '../../../../src/client/contests/review/contests-review-screens.ts'
import ReviewScoreSheet from '../../../../src/client/ui/review/ReviewScoreSheet.vue'

/*
 * The judge's score sheet: scores kept within each criterion's range, a sheet handed in only when
 * complete, and the weighted total the ranking will use.
 */

const criteria: ReviewCriterion[] = [
  { id: 'accuracy', label: { zh: '科学准确', en: 'Accuracy' }, weight: 40, maxScore: 10 },
  { id: 'expression', label: { zh: '语言表达', en: 'Expression' }, weight: 30, maxScore: 10 },
  { id: 'manner', label: { zh: '形象风度', en: 'Manner' }, weight: 30, maxScore: 5 },
]
const empty: ScoreSheet = {
  reviewerAccountId: 'me',
  reviewerName: '王评委',
  status: 'assigned',
  scores: [],
  total: null,
  submittedAt: null,
  outlier: false,
}

beforeAll(async () => {
  await loadContestsReviewMessages()
})

function sheet(props: { sheet?: ScoreSheet; locked?: boolean } = {}) {
  return mount(ReviewScoreSheet, {
    props: { criteria, sheet: props.sheet ?? empty, locked: props.locked ?? false },
    global: { plugins: [i18n] },
  })
}
async function score(wrapper: ReturnType<typeof sheet>, id: string, value: string) {
  await wrapper.get(`[data-testid="score-${id}"] input`).setValue(value)
}
const saved = (wrapper: ReturnType<typeof sheet>) =>
  (wrapper.emitted('save') ?? []).map(([body]) => body as ScoreSheetBody)

describe('the score sheet', () => {
  it('shows the weighted total once every criterion is scored, each as a share of its own maximum', async () => {
    const wrapper = sheet()
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('各项都打分后显示加权总分')
    await score(wrapper, 'accuracy', '8')
    await score(wrapper, 'expression', '6')
    await score(wrapper, 'manner', '5')
    // (8/10·40 + 6/10·30 + 5/5·30) / 100 = 80
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('加权总分 80.0 / 100')
    await score(wrapper, 'manner', '2.5')
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('加权总分 65.0 / 100')
  })

  it('refuses a score above the criterion’s maximum or below zero, saying the range, and sends nothing', async () => {
    const wrapper = sheet()
    await score(wrapper, 'accuracy', '12')
    await score(wrapper, 'expression', '7')
    await score(wrapper, 'manner', '-1')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    expect(wrapper.get('[data-testid="score-accuracy"]').text()).toContain('0–10 分')
    expect(wrapper.get('[data-testid="score-manner"]').text()).toContain('0–5 分')
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('各项都打分后显示加权总分')
    expect(saved(wrapper)).toEqual([])

    await score(wrapper, 'accuracy', '10')
    await score(wrapper, 'manner', '4')
    await wrapper.get('[data-testid="comment-accuracy"] textarea').setValue('概念准确')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    expect(saved(wrapper)).toEqual([
      {
        scores: [
          { criterion: 'accuracy', score: 10, comment: '概念准确' },
          { criterion: 'expression', score: 7, comment: '' },
          { criterion: 'manner', score: 4, comment: '' },
        ],
        submit: true,
      },
    ])
  })

  it('keeps a partial sheet as a draft but hands in only a complete one', async () => {
    const wrapper = sheet()
    await score(wrapper, 'accuracy', '9')
    await wrapper.get('[data-testid="score-submit"]').trigger('click')
    expect(wrapper.get('[data-testid="score-expression"]').text()).toContain('请打分')
    expect(saved(wrapper)).toEqual([])
    await wrapper.get('[data-testid="score-save"]').trigger('click')
    expect(saved(wrapper)).toEqual([{ scores: [{ criterion: 'accuracy', score: 9, comment: '' }], submit: false }])
  })

  it('shows a final sheet read-only, without save or submit', () => {
    const wrapper = sheet({
      locked: true,
      sheet: {
        ...empty,
        status: 'submitted',
        scores: [
          { criterion: 'accuracy', score: 8, comment: '' },
          { criterion: 'expression', score: 6, comment: '' },
          { criterion: 'manner', score: 5, comment: '' },
        ],
      },
    })
    expect(wrapper.find('[data-testid="score-submit"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="score-accuracy"] input').attributes('readonly')).toBeDefined()
    expect(wrapper.get('[data-testid="score-total"]').text()).toBe('加权总分 80.0 / 100')
  })
})
