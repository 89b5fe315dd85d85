// The browser host's users, as an admin manages them (channels users.*; docs/ARCHITECTURE.md,
// "Security"). A name is one word, unique without case (the four-eyes rules compare names so), of letters,
// digits and the few marks names and logins use: it is shown on every screen, the audit trail and in SAP's
// header text, so nothing a page or a file could read as markup.
import { z } from 'zod';

export const ROLES = ['clerk', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const UserNameSchema = z
  .string()
  .trim()
  .min(1, 'Give a name')
  .max(64, 'A name has at most 64 characters')
  .regex(/^[\p{L}\p{N}._@'-]+$/u, "A name is one word of letters and digits; . _ - @ and ' may join its parts");

export const UserRolesSchema = z.array(RoleSchema).min(1, 'Give at least one role');

export const UserSchema = z.object({
  name: z.string(),
  roles: z.array(RoleSchema),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  changedBy: z.string(),
  changedAt: z.string(),
});

/** Adds a user (`add`: the name must be new) or changes an existing user's roles. */
export const UserSaveSchema = z.object({ name: UserNameSchema, roles: UserRolesSchema, add: z.boolean().optional() });

/** A user already in the store: any name it holds (one saved before the rule above was this strict included). */
export const UserRefSchema = z.object({ name: z.string().trim().min(1, 'Give a name') });

/** A one-time sign-in link, shown once to the admin to pass on; ClearDesk keeps only its digest. */
export const UserLinkSchema = z.object({ name: z.string(), url: z.string() });

export type User = z.infer<typeof UserSchema>;
export type UserSave = z.infer<typeof UserSaveSchema>;
export type UserLink = z.infer<typeof UserLinkSchema>;
