// Matching rules are data: resources/matching-rules.json, validated here. Each stage says whether
// what it finds may be posted automatically ('auto') or only proposed to a clerk ('suggest').
import { z } from 'zod';
import { addDays, dayInZone, dayStartUtc } from '../time';

export const STAGE_IDS = ['exact-key', 'customer', 'scored', 'refund', 'suspense'] as const;
export type StageId = (typeof STAGE_IDS)[number];

const Gl = z.string().regex(/^\d{1,10}$/, 'a G/L account is up to 10 digits');

export const MatchingRulesSchema = z.object({
  version: z.literal(1),
  /** Stages in the order they run. A stage left out does not run. */
  stages: z
    .array(z.object({ id: z.enum(STAGE_IDS), mode: z.enum(['auto', 'suggest', 'none']) }))
    .min(1)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'each stage may appear once'),
  /** Confidence at or above which an 'auto' stage's proposal is posted without a clerk. */
  autoThreshold: z.number().min(0).max(1),
  /** Below this a proposal is not shown as a suggestion (tier none). */
  suggestThreshold: z.number().min(0).max(1),
  /** A sale still pending settlement (status Y) can be voided: never post it automatically. */
  autoRequiresSettled: z.boolean(),
  /** Prefixes customers type before an invoice number ("INV-", "#" is always ignored). */
  referencePrefixes: z.array(z.string().min(1)),
  tolerance: z.object({
    /** Absolute difference written off, in minor units of the payment's currency. */
    absoluteMinor: z.number().int().nonnegative(),
    absoluteMinorByCurrency: z.record(z.string(), z.number().int().nonnegative()),
    /** Relative difference in basis points (200 = 2 %); the lower of the two limits applies (OBA3). */
    percentBasisPoints: z.number().int().nonnegative(),
  }),
  /** Open items dated more than this many days before (or 7 days after) the payment are not candidates. */
  dateWindowDays: z.number().int().positive(),
  writeOffGl: Gl,
  /**
   * A payment without invoice number whose payer is certain and whose amount is that of exactly one
   * open item of the customer and its group (no other payment of the run wanting it): 'auto' lets
   * the scored stage's proposal post without a clerk (still within autoThreshold and
   * autoRequiresSettled), 'suggest' (the default when left out) leaves it to a clerk.
   */
  soleAmount: z.enum(['auto', 'suggest']).optional(),
  /** Where an earned cash discount goes (the G/L rules' 'discount' account decides the posting). */
  cashDiscountGl: Gl.optional(),
  multiInvoice: z.object({
    maxItems: z.number().int().min(2).max(8),
    /** Open items of a customer considered for a subset sum (closest in date first). */
    maxCandidates: z.number().int().min(2).max(64),
  }),
  /**
   * How far back (days) a payment is checked against items the SAP mirror marked cleared, for a second payment
   * of one (cleared.ts); left out, CLEARED_LOOKBACK_DAYS.
   */
  clearedLookbackDays: z.number().int().min(1).max(730).optional(),
});

/** How far back a run looks at items cleared in SAP when the rules do not say. */
export const CLEARED_LOOKBACK_DAYS = 90;

export function clearedLookbackDays(rules: MatchingRules): number {
  return rules.clearedLookbackDays ?? CLEARED_LOOKBACK_DAYS;
}

/**
 * The first day (ISO) of a look-back of `days` at cleared items, counted in the company code's time zone, as
 * SAP dates a clearing (BSAD-AUGDT): `days` calendar days before today there. The mirror's full read keeps what
 * SAP cleared from that day on; the matcher's look-up starts at its midnight (`clearedLookbackStart`).
 */
export function clearedLookbackDay(now: Date, days: number, zone: string): string {
  return addDays(dayInZone(now.getTime(), zone), -days);
}

/**
 * Where the matcher's look-up of cleared items starts (an ISO instant): the midnight, in `zone`, that begins
 * `clearedLookbackDay`. An item counts from then on by SAP's clearing date, else by when the mirror marked it.
 */
export function clearedLookbackStart(now: Date, days: number, zone: string): string {
  return dayStartUtc(clearedLookbackDay(now, days, zone), zone);
}

export type MatchingRules = z.infer<typeof MatchingRulesSchema>;

export class RulesError extends Error {
  constructor(readonly issues: string[]) {
    super(`Matching rules are not valid:\n- ${issues.join('\n- ')}`);
    this.name = 'RulesError';
  }
}

