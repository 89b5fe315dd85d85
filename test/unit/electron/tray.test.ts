// The tray menu's jobs: each with Run now (not while it runs) and Pause or Resume, calling the core
// for that job; before the core answers, a disabled placeholder.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { trayMenu, type TrayActions } from '../../../electron/main/tray';

function recorder() {
  const calls: string[] = [];
  const act: TrayActions = {
    open: () => calls.push('open'),
    syncNow: () => calls.push('sync'),
    runNow: (job) => calls.push(`run ${job}`),
    setPaused: (job, paused) => calls.push(`${paused ? 'pause' : 'resume'} ${job}`),
  };
  return { calls, act };
}

const click = (item: MenuItemConstructorOptions | undefined): void =>
  (item?.click as (() => void) | undefined)?.call(null);
const sub = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] =>
  (item?.submenu as MenuItemConstructorOptions[] | undefined) ?? [];

describe('tray menu', () => {
  it('waits for the core with a disabled Jobs entry', () => {
    const { act } = recorder();
    const menu = trayMenu(null, act);
    expect(menu.map((i) => i.label ?? i.type)).toEqual([
      'Open ClearDesk',
      'Sync now',
      'Jobs (starting…)',
      'separator',
      'Quit',
    ]);
    expect(menu[2]!.enabled).toBe(false);
  });

  it('offers Run now and Pause or Resume per job, for that job', () => {
    const { calls, act } = recorder();
    const menu = trayMenu(
      [
        { name: 'paytrace.sync', title: 'PayTrace sync', paused: false, running: true },
        { name: 'audit.anchor', title: 'Audit anchor', paused: true, running: false },
      ],
      act,
    );
    const jobs = sub(menu.find((i) => i.label === 'Jobs'));
    expect(jobs.map((j) => j.label)).toEqual(['PayTrace sync (running)', 'Audit anchor (paused)']);
    const [sync, anchor] = jobs.map(sub);
    expect(sync!.map((i) => [i.label, i.enabled ?? true])).toEqual([
      ['Run now', false],
      ['Pause', true],
    ]);
    expect(anchor!.map((i) => i.label)).toEqual(['Run now', 'Resume']);
    click(sync![1]);
    click(anchor![0]);
    click(anchor![1]);
    click(menu[1]);
    expect(calls).toEqual(['pause paytrace.sync', 'run audit.anchor', 'resume audit.anchor', 'sync']);
  });
});
