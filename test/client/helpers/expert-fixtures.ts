import type { ChiefAppointment, ExpertPage, ExpertSummary } from '../../../src/shared/index.ts'

/** The 2017 appointment as the server sends it after the term: former. */
export const formerAppointment: ChiefAppointment = {
  title: '国土资源首席科学传播专家',
  batch: 1,
  appointedOn: '2017-04-17',
  termYears: 5,
  endsOn: '2022-04-17',
  current: false,
  sources: [],
}

/** An appointment still running (its term ends in 2099). */
export const currentAppointment: ChiefAppointment = {
  ...formerAppointment,
  batch: 3,
  appointedOn: '2095-04-17',
  endsOn: '2100-04-17',
  current: true,
}

const expert = (fields: Partial<ExpertSummary> & Pick<ExpertSummary, 'id' | 'name' | 'search'>): ExpertSummary => ({
  title: null,
  institution: null,
  fields: [],
  region: null,
  appointment: null,
  photo: null,
  takesRequests: false,
  ...fields,
})

export const ouyang = expert({
  id: '0193b2c4-0000-7000-8000-00000000e001',
  name: '欧阳自远',
  title: '中国科学院院士',
  appointment: formerAppointment,
  search: { pinyin: 'ouyangziyuan', initials: 'oyzy' },
})
export const su = expert({
  id: '0193b2c4-0000-7000-8000-00000000e002',
  name: '苏德辰',
  institution: '中国地质科学院地质研究所',
  appointment: formerAppointment,
  search: { pinyin: 'sudechen', initials: 'sdc' },
})
export const li = expert({
  id: '0193b2c4-0000-7000-8000-00000000e003',
  name: '李四光研',
  title: '研究员',
  institution: '中国地质科学院',
  fields: ['geohazards', 'minerals'],
  region: '110000',
  takesRequests: true,
  search: { pinyin: 'lisiguangyan', initials: 'lsgy' },
})
export const wang = expert({
  id: '0193b2c4-0000-7000-8000-00000000e004',
  name: '王海洋',
  title: '教授',
  institution: '浙江大学',
  fields: ['ocean'],
  region: '330000',
  appointment: currentAppointment,
  takesRequests: true,
  search: { pinyin: 'wanghaiyang', initials: 'why' },
})
export const EXPERTS = [li, ouyang, su, wang]

/** A page for each expert; 李四光研 takes part in an event next year. */
export function pageOf(e: ExpertSummary): ExpertPage {
  const year = new Date().getUTCFullYear() + 1
  return {
    ...e,
    bio: e.id === li.id ? '研究滑坡四十年。' : null,
    works: [],
    events: {
      upcoming:
        e.id === li.id
          ? [
              {
                id: '0193b2c4-0000-7000-8000-00000000ee01',
                title: '滑坡科普讲座',
                start: `${year}-05-12T09:00:00+08:00`,
                end: `${year}-05-12T11:00:00+08:00`,
                date: `${year}-05-12`,
                format: 'talk',
                base: {
                  id: 'geological-museum-of-china',
                  name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
                },
              },
            ]
          : [],
      past: [],
    },
  }
}
