/** An option of AppSelectField: a few, drawn by the phone's own picker. */
export interface SelectOption<V> {
  value: V
  label: string
  disabled?: boolean
}

/** An option of AppPickerField: many, under group headings, with a second line (`hint`). */
export interface PickerOption {
  value: string
  label: string
  group?: string
  hint?: string
}

/** Label or hint contains the query, ignoring case and spaces ("hu nan" finds "Hunan"). */
export function plainMatch(option: PickerOption, query: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '')
  const needle = squash(query)
  return squash(option.label).includes(needle) || squash(option.hint ?? '').includes(needle)
}
