// Every failure that reaches the UI is an ApiError with a code and a sentence a clerk can read.
import { ApiError, type ApiErrorBody } from '../../../shared/api';

const CODES: ReadonlySet<string> = new Set<ApiErrorBody['code']>([
  'invalid_request',
  'unauthenticated',
  'not_found',
  'forbidden',
  'conflict',
  'unavailable',
  'internal',
]);

export function isApiErrorCode(code: unknown): code is ApiErrorBody['code'] {
  return typeof code === 'string' && CODES.has(code);
}

// Electron's ipcRenderer.invoke rejects with "Error invoking remote method 'x': ApiError: msg",
// losing the class; take the code back if the preload kept it, and strip the wrapper text.
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text =
      typeof message === 'string' && message.trim() !== '' ? message.replace(IPC_PREFIX, '') : 'Unknown error';
    if (isApiErrorCode(code)) return new ApiError(code, text);
    if (error instanceof TypeError && /fetch|network/i.test(text)) {
      return new ApiError(
        'unavailable',
        `Cannot reach the ClearDesk host (${text}). Is \`cleardesk serve\` still running?`,
      );
    }
    return new ApiError('internal', text);
  }
  return new ApiError('internal', String(error));
}

/**
 * What a code adds to the core's sentence, where it adds something: a refusal (conflict, invalid request, not
 * found) is already said in the core's words ("There is already a user bob."), which an HTTP word before it
 * would only make read like a developer's log.
 */
const CODE_LABELS: Record<ApiErrorBody['code'], string | null> = {
  invalid_request: null,
  unauthenticated: 'Signed out',
  not_found: null,
  forbidden: 'Not allowed',
  conflict: null,
  unavailable: 'Unavailable',
  internal: 'Error',
};

/** "There is already a user bob."; "Not allowed: only an approver may ..." */
export function describeError(error: unknown): string {
  const e = toApiError(error);
  const label = CODE_LABELS[e.code];
  return label ? `${label}: ${e.message}` : e.message;
}
