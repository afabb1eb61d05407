import { mount } from '@vue/test-utils'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPinia } from 'pinia'
import { defineComponent, h } from 'vue'
import { i18n } from '../../../../src/client/app/i18n.ts'
import ContestConfigEntries from '../../../../src/client/contests/review/ContestConfigEntries.vue'
import {
  bodyOf,
  draftOf,
  newContestConfig,
  provideConfigDraft,
  type ConfigDraft,
} from '../../../../src/client/contests/review/contest-config-draft.ts'
import { loadContestsReviewMessages } from '../../../../src/client/contests/review/contests-review-screens.ts'
import { videoRule } from '../../../../src/shared/index.ts'

/*
 * The office sets a video's file rules by the names people know (MP4, MOV, H.264, H.265, AAC);
 * the contest keeps the codecs' RFC 6381 prefixes the server checks uploads against.
 */

beforeAll(async () => {
  await loadContestsReviewMessages()
})

function form(): { wrapper: ReturnType<typeof mount>; draft: ConfigDraft } {
  let draft!: ConfigDraft
  const Host = defineComponent({
    setup() {
      draft = provideConfigDraft(draftOf(newContestConfig('2026-12-07'), false))
      return () => h(ContestConfigEntries, { errors: {} })
    },
  })
  return { wrapper: mount(Host, { global: { plugins: [i18n, createPinia()] } }), draft }
}
const box = (wrapper: ReturnType<typeof mount>, field: string, label: string) =>
  wrapper
    .get(`[data-testid="config-video-0-${field}"]`)
    .findAll('.van-checkbox')
    .find((c) => c.text() === label)!

describe('a video’s file rules in the contest form', () => {
  it('adds MOV and H.265 as the rule’s containers and codec prefixes', async () => {
    const { wrapper, draft } = form()
    expect(box(wrapper, 'containers', 'MP4').attributes('aria-checked')).toBe('true')
    expect(box(wrapper, 'video-codecs', 'H.264').attributes('aria-checked')).toBe('true')
    await box(wrapper, 'containers', 'MOV (QuickTime)').trigger('click')
    await box(wrapper, 'video-codecs', 'H.265 (HEVC)').trigger('click')
    const video = draft.config.videos[0]!
    expect(video.containers).toEqual(['mp4', 'quicktime'])
    expect(video.videoCodecs).toEqual(expect.arrayContaining(['avc1', 'avc3', 'hvc1', 'hev1']))
    expect(videoRule.safeParse(bodyOf(draft).config.videos[0]).error).toBeUndefined()
  })

  it('says a rule needs one codec at least, and that no audio codec lets silent videos in', async () => {
    const { wrapper, draft } = form()
    await box(wrapper, 'video-codecs', 'H.264').trigger('click')
    expect(draft.config.videos[0]!.videoCodecs).toEqual([])
    expect(wrapper.get('[data-testid="config-video-0-video-codecs"]').text()).toContain('至少选一项')
    await box(wrapper, 'audio-codecs', 'AAC').trigger('click')
    expect(draft.config.videos[0]!.audioCodecs).toEqual([])
    expect(wrapper.get('[data-testid="config-video-0-audio-codecs"]').text()).toContain('无声视频也可')
  })
})
