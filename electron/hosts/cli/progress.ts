// Progress on the terminal for long CLI commands (sync, match): a bar redrawn in place when stderr
// is a terminal, plain lines otherwise, and with --json one JSON object per report
// (`"event":"sync.progress"`). Always on stderr: stdout keeps the command's result alone, so a
// script reading the summary object reads it as before. The words come from shared/api/progress.ts.
import { syncProgressFraction, syncProgressText, type SyncProgress } from '../../../shared/api';
import { redactCardData } from '../../../shared/security';

export interface ProgressPrinter {
  update(p: SyncProgress): void;
  /** Ends the bar's line, so what follows starts on its own. */
  end(): void;
}

interface Out {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR = 24;

function bar(fraction: number | null, spin: number): string {
  if (fraction === null) {
    // No total: a marker that moves, so the line shows it is alive.
    const at = spin % BAR;
    return `[${' '.repeat(at)}=${' '.repeat(BAR - at - 1)}]`;
  }
  const full = Math.round(fraction * BAR);
  return `[${'#'.repeat(full)}${'-'.repeat(BAR - full)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

export function progressPrinter(opts: { json: boolean; out?: Out }): ProgressPrinter {
  const out: Out = opts.out ?? process.stderr;
  if (opts.json) {
    return {
      update: (p) =>
        out.write(
          `${JSON.stringify(redactCardData({ at: new Date().toISOString(), event: 'sync.progress', ...p }))}\n`,
        ),
      end: () => undefined,
    };
  }
  if (!out.isTTY) {
    return { update: (p) => out.write(`${syncProgressText(p)}\n`), end: () => undefined };
  }
  let drawn = false;
  let spin = 0;
  return {
    update(p) {
      const line = `${bar(syncProgressFraction(p), spin++)} ${syncProgressText(p)}`;
      const width = Math.max(20, (out.columns ?? 80) - 1);
      out.write(`\r\u001b[2K${line.slice(0, width)}`);
      drawn = true;
    },
    end() {
      if (drawn) out.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
