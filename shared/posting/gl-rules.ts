// G/L account determination: which HKONT a posting line goes to, keyed by company code,
// transaction type and payment method (card brand), with '*' wildcards as fallbacks.

export type GlTransactionType = 'sale' | 'refund' | 'chargeback' | 'fee' | 'write-off' | 'discount' | 'suspense';

export const GL_TRANSACTION_TYPES = [
  'sale',
  'refund',
  'chargeback',
  'fee',
  'write-off',
  'discount',
  'suspense',
] as const satisfies readonly GlTransactionType[];

/**
 * The payment methods a G/L rule can name: the card brands a PayTrace transaction carries (from its BIN,
 * electron/connectors/paytrace/card-brand.ts, lower-cased), and '*' for every method without its own rule.
 * A word outside the list would be saved and never apply, so the settings and the rules file refuse it.
 */
export const PAYMENT_METHODS = ['*', 'visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface GlRule {
  /** BUKRS or '*'. */
  readonly companyCode: string;
  readonly transactionType: GlTransactionType;
  /** Card brand: 'visa', 'amex', ... or '*'. */
  readonly paymentMethod: PaymentMethod;
  /** HKONT with leading zeros, as SAP keeps it. */
  readonly account: string;
  /** Cost centre (KOSTL) for lines on this account: expense accounts need one in most charts of accounts. */
  readonly costCenter?: string;
  /** Profit centre (PRCTR), where the company code's accounting wants one. */
  readonly profitCenter?: string;
  readonly text?: string;
}

export class GlRuleMissingError extends Error {
  constructor(readonly key: { companyCode: string; transactionType: GlTransactionType; paymentMethod: string }) {
    super(
      `No G/L account rule for company code ${key.companyCode}, transaction type ${key.transactionType}, payment method ${key.paymentMethod || '(none)'}. ` +
        `Add a rule (or a '*' fallback) in the G/L determination settings.`,
    );
    this.name = 'GlRuleMissingError';
  }
}

export class GlRulesFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlRulesFormatError';
  }
}

/** The most specific rule wins: exact company code before '*', then exact method before '*'. */
export function findGlRule(
  rules: readonly GlRule[],
  companyCode: string,
  transactionType: GlTransactionType,
  paymentMethod: string,
): GlRule | null {
  const method = paymentMethod.toLowerCase();
  const candidates: [string, string][] = [
    [companyCode, method],
    [companyCode, '*'],
    ['*', method],
    ['*', '*'],
  ];
  for (const [cc, pm] of candidates) {
    const hit = rules.find(
      (r) => r.transactionType === transactionType && r.companyCode === cc && r.paymentMethod.toLowerCase() === pm,
    );
    if (hit) return hit;
  }
  return null;
}

export function resolveGlAccount(
  rules: readonly GlRule[],
  companyCode: string,
  transactionType: GlTransactionType,
  paymentMethod: string,
): GlRule {
  const rule = findGlRule(rules, companyCode, transactionType, paymentMethod);
  if (!rule) throw new GlRuleMissingError({ companyCode, transactionType, paymentMethod });
  return rule;
}

/**
 * The reason code (RSTGR, OBBE) a customer's deduction's residual item gets: `deductionReason` beside
 * the rules in gl-rules.json; absent, the residual item is posted without one.
 */
export function parseDeductionReason(input: unknown): string | undefined {
  const value = (input as { deductionReason?: unknown } | null)?.deductionReason;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9A-Z]{1,3}$/.test(value))
    throw new GlRulesFormatError(
      `deductionReason "${String(value)}" is not a SAP reason code (RSTGR: 1 to 3 capital letters or digits)`,
    );
  return value;
}

