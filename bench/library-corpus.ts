// A synthetic library at national scale for the library-search bench: works (bench/search.ts's
// synthetic works), bases, experts and events with Chinese names built from the programme's
// terms and places, pinyin keys as the content build and the server compute them.
import { PROVINCES } from '../src/shared/domain/provinces.ts'
import { WORK_TOPICS } from '../src/shared/constants.ts'
import type { LibraryDoc } from '../src/shared/domain/library-index.ts'
import { workDoc } from '../src/shared/domain/library-docs.ts'
import { titleKeys } from '../src/shared/domain/search-text.ts'
import { titleSyllables } from '../src/server/content/work-search-build.ts'
import { mulberry32 } from './synthetic-bases.ts'
import { PLACES, TERMS, syntheticWorks } from './search.ts'

export interface LibraryCounts {
  works: number
  bases: number
  experts: number
  events: number
}
export const NATIONAL_LIBRARY: LibraryCounts = { works: 5_000, bases: 10_000, experts: 1_000, events: 5_000 }

const BASE_SUFFIXES = [
  '博物馆',
  '科普基地',
  '地质公园',
  '矿山公园',
  '科普馆',
  '野外观测站',
  '研究所',
  '展览馆',
  '自然保护区',
]
const BASE_SUFFIXES_EN = [
  'Museum',
  'Science Base',
  'Geopark',
  'Mine Park',
  'Science Hall',
  'Field Station',
  'Institute',
  'Exhibition Hall',
  'Nature Reserve',
]
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '欧阳',
  '司马',
]
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀',
  '霞',
  '平',
  '刚',
  '华',
  '自',
  '远',
  '海',
  '山',
]
const INSTITUTES = [
  '地质调查局',
  '自然资源厅',
  '大学地球科学学院',
  '海洋研究所',
  '测绘院',
  '国土空间规划研究院',
  '矿产资源研究所',
]
const EVENT_TITLES = ['{A}科普讲座', '走进{B}', '{A}主题展览', '{P}{A}研学活动', '{A}知识竞赛', '小小{A}讲解员']
const EVENT_TEXT = [
  '活动面向公众免费开放，请提前预约。',
  '专家将现场讲解{A}的形成过程，并带领大家实地观察。',
  '适合中小学生参加，家长可陪同。',
  '活动期间将展出{A}相关的标本和模型。',
  '请穿着适合户外活动的服装，注意安全。',
  '讲座结束后设有互动问答环节。',
]

const keysOf = (title: string) => titleKeys(title, titleSyllables)
const dateFrom = (random: () => number, from: number, days: number) =>
  new Date(Date.UTC(from, 0, 1) + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10)

/** The documents of a synthetic library, deterministic for a seed. */
export function syntheticLibrary(counts: LibraryCounts, seed = 11): LibraryDoc[] {
  const random = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const works = syntheticWorks(counts.works, 7).map((w, i) => {
    const published = dateFrom(random, 2015, 365 * 11)
    return workDoc({ ...w, topics: [WORK_TOPICS[i % WORK_TOPICS.length]!], published }, keysOf(w.title.zh))
  })
  const bases = Array.from({ length: counts.bases }, (_, i): LibraryDoc => {
    const province = pick(PROVINCES)
    const title = `${pick(PLACES)}${pick(TERMS)[0]}${pick(BASE_SUFFIXES)}`
    return {
      kind: 'base',
      id: `base-${String(i)}`,
      title,
      titleEn: `${pick(TERMS)[1]} ${pick(BASE_SUFFIXES_EN)}`,
      keys: keysOf(title),
      summary: `${province.zh}\n${pick(PLACES)}\n国家自然资源科普基地`,
      province: province.zh,
    }
  })
  const experts = Array.from({ length: counts.experts }, (_, i): LibraryDoc => {
    const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : '')
    const province = pick(PROVINCES)
    return {
      kind: 'expert',
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: name,
      keys: keysOf(name),
      summary: `研究员\n${province.zh.slice(0, 2)}${pick(INSTITUTES)}`,
      themes: [pick(WORK_TOPICS), pick(WORK_TOPICS)],
      province: province.code,
    }
  })
  const events = Array.from({ length: counts.events }, (_, i): LibraryDoc => {
    const base = pick(bases)
    const term = pick(TERMS)[0]
    const fill = (t: string) => t.replace('{A}', term).replace('{B}', base.title).replace('{P}', pick(PLACES))
    const title = fill(pick(EVENT_TITLES))
    return {
      kind: 'event',
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      title,
      keys: keysOf(title),
      summary: `${base.title}报告厅\n${base.title}\n${base.province ?? ''}`,
      body: Array.from({ length: 2 + Math.floor(random() * 3) }, () => fill(pick(EVENT_TEXT))).join(''),
      province: base.province,
      date: dateFrom(random, 2024, 365 * 3),
    }
  })
  return [...works, ...bases, ...experts, ...events]
}
