import type { ShownBaseSource } from '../schemas/base-source.ts'
import type { ChiefAppointment } from '../schemas/expert.ts'
import type { BuiltWork } from '../schemas/work.ts'
import type { IsoDate } from './calendar-date.ts'

/**
 * The first day after a term of `termYears` from `appointedOn` (its anniversary): a five-year
 * term from 2017-04-17 ends with 2022-04-16, so 2022-04-17 is the first day without the badge.
 * An appointment on 29 February ends on 1 March of a common year.
 */
export function termEndsOn(appointedOn: IsoDate, termYears: number): IsoDate {
  const [year, month, day] = appointedOn.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year + termYears, month - 1, day)).toISOString().slice(0, 10)
}

export interface AppointmentFacts {
  title: string
  batch: number
  appointedOn: IsoDate
  termYears: number
  sources: ShownBaseSource[]
}

/** An appointment as shown on `today` (Asia/Shanghai): current until its term ends, then former. */
export function appointmentOn(facts: AppointmentFacts, today: IsoDate): ChiefAppointment {
  const endsOn = termEndsOn(facts.appointedOn, facts.termYears)
  return { ...facts, endsOn, current: facts.appointedOn <= today && today < endsOn }
}

/**
 * The people a work credits by name. Works carry no credits list yet: a book's authors are the
 * only names, so an expert is linked to a work only where those name them exactly (a team such
 * as 自然资源科普编写组 names nobody). A later credits field (hosts, interviewees) goes here.
 */
export function workCredits(work: Pick<BuiltWork, 'book'>): string[] {
  return work.book?.authors ?? []
}

/** Works whose credits name `name` exactly, in content order. */
export function worksCrediting<W extends Pick<BuiltWork, 'book'>>(works: readonly W[], name: string): W[] {
  return works.filter((work) => workCredits(work).includes(name))
}
