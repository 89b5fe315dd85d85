// CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: how long one SAP call may take before ClearDesk cancels it
// (node-rfc's timeout, the HTTP timeouts). A bad value is a clear configuration error, not a silent default.
import { describe, expect, it } from 'vitest';
import { callTimeoutOf, DEFAULT_SAP_CALL_TIMEOUT_SECONDS } from '../../../electron/hosts/app';

describe('CLEARDESK_SAP_CALL_TIMEOUT_SECONDS', () => {
  it('defaults to 120 s when unset or blank', () => {
    expect(DEFAULT_SAP_CALL_TIMEOUT_SECONDS).toBe(120);
    expect(callTimeoutOf({})).toBe(120);
    expect(callTimeoutOf({ CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: '  ' })).toBe(120);
  });

  it('takes whole seconds from 5 to 3600', () => {
    expect(callTimeoutOf({ CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: '5' })).toBe(5);
    expect(callTimeoutOf({ CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: ' 300 ' })).toBe(300);
    expect(callTimeoutOf({ CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: '3600' })).toBe(3600);
  });

  it.each(['4', '3601', '1.5', 'sixty', '-10'])('refuses "%s", naming the variable and the range', (raw) => {
    expect(() => callTimeoutOf({ CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: raw })).toThrow(
      new RegExp(
        `CLEARDESK_SAP_CALL_TIMEOUT_SECONDS is "${raw.replace('.', '\\.')}"; use a whole number of seconds from 5 to 3600`,
      ),
    );
  });
});
