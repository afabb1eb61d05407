import type { ShownBaseSource } from '../schemas/base-source.ts'
import type { ChiefAppointment } from '../schemas/expert.ts'
import type { WorkCreditRole, WorkExpertCredit } from '../schemas/work.ts'
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

/** How an expert is named in works' credits: by id, and by content key if announced (`<batch>/<name>`). */
export interface CreditedExpert {
  id: string
  contentKey: string | null
}

/**
 * The role `credits` give the expert, or null. Credits name experts by id or by the key of an
 * announced expert (shared/schemas/work.ts `workExpertRef`); a name alone never links a work to
 * an expert, since two people may share one.
 */
export function creditedRole(
  credits: readonly WorkExpertCredit[] | undefined,
  expert: CreditedExpert,
): WorkCreditRole | null {
  const credit = credits?.find(
    (c) => c.expert === expert.id || (expert.contentKey !== null && c.expert === expert.contentKey),
  )
  return credit?.role ?? null
}

/** Works whose credits name the expert, in content order, each with the expert's role. */
export function worksCrediting<W extends { credits?: WorkExpertCredit[] }>(
  works: readonly W[],
  expert: CreditedExpert,
): { work: W; role: WorkCreditRole }[] {
  return works.flatMap((work) => {
    const role = creditedRole(work.credits, expert)
    return role ? [{ work, role }] : []
  })
}
