import type { CallBody, DraftForm } from '../schemas/naming.ts'
import { applicationForm } from '../schemas/naming.ts'
import { distanceKm } from './geo.ts'

/*
 * Rules of the naming workflow (issue 24) that need no database: what a submission lacks, whether
 * an attachment is what its name says, and when a named place is a base the app already has.
 */

const EXTENSION_KINDS: Record<string, 'pdf' | 'image'> = {
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  webp: 'image',
  gif: 'image',
  heic: 'image',
  heif: 'image',
  avif: 'image',
  tif: 'image',
  tiff: 'image',
}

/**
 * The kind a file name claims (`营业执照.pdf` → pdf), or null when its extension says nothing we
 * accept. The content decided the stored kind (media/sniff.ts); a name claiming another kind is a
 * file the applicant did not mean to send (a photo renamed `.pdf`), and is refused on submission.
 */
export function kindClaimedBy(filename: string | null): 'pdf' | 'image' | null {
  const ext = /\.([a-z0-9]{2,5})$/i.exec(filename ?? '')?.[1]?.toLowerCase()
  return ext ? (EXTENSION_KINDS[ext] ?? null) : null
}

export interface StoredAttachment {
  slot: string
  filename: string | null
  kind: string
  bytes: number
}

/** Everything that stops a submission, each as `path: reason` (Chinese / English); empty when it may go. */
export function submissionProblems(
  call: Pick<CallBody, 'attachments'>,
  form: DraftForm,
  attachments: readonly StoredAttachment[],
): string[] {
  const problems: string[] = []
  const parsed = applicationForm.safeParse(form)
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.') || 'form'}: 未填写完整 / ${issue.message}`)
  for (const slot of call.attachments) {
    const files = attachments.filter((a) => a.slot === slot.id)
    if (slot.required && files.length === 0)
      problems.push(`attachments.${slot.id}: 缺少必需附件「${slot.label}」/ the required attachment is missing`)
    for (const file of files) {
      if (!slot.kinds.includes(file.kind as 'pdf' | 'image'))
        problems.push(
          `attachments.${slot.id}: 附件类型应为 ${slot.kinds.join('/')}，收到的是 ${file.kind} / must be ${slot.kinds.join(' or ')}, the file is ${file.kind}`,
        )
      const claimed = kindClaimedBy(file.filename)
      if (claimed !== null && claimed !== file.kind)
        problems.push(
          `attachments.${slot.id}: 文件「${file.filename ?? ''}」的内容不是其名称所示的 ${claimed} / the file's name says ${claimed} but its content is ${file.kind}`,
        )
      if (file.bytes > slot.maxMb * 1024 * 1024)
        problems.push(
          `attachments.${slot.id}: 附件超过 ${String(slot.maxMb)} MB / larger than ${String(slot.maxMb)} MB`,
        )
    }
  }
  const known = new Set(call.attachments.map((s) => s.id))
  for (const a of attachments)
    if (!known.has(a.slot))
      problems.push(`attachments.${a.slot}: 本次申报没有这一附件项 / the call asks for no such attachment`)
  return problems
}

/** Names compared without spaces, punctuation and width (乐业—凤山 and 乐业-凤山 are one place). */
export const normalisedPlaceName = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')

/** How far apart two pins of one named place may be (an old placeholder pin at the district's centre). */
export const SAME_PLACE_KM = 30

/**
 * A named place is a base the app already has when the names match (loosely) and the place does:
 * the same province, and pins within SAME_PLACE_KM. The province alone would join two museums of
 * one name in different cities; the name alone would join namesakes across China.
 */
export function samePlace(
  a: { name: string; province: string; lat: number; lon: number },
  b: { name: string; province: string; lat: number; lon: number },
): boolean {
  return (
    normalisedPlaceName(a.name) === normalisedPlaceName(b.name) &&
    normalisedPlaceName(a.province) === normalisedPlaceName(b.province) &&
    distanceKm(a, b) <= SAME_PLACE_KM
  )
}
