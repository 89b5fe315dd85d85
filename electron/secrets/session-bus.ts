// A short-lived connection to the D-Bus session bus, for reading keytar's old entries (keytar-secret-service.ts).
// @jellybrick/dbus-next is plain JavaScript, so installing ClearDesk needs no libdbus and no compiler. Its pending
// calls do not fail when the connection does, so every wait here also ends on a connection error or a time limit.
import type { EventEmitter } from 'node:events';
import type { Message, MessageBus } from '@jellybrick/dbus-next';

export interface SessionBus {
  /** Calls a method of org.freedesktop.secrets (or of the bus itself for org.freedesktop.DBus paths). */
  call(path: string, iface: string, member: string, signature?: string, body?: unknown[]): Promise<unknown[]>;
  /** A D-Bus variant holding `value`, for arguments typed 'v'. */
  variant(signature: string, value: unknown): unknown;
  /** Starts listening for one signal; `received` settles when it comes, or fails after `timeoutMs`. */
  nextSignal(path: string, iface: string, member: string, timeoutMs: number): Promise<{ received: Promise<unknown[]> }>;
  close(): void;
}

const SECRETS_NAME = 'org.freedesktop.secrets';
const BUS_NAME = 'org.freedesktop.DBus';
const CALL_TIMEOUT_MS = 10_000;

/** Fails with `what timed out` after `ms`, unless `work` settles first. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** `busAddress` defaults to DBUS_SESSION_BUS_ADDRESS (then $XDG_RUNTIME_DIR/bus). */
export async function openSessionBus(busAddress?: string): Promise<SessionBus> {
  const dbus = await import('@jellybrick/dbus-next');
  const bus: MessageBus = dbus.sessionBus(busAddress ? { busAddress } : {});
  let fail: (error: Error) => void = () => {};
  const broken = new Promise<never>((_, reject) => (fail = reject));
  broken.catch(() => {}); // observed by each wait below; a connection that breaks while idle is no error
  // The bus emits 'error' (connection refused, handshake failed) though its typings do not list it.
  (bus as unknown as EventEmitter).on('error', (error: Error) => fail(error));
  const guarded = <T>(work: Promise<T>, ms: number, what: string) => within(Promise.race([work, broken]), ms, what);

  const call = async (path: string, iface: string, member: string, signature = '', body: unknown[] = []) => {
    const destination = path.startsWith('/org/freedesktop/DBus') ? BUS_NAME : SECRETS_NAME;
    const message = new dbus.Message({ destination, path, interface: iface, member, signature, body });
    const reply = await guarded(bus.call(message), CALL_TIMEOUT_MS, `D-Bus call ${iface}.${member}`);
    return reply?.body ?? [];
  };

  return {
    call,
    variant: (signature, value) => new dbus.Variant(signature, value),
    async nextSignal(path, iface, member, timeoutMs) {
      let listener: (message: Message) => void = () => {};
      const received = new Promise<unknown[]>((resolve) => {
        listener = (message) => {
          if (message.type !== dbus.MessageType.SIGNAL) return;
          if (message.path !== path || message.interface !== iface || message.member !== member) return;
          bus.off('message', listener);
          resolve(message.body);
        };
      });
      bus.on('message', listener);
      await call('/org/freedesktop/DBus', BUS_NAME, 'AddMatch', 's', [
        `type='signal',path='${path}',interface='${iface}',member='${member}'`,
      ]);
      return { received: guarded(received, timeoutMs, `waiting for ${iface}.${member}`) };
    },
    close: () => bus.disconnect(),
  };
}
