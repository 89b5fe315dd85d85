#!/usr/bin/env node
// `npm run bench`: every test/bench/*.bench.ts, in name order, one after another, each in its own
// Node process (node --import tsx) so one bench's heap and JIT state do not colour the next.
// Output streams through as it comes. Benches print figures and never fail on time: the exit
// code is 1 only when a bench crashed (non-zero exit or killed by a signal).
//   npm run bench                         all benches
//   npm run bench -- ingest               only benches whose file name contains "ingest"
//   npm run bench -- ingest --n 20000     extra flags (--x, and the value after one) go to each bench
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'test', 'bench');
const SUFFIX = '.bench.ts';

/** Leading bare words (before the first --flag) filter by name; everything from the first flag on is passed through. */
function splitArgs(argv) {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const head = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
  const rest = firstFlag < 0 ? [] : argv.slice(firstFlag);
  return { filters: head, passThrough: rest };
}

const { filters, passThrough } = splitArgs(process.argv.slice(2));
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith(SUFFIX))
  .sort();
const selected =
  filters.length === 0 ? all : all.filter((f) => filters.some((w) => f.toLowerCase().includes(w.toLowerCase())));

const cpu = cpus();
const gb = (b) => `${(b / 1024 ** 3).toFixed(1)} GB`;
console.log('ClearDesk benchmarks');
console.log(
  `machine: ${cpu.length} x ${cpu[0]?.model?.trim() ?? 'unknown CPU'}, ${gb(totalmem())} RAM, node ${process.version}, ${process.platform}/${process.arch}`,
);
console.log(
  `benches: ${selected.length ? selected.join(', ') : '(none)'}${passThrough.length ? `   args: ${passThrough.join(' ')}` : ''}`,
);

if (selected.length === 0) {
  console.log(
    filters.length
      ? `No bench in test/bench matches ${filters.map((f) => JSON.stringify(f)).join(' or ')} (have: ${all.join(', ') || 'none'}).`
      : 'No benches in test/bench.',
  );
  process.exit(filters.length ? 1 : 0);
}

function run(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file), ...passThrough], {
      cwd: root,
      stdio: 'inherit',
    });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    const done = (code, signal, error) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ file, code, signal, error, seconds: (performance.now() - started) / 1000 });
    };
    child.on('error', (error) => done(null, null, error));
    child.on('exit', (code, signal) => done(code, signal, null));
  });
}

const results = [];
for (const file of selected) {
  console.log(`\n=== ${relative(root, join(benchDir, file))}`);
  results.push(await run(file));
}

console.log('\n=== summary');
const crashed = results.filter((r) => r.code !== 0);
for (const r of results) {
  const how = r.error
    ? `could not start: ${r.error.message}`
    : r.signal
      ? `killed by ${r.signal}`
      : r.code === 0
        ? 'ok'
        : `CRASHED (exit ${r.code})`;
  console.log(`  ${r.file.padEnd(28)} ${how.padEnd(24)} ${r.seconds.toFixed(1)} s`);
}
if (crashed.length) console.log(`${crashed.length} of ${results.length} benches crashed.`);
process.exit(crashed.length ? 1 : 0);
