// The application menu. Electron's default menu carries Toggle Developer Tools (Ctrl+Shift+I),
// and DevTools in a clerk's copy would hand anyone at the desk a console beside the preload's bridge
// to the core; so packaged builds get this minimal menu, and only development builds add reload and
// DevTools. Pure (types only from Electron) so the templates can be tested without it.
import type { MenuItemConstructorOptions } from 'electron';

export function applicationMenu(options: {
  packaged: boolean;
  platform: NodeJS.Platform;
}): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const development: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' as const, submenu: [mac ? { role: 'close' as const } : { role: 'quit' as const }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...development,
      ],
    },
    { role: 'windowMenu' as const, submenu: [{ role: 'minimize' as const }, { role: 'close' as const }] },
  ];
}
