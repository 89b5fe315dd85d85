// The audit screen's store: an intact chain, a broken one, and a check that could not run are
// three different things for an auditor, and the store keeps them apart. The anchors written after
// each sync are listed with their dates, and the check is held against the newest.
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  type AuditAnchorDto,
  type AuditEntry,
  type AuditVerification,
  type RequestOf,
} from '../../../shared/api';
import { createAuditStore, filterProblems, NO_FILTER, requestOf } from '../../../renderer/src/features/audit/store';
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

describe('audit browser', () => {
  const entry = (seq: number, actor = 'alice'): AuditEntry => ({
    seq,
    at: '2026-11-25T17:30:00.000Z',
    actor,
    action: 'proposal.approved',
    subject: `paytrace:${seq}`,
    detail: {},
  });

  it('sends the filter as the core reads it: trimmed, the payment a number, the last day included', () => {
    const request = requestOf({
      ...NO_FILTER,
      actor: ' alice ',
      payment: '79388123',
      from: '2026-11-01',
      to: '2026-11-02',
    });
    expect(request).toMatchObject({ actor: 'alice', transactionId: 79388123, limit: 100 });
    expect(Date.parse(request.to!) - Date.parse(request.from!)).toBeGreaterThanOrEqual(47 * 3600_000);
    expect(new Date(request.from!).getDate()).toBe(1);
    expect(requestOf(NO_FILTER)).toEqual({ limit: 100 });
    // A person in another case is the one the log knows; someone it does not know is asked as typed.
    expect(requestOf({ ...NO_FILTER, actor: 'ALEX ' }, ['alex', 'system'])).toMatchObject({ actor: 'alex' });
    expect(requestOf({ ...NO_FILTER, actor: 'Bob' }, ['alex'])).toMatchObject({ actor: 'Bob' });
  });

  it('says in words what is wrong with a filter, beside its field', () => {
    expect(filterProblems({ ...NO_FILTER, payment: '12ab' })).toEqual({
      payment: 'A payment is its PayTrace transaction id: digits only, such as 79388123.',
    });
    expect(filterProblems({ ...NO_FILTER, from: '2026-11-02', to: '2026-11-01' })).toEqual({
      to: 'The range ends before it starts.',
    });
    expect(filterProblems({ ...NO_FILTER, payment: '42', from: '2026-11-01', to: '2026-11-01' })).toEqual({});
  });

  it('pages older entries after the loaded ones, and a superseded search does not overwrite the newer', async () => {
    const seen: RequestOf<'audit.list'>[] = [];
    let release: () => void = () => {};
    const { api } = fakeApi({
      'audit.list': async (req) => {
        seen.push(req);
        if (req.actor === 'slow') await new Promise<void>((r) => (release = r));
        if (req.before === 3) return { entries: [entry(2), entry(1)], total: 4, nextBefore: null };
        return { entries: [entry(4, req.actor ?? 'x'), entry(3)], total: 4, nextBefore: 3 };
      },
    });
    const store = createAuditStore(api, () => at);
    const slow = store.getState().search({ ...NO_FILTER, actor: 'slow' });
    await store.getState().search({ ...NO_FILTER, actor: 'alice' });
    release();
    await slow;
    expect(store.getState().entries!.map((e) => e.actor)).toEqual(['alice', 'alice']);
    await store.getState().loadOlder();
    expect(seen.at(-1)).toMatchObject({ actor: 'alice', before: 3 });
    expect(store.getState()).toMatchObject({ total: 4, nextBefore: null, entriesError: null });
    expect(store.getState().entries!.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
  });
});
