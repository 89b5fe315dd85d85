// The journal export on the audit screen: the file the core returns comes back as bytes for the panel to save, and
// a refusal is shown as an error without a stale "downloaded" line.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { createAuditStore } from '../../../renderer/src/features/audit/store';
import { fakeApi } from './fake-api';

const at = new Date('2026-11-25T17:30:00.000Z');

describe('journal export', () => {
  it('returns the file under its name and type, decoded from base64', async () => {
    const { api } = fakeApi({
      'reports.journal': (req) => ({
        fileName: `cleardesk-journal_${req.from}.csv`,
        mimeType: 'text/csv; charset=utf-8',
        base64: btoa('a,b\r\n1,2\r\n'),
        lines: 1,
      }),
    });
    const store = createAuditStore(api, () => at);
    const file = await store.getState().exportJournal({ from: '2026-11-25', to: '2026-11-25', format: 'csv' });
    expect(file && { name: file.fileName, type: file.mimeType, text: new TextDecoder().decode(file.bytes) }).toEqual({
      name: 'cleardesk-journal_2026-11-25.csv',
      type: 'text/csv; charset=utf-8',
      text: 'a,b\r\n1,2\r\n',
    });
    expect(store.getState()).toMatchObject({
      exporting: false,
      exportError: null,
      lastExport: { fileName: 'cleardesk-journal_2026-11-25.csv', lines: 1, at: at.toISOString() },
    });
  });

  it('follows its own progress events while the core produces the file, and forgets them after', async () => {
    let release: () => void = () => {};
    const asked: string[] = [];
    const { api, emit } = fakeApi({
      'reports.journal': async (req) => {
        asked.push(req.progressId ?? '');
        await new Promise<void>((r) => (release = r));
        return { fileName: 'j.pdf', mimeType: 'application/pdf', base64: btoa('%PDF'), lines: 12 };
      },
    });
    const store = createAuditStore(api, () => at);
    const done = store.getState().exportJournal({ from: '2026-11-25', to: '2026-11-25', format: 'pdf' });
    await Promise.resolve();
    const [id] = asked;
    expect(id).toMatch(/^journal-/);
    expect(store.getState()).toMatchObject({ exporting: true, exportProgress: null });
    emit('report.progress', { progressId: 'someone-else', step: 'written', done: 9, total: 9 });
    expect(store.getState().exportProgress).toBeNull();
    emit('report.progress', { progressId: id!, step: 'writing', done: 0, total: 12 });
    expect(store.getState().exportProgress).toEqual({ progressId: id, step: 'writing', done: 0, total: 12 });
    release();
    expect(await done).not.toBeNull();
    expect(store.getState()).toMatchObject({ exporting: false, exportProgress: null });
    emit('report.progress', { progressId: id!, step: 'written', done: 12, total: 12 });
    expect(store.getState().exportProgress).toBeNull();
  });

  it('a refusal is an error, and there is no file to save', async () => {
    const { api } = fakeApi({
      'reports.journal': () => {
        throw new ApiError('invalid_request', 'The from date must not be after the to date');
      },
    });
    const store = createAuditStore(api, () => at);
    expect(await store.getState().exportJournal({ from: '2026-11-26', to: '2026-11-25', format: 'pdf' })).toBeNull();
    expect(store.getState().exporting).toBe(false);
    expect(store.getState().exportError).toContain('The from date must not be after the to date');
  });
});
