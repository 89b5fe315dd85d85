// Heap of the sandbox ledger per open item (docs/ARCHITECTURE.md, "Mirroring SAP"): the
// ledger of test/support/sap-scale built with N items, measured after a full GC, less the heap
// before. `npm run bench -- sandbox-heap [--items 100000] [--customers 5000]`
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { scaleLedger } from '../support/sap-scale';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const items = Number(flag('items', '100000'));
const customers = Number(flag('customers', '5000'));
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
const ledger = scaleLedger({ customers, openItems: items });
const seconds = (performance.now() - started) / 1000;
gc();
const after = process.memoryUsage().heapUsed;
const perItem = (after - before) / items;
console.log(
  `${items} items, ${customers} customers: built in ${seconds.toFixed(1)} s; heap ${((after - before) / 2 ** 20).toFixed(0)} MB, ${perItem.toFixed(0)} bytes per open item (${ledger.documents.size} documents)`,
);
