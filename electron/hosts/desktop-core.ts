// Entry of the desktop app's utility process: the core, off the main process's event loop.
// Talks to electron/main over process.parentPort (a MessagePort Electron provides here).
import { ApiError, type Channel, eventNames } from '../../shared/api';
import type { CoreReplyMessage, CoreRequestMessage } from '../../shared/api/ipc';
import { redactCardText } from '../../shared/security';
import { createLogger, logsDirOf } from './log';
import { openApp } from './app';
import { syncEveryOverrides } from './jobs';

interface ParentPort {
  on(event: 'message', listener: (e: { data: CoreRequestMessage }) => void): void;
  postMessage(message: CoreReplyMessage): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const log = createLogger();

try {
  // The desktop's logs folder (app.getPath('logs'), passed in by electron/main), else <data>/logs.
  await log.attachFile(process.env.CLEARDESK_LOG_DIR || logsDirOf(process.env.CLEARDESK_DATA_DIR!));
  const app = await openApp({
    dataDir: process.env.CLEARDESK_DATA_DIR!,
    sandbox: process.env.CLEARDESK_SANDBOX === '1',
    env: process.env,
    log,
  });
  const { core } = app;
  for (const event of eventNames) {
    core.events.on(event, (payload) => parentPort.postMessage({ type: 'event', event, payload }));
  }
  parentPort.on('message', ({ data }) => {
    if (data.type !== 'call') return;
    core
      .handle(data.channel as Channel, data.request as never, {
        name: data.actor,
        roles: ['clerk', 'approver', 'admin'],
      })
      .then((result) => parentPort.postMessage({ type: 'reply', id: data.id, ok: true, data: result }))
      .catch((e: unknown) =>
        parentPort.postMessage({
          type: 'reply',
          id: data.id,
          ok: false,
          error: {
            code: e instanceof ApiError ? e.code : 'internal',
            // Bound for the renderer: a message may quote what was sent or stored (shared/security).
            message: redactCardText(e instanceof Error ? e.message : String(e)),
          },
        }),
      );
  });
  // The scheduled jobs; CLEARDESK_SYNC_MINUTES sets the sync's interval (0: no background jobs).
  const minutes = process.env.CLEARDESK_SYNC_MINUTES?.trim() ? Number(process.env.CLEARDESK_SYNC_MINUTES) : undefined;
  if (minutes !== 0)
    await core.jobs.start(syncEveryOverrides(minutes, 'CLEARDESK_SYNC_MINUTES', '0 runs no background job'));
  parentPort.postMessage({ type: 'ready' });
} catch (e) {
  parentPort.postMessage({ type: 'fatal', message: redactCardText(e instanceof Error ? e.message : String(e)) });
  process.exit(1);
}
