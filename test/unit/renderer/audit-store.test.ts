// The audit screen's store: an intact chain, a broken one, and a check that could not run are
// three different things for an auditor, and the store keeps them apart. The anchors written after
// each sync are listed with their dates, and the check is held against the newest.
import { describe, expect, it } from 'vitest';
import { ApiError, type AuditAnchorDto, type AuditVerification } from '../../../shared/api';
import { createAuditStore } from '../../../renderer/src/features/audit/store';
import { fakeApi, settle } from './fake-api';

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
    expect(calls).toEqual(['audit.verify', 'audit.anchors']);
    expect(store.getState().verifying).toBe(false);
  });
});

const anchors: AuditAnchorDto[] = [
  { seq: 412, hash: 'c'.repeat(64), at: '2026-11-25T17:15:00.000Z', trigger: 'sync', subject: 'sync:31', chain: 'ab' },
  {
    seq: 409,
    hash: 'b'.repeat(64),
    at: '2026-11-25T17:14:58.000Z',
    trigger: 'auto-post',
    subject: 'sync:31',
    chain: 'ab',
  },
  { seq: 388, hash: 'a'.repeat(64), at: '2026-11-25T17:00:00.000Z', trigger: 'sync', subject: 'sync:30', chain: 'ab' },
];

describe('audit anchors', () => {
  it('lists the anchors newest first with their dates and where they are kept', async () => {
    const { api } = fakeApi({ 'audit.anchors': () => ({ location: '/mnt/worm/cleardesk-anchors', anchors }) });
    const store = createAuditStore(api, () => at);
    await store.getState().loadAnchors();
    expect(store.getState()).toMatchObject({
      anchors,
      anchorLocation: '/mnt/worm/cleardesk-anchors',
      anchorsError: null,
      loadingAnchors: false,
    });
  });

  it('tells an anchor folder not configured (location null) from anchors that could not be read', async () => {
    let unreadable = false;
    const { api } = fakeApi({
      'audit.anchors': () => {
        if (unreadable) throw new ApiError('unavailable', 'The audit anchors in /mnt/worm could not be read: EACCES.');
        return { location: null, anchors: [] };
      },
    });
    const store = createAuditStore(api, () => at);
    await store.getState().loadAnchors();
    expect(store.getState()).toMatchObject({ anchors: [], anchorLocation: null, anchorsError: null });
    unreadable = true;
    await store.getState().loadAnchors();
    expect(store.getState().anchors).toBeNull();
    expect(store.getState().anchorsError).toMatch(/could not be read: EACCES/);
  });

  it('shows the check held against the newest anchor, and a log cut short as a result, not an error', async () => {
    const cut: AuditVerification = {
      ok: false,
      entries: 400,
      brokenAt: 401,
      problem: 'anchor',
      keyedFrom: 1,
      anchor: anchors[0]!,
      message:
        'The audit log ends at entry 400, but the anchor (entry 412, hash cccccccccccc…, taken 2026-11-25T17:15:00.000Z) records entry 412: entries were removed from the end.',
    };
    const { api, calls } = fakeApi({
      'audit.verify': () => cut,
      'audit.anchors': () => ({ location: '/mnt/worm/cleardesk-anchors', anchors }),
    });
    const store = createAuditStore(api, () => at);
    await store.getState().verify();
    await settle();
    expect(store.getState()).toMatchObject({ error: null, result: cut, anchors });
    expect(calls).toEqual(['audit.verify', 'audit.anchors']);
  });
});
