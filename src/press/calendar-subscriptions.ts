import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/knex.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/values.ts';
import type { UserStore } from '../auth/user.store.ts';
import type { SessionUser } from '../http/secure-router.ts';
import type { Clock } from '../shared/clock.ts';

/**
 * Calendar subscriptions (日历订阅): the press schedule's iCalendar feed at a secret address per
 * user, because calendar apps (Outlook, the phone's calendar) fetch a URL on their own and cannot
 * sign in. The secret is the credential: 256 random bits, shown once, stored only as a SHA-256;
 * issuing a new one replaces the old, and it works only while its user exists, is enabled and has a
 * role that may read the press schedule (checked on every fetch, not when it was issued).
 */

/** 32 random bytes in base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A calendar app polls every few minutes to hours; recording each poll's time once a minute is plenty. */
const TOUCH_EVERY_MS = 60_000;

export interface CalendarSubscription {
  createdAt: Date;
  lastUsedAt: Date | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The only place that reads and writes the calendar_subscriptions table. */
export class CalendarSubscriptionStore {
  constructor(private readonly db: Db) {}

  async forUser(userId: number): Promise<CalendarSubscription | null> {
    const row = await this.db('calendar_subscriptions').where({ user_id: userId }).first();
    return row ? { createdAt: fromDbTime(row.created_at), lastUsedAt: fromDbTimeOrNull(row.last_used_at) } : null;
  }

  /** Stores the user's subscription, replacing any earlier one (whose address stops working). */
  async replace(userId: number, tokenHash: string, now: Date): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('calendar_subscriptions').where({ user_id: userId }).delete();
      await trx('calendar_subscriptions').insert({ user_id: userId, token_hash: tokenHash, created_at: toDbTime(now), last_used_at: null });
    });
  }

  /** Removes the user's subscription; false when there was none. */
  async remove(userId: number): Promise<boolean> {
    return (await this.db('calendar_subscriptions').where({ user_id: userId }).delete()) > 0;
  }

  async findByHash(tokenHash: string): Promise<{ id: number; userId: number; lastUsedAt: Date | null } | null> {
    const row = await this.db('calendar_subscriptions').where({ token_hash: tokenHash }).first();
    return row ? { id: Number(row.id), userId: Number(row.user_id), lastUsedAt: fromDbTimeOrNull(row.last_used_at) } : null;
  }

  async touch(id: number, now: Date): Promise<void> {
    await this.db('calendar_subscriptions').where({ id }).update({ last_used_at: toDbTime(now) });
  }
}

export class CalendarSubscriptions {
  constructor(private readonly deps: { store: CalendarSubscriptionStore; users: Pick<UserStore, 'get'>; clock: Clock }) {}

  status(userId: number): Promise<CalendarSubscription | null> {
    return this.deps.store.forUser(userId);
  }

  /** A new secret for the user (the old one, if any, stops working); returned once, never stored. */
  async issue(userId: number): Promise<{ token: string; subscription: CalendarSubscription }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    await this.deps.store.replace(userId, hashToken(token), now);
    return { token, subscription: { createdAt: now, lastUsedAt: null } };
  }

  revoke(userId: number): Promise<boolean> {
    return this.deps.store.remove(userId);
  }

  /** The user a secret belongs to, when it is current and the user is enabled; else null. */
  async userFor(token: string): Promise<SessionUser | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const found = await this.deps.store.findByHash(hashToken(token));
    if (!found) return null;
    const user = await this.deps.users.get(found.userId);
    if (!user || user.disabled) return null;
    const now = this.deps.clock.now();
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await this.deps.store.touch(found.id, now);
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  }
}
