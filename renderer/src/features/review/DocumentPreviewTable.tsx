// The FI document ClearDesk would post, as a clerk checks it before approving: debits and credits
// side by side, and the balance, which must be zero.
import type { DocumentPreview, MoneyDto } from '../../../../shared/api';
import { abs, sum } from '../../../../shared/money';
import { formatMoney } from '../../ui/money';
import { formatSapDate } from '../../ui/format';

function totals(lines: DocumentPreview['lines']): { debit: MoneyDto; credit: MoneyDto; balance: MoneyDto } | null {
  const currency = lines[0]?.amount.currency;
  if (!currency || lines.some((l) => l.amount.currency !== currency)) return null;
  const amounts = lines.map((l) => l.amount);
  return {
    debit: sum(
      amounts.filter((a) => a.minor > 0),
      currency,
    ),
    credit: abs(
      sum(
        amounts.filter((a) => a.minor < 0),
        currency,
      ),
    ),
    balance: sum(amounts, currency),
  };
}

export function DocumentPreviewTable({ preview }: { preview: DocumentPreview }) {
  return (
    <>
      <dl className="doc-header">
        <div>
          <dt>Company code</dt>
          <dd className="mono">{preview.companyCode}</dd>
        </div>
        <div>
          <dt>Doc. type</dt>
          <dd className="mono">{preview.documentType}</dd>
        </div>
        <div>
          <dt>Reference (XBLNR)</dt>
          <dd className="mono">{preview.reference}</dd>
        </div>
        <div>
          <dt>Posting date</dt>
          <dd>{formatSapDate(preview.postingDate)}</dd>
        </div>
        <div>
          <dt>Document date</dt>
          <dd>{formatSapDate(preview.documentDate)}</dd>
        </div>
        <div>
          <dt>Header text</dt>
          <dd title={preview.headerText}>{preview.headerText || '—'}</dd>
        </div>
        {preview.fiscalPeriod && preview.fiscalYear ? (
          <div>
            <dt>Period</dt>
            <dd className="mono">
              {preview.fiscalPeriod}/{preview.fiscalYear}
            </dd>
          </div>
        ) : null}
        {preview.userName ? (
          <div>
            <dt>SAP user</dt>
            <dd className="mono">{preview.userName}</dd>
          </div>
        ) : null}
      </dl>
      <DocumentLinesTable lines={preview.lines} label="FI document preview" />
      {preview.notes && preview.notes.length > 0 ? (
        <ul className="muted" aria-label="About this document">
          {preview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** An FI document's lines (debit, credit, the totals and the balance, which must be zero): the review's
 * preview and a chargeback case's posting show the same table. */
export function DocumentLinesTable({ lines, label }: { lines: DocumentPreview['lines']; label: string }) {
  const t = totals(lines);
  return (
    <table className="mini fixed" aria-label={label}>
      <colgroup>
        <col className="w-item" />
        <col />
        <col className="w-amount" />
        <col className="w-amount" />
        <col className="w-assignment" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Account / text</th>
          <th scope="col" className="right">
            Debit
          </th>
          <th scope="col" className="right">
            Credit
          </th>
          <th scope="col">Assignment</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.itemNo}>
            <td className="mono">{line.itemNo}</td>
            <td>
              <div className="two-line">
                <span>
                  <span className="account-kind">{line.kind === 'gl' ? 'G/L' : 'Cust.'}</span>{' '}
                  <span className="mono">{line.account}</span>
                  {line.costCenter ? (
                    <span className="secondary" title="Cost centre (KOSTL)">
                      {' '}
                      · cost centre <span className="mono">{line.costCenter.replace(/^0+(?=\d)/, '')}</span>
                    </span>
                  ) : null}
                  {line.profitCenter ? (
                    <span className="secondary" title="Profit centre (PRCTR)">
                      {' '}
                      · profit centre <span className="mono">{line.profitCenter.replace(/^0+(?=\d)/, '')}</span>
                    </span>
                  ) : null}
                </span>
                <span className="secondary" title={line.text}>
                  {line.text}
                </span>
              </div>
            </td>
            <td className="right amount">{line.amount.minor > 0 ? formatMoney(line.amount) : ''}</td>
            <td className="right amount">{line.amount.minor < 0 ? formatMoney(abs(line.amount)) : ''}</td>
            <td className="mono">{line.assignment}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {t ? (
          <>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="right amount">{formatMoney(t.debit)}</td>
              <td className="right amount">{formatMoney(t.credit)}</td>
              <td />
            </tr>
            <tr className={t.balance.minor === 0 ? 'balance ok' : 'balance off'}>
              <th scope="row" colSpan={2}>
                Balance
                {t.balance.minor === 0 ? null : <span role="alert"> — the document does not balance</span>}
              </th>
              <td colSpan={2} className="right amount" data-testid="preview-balance">
                {formatMoney(t.balance)}
              </td>
              <td />
            </tr>
          </>
        ) : (
          <tr>
            <td colSpan={5} className="balance off">
              Lines in more than one currency: no balance shown.
            </td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}
