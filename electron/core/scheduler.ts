// Background sync on a schedule. PayTrace has no webhooks, so "real time" is polling: a pass
// every few minutes, never two at once, and a failure waits for the next tick instead of looping.
import type { Logger } from '../../shared/ports';

export interface Scheduler {
  stop(): void;
}

export function scheduleSync(run: () => Promise<unknown>, everyMinutes: number, log: Logger): Scheduler {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const summary = await run();
      log.info('sync.scheduled.ok', { summary });
    } catch (e) {
      log.error('sync.scheduled.failed', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(1, everyMinutes) * 60_000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
