// Who is signed in to the browser host. A printed link carries a one-time token; redeeming it
// starts a session whose id lives only in an HttpOnly cookie. Sessions end when signed out, when
// idle longer than the host allows, or when the host stops (they are kept in memory only).
// Secrets are looked up by their SHA-256 digest, so comparing them tells nothing by its timing.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/ports';
import { personKey } from '../../../shared/domain';

/** An unused link stays valid this long, so one forgotten in a terminal or a chat does not last for ever. */
export const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Bounds on what is remembered, whatever is asked of the host. */
const MAX_PENDING_LINKS = 1000;
const MAX_USED_LINKS = 1000;

export interface Session {
  /** The digest of the cookie's value, never the value itself. */
  readonly key: string;
  /** As the store had them at this session's last request (roles change, the name does not). */
  actor: Actor;
  lastActive: number;
}

export type EndReason = 'signed-out' | 'idle' | 'replaced' | 'disabled';

export type Redeemed =
  | { readonly kind: 'started'; readonly id: string; readonly session: Session }
  | { readonly kind: 'used'; readonly actor: Actor }
  | { readonly kind: 'unknown' };

export interface SessionStoreOptions {
  readonly idleMs: number;
  readonly linkLifetimeMs?: number;
  readonly now?: () => number;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const digest = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  // Maps iterate in insertion order: the first key is the oldest.
  while (map.size > max) map.delete(map.keys().next().value as K);
}

export class SessionStore {
  private readonly links = new Map<string, { actor: Actor; expires: number }>();
  private readonly used = new Map<string, Actor>();
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(session: Session, why: EndReason) => void>();
  private readonly now: () => number;
  readonly idleMs: number;
  private readonly linkLifetimeMs: number;

  constructor(options: SessionStoreOptions) {
    this.idleMs = options.idleMs;
    this.linkLifetimeMs = options.linkLifetimeMs ?? LINK_LIFETIME_MS;
    this.now = options.now ?? Date.now;
  }

  /** A new one-time token for this person; earlier unused ones stay valid (several browsers, several testers). */
  mintLink(actor: Actor): string {
    const token = newSecret();
    remember(this.links, digest(token), { actor, expires: this.now() + this.linkLifetimeMs }, MAX_PENDING_LINKS);
    return token;
  }

  /** Trades a link's token for a session, once. */
  redeem(token: string): Redeemed {
    if (!SECRET.test(token)) return { kind: 'unknown' };
    const key = digest(token);
    const used = this.used.get(key);
    if (used) return { kind: 'used', actor: used };
    const link = this.links.get(key);
    this.links.delete(key);
    if (!link || link.expires <= this.now()) return { kind: 'unknown' };
    remember(this.used, key, link.actor, MAX_USED_LINKS);
    const id = newSecret();
    const session: Session = { key: digest(id), actor: link.actor, lastActive: this.now() };
    this.sessions.set(session.key, session);
    return { kind: 'started', id, session };
  }

  /** The live session with this cookie value; `touch` counts the request as the person's activity. */
  find(id: string | null, touch: boolean): Session | null {
    if (!id) return null;
    const session = this.sessions.get(digest(id));
    if (!session) return null;
    if (this.now() - session.lastActive >= this.idleMs) {
      this.end(session.key, 'idle');
      return null;
    }
    if (touch) session.lastActive = this.now();
    return session;
  }

  end(key: string, why: EndReason): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    for (const listener of this.listeners) listener(session, why);
  }

  /** The live sessions of a person (names compare without case). */
  sessionsOf(name: string): Session[] {
    return [...this.sessions.values()].filter((s) => personKey(s.actor.name) === personKey(name));
  }

  /** Ends idle sessions and forgets expired links; the host runs it on a timer. */
  sweep(): void {
    const now = this.now();
    for (const s of [...this.sessions.values()]) if (now - s.lastActive >= this.idleMs) this.end(s.key, 'idle');
    for (const [key, link] of [...this.links]) if (link.expires <= now) this.links.delete(key);
  }

  onEnded(listener: (session: Session, why: EndReason) => void): void {
    this.listeners.add(listener);
  }
}
