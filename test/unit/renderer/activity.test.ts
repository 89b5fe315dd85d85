// Only the person's own input keeps a browser-host session alive; loading the page counts.
import { describe, expect, it } from 'vitest';
import { ACTIVE_MS, trackActivity } from '../../../renderer/src/bridge/activity';

describe('activity', () => {
  it('is active after loading and after input, idle a minute after the last input', () => {
    let now = 1_000;
    const target = new EventTarget();
    const active = trackActivity(target, () => now);
    expect(active()).toBe(true);
    now += ACTIVE_MS;
    expect(active()).toBe(false);
    target.dispatchEvent(new Event('keydown'));
    expect(active()).toBe(true);
    now += ACTIVE_MS - 1;
    expect(active()).toBe(true);
    now += 1;
    expect(active()).toBe(false);
    target.dispatchEvent(new Event('pointerdown'));
    expect(active()).toBe(true);
  });
});
