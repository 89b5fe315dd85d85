// The default G/L determination rules shipped in resources/gl-rules.json.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type GlRule, parseGlRules } from '../../../shared/posting';

export const DEFAULT_GL_RULES_PATH = fileURLToPath(new URL('../../../resources/gl-rules.json', import.meta.url));

export async function loadGlRules(path: string = DEFAULT_GL_RULES_PATH): Promise<GlRule[]> {
  return parseGlRules(JSON.parse(await readFile(path, 'utf8')));
}
