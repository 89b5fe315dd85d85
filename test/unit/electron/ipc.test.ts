import { describe, expect, it } from 'vitest';
import { createIpcHandler, IpcRefusedError } from '../../../electron/main/ipc';

function handler() {
  const calls: [string, unknown][] = [];
  const handle = createIpcHandler({
    trustedWebContentsId: () => 7,
    callCore: async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true };
    },
  });
  return { handle, calls };
}

const ours = { webContentsId: 7, frameUrl: 'app://renderer/index.html' };

describe('main-process IPC policy', () => {
  it('forwards a valid request from our own window to the core', async () => {
    const { handle, calls } = handler();
    await expect(handle('transaction.park', ours, { transactionId: 5, reason: 'customer disputes' })).resolves.toEqual({
      ok: true,
    });
    expect(calls).toEqual([['transaction.park', { transactionId: 5, reason: 'customer disputes' }]]);
  });

  it('refuses another webContents, and a frame that is not app://', async () => {
    const { handle, calls } = handler();
    await expect(handle('queue.list', { webContentsId: 8, frameUrl: 'app://renderer/index.html' }, {})).rejects.toThrow(
      IpcRefusedError,
    );
    await expect(handle('queue.list', { webContentsId: 7, frameUrl: 'https://evil.example/' }, {})).rejects.toThrow(
      /own window/,
    );
    expect(calls).toEqual([]);
  });

  it('refuses a request that does not match the channel schema, saying why', async () => {
    const { handle, calls } = handler();
    await expect(handle('transaction.park', ours, { transactionId: -1, reason: 'x' })).rejects.toThrow(
      /transactionId.*reason|reason.*transactionId/s,
    );
    await expect(handle('proposal.approve', ours, { transactionId: 1 })).rejects.toThrow(/proposalId/);
    expect(calls).toEqual([]);
  });
});
