import session from 'express-session';
import type { Db } from '../db/knex.ts';
import { toDbTime } from '../db/values.ts';
import type { Clock } from '../shared/clock.ts';

/**
 * express-session's store on our own `sessions` table. Hand-written (about 40 lines) rather than
 * connect-session-knex so the table is created by our numbered migrations like every other table
 * and the same code runs on SQLite and PostgreSQL.
 */
export class DbSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db('sessions')
      .where({ sid })
      .andWhere('expires_at', '>', toDbTime(this.clock.now()))
      .first('sess')
      .then((row) => cb(null, row ? (JSON.parse(String(row.sess)) as session.SessionData) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(this.clock.now().getTime() + this.defaultTtlMs);
    this.db('sessions')
      .insert({ sid, sess: JSON.stringify(sess), expires_at: toDbTime(expires), user_id: sess.user?.id ?? null })
      .onConflict('sid')
      .merge()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  /**
   * Extends a live session. An update, never an insert: a request still in flight when its session
   * was destroyed (a socket's polling request during logout) must not bring the session back.
   */
  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(this.clock.now().getTime() + this.defaultTtlMs);
    this.db('sessions')
      .where({ sid })
      .update({ expires_at: toDbTime(expires) })
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.db('sessions')
      .where({ sid })
      .delete()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  /**
   * Ends every session of a user (but `keep`, the caller's own when they change their password);
   * returns the ids ended, so their sockets can be disconnected too.
   */
  async destroyForUser(userId: number, keep?: string): Promise<string[]> {
    const query = () => {
      const q = this.db('sessions').where({ user_id: userId });
      return keep === undefined ? q : q.whereNot({ sid: keep });
    };
    const sids = (await query().select('sid')).map((r: { sid: string }) => String(r.sid));
    if (sids.length) await this.db('sessions').whereIn('sid', sids).delete();
    return sids;
  }

  /** Which of these session ids are still live (stored and not expired). */
  async liveIds(sids: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    // In slices, under every database's limit on query parameters.
    for (let i = 0; i < sids.length; i += 500) {
      const rows = await this.db('sessions')
        .whereIn('sid', sids.slice(i, i + 500))
        .andWhere('expires_at', '>', toDbTime(this.clock.now()))
        .select('sid');
      for (const r of rows) live.add(String(r.sid));
    }
    return live;
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', toDbTime(this.clock.now())).delete();
  }
}
