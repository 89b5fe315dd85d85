import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppStoreProvider } from './app/context';
import { createAppStore } from './app/store';
import { getApi } from './bridge';
import { AuditStoreProvider } from './features/audit/context';
import { createAuditStore } from './features/audit/store';
import { DeadLetterStoreProvider } from './features/dead-letters/context';
import { createDeadLetterStore } from './features/dead-letters/store';
import { ReviewStoreProvider } from './features/review/context';
import { createReviewStore } from './features/review/store';
import './styles.css';

const api = getApi();
const review = createReviewStore(api);
const deadLetters = createDeadLetterStore(api);
const audit = createAuditStore(api);
const app = createAppStore(review);
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={app}>
      <ReviewStoreProvider store={review}>
        <DeadLetterStoreProvider store={deadLetters}>
          <AuditStoreProvider store={audit}>
            <App />
          </AuditStoreProvider>
        </DeadLetterStoreProvider>
      </ReviewStoreProvider>
    </AppStoreProvider>
  </StrictMode>,
);
