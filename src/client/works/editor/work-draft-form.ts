import type { z } from 'zod'
import type { WorkDocument, WorkDocumentInput, WorkType } from '../../../shared/index.ts'
import { issueMessage } from '../../ui/form-errors.ts'

/*
 * The editor's form: what the fields hold (plain strings and lists, as people type them) and the
 * work document they become. Field errors are keyed by the document's paths ("title.zh",
 * "pictures.0.alt.zh"), both the form's own check and the server's 400, so each shows under its field.
 */

export type CreditRole = 'author' | 'entrant' | 'organisation' | 'award'
export interface PictureFields {
  file: string
  altZh: string
  altEn: string
  captionZh: string
  captionEn: string
}
export interface WorkForm {
  type: WorkType
  titleZh: string
  titleEn: string
  summaryZh: string
  summaryEn: string
  topics: string[]
  bases: string[]
  themeDays: string[]
  /** One source per line. */
  sources: string
  credits: { role: CreditRole; name: string }[]
  licence: string
  body: string
  mediaFile: string
  captions: string
  /** A work imported from content/ names its shipped captions file; kept as it was. */
  captionsFile: string
  poster: string
  pictures: PictureFields[]
  /** One author per line. */
  bookAuthors: string
  bookPublisher: string
  bookYear: string
  bookIsbn: string
  /** One chapter per line, "中文 | English". */
  bookChapters: string
}

export function emptyWorkForm(type: WorkType = 'article'): WorkForm {
  return {
    type,
    titleZh: '',
    titleEn: '',
    summaryZh: '',
    summaryEn: '',
    topics: [],
    bases: [],
    themeDays: [],
    sources: '',
    credits: [],
    licence: '',
    body: '',
    mediaFile: '',
    captions: '',
    captionsFile: '',
    poster: '',
    pictures: [],
    bookAuthors: '',
    bookPublisher: '',
    bookYear: '',
    bookIsbn: '',
    bookChapters: '',
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
/** Optional English: left out when empty, so visitors see the Chinese. */
const bilingual = (zh: string, en: string) => ({ zh: zh.trim(), ...(en.trim() ? { en: en.trim() } : {}) })

export function formFromDocument(doc: WorkDocument): WorkForm {
  return {
    type: doc.type,
    titleZh: doc.title.zh,
    titleEn: doc.title.en ?? '',
    summaryZh: doc.summary.zh,
    summaryEn: doc.summary.en ?? '',
    topics: [...doc.topics],
    bases: [...doc.bases],
    themeDays: [...doc.themeDays],
    sources: doc.sources.join('\n'),
    credits: doc.credits.map((c) => ({ ...c })),
    licence: doc.licence ?? '',
    body: doc.body,
    mediaFile: doc.media?.file ?? '',
    captions: doc.media?.captions ?? '',
    captionsFile: doc.media?.captionsFile ?? '',
    poster: doc.media?.poster ?? '',
    pictures: (doc.pictures ?? []).map((p) => ({
      file: p.file,
      altZh: p.alt.zh,
      altEn: p.alt.en ?? '',
      captionZh: p.caption?.zh ?? '',
      captionEn: p.caption?.en ?? '',
    })),
    bookAuthors: doc.book?.authors.join('\n') ?? '',
    bookPublisher: doc.book?.publisher ?? '',
    bookYear: doc.book ? String(doc.book.year) : '',
    bookIsbn: doc.book?.isbn ?? '',
    bookChapters: doc.book?.chapters?.map((c) => `${c.zh} | ${c.en}`).join('\n') ?? '',
  }
}

/** The document the form stands for; only the parts its type has (the schema refuses the others). */
export function documentFromForm(form: WorkForm): WorkDocumentInput {
  const doc: WorkDocumentInput = {
    type: form.type,
    title: bilingual(form.titleZh, form.titleEn),
    summary: bilingual(form.summaryZh, form.summaryEn),
    topics: form.topics as WorkDocument['topics'],
    bases: [...form.bases],
    themeDays: [...form.themeDays],
    sources: lines(form.sources),
    body: form.body.trim(),
    credits: form.credits.filter((c) => c.name.trim()).map((c) => ({ role: c.role, name: c.name.trim() })),
  }
  if (form.licence.trim()) doc.licence = form.licence.trim()
  if (form.type === 'video' || form.type === 'audio')
    doc.media = {
      file: form.mediaFile,
      ...(form.captions.trim() ? { captions: form.captions } : {}),
      ...(form.captionsFile ? { captionsFile: form.captionsFile } : {}),
      ...(form.poster ? { poster: form.poster } : {}),
    }
  if (form.type === 'pictures')
    doc.pictures = form.pictures.map((p) => ({
      file: p.file,
      alt: bilingual(p.altZh, p.altEn),
      ...(p.captionZh.trim() ? { caption: bilingual(p.captionZh, p.captionEn) } : {}),
    }))
  if (form.type === 'book') {
    const chapters = lines(form.bookChapters).map((line) => {
      const [zh = '', en = ''] = line.split('|').map((part) => part.trim())
      return { zh, en }
    })
    const isbn = form.bookIsbn.replace(/[\s-]/g, '')
    doc.book = {
      authors: lines(form.bookAuthors),
      publisher: form.bookPublisher.trim(),
      year: Number(form.bookYear),
      ...(isbn ? { isbn } : {}),
      ...(chapters.length ? { chapters } : {}),
    }
  }
  return doc
}

type Translate = (key: string, values?: Record<string, unknown>) => string

const CJK = /[\u3000-\u9fff\uff00-\uffef]/
/**
 * The reader's half of a contract message written "中文 / English", or null when it is not written
 * that way. Some put no space before the slash ("（以 WEBVTT 开头）/ captions …").
 */
export function readerHalf(message: string, locale: string): string | null {
  const at = message.indexOf('/ ')
  if (at <= 0) return null
  const zh = message.slice(0, at).trim()
  const en = message.slice(at + 2).trim()
  if (!CJK.test(zh) || !en) return null
  return locale === 'en' ? en : zh
}

/**
 * One message per field, in the reader's language: the contract's own messages are written
 * "中文 / English" and shown in the reader's half; any other issue gets the form's wording.
 */
export function documentErrors(
  issues: readonly z.core.$ZodIssue[],
  t: Translate,
  locale: string,
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of issues)
    errors[issue.path.join('.')] ??= readerHalf(issue.message, locale) ?? issueMessage(issue, t)
  return errors
}

/**
 * The server's 400 (`issues` with paths like "body.document.title.zh") as field errors; its
 * messages are the contract's, so the reader's half of "中文 / English", else the form's wording.
 */
export function serverFieldErrors(
  issues: readonly { path: string; message: string }[],
  t: Translate,
  locale: string,
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path.replace(/^body\.(document\.)?/, '')
    errors[key] ??= readerHalf(issue.message, locale) ?? t('form.invalid')
  }
  return errors
}

/** The first error at `key` or under it ("sources" shows "sources.2"'s). */
export function errorAt(errors: Record<string, string>, key: string): string | undefined {
  if (errors[key]) return errors[key]
  for (const [k, message] of Object.entries(errors)) if (k.startsWith(`${key}.`)) return message
  return undefined
}
