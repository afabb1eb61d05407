import {
  accountListResponse,
  accountResponse,
  apiError,
  eventPlacesResponse,
  baseIdParams,
  declineRequest,
  eventIdParams,
  EVENTS_RANGE_DEFAULT_DAYS,
  EVENTS_RANGE_MAX_DAYS,
  headcountChange,
  idParams,
  registrationRequest,
  registrationResponse,
  schoolRegistrationsResponse,
  squadronEventsQuery,
  squadronEventsResponse,
  squadronInput,
  squadronListResponse,
  squadronPatch,
  squadronProgramme,
  squadronResponse,
  squadronSettings,
  staffRegistrationsResponse,
  type Account,
} from '../../shared/index.ts'
import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import { HttpError } from '../http-error.ts'
import { getEvent, toPublic } from '../services/event-service.ts'
import {
  acceptOffer,
  approveRegistration,
  cancelRegistration,
  changeHeadcount,
  declineOffer,
  declineRegistration,
  refreshEvents,
  refreshSchoolEvents,
  register,
  type RegistrationContext,
} from '../services/registration-service.ts'
import {
  registrationView,
  schoolRegistrations,
  schoolVisits,
  squadronEventById,
  squadronEvents,
  staffRegistrations,
} from '../services/registration-views.ts'
import {
  approveSchoolFor,
  createSquadron,
  getSquadronSettings,
  listSquadrons,
  pendingSchoolsFor,
  putSquadronSettings,
  updateSquadron,
} from '../services/squadron-service.ts'
import { ticketSecret } from '../services/ticket-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

