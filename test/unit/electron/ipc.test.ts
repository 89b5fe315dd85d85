import { describe, expect, it } from 'vitest';
import { createIpcHandler, IpcRefusedError } from '../../../electron/main/ipc';

const mainFrame = { processId: 3, routingId: 1 };

function handler(
  window: { webContentsId: number; mainFrame: typeof mainFrame } | null = { webContentsId: 7, mainFrame },
) {
  const calls: [string, unknown][] = [];
  const handle = createIpcHandler({
    trustedWindow: () => window,
    callCore: async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true };
    },
  });
  return { handle, calls };
}

const ours = { webContentsId: 7, frame: { ...mainFrame, url: 'app://renderer/index.html' } };

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
    await expect(handle('queue.list', { ...ours, webContentsId: 8 }, {})).rejects.toThrow(IpcRefusedError);
    await expect(
      handle('queue.list', { ...ours, frame: { ...mainFrame, url: 'https://evil.example/' } }, {}),
    ).rejects.toThrow(/own window/);
    await expect(
      handle('queue.list', { ...ours, frame: { ...mainFrame, url: 'app://evil/index.html' } }, {}),
    ).rejects.toThrow(/own window/);
    expect(calls).toEqual([]);
  });

  it('accepts only the main frame: not a subframe of our window, not a frame that is gone', async () => {
    const { handle, calls } = handler();
    const subframe = { processId: 3, routingId: 2, url: 'app://renderer/index.html' };
    await expect(handle('queue.list', { ...ours, frame: subframe }, {})).rejects.toThrow(/own window/);
    const otherProcess = { processId: 4, routingId: 1, url: 'app://renderer/index.html' };
    await expect(handle('queue.list', { ...ours, frame: otherProcess }, {})).rejects.toThrow(/own window/);
    await expect(handle('queue.list', { ...ours, frame: null }, {})).rejects.toThrow(/own window/);
    expect(calls).toEqual([]);
  });

  it('refuses every call while there is no window', async () => {
    const { handle, calls } = handler(null);
    await expect(handle('queue.list', ours, {})).rejects.toThrow(IpcRefusedError);
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
