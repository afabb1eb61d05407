import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { windowOf } from '../../shared/domain/contest-rules.ts'
import type { ContestVotes, VoteFlag, VoteLimits } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { contestEntries, contestVotes } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { voteRunning } from './contest-entries.ts'
import { findContest, noContest, publishedContest, shortlistedEntries, type ContestRow } from './contest-service.ts'
import { storedSecret } from './server-secrets.ts'

/*
 * The public vote, enforced as honestly as a vote without SMS or real names can be (the rules
 * text says so: shared/domain/contest-rules.ts `voteRulesText`). The mechanism is the ratings'
 * (services/rating-service.ts): a device token the server signs, one vote per token, entry and
 * Asia/Shanghai day (a unique index), caps per address and day (the address kept only as a keyed
 * hash that changes daily), and the per-minute limiter on the routes. Votes tokens also carry
 * when they were issued, so a device that votes minutes after it got its token is known as new.
 * Anomalies are computed from the stored votes whenever an admin looks: bursts from one address
 * for one entry, and clusters of new devices that vote for one entry only. An admin may discount
 * a flag's votes (and count them again); tallies show both numbers.
 */

const SECRET_NAME = 'contest-vote-device-key'
const MINUTE = 60_000

const sign = (secret: string, id: string, issued: string) =>
  createHmac('sha256', secret).update(`vote-device:${id}:${issued}`).digest('base64url')

/** A new vote token: `<random id>.<issued, ms base 36>.<signature>`. */
export async function issueVoteToken(db: Database, now: Date): Promise<string> {
  const id = randomBytes(16).toString('base64url')
  const issued = now.getTime().toString(36)
  return `${id}.${issued}.${sign(await storedSecret(db, SECRET_NAME), id, issued)}`
}

/** The token's device id and issue time when its signature is ours; null otherwise. */
export async function verifyVoteToken(
  db: Database,
  token: string,
): Promise<{ deviceId: string; issuedAt: Date } | null> {
  const [id, issued, given] = token.split('.')
  if (!id || !issued || !given || !/^[0-9a-z]{1,12}$/.test(issued)) return null
  const expected = Buffer.from(sign(await storedSecret(db, SECRET_NAME), id, issued))
  const actual = Buffer.from(given)
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null
  return { deviceId: id, issuedAt: new Date(parseInt(issued, 36)) }
}

async function addressHash(db: Database, ip: string, day: string): Promise<string> {
  return createHmac('sha256', await storedSecret(db, SECRET_NAME))
    .update(`address:${day}:${ip}`)
    .digest('base64url')
}

const limitsOf = (contest: ContestRow): VoteLimits | null =>
  contest.config.vote.mode === 'none' ? null : contest.config.vote.limits

/**
 * POST /api/contests/:id/votes. Refused: a token we did not sign (403), no vote running (409, reason `vote-closed`),
 * an entry not on the shortlist (404), a second vote from the token for the entry today (409, `already-voted`),
 * an address over its caps for the day (429).
 */
