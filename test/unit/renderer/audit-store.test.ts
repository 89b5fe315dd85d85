// The audit screen's store: an intact chain, a broken one, and a check that could not run are
// three different things for an auditor, and the store keeps them apart.
import { describe, expect, it } from 'vitest';
import { ApiError, type AuditVerification } from '../../../shared/api';
import { createAuditStore } from '../../../renderer/src/features/audit/store';
import { fakeApi } from './fake-api';

const at = new Date('2026-11-25T17:30:00.000Z');

const intact: AuditVerification = {
  ok: true,
  entries: 1234,
  brokenAt: null,
  message: 'The audit log is intact: 1234 entries, last hash ab12.',
};
const broken: AuditVerification = {
  ok: false,
  entries: 56,
  brokenAt: 57,
  message:
    'Audit entry 57 (proposal.approved on paytrace:123) was changed after it was written: its content no longer matches its hash.',
};

describe('audit store', () => {
  it('an intact log is reported with its number of entries and when it was checked', async () => {
    const { api } = fakeApi({ 'audit.verify': () => intact });
    const store = createAuditStore(api, () => at);
    await store.getState().verify();
    expect(store.getState()).toMatchObject({
      verifying: false,
      error: null,
      result: intact,
      checkedAt: '2026-11-25T17:30:00.000Z',
    });
  });

  it('a broken chain is a result, not an error: the entry where it breaks and the core’s explanation', async () => {
    const { api } = fakeApi({ 'audit.verify': () => broken });
    const store = createAuditStore(api, () => at);
    await store.getState().verify();
    expect(store.getState().error).toBeNull();
    expect(store.getState().result).toEqual(broken);
  });

  it('a check that could not run is an error and drops the earlier result, so it does not pass for current', async () => {
    let down = false;
    const { api } = fakeApi({
      'audit.verify': () => {
        if (down) throw new ApiError('forbidden', 'Only an admin may verify the audit log');
        return intact;
      },
    });
    const store = createAuditStore(api, () => at);
    await store.getState().verify();
    down = true;
    await store.getState().verify();
    expect(store.getState()).toMatchObject({
      result: null,
      checkedAt: null,
      error: 'Not allowed: Only an admin may verify the audit log',
    });
  });

  it('shows the check as running, and a second click while it runs starts nothing', async () => {
    let finish: (v: AuditVerification) => void = () => undefined;
    const { api, calls } = fakeApi({
      'audit.verify': () => new Promise<AuditVerification>((resolve) => (finish = resolve)),
    });
    const store = createAuditStore(api, () => at);
    const running = store.getState().verify();
    expect(store.getState().verifying).toBe(true);
    await store.getState().verify();
    finish(intact);
    await running;
    expect(calls).toEqual(['audit.verify']);
    expect(store.getState().verifying).toBe(false);
  });
});
