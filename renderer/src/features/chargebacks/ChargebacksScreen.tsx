// The Chargebacks tab: the processors' dispute cases, respond-by date nearest first (what is overdue
// marked), each with its reason code and what it means for the card network, its amount, and the PayTrace
// sale it disputes with that sale's SAP posting. An unmatched case shows why and its candidate sales; a
// clerk links it to one (audited). A matched case's "SAP posting…" shows what its stage implies and lets a
// clerk prepare it and a second person approve it (PostingDialog). One page of cases at a time, paged and counted by the store.
// Report… downloads the chargebacks report (ReportDialog). The filter box narrows the tab in the store; a box per case,
// a shift-click range or "select all N that match" chooses cases for bulk work (ChargebackBulkBar). j/k, Enter, x, /,
// ? and Esc work the cases (useChargebackKeys; the ? overlay lists them).
import { useEffect, useState } from 'react';
import type { DisputeCaseDto } from '../../../../shared/api';
import { useApp } from '../../app/context';
import { ListEmpty, LoadError } from '../../ui/list-screen';
import { formatMoney } from '../../ui/money';
import { useReview } from '../review/context';
import { ShortcutOverlay } from '../review/ShortcutOverlay';
import { ChargebackBulkBar } from './ChargebackBulkBar';
import { useChargebacks } from './context';
import { CHARGEBACK_SHORTCUTS } from './keys';
import { METHOD_LABELS, STAGE_LABELS, STATUS_LABELS } from './labels';
import { LinkDialog } from './LinkDialog';
import { PostingDialog } from './PostingDialog';
import { ReportDialog } from './ReportDialog';
import { CHARGEBACK_FILTER_ID, useChargebackKeys } from './useChargebackKeys';
import { CHARGEBACK_PAGE, type ChargebackTab } from './store';

const TABS: readonly { key: ChargebackTab; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'unmatched', label: 'Unmatched' },
  { key: 'matched', label: 'Matched' },
];

/** How a case came in, beside its processor ("north · from North's API", not "north · north"). */
const SOURCE_WORDS: Record<'report' | 'north' | 'webhook' | 'manual', string> = {
  report: 'from a report',
  north: "from North's API",
  webhook: 'by webhook',
  manual: 'entered by hand',
};

