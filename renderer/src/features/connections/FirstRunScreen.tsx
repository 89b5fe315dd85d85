// The first thing an admin sees on a new installation: explore the sandbox, or connect PayTrace and
// SAP. Shown while nothing is connected and no admin has chosen (connections.status's firstRun).
import { useState } from 'react';
import { ConnectionsPanel } from './ConnectionsPanel';
import { useConnections } from './context';

export function FirstRunScreen() {
  const done = useConnections((s) => s.done);
  const [connecting, setConnecting] = useState(false);
  return (
    <main className="page">
      <div className="page-body first-run">
        <header className="page-head">
          <h1>Welcome to ClearDesk</h1>
          <p className="muted">
            ClearDesk is running in sandbox mode: a PayTrace and an SAP ECC simulator with two weeks of sample payments
            and open items, so everything can be tried without touching real money.
          </p>
        </header>
        {!connecting ? (
          <div className="first-run-choices">
            <section className="card">
              <h2>Explore the sandbox</h2>
              <p className="secondary">
                Review proposed matches, approve postings into the simulated SAP, process refunds. Connect real systems
                later under Settings.
              </p>
              <button type="button" className="btn primary" onClick={() => void done()}>
                Explore the sandbox
              </button>
            </section>
            <section className="card">
              <h2>Connect PayTrace and SAP</h2>
              <p className="secondary">
                Test each connection before saving it. Passwords go to the operating system’s keychain; ClearDesk uses
                the connections from its next start.
              </p>
              <button type="button" className="btn" onClick={() => setConnecting(true)}>
                Connect PayTrace and SAP
              </button>
            </section>
          </div>
        ) : (
          <>
            <ConnectionsPanel />
            <div className="toolbar">
              <button type="button" className="btn primary" onClick={() => void done()}>
                Done
              </button>
            </div>
          </>
        )}
      </div>
    </main>
  );
}
