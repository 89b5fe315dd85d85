// One small ledger the SAP integration tests share: two US company codes (calendar K4 and
// July-June V6), a JPY one, customers and open invoices.
import type { SapSeed } from '../../../electron/sandbox/sap/seed';
import type { ScenarioCustomer, ScenarioInvoice } from '../../../electron/sandbox/scenario/types';

export const customer = (KUNNR: string, BUKRS: string, NAME1: string): ScenarioCustomer => ({
  KUNNR,
  BUKRS,
  NAME1,
  STRAS: '1 Main St',
  ORT01: 'Portland',
  PSTLZ: '97201',
  LAND1: 'US',
  SMTP_ADDR: `${KUNNR}@example.com`,
  AKONT: '0000140000',
});

export const invoice = (
  BUKRS: string,
  KUNNR: string,
  XBLNR: string,
  WAERS: string,
  WRBTR: string,
  BUDAT = '20261102',
): ScenarioInvoice => ({
  BUKRS,
  KUNNR,
  XBLNR,
  ZUONR: XBLNR,
  BLDAT: BUDAT,
  BUDAT,
  WAERS,
  WRBTR,
  SGTXT: `Invoice ${XBLNR}`,
  BLART: 'DR',
});

export function testSeed(): SapSeed {
  return {
    companyCodes: [
      { BUKRS: '1000', WAERS: 'USD', BUTXT: 'ClearDesk US', PERIV: 'K4' },
      { BUKRS: '2000', WAERS: 'USD', BUTXT: 'ClearDesk FY July', PERIV: 'V6' },
      { BUKRS: '3000', WAERS: 'JPY', BUTXT: 'ClearDesk Japan', PERIV: 'K4' },
    ],
    customers: [
      customer('0000100001', '1000', 'Acme Corp'),
      customer('0000100002', '1000', 'Globex'),
      customer('0000200001', '2000', 'Initech'),
      customer('0000300001', '3000', 'Yamada Shoji'),
    ],
    invoices: [
      invoice('1000', '0000100001', '90001234', 'USD', '100.00'),
      invoice('1000', '0000100001', '90001235', 'USD', '250.00'),
      invoice('1000', '0000100002', '90001236', 'USD', '75.50'),
      invoice('2000', '0000200001', '90002001', 'USD', '40.00', '20260815'),
      invoice('3000', '0000300001', '90003001', 'JPY', '12000'),
    ],
    closedPeriods: [{ BUKRS: '1000', GJAHR: '2026', MONAT: '01' }],
  };
}
