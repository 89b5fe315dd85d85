// The IPC policy of the main process, apart from Electron so it can be tested in Node: only our
// own window's app:// page may call, and every request is validated against the channel's schema
// before it reaches the core.
import { ZodError } from 'zod';
import { channels, type Channel } from '../../shared/api';
import { APP_SCHEME } from './app-protocol';

/** What the handler needs to know about who is calling. */
export interface IpcSender {
  readonly webContentsId: number;
  readonly frameUrl: string;
}

export interface IpcPolicy {
  /** The webContents id of the window we created, or null while there is none. */
  trustedWebContentsId(): number | null;
  callCore(channel: Channel, request: unknown): Promise<unknown>;
}

export class IpcRefusedError extends Error {
  override readonly name = 'IpcRefusedError';
}

export function createIpcHandler(policy: IpcPolicy) {
  return async (channel: Channel, sender: IpcSender, request: unknown): Promise<unknown> => {
    const trusted = policy.trustedWebContentsId();
    if (trusted === null || sender.webContentsId !== trusted || !sender.frameUrl.startsWith(`${APP_SCHEME}://`)) {
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
