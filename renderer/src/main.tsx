import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './bridge';
import { ReviewStoreProvider } from './features/review/context';
import { ReviewScreen } from './features/review/ReviewScreen';
import { createReviewStore } from './features/review/store';
import './styles.css';

const store = createReviewStore(getApi());
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <ReviewStoreProvider store={store}>
      <ReviewScreen />
    </ReviewStoreProvider>
  </StrictMode>,
);