export function ChargebacksScreen() {
  const s = useChargebacks((st) => st);
  const isClerk = useReview((r) => r.session?.roles.includes('clerk') ?? false);
  const isApprover = useReview((r) => r.session?.roles.includes('approver') ?? false);
  const openTransaction = useApp((a) => a.openTransaction);
  const [linking, setLinking] = useState<{
    dispute: DisputeCaseDto;
    candidate: { transactionId: number; why: string };
  } | null>(null);
  const [posting, setPosting] = useState<DisputeCaseDto | null>(null);
  const [reporting, setReporting] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  useChargebackKeys({
    rows: s.rows,
    cursor,
    setCursor,
    open: (c) => {
      if (c.match.state === 'matched') setPosting(c);
      else document.querySelector<HTMLButtonElement>(`[data-case-id="${c.id}"] .cb-candidate-list button`)?.focus();
    },
    toggle: (id, range) => s.toggleChecked(id, range),
    help: () => s.showShortcuts(true),
  });
  const ticked = s.rows.filter((r) => s.checked.has(r.id)).length;
  const allShown = s.allMatching || (s.rows.length > 0 && ticked === s.rows.length);
  const start = s.start;

  useEffect(() => start(), [start]);

  const count = (t: ChargebackTab): number =>
    t === 'all' ? s.counts.matched + s.counts.unmatched : t === 'matched' ? s.counts.matched : s.counts.unmatched;
  const last = Math.min(s.offset + s.rows.length, s.total);

  return (
    <main className="screen">
      <div className="queue-pane">
        <div className="toolbar">
          <div className="tabs" role="tablist" aria-label="Chargeback cases">
            {TABS.map((t) => (
              <button
                key={t.key}
                type="button"
                role="tab"
                id={`cb-tab-${t.key}`}
                aria-selected={s.tab === t.key}
                aria-controls="chargeback-panel"
                className={`tab tab-${t.key}${count(t.key) > 0 ? ' has-items' : ''}`}
                onClick={() => s.setTab(t.key)}
              >
                {t.label}
                <span className="count">{count(t.key)}</span>
              </button>
            ))}
          </div>
          <div className="toolbar-right">
            <input
              id={CHARGEBACK_FILTER_ID}
              type="search"
              className="filter"
              placeholder="Filter ( / ): case, card, ARN…"
              aria-label="Filter chargeback cases"
              maxLength={100}
              value={s.filter}
              onChange={(e) => s.setFilter(e.target.value)}
              onKeyDown={(e) => {
                // Esc leaves the box for the tab's keys; the filter stays as typed.
                if (e.key !== 'Escape') return;
                e.preventDefault();
                e.currentTarget.blur();
              }}
            />
            <span className="toolbar-note" aria-live="polite">
              {s.total > 0 ? `${s.offset + 1}–${last} of ${s.total}` : null}
            </span>
            <button
              type="button"
              className="btn ghost"
              disabled={s.offset === 0 || s.loading}
              onClick={() => s.page(-1)}
            >
              Previous
            </button>
            <button
              type="button"
              className="btn ghost"
              disabled={s.offset + CHARGEBACK_PAGE >= s.total || s.loading}
              onClick={() => s.page(1)}
            >
              Next
            </button>
            <button type="button" className="btn ghost" onClick={() => void s.load()} disabled={s.loading}>
              {s.loading ? 'Loading…' : 'Refresh'}
            </button>
            <button type="button" className="btn ghost" onClick={() => setReporting(true)}>
              Report…
            </button>
          </div>
        </div>
        <LoadError what="chargeback cases" error={s.error} onRetry={() => void s.load()} />
        <ChargebackBulkBar isClerk={isClerk} isApprover={isApprover} />
        <div className="table-scroll" id="chargeback-panel" role="tabpanel" aria-labelledby={`cb-tab-${s.tab}`}>
          <table className="queue chargeback-table" aria-label="Chargeback cases" aria-busy={s.loading}>
            <colgroup>
              <col style={{ width: 34 }} />
              <col style={{ width: 120 }} />
              <col style={{ width: 170 }} />
              <col style={{ width: 150 }} />
              <col />
              <col style={{ width: 130 }} />
              <col style={{ width: 240 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select the shown cases"
                    checked={allShown}
                    ref={(el) => {
                      if (el) el.indeterminate = !allShown && ticked > 0;
                    }}
                    onChange={() => s.checkShown(!allShown)}
                  />
                </th>
                <th scope="col">Respond by</th>
                <th scope="col">Case</th>
                <th scope="col">Stage</th>
                <th scope="col">Reason</th>
                <th scope="col" className="right">
                  Amount
                </th>
                <th scope="col">Sale and SAP posting</th>
              </tr>
            </thead>
            {s.rows.map((c) => (
              <tbody
                key={c.id}
                data-case-id={c.id}
                className={c.overdue ? 'overdue' : undefined}
                aria-current={cursor === c.id ? 'true' : undefined}
              >
                <tr className={cursor === c.id ? 'cursor' : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      className="row-check"
                      aria-label={`Select case ${c.caseNumber}`}
                      checked={s.allMatching || s.checked.has(c.id)}
                      onClick={(e) => s.toggleChecked(c.id, e.shiftKey)}
                      onChange={() => undefined}
                    />
                  </td>
                  <td>
                    <div className="two-line">
                      <span className="mono">{c.dueDate ?? '—'}</span>
                      {c.overdue ? <span className="badge cb-overdue">Overdue</span> : null}
                    </div>
                  </td>
                  <td>
                    <div className="two-line">
                      <span className="mono">{c.caseNumber}</span>
                      <span className="secondary">
                        {c.processor} · {SOURCE_WORDS[c.source]}
                      </span>
                    </div>
                  </td>
                  <td>
                    <div className="two-line">
                      <span title={c.stageRaw}>{STAGE_LABELS[c.stage]}</span>
                      <span className={`badge cb-status-${c.status}`} title={c.statusRaw}>
                        {STATUS_LABELS[c.status]}
                      </span>
                    </div>
                  </td>
                  <td>
                    <div className="two-line">
                      <span>
                        <span className="mono">{c.reasonCode || '—'}</span> {c.reasonMeaning}
                      </span>
                      <span className="secondary">
                        {c.network === 'unknown' ? 'network unknown' : c.network}
                        {c.cardLast4 ? ` · card ending ${c.cardLast4}` : ''}
                      </span>
                    </div>
                  </td>
                  <td className="right">
                    <div className="two-line">
                      <span className="amount">{formatMoney(c.amount)}</span>
                      {c.originalAmount && c.originalAmount.minor !== c.amount.minor ? (
                        <span className="secondary">of {formatMoney(c.originalAmount)}</span>
                      ) : null}
                    </div>
                  </td>
                  <td>
                    {c.match.state === 'matched' ? (
                      <div className="two-line">
                        <span>
                          <button
                            type="button"
                            className="link"
                            title="Open the sale in the review queue"
                            onClick={() => openTransaction((c.match as { transactionId: number }).transactionId)}
                          >
                            Sale {c.match.transactionId}
                          </button>
                        </span>
                        <span className="secondary">
                          {METHOD_LABELS[c.match.method]} ·{' '}
                          {c.salePosting
                            ? c.salePosting.belnr
                              ? `SAP ${c.salePosting.belnr} / ${c.salePosting.companyCode} / ${c.salePosting.gjahr ?? ''}`
                              : `SAP posting ${c.salePosting.state}`
                            : 'not posted to SAP'}
                        </span>
                        <span>
                          <button
                            type="button"
                            className="btn small"
                            aria-label={`SAP posting of case ${c.caseNumber}`}
                            onClick={() => setPosting(c)}
                          >
                            SAP posting…
                          </button>
                        </span>
                      </div>
                    ) : (
                      <span className="badge cb-unmatched">Unmatched</span>
                    )}
                  </td>
                </tr>
                {c.match.state === 'unmatched' ? (
                  <tr className="cb-candidates">
                    <td colSpan={2} />
                    <td colSpan={5}>
                      <p className="secondary">Not matched: {c.match.reasons.join('; ') || 'no reason recorded'}.</p>
                      {c.match.candidates.length === 0 ? (
                        <p className="secondary">No candidate sale.</p>
                      ) : (
                        <ul className="cb-candidate-list" aria-label={`Candidate sales for case ${c.caseNumber}`}>
                          {c.match.candidates.map((cand) => (
                            <li key={cand.transactionId}>
                              <span>
                                Sale <span className="mono">{cand.transactionId}</span>: {cand.why}
                              </span>{' '}
                              {isClerk ? (
                                <button
                                  type="button"
                                  className="btn small"
                                  aria-label={`Link case ${c.caseNumber} to sale ${cand.transactionId}`}
                                  onClick={() => setLinking({ dispute: c, candidate: cand })}
                                >
                                  Link…
                                </button>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            ))}
          </table>
          <ListEmpty shown={s.rows.length} error={s.error} loaded={s.loaded} what="chargeback cases">
            <p className="empty">
              {s.appliedFilter.trim()
                ? `No chargeback cases match “${s.appliedFilter.trim()}” in this tab.`
                : s.tab === 'unmatched'
                  ? 'Every chargeback case is matched to its sale.'
                  : 'No chargeback cases. Import a processor’s dispute report (cleardesk chargebacks import) or record one from a sale.'}
            </p>
          </ListEmpty>
        </div>
      </div>
      {linking ? (
        <LinkDialog
          dispute={linking.dispute}
          candidate={linking.candidate}
          onSubmit={(reason) => s.link(linking.dispute.id, linking.candidate.transactionId, reason)}
          onClose={() => setLinking(null)}
        />
      ) : null}
      {posting ? <PostingDialog dispute={posting} onClose={() => setPosting(null)} /> : null}
      {reporting ? <ReportDialog onSubmit={(r) => s.report(r)} onClose={() => setReporting(false)} /> : null}
      {s.shortcutsOpen ? (
        <ShortcutOverlay shortcuts={CHARGEBACK_SHORTCUTS} onClose={() => s.showShortcuts(false)} />
      ) : null}
    </main>
  );
}