/** 李四光中队: squadrons, registrations, tickets (the contract and route list: shared/schemas/squadron.ts). */
export function squadronRoutes(app: ZodApp, { db, config, now }: RouteDeps): void {
  // Squadrons, registrations, their settings and school approvals are none of the public data the
  // caches are versioned by (app.ts): places left (/api/events/:eventId/places) are never cached.
  const school = { auth: { roles: ['school'] as const }, publicData: 'unchanged' as const }
  const staff = { auth: { roles: ['admin', 'base_staff'] as const }, publicData: 'unchanged' as const }
  const ctx: RegistrationContext = { db, now, secret: () => ticketSecret(db, config.ticketSecret) }
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError }
  const tags = ['squadrons']

  async function viewOne(id: string) {
    return { registration: await registrationView(db, id, await ctx.secret()) }
  }

  app.get(
    '/api/squadron-programme',
    {
      schema: {
        tags,
        summary: 'Who issues the programme and who approves school accounts',
        response: { 200: squadronProgramme },
      },
    },
    () => ({ issuer: config.squadronIssuer, schoolApproval: config.schoolApproval }),
  )

  // ── Squadrons ──
  app.get(
    '/api/school/squadrons',
    {
      config: school,
      schema: {
        tags,
        summary: "The school's squadrons (archived ones last)",
        response: { 200: squadronListResponse, ...errors },
      },
    },
    async (request) => ({ squadrons: await listSquadrons(db, request.account!.id) }),
  )

  app.post(
    '/api/school/squadrons',
    {
      config: school,
      schema: { tags, summary: 'Add a squadron', body: squadronInput, response: { 201: squadronResponse, ...errors } },
    },
    async (request, reply) =>
      reply.status(201).send({ squadron: await createSquadron(db, request.account!.id, request.body) }),
  )

  app.patch(
    '/api/school/squadrons/:id',
    {
      config: school,
      schema: {
        tags,
        summary: 'Edit a squadron; {archived:true} archives it',
        params: idParams,
        body: squadronPatch,
        response: { 200: squadronResponse, ...errors },
      },
    },
    async (request) => ({ squadron: await updateSquadron(db, request.account!.id, request.params.id, request.body) }),
  )

  // ── Events open to squadrons ──
  app.get(
    '/api/squadron-events',
    {
      config: { auth: { roles: ['school', 'base_staff', 'admin'] as const } },
      schema: {
        tags,
        summary: 'Events for squadrons (audience school/squadron, with a capacity) and places left',
        querystring: squadronEventsQuery,
        response: { 200: squadronEventsResponse, ...errors },
      },
    },
    async (request) => {
      const { from: fromQuery, to: toQuery, ...filter } = request.query
      const from = fromQuery ?? todayInChina(now())
      const to = toQuery ?? addDays(from, EVENTS_RANGE_DEFAULT_DAYS)
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000
      if (span < 0) throw new HttpError(400, 'to: must not be before from')
      if (span > EVENTS_RANGE_MAX_DAYS) throw new HttpError(400, `to: at most ${EVENTS_RANGE_MAX_DAYS} days after from`)
      return { from, to, events: await squadronEvents(db, { from, to }, filter, now()) }
    },
  )

  // Public: the event page shows places left to anyone, so a teacher sees them before signing in.
  app.get(
    '/api/events/:eventId/places',
    {
      schema: {
        tags,
        summary: 'Places left and the waitlist of one event (null when squadrons cannot book it)',
        params: eventIdParams,
        response: { 200: eventPlacesResponse, ...errors },
      },
    },
    async (request) => {
      const stored = await getEvent(db, request.params.eventId)
      if (!stored) throw new HttpError(404, '没有这个活动 / no such event')
      const event = await squadronEventById(db, toPublic(stored), now())
      if (!event) return { places: null }
      const { capacity, remaining, waitlistLength, cutoffAt, open, approvalRequired } = event
      return { places: { capacity, remaining, waitlistLength, cutoffAt, open, approvalRequired } }
    },
  )

  // ── Registrations: teachers ──
  app.post(
    '/api/events/:eventId/registrations',
    {
      // A registration changes no account: a burst of them keeps the sessions every instance remembers.
      config: { ...school, sessions: 'unchanged' },
      schema: {
        tags,
        summary: 'Register a squadron (a retried requestId returns the same registration)',
        params: eventIdParams,
        body: registrationRequest,
        response: { 200: registrationResponse, 201: registrationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { created, registration } = await register(ctx, request.account!, request.params.eventId, request.body)
      return reply.status(created ? 201 : 200).send({ registration })
    },
  )

  app.get(
    '/api/school/registrations',
    {
      config: school,
      schema: {
        tags,
        summary: "The school's registrations (tickets of confirmed ones) and visit records",
        response: { 200: schoolRegistrationsResponse, ...errors },
      },
    },
    async (request) => {
      const account = request.account!
      await refreshSchoolEvents(ctx, account.id)
      return {
        registrations: await schoolRegistrations(db, account.id, await ctx.secret()),
        visits: await schoolVisits(db, account.id, config.squadronIssuer),
      }
    },
  )

  const teacherAction = (path: string, summary: string, run: (account: Account, id: string) => Promise<string>) => {
    app.post(
      path,
      {
        config: school,
        schema: { tags, summary, params: idParams, response: { 200: registrationResponse, ...errors } },
      },
      async (request) => viewOne(await run(request.account!, request.params.id)),
    )
  }
  app.patch(
    '/api/registrations/:id',
    {
      config: school,
      schema: {
        tags,
        summary: 'Change the headcount (before the cut-off; more only if places are free)',
        params: idParams,
        body: headcountChange,
        response: { 200: registrationResponse, ...errors },
      },
    },
    async (request) =>
      viewOne(
        await changeHeadcount(ctx, request.account!, request.params.id, request.body.headcount, request.body.adults),
      ),
  )
  teacherAction('/api/registrations/:id/cancel', 'Cancel (held places: before the cut-off)', (a, id) =>
    cancelRegistration(ctx, a, id),
  )
  teacherAction('/api/registrations/:id/offer/accept', 'Accept a waitlist offer', (a, id) => acceptOffer(ctx, a, id))
  teacherAction(
    '/api/registrations/:id/offer/decline',
    'Decline a waitlist offer (the next squadron is offered)',
    (a, id) => declineOffer(ctx, a, id),
  )

  // ── Registrations: staff ──
  app.get(
    '/api/staff/events/:eventId/registrations',
    {
      config: staff,
      schema: {
        tags,
        summary: "An event's registrations, for approval and offline check-in",
        params: eventIdParams,
        response: { 200: staffRegistrationsResponse, ...errors },
      },
    },
    async (request) => {
      const stored = await getEvent(db, request.params.eventId)
      const account = request.account!
      if (!stored || (account.role === 'base_staff' && account.baseId !== stored.base.id))
        throw new HttpError(404, '没有这个活动 / no such event')
      await refreshEvents(ctx, [stored.id])
      const event = await squadronEventById(db, toPublic(stored), now())
      if (!event) throw new HttpError(409, '此活动不接受中队报名 / this event does not take squadron registrations')
      return { event, registrations: await staffRegistrations(db, stored.id), fetchedAt: now().toISOString() }
    },
  )

  app.post(
    '/api/registrations/:id/approve',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Approve a pending registration (it gets its ticket)',
        params: idParams,
        response: { 200: registrationResponse, ...errors },
      },
    },
    async (request) => viewOne(await approveRegistration(ctx, request.account!, request.params.id)),
  )

  app.post(
    '/api/registrations/:id/decline',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Decline a registration with a reason (its places go to the waitlist)',
        params: idParams,
        body: declineRequest,
        response: { 200: registrationResponse, ...errors },
      },
    },
    async (request) =>
      viewOne(await declineRegistration(ctx, request.account!, request.params.id, request.body.reason)),
  )

  const ownBase = {
    ...staff,
    auth: { ...staff.auth, base: (request: { params: unknown }) => (request.params as { baseId?: string }).baseId },
  }
  app.get(
    '/api/staff/bases/:baseId/squadron-settings',
    {
      config: ownBase,
      schema: {
        tags,
        summary: "A base's registration settings (approval, cut-off, offer time)",
        params: baseIdParams,
        response: { 200: squadronSettings, ...errors },
      },
    },
    async (request) => getSquadronSettings(db, request.params.baseId),
  )

  app.put(
    '/api/staff/bases/:baseId/squadron-settings',
    {
      config: ownBase,
      schema: {
        tags,
        summary: "Set a base's registration settings",
        params: baseIdParams,
        body: squadronSettings,
        response: { 200: squadronSettings, ...errors },
      },
    },
    async (request) => {
      return putSquadronSettings(db, request.params.baseId, request.body)
    },
  )

  // ── School accounts a base approves (SCHOOL_APPROVAL=base) ──
  const byBase = () => {
    if (config.schoolApproval !== 'base')
      throw new HttpError(
        409,
        '学校账号由管理员审核 / school accounts are approved by an admin (SCHOOL_APPROVAL=admin)',
      )
  }
  app.get(
    '/api/staff/school-accounts',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Pending schools that applied to this base',
        response: { 200: accountListResponse, ...errors },
      },
    },
    async (request) => {
      byBase()
      return { accounts: await pendingSchoolsFor(db, request.account!) }
    },
  )
  app.post(
    '/api/staff/school-accounts/:id/approve',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Approve a school that applied to this base',
        params: idParams,
        response: { 200: accountResponse, ...errors },
      },
    },
    async (request) => {
      byBase()
      return { account: await approveSchoolFor(db, request.account!, request.params.id) }
    },
  )
}
