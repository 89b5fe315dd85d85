// The connections an admin sets up from the first-run screen and the Settings screen (channels
// connections.*): what is not secret, as the saved profile holds it, and a password that goes one
// way, from the form to the keychain through the core (docs/ARCHITECTURE.md, "Security").
import { z } from 'zod';

const Text = z.string().trim().max(500);
const Optional = Text.optional();

export const PayTraceConnectionSchema = z.object({
  baseUrl: Text.min(1, 'Give the PayTrace URL'),
  username: Text.min(1, 'Give the PayTrace user'),
  integratorId: Text.min(1, "Give PayTrace's integrator id"),
  zone: Optional,
  currency: z.string().trim().length(3, 'A currency is three letters (ISO 4217)').optional(),
});

export const SapConnectionSchema = z.object({
  transport: z.enum(['rfc', 'odata', 'idoc']),
  ashost: Optional,
  sysnr: Optional,
  dest: Optional,
  mshost: Optional,
  msserv: Optional,
  group: Optional,
  url: Optional,
  client: z
    .string()
    .trim()
    .regex(/^\d{3}$/, 'An SAP client has three digits'),
  lang: z.string().trim().min(1).max(2).optional(),
  user: Text.min(1, 'Give the SAP user'),
  companyCodes: z
    .array(z.string().trim().min(1).max(4, 'A company code has at most four characters'))
    .min(1, 'Give at least one company code'),
});

const Password = z.string().min(1).max(1000).optional();

/** A connection to test or save; without a password the one already in the keychain is used. */
export const ConnectionInputSchema = z.discriminatedUnion('system', [
  z.object({ system: z.literal('paytrace'), settings: PayTraceConnectionSchema, password: Password }),
  z.object({ system: z.literal('sap'), settings: SapConnectionSchema, password: Password }),
]);

const Source = z.enum(['environment', 'profile', 'none']);

export const ConnectionsStatusSchema = z.object({
  /** The connection profile this ClearDesk reads (--profile, default 'default'). */
  profile: z.string(),
  /** What the running ClearDesk talks to: a saved connection is used from the next start. */
  running: z.object({ paytrace: z.enum(['sandbox', 'connected']), sap: z.enum(['sandbox', 'connected']) }),
  paytrace: z.object({
    source: Source,
    settings: PayTraceConnectionSchema.nullable(),
    passwordSaved: z.boolean(),
  }),
  sap: z.object({ source: Source, settings: SapConnectionSchema.nullable(), passwordSaved: z.boolean() }),
  /** Nothing is connected and no admin has chosen yet: the first-run screen shows. */
  firstRun: z.boolean(),
});

export const ConnectionTestSchema = z.object({ ok: z.boolean(), message: z.string() });

export type PayTraceConnection = z.infer<typeof PayTraceConnectionSchema>;
export type SapConnection = z.infer<typeof SapConnectionSchema>;
export type ConnectionInput = z.infer<typeof ConnectionInputSchema>;
export type ConnectionsStatus = z.infer<typeof ConnectionsStatusSchema>;
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