/** Validates rules read from JSON (resources/gl-rules.json or the admin's settings). */
export function parseGlRules(input: unknown): GlRule[] {
  const list = (input as { rules?: unknown } | null)?.rules ?? input;
  if (!Array.isArray(list))
    throw new GlRulesFormatError('G/L rules must be an array (or an object with a "rules" array)');
  return list.map((raw, i) => {
    const r = raw as Record<string, unknown>;
    const where = `G/L rule ${i + 1}`;
    const str = (k: string): string => {
      if (typeof r[k] !== 'string' || r[k] === '')
        throw new GlRulesFormatError(`${where}: "${k}" must be a non-empty string`);
      return r[k] as string;
    };
    const transactionType = str('transactionType') as GlTransactionType;
    if (!GL_TRANSACTION_TYPES.includes(transactionType)) {
      throw new GlRulesFormatError(
        `${where}: transactionType "${transactionType}" is not one of ${GL_TRANSACTION_TYPES.join(', ')}`,
      );
    }
    const paymentMethod = str('paymentMethod').toLowerCase() as PaymentMethod;
    if (!PAYMENT_METHODS.includes(paymentMethod))
      throw new GlRulesFormatError(
        `${where}: paymentMethod "${paymentMethod}" is not one of ${PAYMENT_METHODS.join(', ')}`,
      );
    const account = str('account');
    if (!/^[0-9A-Z]{1,10}$/.test(account))
      throw new GlRulesFormatError(`${where}: account "${account}" is not a G/L account number`);
    const rule: GlRule = {
      companyCode: str('companyCode'),
      transactionType,
      paymentMethod,
      account: /^\d+$/.test(account) ? account.padStart(10, '0') : account,
    };
    // Card fees are posted only from the processor's statement, never estimated from a rate.
    if (r.basisPoints !== undefined)
      throw new GlRulesFormatError(
        `${where}: "basisPoints" is no longer read: ClearDesk does not estimate card fees, it posts them only from the processor's statement. Remove it.`,
      );
    if (typeof r.text === 'string') Object.assign(rule, { text: r.text });
    // KOSTL and PRCTR are CHAR 10, kept with leading zeros as SAP does for numeric ones.
    for (const key of ['costCenter', 'profitCenter'] as const) {
      if (r[key] === undefined) continue;
      const value = r[key];
      if (typeof value !== 'string' || !/^[0-9A-Z]{1,10}$/.test(value))
        throw new GlRulesFormatError(
          `${where}: ${key} "${String(value)}" is not a SAP ${key === 'costCenter' ? 'cost' : 'profit'} centre (up to 10 letters or digits)`,
        );
      Object.assign(rule, { [key]: /^\d+$/.test(value) ? value.padStart(10, '0') : value });
    }
    return rule;
  });
}

/**
 * The G/L determination an admin sets (Settings, "G/L accounts"; shared/api SettingsSchema `glAccounts`):
 * rules that win over the file's for the same company code, transaction type and payment method, and the
 * deduction's reason code (null: the file's).
 */
export interface GlAccountsOverrides {
  readonly rules: readonly {
    readonly companyCode: string;
    readonly transactionType: GlTransactionType;
    readonly paymentMethod: PaymentMethod;
    readonly account: string;
    readonly text?: string | undefined;
    readonly costCenter?: string | null | undefined;
    readonly profitCenter?: string | null | undefined;
  }[];
  readonly deductionReason: string | null;
}

const ruleKey = (r: Pick<GlRule, 'companyCode' | 'transactionType' | 'paymentMethod'>): string =>
  `${r.companyCode}|${r.transactionType}|${r.paymentMethod.toLowerCase()}`;

/**
 * The G/L rules and reason code in force: the admin's (`over`) first, then the file's (`base`) for every
 * company code + transaction type + payment method the admin did not set. The one place the two meet
 * (electron/core/settings.ts `postingRulesOf`); the most-specific-wins lookup (findGlRule) then runs over it.
 */
export function mergeGlRules(
  base: { readonly rules: readonly GlRule[]; readonly deductionReason?: string | undefined },
  over: GlAccountsOverrides,
): { rules: GlRule[]; deductionReason?: string } {
  const admin: GlRule[] = over.rules.map((r) => ({
    companyCode: r.companyCode,
    transactionType: r.transactionType,
    paymentMethod: r.paymentMethod,
    account: r.account,
    ...(r.text ? { text: r.text } : {}),
    ...(r.costCenter ? { costCenter: r.costCenter } : {}),
    ...(r.profitCenter ? { profitCenter: r.profitCenter } : {}),
  }));
  const set = new Set(admin.map(ruleKey));
  const deductionReason = over.deductionReason ?? base.deductionReason;
  return {
    rules: [...admin, ...base.rules.filter((r) => !set.has(ruleKey(r)))],
    ...(deductionReason ? { deductionReason } : {}),
  };
}
