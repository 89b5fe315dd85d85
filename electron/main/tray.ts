// The tray menu: open the window, sync now, and the scheduled jobs
// (docs/ARCHITECTURE.md, "Jobs on a schedule") with Run now and Pause/Resume each, as the Jobs
// screen offers them. Pure (types only from Electron) so the template can be tested without it;
// index.ts rebuilds it on jobs.changed.
import type { MenuItemConstructorOptions } from 'electron';

/** What the tray needs of a job (the jobs.list answer). */
export interface TrayJob {
  readonly name: string;
  readonly title: string;
  readonly paused: boolean;
  readonly running: boolean;
}

export interface TrayActions {
  open(): void;
  syncNow(): void;
  runNow(job: string): void;
  setPaused(job: string, paused: boolean): void;
}

/** `jobs`: null while the core has not answered yet. */
export function trayMenu(jobs: readonly TrayJob[] | null, act: TrayActions): MenuItemConstructorOptions[] {
  const jobItems: MenuItemConstructorOptions[] =
    jobs === null
      ? [{ label: 'Jobs (starting…)', enabled: false }]
      : [
          {
            label: 'Jobs',
            submenu: jobs.map((j): MenuItemConstructorOptions => ({
              label: `${j.title}${j.paused ? ' (paused)' : j.running ? ' (running)' : ''}`,
              submenu: [
                { label: 'Run now', enabled: !j.running, click: () => act.runNow(j.name) },
                j.paused
                  ? { label: 'Resume', click: () => act.setPaused(j.name, false) }
                  : { label: 'Pause', click: () => act.setPaused(j.name, true) },
              ],
            })),
          },
        ];
  return [
    { label: 'Open ClearDesk', click: () => act.open() },
    { label: 'Sync now', click: () => act.syncNow() },
    ...jobItems,
    { type: 'separator' },
    { label: 'Quit', role: 'quit' },
  ];
}
