// The connections an admin sets up from the first-run screen and the Settings screen (channels
// connections.*): what is not secret, as the saved profile holds it, and a password that goes one
// way, from the form to the keychain through the core (docs/ARCHITECTURE.md, "Security").
import { z } from 'zod';
import { isIsoCurrency } from '../money';
import { isValidZone } from '../time/zone';

const Text = z.string().trim().max(500);
const Optional = Text.optional();

export const PayTraceConnectionSchema = z.object({
  baseUrl: Text.min(1, 'Give the PayTrace URL'),
  username: Text.min(1, 'Give the PayTrace user'),
  integratorId: Text.min(1, "Give PayTrace's integrator id"),
  /** The account's time zone: empty for the default (America/Los_Angeles, PayTrace's own). */
  zone: Optional.refine((zone) => !zone || isValidZone(zone), {
    message: 'Give an IANA time zone, such as America/Los_Angeles',
  }),
  currency: z
    .string()
    .trim()
    .refine((code) => isIsoCurrency(code.toUpperCase()), {
      message: 'Give an ISO 4217 currency code, such as USD',
    })
    .optional(),
});

export const SapConnectionSchema = z.object({
  transport: z.enum(['rfc', 'odata', 'idoc']),
  ashost: Optional,
  sysnr: Optional.refine((n) => !n || /^\d{2}$/.test(n), {
    message: 'An SAP system number has two digits, such as 00',
  }),
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
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(4, 'A company code has at most four characters')
        .regex(/^[A-Za-z0-9]*$/, 'A company code (BUKRS) is letters and digits, such as 1000'),
    )
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
    // As saved: read back without the input's checks, so a profile an older version saved still shows, to be mended.
    settings: PayTraceConnectionSchema.extend({ zone: Optional, currency: Optional }).nullable(),
    passwordSaved: z.boolean(),
  }),
  sap: z.object({
    source: Source,
    settings: SapConnectionSchema.extend({ sysnr: Optional, companyCodes: z.array(z.string()) }).nullable(),
    passwordSaved: z.boolean(),
  }),
  /** Nothing is connected and no admin has chosen yet: the first-run screen shows. */
  firstRun: z.boolean(),
});

export const ConnectionTestSchema = z.object({ ok: z.boolean(), message: z.string() });

export type PayTraceConnection = z.infer<typeof PayTraceConnectionSchema>;
export type SapConnection = z.infer<typeof SapConnectionSchema>;
export type ConnectionInput = z.infer<typeof ConnectionInputSchema>;
export type ConnectionsStatus = z.infer<typeof ConnectionsStatusSchema>;
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
