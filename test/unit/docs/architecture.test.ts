// docs/ARCHITECTURE.md is the map of the code; these checks keep the parts of it that can drift
// true: the state diagram is the table's, and the code cites the map, not a file outside the repo.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paymentStateDiagram } from '../../../shared/domain';

const root = new URL('../../..', import.meta.url).pathname;
const architecture = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe('docs/ARCHITECTURE.md', () => {
  it('shows the payment state machine exactly as shared/domain/payment-state.ts defines it', () => {
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(architecture)?.[1];
    expect(block, 'a mermaid block in docs/ARCHITECTURE.md').toBeDefined();
    expect(block).toBe(paymentStateDiagram());
  });

  it('is what code comments cite: no source file points to a design file outside the repository', () => {
    const citing = ['shared', 'electron', 'renderer/src', 'scripts', 'test']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => !file.endsWith('architecture.test.ts'))
      .filter((file) => /\bDESIGN\.md\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(citing).toEqual([]);
  });

  it('names sections that exist when code cites them', () => {
    const headings = new Set([...architecture.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
    const cited = ['shared', 'electron', 'renderer/src', 'test']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/docs\/ARCHITECTURE\.md, "([^"]+)"/g)].map((m) => ({
          file: relative(root, file),
          section: m[1]!,
        })),
      );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((c) => !headings.has(c.section))).toEqual([]);
  });
});
