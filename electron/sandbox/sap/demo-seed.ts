// A small deterministic ledger for `cleardesk sandbox sap` when no scenario is given: a US company
// code (calendar year), one on a July-June fiscal year, a JPY one, customers and open invoices.
import type { ScenarioCustomer, ScenarioInvoice } from '../scenario/types';
import type { SapSeed } from './seed';

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const NAMES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Supply',
  'Stark Parts',
  'Wayne Foods',
  'Hooli',
  'Vandelay Import',
];

export function demoSeed(seed = 1, today = new Date()): SapSeed {
  const rnd = prng(seed);
  const year = today.getUTCFullYear();
  const month = String(today.getUTCMonth() + 1).padStart(2, '0');
  const companyCodes = [
    { BUKRS: '1000', WAERS: 'USD', BUTXT: 'ClearDesk US', PERIV: 'K4' },
    { BUKRS: '2000', WAERS: 'USD', BUTXT: 'ClearDesk FY July', PERIV: 'V6' },
    { BUKRS: '3000', WAERS: 'JPY', BUTXT: 'ClearDesk Japan', PERIV: 'K4' },
  ];
  const customers: ScenarioCustomer[] = [];
  const invoices: ScenarioInvoice[] = [];
  let invoiceNo = 90001000;
  companyCodes.forEach((cc, c) => {
    for (let i = 0; i < 4; i++) {
      const KUNNR = String((c + 1) * 100000 + i + 1).padStart(10, '0');
      const NAME1 = NAMES[(i + c * 3) % NAMES.length]!;
      customers.push({
        KUNNR,
        BUKRS: cc.BUKRS,
        NAME1,
        STRAS: `${10 + i} Market St`,
        ORT01: 'Portland',
        PSTLZ: '97201',
        LAND1: cc.WAERS === 'JPY' ? 'JP' : 'US',
        SMTP_ADDR: `ap@${NAME1.toLowerCase().replace(/\W+/g, '')}.example`,
        AKONT: '0000140000',
      });
      const count = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        const XBLNR = String(++invoiceNo);
        const day = String(1 + Math.floor(rnd() * 20)).padStart(2, '0');
        const units = 50 + Math.floor(rnd() * 2000);
        const WRBTR =
          cc.WAERS === 'JPY' ? String(units * 100) : `${units}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}`;
        invoices.push({
          BUKRS: cc.BUKRS,
          KUNNR,
          XBLNR,
          ZUONR: XBLNR,
          BLDAT: `${year}${month}${day}`,
          BUDAT: `${year}${month}${day}`,
          WAERS: cc.WAERS,
          WRBTR,
          SGTXT: `Invoice ${XBLNR}`,
          BLART: 'DR',
        });
      }
    }
  });
  return { companyCodes, customers, invoices };
}
