// A credential held in memory never shows up in logs, JSON or error messages by accident.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../electron/secrets';

describe('Secret', () => {
  const secret = new Secret('hunter2-Ä');

  it('prints as [redacted] in strings, JSON, inspect and errors', () => {
    expect(`${secret}`).toBe('[redacted]');
    expect(String(secret)).toBe('[redacted]');
    expect('pw=' + secret).toBe('pw=[redacted]');
    expect(JSON.stringify({ password: secret })).toBe('{"password":"[redacted]"}');
    expect(inspect({ password: secret })).toBe('{ password: Secret([redacted]) }');
    expect(new Error(`login with ${secret} failed`).message).not.toContain('hunter2');
  });

  it('gives the value out only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2-Ä');
    expect(Object.keys(secret)).toEqual([]);
  });
});
