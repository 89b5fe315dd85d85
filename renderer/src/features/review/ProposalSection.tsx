import type { ProposalDto } from '../../../../shared/api';
import { negate } from '../../../../shared/money';
import { formatMoney } from '../../ui/money';
import { MIN_TRAINING_LABELS } from '../../../../shared/matching/model-prior';
import { TierBadge } from './badges';

export function ProposalSection({ proposal }: { proposal: ProposalDto | null }) {
  if (!proposal) return <p className="muted">The matcher has no proposal for this transaction.</p>;
  // The assignment (ZUONR) only where it says more than the reference: the panel is a third of the window.
  const showAssignment = proposal.items.some((i) => i.assignment !== i.reference);
  return (
    <>
      <div className="proposal-head">
        <TierBadge proposal={proposal} />
        <span className="secondary">
          Rule <span className="mono">{proposal.rule}</span>
        </span>
        {proposal.customer ? (
          <span className="secondary">
            {proposal.customerName ?? 'Customer'} · <span className="mono">{proposal.customer}</span>
            {proposal.companyCode ? (
              <>
                {' '}
                · CoCd <span className="mono">{proposal.companyCode}</span>
              </>
            ) : null}
          </span>
        ) : (
          <span className="secondary">No SAP customer determined</span>
        )}
      </div>
      {proposal.secondApproval && proposal.secondApproval.length > 0 ? (
        <div className="four-eyes" role="note" aria-label="Four eyes">
          <span className="four-eyes-title">Needs a second person (four eyes)</span>
          <ul className="reasons">
            {proposal.secondApproval.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {proposal.correctedBy ? (
        <p className="secondary">
          Match corrected by <strong>{proposal.correctedBy}</strong>.
        </p>
      ) : null}
      {proposal.reasons.length > 0 ? (
        <ul className="reasons">
          {proposal.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {/* How likely a clerk approves it unchanged says nothing of a proposal that cannot be approved (no company code). */}
      {proposal.explanation && proposal.companyCode ? (
        <WhatDecided explanation={proposal.explanation} rulesConfidence={proposal.confidence} />
      ) : null}
      {proposal.items.length > 0 ? (
        // Scrolls sideways in a narrow panel rather than cut the Applied column (a refund's credits, with assignments).
        <div className="scroll-x">
          <table className="mini applied-items" aria-label="Applied open items">
            <thead>
              <tr>
                <th scope="col">Reference</th>
                {showAssignment ? <th scope="col">Assignment</th> : null}
                <th scope="col">Doc. · item</th>
                <th scope="col" className="right">
                  Open
                </th>
                <th scope="col" className="right">
                  Applied
                </th>
              </tr>
            </thead>
            <tbody>
              {proposal.items.map((i) => (
                <tr key={`${i.companyCode}-${i.docNo}-${i.fiscYear}-${i.itemNum}`}>
                  <td className="mono">{i.reference}</td>
                  {showAssignment ? <td className="mono">{i.assignment}</td> : null}
                  <td
                    className="mono"
                    title={`BELNR / BUKRS / GJAHR: ${i.docNo} / ${i.companyCode} / ${i.fiscYear}, item ${i.itemNum}`}
                  >{`${i.docNo} · ${i.itemNum}`}</td>
                  <td className="right amount">{formatMoney(i.openAmount)}</td>
                  <td className="right amount">{formatMoney(i.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {proposal.onAccount.minor !== 0 ? (
        <p className="on-account">
          {proposal.onAccount.minor < 0
            ? 'Not paid out of an open credit (it would stay an open debit)'
            : proposal.customer
              ? 'On account'
              : proposal.companyCode
                ? 'To suspense'
                : 'Not applied (no customer or company code to post into yet)'}
          :{' '}
          <span className="amount">
            {formatMoney(proposal.onAccount.minor < 0 ? negate(proposal.onAccount) : proposal.onAccount)}
          </span>
        </p>
      ) : null}
    </>
  );
}

type Explanation = NonNullable<ProposalDto['explanation']>;

/** The learned model's view (shared/matching/model.ts): the probability, which weights, the features that decided. */
function WhatDecided({ explanation: e, rulesConfidence }: { explanation: Explanation; rulesConfidence: number }) {
  const percent = Math.round(e.probability * 100);
  const rules = Math.round(rulesConfidence * 100);
  const weights =
    e.model.source === 'prior'
      ? `starting weights, until a model trained on this team's own decisions takes over after ${MIN_TRAINING_LABELS} of them`
      : `model version ${e.model.version}, trained on ${e.model.labels} decisions of this team's clerks`;
  const order =
    e.ranked.by === 'model'
      ? `The model ordered ${e.ranked.of} suggestions and offers this one first.`
      : e.ranked.by === 'clerk'
        ? "This is a clerk's correction: training reads it as the right answer."
        : Math.abs(rules - percent) >= 15
          ? `The matching rules decided this proposal; the model only explains it. The rules' ${rules} % beside the tier answers another question: how sure the rules are of the match itself, which sets the tier.`
          : 'The matching rules decided this proposal; the model only explains it.';
  return (
    <section className="what-decided" aria-label="What decided">
      {e.ranked.by === 'clerk' ? (
        <p className="secondary">
          {order} Before it, the learned model would have given this match <strong>{percent} %</strong> ({weights}).
        </p>
      ) : (
        <p className="secondary">
          Learned confidence <strong>{percent} %</strong> that a clerk approves it unchanged ({weights}). {order}
        </p>
      )}
      {e.top.length > 0 ? (
        <ul className="reasons">
          {e.top.map((c) => (
            <li key={c.feature}>
              <span className={c.contribution >= 0 ? 'for' : 'against'}>
                {c.contribution >= 0 ? 'Raises it' : 'Lowers it'} ({c.contribution >= 0 ? '+' : '−'}
                {Math.abs(c.contribution).toFixed(2)}):
              </span>{' '}
              {c.words}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
