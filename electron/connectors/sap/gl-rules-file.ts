// The default G/L determination rules shipped in resources/gl-rules.json.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type GlRule, parseDeductionReason, parseGlRules } from '../../../shared/posting';

export const DEFAULT_GL_RULES_PATH = fileURLToPath(new URL('../../../resources/gl-rules.json', import.meta.url));

export async function loadGlRules(path: string = DEFAULT_GL_RULES_PATH): Promise<GlRule[]> {
  return parseGlRules(JSON.parse(await readFile(path, 'utf8')));
}

/** The rules and the deduction's reason code (`deductionReason`) of a gl-rules.json. */
export async function loadPostingRules(
  path: string = DEFAULT_GL_RULES_PATH,
): Promise<{ rules: GlRule[]; deductionReason?: string }> {
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  const deductionReason = parseDeductionReason(json);
  return { rules: parseGlRules(json), ...(deductionReason ? { deductionReason } : {}) };
}
