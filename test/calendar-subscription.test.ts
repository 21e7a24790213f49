import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

// Calendar apps subscribe to the press schedule at a secret address per user (src/press/calendar-subscriptions.ts).
let t: TestApp;
let staff: string;
let leader: string;
beforeAll(async () => {
  t = await startTestApp({ calendarFeedLimit: { windowMs: 60_000, limit: 1000 } });
  staff = await t.login('staff');
  leader = await t.login('leader');
});
afterAll(async () => t?.close());

const api = (method: string, path: string, cookie?: string, body?: unknown) =>
  fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
/** A calendar app: no cookie, just the address. */
const subscribe = (url: string) => fetch(url);

async function leaderId(): Promise<number> {
  return (await (await api('GET', '/api/auth/me', leader)).json()).user.id;
}

describe('calendar subscription', () => {
  it('needs a session to see, issue or revoke an address', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) expect((await api(method, '/api/press/calendar-subscription')).status, method).toBe(401);
  });

  it('gives a leader an address that a calendar app reads without signing in, and records its use', async () => {
    const event = {
      kind: 'own-conference',
      title: '全省公共法律服务新闻发布会',
      start: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      status: 'planned',
      speakers: [{ name: '李明', role: 'head' }],
    };
    const created = (await (await api('POST', '/api/press/events', staff, event)).json()).event;

    expect((await (await api('GET', '/api/press/calendar-subscription', leader)).json()).subscription).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    const issued = await api('POST', '/api/press/calendar-subscription', leader);
    expect(issued.status).toBe(201);
    const { url, subscription } = await issued.json();
    expect(url).toMatch(new RegExp(`^${t.baseUrl}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(subscription).toMatchObject({ active: true, lastUsedAt: null });

    const feed = await subscribe(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.headers.get('cache-control')).toBe('private, max-age=300');
    const text = (await feed.text()).replace(/\r\n[ \t]/g, '');
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(text).toContain(`UID:press-event-${created.id}@`);
    expect(text).toContain('SUMMARY:【新闻发布会】全省公共法律服务新闻发布会');

    const status = (await (await api('GET', '/api/press/calendar-subscription', leader)).json()).subscription;
    expect(status.active).toBe(true);
    expect(Date.parse(status.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(subscription.createdAt));
    // Only a hash of the secret is stored.
    const rows = await t.testDb.db('calendar_subscriptions').select('token_hash');
    const secret = url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
    expect(rows.map((r) => String(r.token_hash))).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('answers 404 to a wrong, malformed or revoked address, and a new address replaces the old', async () => {
    const first = (await (await api('POST', '/api/press/calendar-subscription', leader)).json()).url as string;
    expect((await subscribe(first)).status).toBe(200);
    const secret = first.slice(first.lastIndexOf('/') + 1, -'.ics'.length);
    const other = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const path of [`/calendar/${other}.ics`, '/calendar/short.ics', `/calendar/${secret}x.ics`, `/calendar/${secret}.ics.bak`]) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status, path).not.toBe(200);
      expect(await res.text(), path).not.toContain('BEGIN:VCALENDAR');
    }
    expect((await fetch(`${t.baseUrl}/calendar/${other}.ics`)).status).toBe(404);

    const second = (await (await api('POST', '/api/press/calendar-subscription', leader)).json()).url as string;
    expect(second).not.toBe(first);
    expect((await subscribe(first)).status).toBe(404);
    expect((await subscribe(second)).status).toBe(200);

    expect((await api('DELETE', '/api/press/calendar-subscription', leader)).status).toBe(204);
    expect((await subscribe(second)).status).toBe(404);
    expect((await (await api('GET', '/api/press/calendar-subscription', leader)).json()).subscription.active).toBe(false);
  });

  it("checks the user on every fetch: a disabled account's address stops working, a role without the schedule is refused", async () => {
    const url = (await (await api('POST', '/api/press/calendar-subscription', leader)).json()).url as string;
    const id = await leaderId();
    await t.testDb.db('users').where({ id }).update({ disabled: true });
    expect((await subscribe(url)).status).toBe(404);
    await t.testDb.db('users').where({ id }).update({ disabled: false });
    expect((await subscribe(url)).status).toBe(200);
    // A role the policy table does not know may read nothing.
    await t.testDb.db('users').where({ id }).update({ role: 'visitor' });
    const refused = await subscribe(url);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    await t.testDb.db('users').where({ id }).update({ role: 'leader' });
    expect((await subscribe(url)).status).toBe(200);
  });

  it('keeps each user to their own address', async () => {
    const mine = (await (await api('POST', '/api/press/calendar-subscription', staff)).json()).url as string;
    const theirs = (await (await api('POST', '/api/press/calendar-subscription', leader)).json()).url as string;
    expect(mine).not.toBe(theirs);
    expect((await api('DELETE', '/api/press/calendar-subscription', staff)).status).toBe(204);
    expect((await subscribe(mine)).status).toBe(404);
    expect((await subscribe(theirs)).status).toBe(200);
  });
});

describe('calendar addresses under load', () => {
  it('limits requests per client address', async () => {
    const limited = await startTestApp({ calendarFeedLimit: { windowMs: 60_000, limit: 3 } });
    try {
      const cookie = await limited.login('leader');
      const { url } = await (await fetch(`${limited.baseUrl}/api/press/calendar-subscription`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' } })).json();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
