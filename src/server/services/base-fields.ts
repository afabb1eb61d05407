import { isDeepStrictEqual } from 'node:util'
import { isApproximate, type BuiltBase } from '../../shared/index.ts'
import {
  BASE_FIELDS,
  type BaseField,
  type BaseFieldState,
  type BaseFieldValues,
} from '../../shared/schemas/base-edit.ts'
import { searchKeys } from '../content/derive.ts'

/*
 * The editable fields of a base as they sit in its published record (`bases.data`, a BuiltBase):
 * read out for the editor and the diffs, and written back by an import or a publish. Optional
 * record keys are absent rather than null, as the content build writes them.
 */

export type FieldStates = Partial<Record<BaseField, BaseFieldState>>

/** A field nobody has edited since the first import: content, at version 0. */
export const fieldStateOf = (fields: FieldStates, field: BaseField): BaseFieldState =>
  fields[field] ?? { version: 0, provenance: 'content' }

export function fieldValuesOf(data: BuiltBase): BaseFieldValues {
  return {
    name: data.name,
    category: data.category,
    address: data.address ?? null,
    location: data.location,
    openingHours: data.openingHours ?? null,
    closures: data.closures ?? [],
    phone: data.phone ?? null,
    website: data.website,
    booking: data.booking ?? null,
    bookingRules: data.bookingRules ?? null,
    accessibility: data.accessibility ?? null,
    accessibilityFacts: data.accessibilityFacts ?? null,
    tourLanguages: data.tourLanguages ?? [],
    description: data.description ?? null,
    photos: data.photos ?? [],
  }
}

/** One field's value from a record, for diffs and history. */
export const fieldValueOf = <F extends BaseField>(data: BuiltBase, field: F): BaseFieldValues[F] =>
  fieldValuesOf(data)[field]

/** The record with these fields set; derived parts (approximate, search keys) follow. */
export function withFieldValues(data: BuiltBase, values: Partial<BaseFieldValues>): BuiltBase {
  const next: Record<string, unknown> = { ...data }
  for (const field of BASE_FIELDS) {
    if (!(field in values)) continue
    const value = values[field]
    const empty = value === null || (Array.isArray(value) && value.length === 0)
    // `website` is always present in a built base (null when none); the rest are left out when empty.
    if (field === 'website') next.website = value ?? null
    else if (empty) delete next[field]
    else next[field] = value
  }
  const built = next as BuiltBase
  return {
    ...built,
    approximate: isApproximate(built.location.precision),
    search: values.name ? searchKeys(values.name.zh) : built.search,
  }
}

/** Fields whose values differ between two records. */
export function changedFields(a: BuiltBase, b: BuiltBase): BaseField[] {
  const av = fieldValuesOf(a)
  const bv = fieldValuesOf(b)
  return BASE_FIELDS.filter((f) => !isDeepStrictEqual(av[f], bv[f]))
}

/** Two records equal apart from the server's stamps (version, updatedAt). */
export function sameRecord(a: BuiltBase, b: BuiltBase): boolean {
  const strip = ({ version: _v, updatedAt: _u, ...rest }: BuiltBase) => JSON.parse(JSON.stringify(rest)) as unknown
  return isDeepStrictEqual(strip(a), strip(b))
}

/** The columns of `bases` that repeat parts of the record for queries. */
export function baseColumns(data: BuiltBase) {
  return {
    id: data.id,
    nameZh: data.name.zh,
    category: data.category,
    province: data.province,
    lat: data.location.lat,
    lon: data.location.lon,
    approximate: data.approximate,
  }
}

/** The record with the server's stamps, as the public reads serve it. */
export const stamped = (data: BuiltBase, version: number, at: Date): BuiltBase => ({
  ...data,
  version,
  updatedAt: at.toISOString(),
})
