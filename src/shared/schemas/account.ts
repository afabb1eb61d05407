import { z } from 'zod'
import { contentId, singleLineText } from './common.ts'

/**
 * `expert`: a 科普专家 who signed up from an admin's one-time invite (schemas/expert.ts).
 * `applicant`: an institution applying to become a base (schemas/naming.ts), approved like a school;
 * it becomes its base's `base_staff` account when the base is named.
 */
export const ROLES = ['admin', 'base_staff', 'school', 'expert', 'applicant'] as const
export const role = z.enum(ROLES)
export type Role = z.infer<typeof role>

/**
 * Who reviews the programme's other workflows (base naming and evaluation, contest entries): the
 * experts, and admins who may step in. A review route declares `config: { auth: { roles:
 * REVIEWER_ROLES } }` and reads the reviewer's profile with `requireExpert`
 * (server/services/expert-service.ts); docs/security.md lists what the role may do.
 */
export const REVIEWER_ROLES = ['expert', 'admin'] as const satisfies readonly Role[]

/**
 * `pending` accounts (school sign-ups) cannot sign in until an admin approves them; `rejected`
 * sign-ups and `disabled` accounts cannot sign in at all, and a disabled account's sessions end.
 */
export const ACCOUNT_STATUSES = ['active', 'pending', 'rejected', 'disabled'] as const
export const accountStatus = z.enum(ACCOUNT_STATUSES)
export type AccountStatus = z.infer<typeof accountStatus>

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '3–40 characters: letters, digits, dot, hyphen or underscore')

/** At least 10 characters; length beats composition rules (NIST SP 800-63B). */
export const password = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters')

/** The name shown for an account (a person or a gate): one line. */
export const accountDisplayName = singleLineText(60).min(1)

export const school = z.object({
  name: singleLineText(100).min(2),
  province: singleLineText(20).min(2),
  city: singleLineText(40).min(1),
  /** A phone number or an e-mail address, whichever the teacher prefers. */
  contact: singleLineText(100)
    .min(5)
    .refine(
      (v) => /^[0-9+\-() ]{5,30}$/.test(v) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
      'a phone number or an e-mail address',
    ),
  /** The base the school first applies to; its staff approve the account when SCHOOL_APPROVAL=base. */
  baseId: contentId.optional(),
})
export type School = z.infer<typeof school>

/** An account as the API shows it: never the password hash. */
export const account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role,
  status: accountStatus,
  /** The one base a `base_staff` account works for; null for other roles. */
  baseId: z.string().nullable(),
  school: school.nullable(),
  createdAt: z.string(),
  /** Why an admin rejected or disabled it (shown to admins, and to the holder at sign-in). */
  statusReason: z.string().nullable().optional(),
  /** Base staff an admin allowed to write and review works in the app (admins always may). */
  worksEditor: z.boolean().optional(),
  /** The password is one an admin set (a new staff account, a reset): the app asks its holder to change it. */
  passwordTemporary: z.boolean().optional(),
})
export type Account = z.infer<typeof account>

/** Who may write, review and publish works in the app: admins, and base staff an admin allowed. */
export function mayEditWorks(account: Pick<Account, 'role' | 'worksEditor'> | null): boolean {
  return account?.role === 'admin' || (account?.role === 'base_staff' && account.worksEditor === true)
}

export const loginBody = z.object({ username, password: z.string().min(1).max(200) }).strict()

/** POST /api/auth/password: the holder changes their own password (their other sessions end). */
export const changePasswordBody = z
  .object({ currentPassword: z.string().min(1, '请输入当前密码 / enter your current password').max(200), password })
  .strict()
export type ChangePasswordBody = z.infer<typeof changePasswordBody>
export type LoginBody = z.infer<typeof loginBody>

export const setupBody = z
  .object({ token: z.string().min(16).max(200), username, password, displayName: accountDisplayName })
  .strict()
export type SetupBody = z.infer<typeof setupBody>

export const schoolSignupBody = z.object({ username, password, displayName: accountDisplayName, school }).strict()
export type SchoolSignupBody = z.infer<typeof schoolSignupBody>

export const createStaffBody = z
  .object({ username, password, displayName: accountDisplayName, baseId: contentId })
  .strict()
export type CreateStaffBody = z.infer<typeof createStaffBody>

export const sessionInfo = z.object({ account: account.nullable(), setupRequired: z.boolean() })
export type SessionInfo = z.infer<typeof sessionInfo>
