import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type session from 'express-session';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { fixedClock } from '../shared/clock.ts';
import { DbSessionStore } from './session.store.ts';

let t: TestDb;
let store: DbSessionStore;
beforeAll(async () => {
  t = await createTestDb();
  store = new DbSessionStore(t.db, fixedClock('2026-11-29T02:00:00Z'), 3_600_000);
});
afterAll(async () => t?.close());

const call = <T>(f: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));
const sess = (user: string) => ({ cookie: { expires: new Date('2026-11-29T04:00:00Z') }, user }) as unknown as session.SessionData;
const userSess = (id: number) => ({ cookie: { expires: new Date('2026-11-29T04:00:00Z') }, user: { id, username: `u${id}`, displayName: '', role: 'staff' } }) as session.SessionData;

describe('DbSessionStore', () => {
  it('stores, reads back and extends a session', async () => {
    await call((cb) => store.set('a', sess('zhang'), cb));
    expect(await call((cb) => store.get('a', cb))).toMatchObject({ user: 'zhang' });
    await call((cb) => store.touch('a', sess('zhang'), cb));
    expect(await call((cb) => store.get('a', cb))).toMatchObject({ user: 'zhang' });
  });

  it('does not bring a destroyed session back when a late request touches it', async () => {
    await call((cb) => store.set('b', sess('li'), cb));
    await call((cb) => store.destroy('b', cb));
    await call((cb) => store.touch('b', sess('li'), cb));
    expect(await call((cb) => store.get('b', cb))).toBeNull();
  });

  it("ends one user's sessions, all or all but the caller's, and no one else's", async () => {
    for (const [sid, id] of [['c1', 7], ['c2', 7], ['c3', 7], ['d1', 8]] as const) await call((cb) => store.set(sid, userSess(id), cb));
    expect(await store.destroyForUser(7, 'c2')).toEqual(expect.arrayContaining(['c1', 'c3']));
    expect(await call((cb) => store.get('c1', cb))).toBeNull();
    expect(await call((cb) => store.get('c2', cb))).toMatchObject({ user: { id: 7 } });
    expect(await store.destroyForUser(7)).toEqual(['c2']);
    expect(await store.destroyForUser(7)).toEqual([]);
    expect(await call((cb) => store.get('d1', cb))).toMatchObject({ user: { id: 8 } });
  });
});