export async function castVote(
  db: Database,
  contestId: string,
  vote: { entryId: string; deviceToken: string },
  ip: string,
  now: Date,
): Promise<{ day: string }> {
  const device = await verifyVoteToken(db, vote.deviceToken)
  if (!device)
    throw new HttpError(403, '设备凭证无效，请刷新页面后再投 / device token not valid: reload the page and vote again')
  const contest = await publishedContest(db, contestId)
  const limits = limitsOf(contest)
  if (!limits || !voteRunning(contest, now)) {
    const w = windowOf(contest.config.stages, 'public-vote')
    throw new HttpError(
      409,
      w
        ? `投票时间为 ${w.starts} 至 ${w.ends}（北京时间）/ the public vote runs from ${w.starts} to ${w.ends} (Beijing time)`
        : '本届不设公众投票 / this contest has no public vote',
      {},
      undefined,
      { reason: 'vote-closed' },
    )
  }
  const shortlisted = await shortlistedEntries(db, contest.id)
  if (!shortlisted.some((e) => e.id === vote.entryId))
    throw new HttpError(404, '没有这件入围作品 / no such shortlisted entry')
  const day = todayInChina(now)
  const hash = await addressHash(db, ip, day)
  return db.transaction(async (tx) => {
    // One address at a time, so parallel votes cannot all read a count under the caps.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`vote:${contest.id}:${hash}`}))`)
    const sent = await tx
      .select({ entryId: contestVotes.entryId, n: count() })
      .from(contestVotes)
      .where(and(eq(contestVotes.contestId, contest.id), eq(contestVotes.addressHash, hash), eq(contestVotes.day, day)))
      .groupBy(contestVotes.entryId)
    const forEntry = sent.find((s) => s.entryId === vote.entryId)?.n ?? 0
    const all = sent.reduce((a, s) => a + s.n, 0)
    if (forEntry >= limits.perAddressPerEntryPerDay || all >= limits.perAddressPerDay)
      throw new HttpError(
        429,
        `这个网络今天的投票已达上限，明天可以再投 / this network has cast as many votes${forEntry >= limits.perAddressPerEntryPerDay ? ' for this entry' : ''} as a day allows (${String(forEntry >= limits.perAddressPerEntryPerDay ? limits.perAddressPerEntryPerDay : limits.perAddressPerDay)}): try again tomorrow`,
      )
    // The unique index decides, so two taps racing each other still store one vote.
    const [row] = await tx
      .insert(contestVotes)
      .values({
        contestId: contest.id,
        entryId: vote.entryId,
        deviceId: device.deviceId,
        deviceIssuedAt: device.issuedAt,
        day,
        addressHash: hash,
        createdAt: now,
      })
      .onConflictDoNothing({
        target: [contestVotes.contestId, contestVotes.entryId, contestVotes.deviceId, contestVotes.day],
      })
      .returning({ id: contestVotes.id })
    if (!row)
      throw new HttpError(
        409,
        '今天已经为这件作品投过票，明天可以再投 / this device already voted for this entry today',
        {},
        undefined,
        { reason: 'already-voted' },
      )
    return { day }
  })
}

type VoteRow = typeof contestVotes.$inferSelect
interface Flag extends VoteFlag {
  voteIds: number[]
}

/** The anomaly flags of a contest's votes (see above), each with the votes it covers. */
function flagsOf(votes: readonly VoteRow[], limits: VoteLimits): Flag[] {
  const flags: Flag[] = []
  const group = <K>(key: (v: VoteRow) => K) => {
    const map = new Map<K, VoteRow[]>()
    for (const v of votes) map.set(key(v), [...(map.get(key(v)) ?? []), v])
    return map
  }
  for (const list of group((v) => `${v.addressHash}\u0000${v.entryId}\u0000${v.day}`).values()) {
    if (list.length < limits.burstVotes) continue
    const sorted = [...list].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    const marked = new Set<number>()
    let from = 0
    for (let to = 0; to < sorted.length; to++) {
      while (sorted[to]!.createdAt.getTime() - sorted[from]!.createdAt.getTime() > limits.burstMinutes * MINUTE) from++
      if (to - from + 1 >= limits.burstVotes) for (let k = from; k <= to; k++) marked.add(sorted[k]!.id)
    }
    if (marked.size === 0) continue
    const first = sorted[0]!
    const covered = sorted.filter((v) => marked.has(v.id))
    flags.push({
      id: `burst:${first.entryId}:${first.day}:${first.addressHash.slice(0, 16)}`,
      kind: 'burst',
      entryId: first.entryId,
      day: first.day,
      votes: covered.length,
      discounted: covered.every((v) => v.discountedBy !== null),
      detail: `一个地址在 ${String(limits.burstMinutes)} 分钟内为本作品投了 ${String(limits.burstVotes)} 票以上（共 ${String(covered.length)} 票）/ ${String(covered.length)} votes from one address for this entry, at least ${String(limits.burstVotes)} within ${String(limits.burstMinutes)} minutes`,
      voteIds: covered.map((v) => v.id),
    })
  }
  // New devices that vote for one entry only, grouped by that entry and the day of their first vote.
  const clusters = new Map<string, VoteRow[]>()
  for (const list of group((v) => v.deviceId).values()) {
    if (new Set(list.map((v) => v.entryId)).size !== 1) continue
    const first = list.reduce((a, b) => (b.createdAt < a.createdAt ? b : a))
    if (first.createdAt.getTime() - first.deviceIssuedAt.getTime() > limits.newDeviceMinutes * MINUTE) continue
    const key = `${first.entryId}\u0000${first.day}`
    clusters.set(key, [...(clusters.get(key) ?? []), ...list])
  }
  for (const list of clusters.values()) {
    const devices = new Set(list.map((v) => v.deviceId)).size
    if (devices < limits.newDeviceCluster) continue
    const first = list[0]!
    const firstDay = list.reduce((a, b) => (b.day < a ? b.day : a), first.day)
    flags.push({
      id: `new-devices:${first.entryId}:${firstDay}`,
      kind: 'new-devices',
      entryId: first.entryId,
      day: firstDay,
      votes: list.length,
      discounted: list.every((v) => v.discountedBy !== null),
      detail: `${String(devices)} 台新设备（领取凭证后 ${String(limits.newDeviceMinutes)} 分钟内投票）只为本作品投票 / ${String(devices)} new devices (voting within ${String(limits.newDeviceMinutes)} minutes of getting their token) voted for this entry only`,
      voteIds: list.map((v) => v.id),
    })
  }
  return flags.sort((a, b) => (a.id < b.id ? -1 : 1))
}

