// The IPC policy of the main process, apart from Electron so it can be tested in Node: only the
// main frame of our own window, showing our own app:// page, may call (not a subframe, not another
// webContents), and every request is validated against the channel's schema before it reaches the
// core.
import { ZodError } from 'zod';
import { channels, type Channel } from '../../shared/api';
import { isOwnPage } from './app-protocol';

/** A frame as Electron names it across processes (WebFrameMain's processId and routingId). */
export interface FrameRef {
  readonly processId: number;
  readonly routingId: number;
}

/** What the handler needs to know about who is calling. */
export interface IpcSender {
  readonly webContentsId: number;
  /** event.senderFrame: null when the frame navigated away or was destroyed before the call arrived. */
  readonly frame: (FrameRef & { readonly url: string }) | null;
}

export interface IpcPolicy {
  /** Our window's webContents id and its main frame, or null while there is no window. */
  trustedWindow(): { readonly webContentsId: number; readonly mainFrame: FrameRef } | null;
  callCore(channel: Channel, request: unknown): Promise<unknown>;
}

export class IpcRefusedError extends Error {
  override readonly name = 'IpcRefusedError';
}

export function createIpcHandler(policy: IpcPolicy) {
  return async (channel: Channel, sender: IpcSender, request: unknown): Promise<unknown> => {
    if (!fromOurMainFrame(policy.trustedWindow(), sender)) {
      throw new IpcRefusedError(`Refused ${channel}: the call did not come from ClearDesk's own window.`);
    }
    let parsed: unknown;
    try {
      parsed = channels[channel].request.parse(request);
    } catch (e) {
      if (e instanceof ZodError)
        throw new IpcRefusedError(
          `Refused ${channel}: ${e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
        );
      throw e;
    }
    return policy.callCore(channel, parsed);
  };
}

function fromOurMainFrame(trusted: ReturnType<IpcPolicy['trustedWindow']>, sender: IpcSender): boolean {
  const { frame } = sender;
  return (
    trusted !== null &&
    frame !== null &&
    sender.webContentsId === trusted.webContentsId &&
    frame.processId === trusted.mainFrame.processId &&
    frame.routingId === trusted.mainFrame.routingId &&
    isOwnPage(frame.url)
  );
}
