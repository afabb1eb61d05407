import fc from 'fast-check'

/*
 * Hostile inputs for property tests of write endpoints: wrong types, huge and odd strings,
 * prototype-pollution keys, nested junk, SQL- and path-ish text. `hostileBody(valid)` mixes
 * wholly random bodies with valid ones that have one field broken, so the server's checks past
 * the schema (services, the database) are reached too.
 */

const sqlish = fc.constantFrom(
  "'; drop table accounts; --",
  "' or '1'='1",
  '"; select pg_sleep(10); --',
  '\\',
  '%',
  '_',
  '$1',
  "$$ $tag$ '",
  '\\x00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  'NaN',
  'null',
  'undefined',
)
const oddUnicode = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Egnp.exe',
  '\uFEFF',
  'ｅｘａｍｐｌｅ',
  '𠀀𪚥🧪',
  'İı',
  'ß',
  '\r\n\t',
  ' ',
  '',
  'Ω'.repeat(300),
  '💥'.repeat(5000),
)
const hugeString = fc.constantFrom(200, 5_000, 100_000).map((n) => 'x'.repeat(n))

/**
 * One character of each kind text fields must refuse or survive (issue 18): every C0 control (NUL,
 * TAB, LF, CR, ESC …), DEL, every C1 control, lone and reversed surrogates, bidi overrides and
 * isolates (U+202E, U+2067 …), line and paragraph separators, and the BOM.
 */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constant('\u007F'),
  fc.integer({ min: 0x80, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(
    '\uDC00\uD800',
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u2028',
    '\u2029',
    '\uFEFF',
    '\r\n',
  ),
)

/** Plausible text with hostile characters inside, or around it, or an over-long run of them. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('地球日讲座', 'Talk', '湘西州, 山区; 第\\1场', 'END:VEVENT'),
      hostileChar,
      fc.constantFrom('', '开放日', 'BEGIN:VEVENT'),
    )
    .map(([a, c, b]) => `${a}${c}${b}`),
  fc.array(hostileChar, { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
  fc.tuple(hostileChar, fc.constantFrom(121, 201, 4_001, 100_000)).map(([c, n]) => `${c}${'长'.repeat(n)}`),
  fc.constantFrom(
    'Talk\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example.com',
    '\u202Egnp.exe',
    'a\u2067b\u2069c',
    '\uD83E',
    '\uDDEA🧪',
  ),
)
const protoKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
)

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  sqlish,
  oddUnicode,
  hugeString,
  hostileText,
)

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1, 0.5),
)

/** Any JSON value with hostile leaves and keys (JSON has no NaN/undefined: those vanish on the wire). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), protoKey), tie('value'), { maxKeys: 4 }),
  ),
})).value

/** A JSON text with a prototype-pollution payload (written by hand: objects would lose `__proto__`). */
export const pollutingJson = (base: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.record({ key: protoKey, where: fc.constantFrom('top', 'nested') }).map(({ key, where }) => {
    const poison = `{"${key}":{"polluted":"yes","isAdmin":true,"role":"admin"}}`
    const body = JSON.stringify(base)
    if (where === 'top') return `{"${key}":{"polluted":"yes","role":"admin"},${body.slice(1)}`
    const nestedKey = Object.keys(base).find((k) => typeof base[k] === 'object' && base[k] !== null)
    return nestedKey
      ? body.replace(`"${nestedKey}":{`, `"${nestedKey}":{"${key}":${poison},`)
      : `{"nested":${poison},${body.slice(1)}`
  })

/** A valid object with one field replaced by junk, dropped, or joined by an unknown key. */
export function brokenOne(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('replace', 'drop', 'extra', 'wrap'), hostileValue)
    .map(([body, pick, how, junk]) => {
      const keys = Object.keys(body)
      const key = keys[pick % Math.max(1, keys.length)]
      const copy: Record<string, unknown> = { ...body }
      if (how === 'replace' && key) copy[key] = junk
      else if (how === 'drop' && key) delete copy[key]
      else if (how === 'extra') copy[`extra_${String(pick % 7)}`] = junk
      else if (key) copy[key] = [copy[key]]
      return copy
    })
}

/** The body a request carries, as JSON text: junk, a valid body broken in one place, or a polluting one. */
export function hostileBody(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null'), weight: 3 },
    { arbitrary: brokenOne(valid).map((v) => JSON.stringify(v)), weight: 4 },
    { arbitrary: valid.chain(pollutingJson), weight: 2 },
    { arbitrary: valid.map((v) => JSON.stringify(v)), weight: 1 },
  )
}

/** encodeURIComponent that cannot throw: a lone surrogate becomes invalid UTF-8 (%ED%A0%80), itself a good hostile input. */
export function encodeAny(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80'
  }
}
