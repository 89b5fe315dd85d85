// A scenario's operations replayed as PayTrace would export them (/v1/transactions/export/
// by_date_range, transactions[]). Transaction ids are assigned in operation order from
// 100000001; a capture or void keeps its transaction's id, a refund gets a new one. Settlement
// batches count from 1 with each 'settle' operation.
import type { PayTraceExportRecord } from '../../../shared/mapping/paytrace-record';
import { formatPayTraceTimestamp } from '../../../shared/time';
import { hash32 } from './prng';
import type { Scenario, ScenarioCustomer, ScenarioPaymentOp } from './types';

export const FIRST_TRANSACTION_ID = 100000001;

export interface PayTraceExport {
  readonly records: PayTraceExportRecord[];
  /** Scenario operation key to PayTrace transaction_id. */
  readonly idByKey: ReadonlyMap<string, number>;
}

export function scenarioToPayTrace(s: Scenario): PayTraceExport {
  const byVault = new Map(s.customers.filter((c) => c.vaultId).map((c) => [c.vaultId!, c]));
  const byName = new Map(s.customers.map((c) => [c.NAME1.toUpperCase(), c]));
  const records: PayTraceExportRecord[] = [];
  const byKey = new Map<string, PayTraceExportRecord>();
  const idByKey = new Map<string, number>();
  let nextId = FIRST_TRANSACTION_ID;
  let batch = 0;
  const stamp = (iso: string): string => formatPayTraceTimestamp(Date.parse(iso));

  const add = (key: string, r: PayTraceExportRecord): void => {
    records.push(r);
    byKey.set(key, r);
    idByKey.set(key, r.transaction_id);
  };

  for (const op of s.payments) {
    switch (op.op) {
      case 'sale':
      case 'authorize': {
        const c =
          (op.customer_id && byVault.get(op.customer_id)) ||
          byName.get(op.billing_name.toUpperCase().replace(/\.$/, '')) ||
          null;
        const declined = op.op === 'sale' && op.decline === true;
        const h = hash32(op.key);
        add(op.key, {
          transaction_id: nextId++,
          credit_card: {
            masked_number: `************${String(1000 + (h % 9000))}`,
            expiration_month: 1 + (h % 12),
            expiration_year: 27 + (h % 4),
          },
          transaction_type: op.op === 'sale' ? 'SALE' : 'AUTHORIZATION',
          description: op.description,
          amount: Number(op.amount),
          invoice_id: op.invoice_id,
          billing_address: address(op, c),
          receipt_emailed_to: op.email,
          tax_amount: '0.00',
          customer_reference_id: op.customer_reference_id,
          approval_code: declined ? '' : `TAS${String(h % 1000).padStart(3, '0')}`,
          approval_message: declined
            ? '  NOT APPROVED  - Your transaction was declined.'
            : `  APPROVAL TAS${String(h % 1000).padStart(3, '0')}  - Approved and completed`,
          avs_response: 'Full Exact Match',
          csc_response: 'Match',
          status_code: declined ? 'N' : op.op === 'sale' ? 'Y' : 'N',
          status_message: declined ? 'DECLINED' : op.op === 'sale' ? 'Pending Settlement' : 'Authorization Only',
          created: { through: 'API', at: stamp(op.at), by: 'cleardesk_sandbox', from_ip: '10.0.0.1' },
          settled: '',
          customer_id: op.customer_id,
        });
        break;
      }
      case 'capture': {
        const r = byKey.get(op.ref);
        if (!r) break;
        r.transaction_type = 'CAPTURE';
        if (op.amount) r.amount = Number(op.amount);
        r.status_code = 'Y';
        r.status_message = 'Pending Settlement';
        idByKey.set(op.key, r.transaction_id);
        break;
      }
      case 'void': {
        const r = byKey.get(op.ref);
        if (!r || r.status_code !== 'Y') break;
        r.status_code = 'N';
        r.status_message = 'VOIDED';
        idByKey.set(op.key, r.transaction_id);
        break;
      }
      case 'refund': {
        const sale = byKey.get(op.ref);
        if (!sale || !/^GB/.test(sale.status_code)) break; // PayTrace refunds settled sales only (817)
        add(op.key, {
          ...sale,
          transaction_id: nextId++,
          transaction_type: 'REFUND',
          amount: op.amount ? Number(op.amount) : sale.amount,
          ...(op.description !== undefined ? { description: op.description } : {}),
          ...(op.invoice_id !== undefined ? { invoice_id: op.invoice_id } : {}),
          approval_code: '',
          approval_message: '',
          status_code: 'Y',
          status_message: 'Pending Settlement',
          created: { ...sale.created, at: stamp(op.at) },
          settled: '',
        });
        break;
      }
      case 'settle': {
        batch++;
        for (const r of records) {
          if (r.status_code !== 'Y') continue;
          r.status_code = `GB${batch}`;
          r.status_message = `GB${batch}`;
          r.settled = stamp(op.at);
        }
        break;
      }
    }
  }
  return { records, idByKey };
}

function address(
  op: Extract<ScenarioPaymentOp, { invoice_id: string }>,
  c: ScenarioCustomer | null,
): NonNullable<PayTraceExportRecord['billing_address']> {
  if (op.billing_address)
    return {
      name: op.billing_name,
      street_address: op.billing_address.street,
      city: op.billing_address.city,
      state: op.billing_address.state,
      zip: op.billing_address.zip,
      country: 'US',
    };
  return {
    name: op.billing_name,
    street_address: c?.STRAS ?? '',
    city: c?.ORT01 ?? '',
    state: '',
    zip: c?.PSTLZ ?? '',
    country: c?.LAND1 ?? 'US',
  };
}
