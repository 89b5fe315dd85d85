// IPC names for the Electron transport, derived from the channel list so there is one source.
import type { Channel, EventName } from './channels';

export const ipcChannel = (channel: Channel): string => `cleardesk:${channel}`;
export const ipcEvent = (event: EventName): string => `cleardesk-event:${event}`;

/** Messages between the main process and the core's utility process. */
export type CoreRequestMessage = {
  readonly type: 'call';
  readonly id: number;
  readonly channel: Channel;
  readonly request: unknown;
  readonly actor: string;
};
export type CoreReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly data: unknown }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly ok: false;
      readonly error: { code: string; message: string };
    }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown }
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly message: string };