/** Validates rules read from JSON; the error lists every problem with its path. */
export function parseRules(data: unknown): MatchingRules {
  // PayTrace never takes a card fee out of a sale's amount: a payment short of its invoice is the customer's.
  if (typeof data === 'object' && data !== null && 'cardFee' in data)
    throw new RulesError([
      'cardFee: is no longer read. PayTrace never takes a card fee out of a sale, so ClearDesk does not read a short ' +
        'payment as one: beyond the tolerance it stays open on the invoice for a clerk. Remove "cardFee".',
    ]);
  const r = MatchingRulesSchema.safeParse(data);
  if (!r.success) throw new RulesError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  if (r.data.suggestThreshold > r.data.autoThreshold)
    throw new RulesError(['suggestThreshold: must not exceed autoThreshold']);
  return r.data;
}

export function stageMode(rules: MatchingRules, id: StageId): 'auto' | 'suggest' | 'none' | null {
  // A loop rather than find(closure): asked several times for each of a million proposals.
  for (const s of rules.stages) if (s.id === id) return s.mode;
  return null;
}

export function cashDiscountGl(rules: MatchingRules): string {
  return rules.cashDiscountGl ?? '0000880010';
}

export function absoluteTolerance(rules: MatchingRules, currency: string): number {
  return rules.tolerance.absoluteMinorByCurrency[currency] ?? rules.tolerance.absoluteMinor;
}

/** The shipped defaults; resources/matching-rules.json holds the same values. */
export const DEFAULT_RULES: MatchingRules = {
  version: 1,
  stages: [
    { id: 'exact-key', mode: 'auto' },
    { id: 'customer', mode: 'suggest' },
    { id: 'scored', mode: 'suggest' },
    { id: 'refund', mode: 'suggest' },
    { id: 'suspense', mode: 'none' },
  ],
  autoThreshold: 0.95,
  suggestThreshold: 0.3,
  autoRequiresSettled: true,
  referencePrefixes: ['INVOICE', 'INV', 'RECHNUNG', 'RE', 'NR', 'NO', 'BILL'],
  tolerance: {
    absoluteMinor: 100,
    absoluteMinorByCurrency: { JPY: 100, KRW: 1000, KWD: 300, BHD: 300 },
    percentBasisPoints: 200,
  },
  dateWindowDays: 180,
  writeOffGl: '0000880000',
  soleAmount: 'auto',
  cashDiscountGl: '0000880010',
  multiInvoice: { maxItems: 5, maxCandidates: 24 },
  clearedLookbackDays: 90,
};

/**
 * What an admin sets about matching (Settings, "Matching"; shared/api SettingsSchema `matching`), laid over
 * the rules file: each value left unset keeps the file's. Thresholds as the rules keep them (0.95 = 95 %),
 * tolerances in minor units of their currency, shares in basis points.
 */
export interface MatchingOverrides {
  readonly autoThreshold?: number | undefined;
  readonly suggestThreshold?: number | undefined;
  readonly autoRequiresSettled?: boolean | undefined;
  /** The absolute tolerance of a currency without its own, in its minor units. */
  readonly toleranceMinor?: number | undefined;
  /** Per currency: replaces the file's entry for that currency; the file's other currencies stay. */
  readonly toleranceByCurrency?: readonly { readonly minor: number; readonly currency: string }[] | undefined;
  readonly tolerancePercentBasisPoints?: number | undefined;
  readonly dateWindowDays?: number | undefined;
  readonly soleAmount?: 'auto' | 'suggest' | undefined;
  /** The stages in the order they run, with their modes: replaces the file's list; empty or unset keeps it. */
  readonly stages?: readonly { readonly id: StageId; readonly mode: 'auto' | 'suggest' | 'none' }[] | undefined;
  /** The invoice-number prefixes: replace the file's; empty or unset keeps them. */
  readonly referencePrefixes?: readonly string[] | undefined;
  readonly multiInvoiceMaxItems?: number | undefined;
  readonly multiInvoiceMaxCandidates?: number | undefined;
  /** Days back a payment is checked against items cleared in SAP. */
  readonly clearedLookbackDays?: number | undefined;
}

/**
 * The rules file's values in the shape of the admin's setting, every one set: what is in force where the admin
 * left a value empty (the Settings screen shows them as placeholders). `mergeMatchingRules(rules, it)` is `rules`.
 */
