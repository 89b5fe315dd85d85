// OAuth password grant tokens: three colon-separated segments, valid 7200 s, no refresh token.
import type { SimClock } from './clock';
import { type Random, randomHex } from './prng';

export interface SandboxUser {
  readonly username: string;
  readonly password: string;
}

interface Token {
  username: string;
  expiresAt: number;
  calls: number;
}

export const TOKEN_LIFETIME_S = 7200;

export class TokenStore {
  private readonly tokens = new Map<string, Token>();
  /** Fault knob: a token stops working after this many authenticated calls. */
  maxCalls: number | null = null;

  constructor(
    private readonly users: readonly SandboxUser[],
    private readonly random: Random,
    private readonly clock: SimClock,
  ) {}

  issue(
    username: unknown,
    password: unknown,
  ): { access_token: string; token_type: 'bearer'; expires_in: number } | null {
    const user = this.users.find((u) => u.username === username && u.password === password);
    if (!user) return null;
    const b64 = Buffer.from(randomHex(this.random, 24), 'hex')
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '');
    const access_token = `${randomHex(this.random, 32)}:${randomHex(this.random, 32)}:${b64}`;
    this.tokens.set(access_token, {
      username: user.username,
      expiresAt: this.clock.now() + TOKEN_LIFETIME_S * 1000,
      calls: 0,
    });
    return { access_token, token_type: 'bearer', expires_in: TOKEN_LIFETIME_S };
  }

  /** The user a bearer token belongs to, or null when it is unknown, expired or used up. */
  check(authorization: string | undefined): string | null {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = m ? this.tokens.get(m[1]!) : undefined;
    if (!token) return null;
    if (this.clock.now() >= token.expiresAt || (this.maxCalls !== null && token.calls >= this.maxCalls)) {
      this.tokens.delete(m![1]!);
      return null;
    }
    token.calls += 1;
    return token.username;
  }

  invalidateAll(): void {
    this.tokens.clear();
  }
}