async function contestForAdmin(db: Database, contestId: string): Promise<ContestRow> {
  const contest = await findContest(db, contestId)
  if (!contest) throw noContest()
  return contest
}

/** GET /api/admin/contests/:id/votes: tallies of the shortlist and the anomaly flags. */
export async function voteReport(db: Database, contestId: string): Promise<ContestVotes> {
  const contest = await contestForAdmin(db, contestId)
  const votes = await db.select().from(contestVotes).where(eq(contestVotes.contestId, contest.id))
  const limits = limitsOf(contest)
  const flags = limits ? flagsOf(votes, limits) : []
  const flagged = new Set(flags.flatMap((f) => f.voteIds))
  const entryIds = [
    ...new Set([...(await shortlistedEntries(db, contest.id)).map((e) => e.id), ...votes.map((v) => v.entryId)]),
  ]
  const titles = new Map(
    entryIds.length
      ? (
          await db
            .select({ id: contestEntries.id, title: contestEntries.title })
            .from(contestEntries)
            .where(inArray(contestEntries.id, entryIds))
        ).map((e) => [e.id, e.title])
      : [],
  )
  return {
    tallies: entryIds
      .map((entryId) => {
        const of = votes.filter((v) => v.entryId === entryId)
        return {
          entryId,
          title: titles.get(entryId) ?? '',
          votes: of.length,
          counted: of.filter((v) => v.discountedBy === null).length,
          flagged: of.filter((v) => flagged.has(v.id)).length,
        }
      })
      .sort((a, b) => b.counted - a.counted || (a.entryId < b.entryId ? -1 : 1)),
    flags: flags.map(({ voteIds: _ids, ...f }) => f),
  }
}

/**
 * POST /api/admin/contests/:id/votes/discount: the votes of the named flags stop counting (or,
 * with `discount: false`, count again). Flags are recomputed from the votes, so an id that no
 * longer matches anything is a 400.
 */
export async function discountVotes(
  db: Database,
  contestId: string,
  flagIds: readonly string[],
  discount: boolean,
): Promise<number> {
  const contest = await contestForAdmin(db, contestId)
  const limits = limitsOf(contest)
  const votes = await db.select().from(contestVotes).where(eq(contestVotes.contestId, contest.id))
  const flags = new Map((limits ? flagsOf(votes, limits) : []).map((f) => [f.id, f]))
  const unknown = flagIds.filter((id) => !flags.has(id))
  if (unknown.length > 0)
    throw new HttpError(400, `没有这些标记（请刷新）/ no such flags (reload the list): ${unknown.join(', ')}`)
  let changed = 0
  await db.transaction(async (tx) => {
    for (const id of flagIds) {
      const ids = flags.get(id)!.voteIds
      const rows = discount
        ? await tx
            .update(contestVotes)
            .set({ discountedBy: id })
            .where(and(inArray(contestVotes.id, ids), isNull(contestVotes.discountedBy)))
            .returning({ id: contestVotes.id })
        : await tx
            .update(contestVotes)
            .set({ discountedBy: null })
            .where(and(inArray(contestVotes.id, ids), eq(contestVotes.discountedBy, id)))
            .returning({ id: contestVotes.id })
      changed += rows.length
    }
  })
  return changed
}

/** Counted (not discounted) votes by entry. */
export async function countedVotes(db: Database, contestId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ entryId: contestVotes.entryId, n: count() })
    .from(contestVotes)
    .where(and(eq(contestVotes.contestId, contestId), isNull(contestVotes.discountedBy)))
    .groupBy(contestVotes.entryId)
  return new Map(rows.map((r) => [r.entryId, r.n]))
}
