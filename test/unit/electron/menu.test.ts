// Packaged builds get a menu without DevTools or reload; development builds keep them.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenu } from '../../../electron/main/menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`has no DevTools and no reload when packaged (${platform})`, () => {
      const packaged = roles(applicationMenu({ packaged: true, platform }));
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(packaged).not.toContain('forceReload');
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll', 'zoomIn']));
    });
  }

  it('keeps DevTools in development builds', () => {
    expect(roles(applicationMenu({ packaged: false, platform: 'linux' }))).toEqual(
      expect.arrayContaining(['toggleDevTools', 'reload']),
    );
  });

  it('uses only roles and labels, no click handlers that could open DevTools another way', () => {
    const walk = (items: MenuItemConstructorOptions[]): boolean =>
      items.every((i) => i.click === undefined && (!Array.isArray(i.submenu) || walk(i.submenu)));
    expect(walk(applicationMenu({ packaged: true, platform: 'linux' }))).toBe(true);
  });
});
