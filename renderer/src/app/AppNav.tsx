// The header's screen navigation. The dead-letter count is what still waits there, so a clerk
// sees at a glance that something failed without opening the screen; an approver sees the
// refunds waiting for their decision the same way.
import { useDeadLetters } from '../features/dead-letters/context';
import { unresolvedCount } from '../features/dead-letters/store';
import { useRefunds } from '../features/refunds/context';
import { waitingCount } from '../features/refunds/store';
import { useReview } from '../features/review/context';
import { useApp } from './context';
import { screensFor } from './screens';

export function AppNav() {
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const waiting = useDeadLetters((s) => unresolvedCount(s.rows));
  const approver = useReview((s) => s.session?.roles.includes('approver') ?? false);
  const refundsWaiting = useRefunds((s) => waitingCount(s.rows));
  const roles = useReview((s) => s.session?.roles);

  return (
    <nav className="app-nav" aria-label="Screens">
      <ul>
        {screensFor(roles ?? []).map((s) => (
          <li key={s.key}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === s.key ? 'page' : undefined}
              onClick={() => go(s.key)}
            >
              {s.label}
              {s.key === 'dead-letters' && waiting > 0 ? (
                <span className="count" title={`${waiting} unresolved`}>
                  {waiting}
                  <span className="visually-hidden"> unresolved</span>
                </span>
              ) : null}
              {s.key === 'refunds' && approver && refundsWaiting > 0 ? (
                <span className="count" title={`${refundsWaiting} waiting for approval`}>
                  {refundsWaiting}
                  <span className="visually-hidden"> waiting for approval</span>
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
