/**
 * Shared Intl formatters. Building an Intl.DateTimeFormat costs far more than formatting with one
 * (it resolves the locale and loads time-zone and calendar data), and list screens format a date
 * per row or per day cell: the month grid alone asked for 42 of them on every render. Formatters
 * are immutable, so one per locale and option set is kept for the life of the page. The first one a
 * page builds also loads ICU's locale data (a long task), so the tabs' first screens (calendar,
 * notices) write their date labels with shared/domain/date-labels.ts instead.
 */
function cached<Options, Format>(
  make: (locale: string, options: Options) => Format,
): (locale: string, options: Options) => Format {
  const made = new Map<string, Format>()
  return (locale, options) => {
    const key = `${locale}|${JSON.stringify(options)}`
    let format = made.get(key)
    if (format === undefined) {
      format = make(locale, options)
      made.set(key, format)
    }
    return format
  }
}

export const dateFormat = cached(
  (locale, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options),
)
export const numberFormat = cached(
  (locale, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options),
)
