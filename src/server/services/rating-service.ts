import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, count, eq, sql } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type { RatingRequest } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases, ratings } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { storedSecret } from './server-secrets.ts'

/*
 * Public satisfaction ratings (满意度). A rating names a device token the server issued
 * (`POST /api/ratings/device`), not an id the client made up, so one device rates a base once a
 * day; and one address rates one base at most RATINGS_PER_ADDRESS_PER_DAY times a day, so a script
 * behind one address cannot stuff a base's score by minting tokens. The address is kept only as a
 * keyed hash that changes every day (`address_hash`).
 */

/** Ratings of one base from one address per Asia/Shanghai day: a school class on one venue Wi-Fi fits. */
export const RATINGS_PER_ADDRESS_PER_DAY = 60
const SECRET_NAME = 'rating-device-key'

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(`device:${id}`).digest('base64url')

/** A new device token: `<random id>.<signature>`. */
export async function issueDeviceToken(db: Database): Promise<string> {
  const id = randomBytes(16).toString('base64url')
  return `${id}.${sign(await storedSecret(db, SECRET_NAME), id)}`
}

/** The token's device id when the signature is ours; null otherwise. */
export async function verifyDeviceToken(db: Database, token: string): Promise<string | null> {
  const [id, given] = token.split('.')
  if (!id || !given) return null
  const expected = Buffer.from(sign(await storedSecret(db, SECRET_NAME), id))
  const actual = Buffer.from(given)
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null
}

async function addressHash(db: Database, ip: string, day: string): Promise<string> {
  return createHmac('sha256', await storedSecret(db, SECRET_NAME))
    .update(`address:${day}:${ip}`)
    .digest('base64url')
}

/**
 * Stores one rating. A forged token is a 403; a second rating from the same device for the same
 * base on the same day a 409; more than the address cap a 429.
 */
export async function addRating(
  db: Database,
  rating: RatingRequest,
  ip: string,
  now: Date = new Date(),
): Promise<{ day: string }> {
  const deviceId = await verifyDeviceToken(db, rating.deviceId)
  if (!deviceId)
    throw new HttpError(403, '设备凭证无效，请刷新页面后再评 / device token not valid: reload the page and rate again')
  const [base] = await db
    .select({ id: bases.id })
    .from(bases)
    .where(and(eq(bases.id, rating.baseId), eq(bases.listed, true)))
    .limit(1)
  if (!base) throw new HttpError(404, `没有编号为 "${rating.baseId}" 的基地 / no base "${rating.baseId}"`)
  const day = todayInChina(now)
  const hash = await addressHash(db, ip, day)
  return db.transaction(async (tx) => {
    // One address and base at a time, so parallel requests cannot all read a count under the cap.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rating:${hash}:${rating.baseId}`}))`)
    const [sent] = await tx
      .select({ n: count() })
      .from(ratings)
      .where(and(eq(ratings.addressHash, hash), eq(ratings.baseId, rating.baseId), eq(ratings.day, day)))
    if ((sent?.n ?? 0) >= RATINGS_PER_ADDRESS_PER_DAY) {
      throw new HttpError(
        429,
        '这个网络今天对该基地的评价已达上限，明天可以再评 / this network has sent as many ratings of this base as a day allows: try again tomorrow',
      )
    }
    // The unique index decides, so two taps racing each other still store one rating.
    const [row] = await tx
      .insert(ratings)
      .values({ baseId: rating.baseId, deviceId, day, score: rating.score, comment: rating.comment, addressHash: hash })
      .onConflictDoNothing({ target: [ratings.deviceId, ratings.baseId, ratings.day] })
      .returning({ id: ratings.id })
    if (!row) throw new HttpError(409, '今天已经评价过这个基地，明天可以再评 / you already rated this base today')
    return { day }
  })
}
