/**
 * Content kept in both languages: Chinese always, English when it has been written. Base and
 * theme-day names, works' and guides' `LocalizedText`, provinces … all fit.
 */
export interface BilingualText {
  zh: string
  en?: string | null
}

/**
 * The text to show in the current UI language: English when `locale` is `'en'` and the text has
 * an English version, Chinese otherwise (Chinese is the source every entry has). Pass vue-i18n's
 * `locale` (`locale` in a template, `locale.value` in a script). Kept free of imports so any chunk,
 * the first screen's included, can use it for nothing.
 */
export function localized(text: BilingualText, locale: string): string {
  return locale === 'en' && text.en ? text.en : text.zh
}