export function overridesOf(rules: MatchingRules): Required<{
  [K in keyof MatchingOverrides]-?: Exclude<MatchingOverrides[K], undefined>;
}> {
  return {
    autoThreshold: rules.autoThreshold,
    suggestThreshold: rules.suggestThreshold,
    autoRequiresSettled: rules.autoRequiresSettled,
    toleranceMinor: rules.tolerance.absoluteMinor,
    toleranceByCurrency: Object.entries(rules.tolerance.absoluteMinorByCurrency).map(([currency, minor]) => ({
      minor,
      currency,
    })),
    tolerancePercentBasisPoints: rules.tolerance.percentBasisPoints,
    dateWindowDays: rules.dateWindowDays,
    soleAmount: rules.soleAmount ?? 'suggest',
    stages: rules.stages.map((s) => ({ id: s.id, mode: s.mode })),
    referencePrefixes: [...rules.referencePrefixes],
    multiInvoiceMaxItems: rules.multiInvoice.maxItems,
    multiInvoiceMaxCandidates: rules.multiInvoice.maxCandidates,
    clearedLookbackDays: clearedLookbackDays(rules),
  };
}

const percent = (share: number): string => `${Math.round(share * 10_000) / 100} %`;

/**
 * The rules a match run uses: the file's (`base`) with the admin's settings over them. The one place the
 * two meet (electron/core/settings.ts `matchingRulesOf` calls it for each run and checks a change with it);
 * throws RulesError, in a finance admin's words, when the result is not a set of rules the engine can run.
 */
export function mergeMatchingRules(base: MatchingRules, over: MatchingOverrides): MatchingRules {
  const byCurrency = { ...base.tolerance.absoluteMinorByCurrency };
  for (const row of over.toleranceByCurrency ?? []) byCurrency[row.currency] = row.minor;
  const merged: MatchingRules = {
    ...base,
    autoThreshold: over.autoThreshold ?? base.autoThreshold,
    suggestThreshold: over.suggestThreshold ?? base.suggestThreshold,
    autoRequiresSettled: over.autoRequiresSettled ?? base.autoRequiresSettled,
    tolerance: {
      absoluteMinor: over.toleranceMinor ?? base.tolerance.absoluteMinor,
      absoluteMinorByCurrency: byCurrency,
      percentBasisPoints: over.tolerancePercentBasisPoints ?? base.tolerance.percentBasisPoints,
    },
    dateWindowDays: over.dateWindowDays ?? base.dateWindowDays,
    ...((over.soleAmount ?? base.soleAmount) ? { soleAmount: over.soleAmount ?? base.soleAmount } : {}),
    stages: over.stages && over.stages.length > 0 ? over.stages.map((s) => ({ id: s.id, mode: s.mode })) : base.stages,
    referencePrefixes:
      over.referencePrefixes && over.referencePrefixes.length > 0
        ? [...over.referencePrefixes]
        : base.referencePrefixes,
    multiInvoice: {
      maxItems: over.multiInvoiceMaxItems ?? base.multiInvoice.maxItems,
      maxCandidates: over.multiInvoiceMaxCandidates ?? base.multiInvoice.maxCandidates,
    },
    ...((over.clearedLookbackDays ?? base.clearedLookbackDays) !== undefined
      ? { clearedLookbackDays: over.clearedLookbackDays ?? base.clearedLookbackDays }
      : {}),
  };
  if (merged.suggestThreshold > merged.autoThreshold)
    throw new RulesError([
      `The suggestion threshold (${percent(merged.suggestThreshold)}) is above the automatic threshold (${percent(merged.autoThreshold)}): ` +
        'a match good enough to post automatically would not even be suggested. Lower the suggestion threshold or raise the automatic one.',
    ]);
  if (merged.multiInvoice.maxCandidates < merged.multiInvoice.maxItems)
    throw new RulesError([
      `A sum of invoices is tried over ${merged.multiInvoice.maxCandidates} open items but may take up to ${merged.multiInvoice.maxItems}: ` +
        'try at least as many open items as one payment may pay. Raise the open items tried or lower the most invoices.',
    ]);
  if (merged.stages.every((s) => s.mode === 'none'))
    throw new RulesError(['Every stage is set to none: no payment would ever be matched. Let one stage suggest.']);
  return parseRules(merged);
}
