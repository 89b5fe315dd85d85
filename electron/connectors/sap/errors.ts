// Errors a person can act on. SAP's own words are kept verbatim in `messages` / `rfc`.

/** The SAP NW RFC SDK (libsapnwrfc) is not installed where node-rfc can load it. */
export class SapSdkMissingError extends Error {
  constructor(override readonly cause: unknown) {
    const platform = process.platform;
    const loader =
      platform === 'win32'
        ? 'add %SAPNWRFC_HOME%\\lib to PATH (and install the Visual C++ redistributable)'
        : platform === 'darwin'
          ? 'install the SDK at /usr/local/sap/nwrfcsdk (its lib folder is on the rpath of node-rfc)'
          : 'put $SAPNWRFC_HOME/lib on the loader path (LD_LIBRARY_PATH, or /etc/ld.so.conf.d/nwrfcsdk.conf and run ldconfig)';
    super(
      'The SAP NW RFC SDK could not be loaded, so ClearDesk cannot use the RFC transport. ' +
        'Download the SAP NW RFC SDK 7.50 from the SAP Support Portal (S-user needed; see SAP Note 1037575), unpack it, set SAPNWRFC_HOME to its folder, ' +
        `and ${loader}. Or use the OData or IDoc transport. Loader said: ${firstLine(cause)}`,
    );
    this.name = 'SapSdkMissingError';
  }
}

/** A node-rfc error object (RfcLibError / ABAPError / nodeRfcError) as it came, plus what we were doing. */
export interface RfcErrorObject {
  name?: string;
  code?: number;
  codeString?: string;
  key?: string;
  message?: string;
  group?: number;
}

const COMMUNICATION = new Set([
  'RFC_COMMUNICATION_FAILURE',
  'RFC_CANCELED',
  'RFC_TIMEOUT',
  'RFC_CLOSED',
  'RFC_INVALID_HANDLE',
]);

/** SAP (or the way to it) failed a call: the request may or may not have been executed. */
export class SapCallError extends Error {
  /** True when the connection failed: the outcome of the call is unknown (unless `notSent`). */
  readonly communication: boolean;
  constructor(
    readonly operation: string,
    readonly rfc: RfcErrorObject | null,
    cause?: unknown,
    communication?: boolean,
    /**
     * The connection failed before the request left (refused, the host name not found): SAP cannot have run
     * it, so even a posting may be sent again (electron/connectors/sap/resilience-call.ts).
     */
    readonly notSent = false,
  ) {
    const detail = rfc
      ? `${rfc.name ?? 'error'}${rfc.codeString ? ` ${rfc.codeString}` : ''}${rfc.key && rfc.key !== rfc.codeString ? ` ${rfc.key}` : ''}: ${rfc.message ?? ''}`
      : firstLine(cause);
    super(`SAP call failed while ${operation}: ${detail}`, { cause });
    this.name = 'SapCallError';
    this.communication = communication ?? (rfc ? COMMUNICATION.has(rfc.codeString ?? '') : true);
  }

  /**
   * The same failure, known to have happened before the operation's first write was sent (opening the
   * connection, a read that precedes the posting): SAP cannot have run the posting.
   */
  beforeSending(): SapCallError {
    return this.notSent ? this : new SapCallError(this.operation, this.rfc, this.cause, this.communication, true);
  }
}

/** Socket errors that say the request never left this machine: nothing reached SAP. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** An HTTP call to SAP (Gateway, IDoc XML port) that got no answer: `notSent` when it cannot have reached SAP. */
export function sapHttpFailure(operation: string, error: unknown): SapCallError {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  return new SapCallError(operation, null, error, true, NOT_SENT_CODES.has(code));
}

/** SAP answered with E/A messages on a read (no posting involved). */
export class SapBusinessError extends Error {
  constructor(
    readonly operation: string,
    readonly messages: readonly { TYPE: string; ID: string; NUMBER: string; MESSAGE: string }[],
  ) {
    super(`SAP refused ${operation}: ${messages.map((m) => `${m.TYPE} ${m.ID} ${m.NUMBER} ${m.MESSAGE}`).join('; ')}`);
    this.name = 'SapBusinessError';
  }
}

export class SapConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SapConfigError';
  }
}

function firstLine(e: unknown): string {
  const text = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return text.split('\n')[0] ?? text;
}

/** SAP's HTTP services (Gateway, IDoc XML port) refused the logon (HTTP 401): not a communication failure. */
export function sapHttpLogonFailure(operation: string): SapCallError {
  return new SapCallError(
    operation,
    {
      name: 'HTTPError',
      code: 401,
      codeString: 'RFC_LOGON_FAILURE',
      message: 'Logon failed: check the SAP user, password and client',
    },
    undefined,
    false,
  );
}
