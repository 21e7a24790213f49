import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let admin: string;
let adminId: number;
beforeAll(async () => {
  t = await startTestApp({ loginLimit: { windowMs: 60_000, limit: 3 }, sessionSweepMs: 200 });
  admin = await t.login('admin');
  adminId = (await (await call('GET', '/api/auth/me', admin)).json()).user.id;
});
afterAll(async () => t?.close());

function call(method: string, path: string, cookie?: string, body?: unknown): Promise<Response> {
  return fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function login(username: string, password: string): Promise<{ status: number; cookie: string }> {
  const res = await call('POST', '/api/auth/login', undefined, { username, password });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

function socketFor(cookie: string): Promise<Socket> {
  const socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

/** Creates an account through the API; returns it with its one-time password. */
async function create(username: string, role: string, displayName?: string) {
  const res = await call('POST', '/api/users', admin, { username, role, displayName });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as { user: { id: number; username: string; role: string; disabled: boolean; displayName: string }; password: string };
}

describe('user accounts', () => {
  it('an administrator creates an account whose one-time password signs in, and lists it without secrets', async () => {
    const { user, password } = await create('wang.duty', 'duty', '王值班');
    expect(user).toMatchObject({ username: 'wang.duty', role: 'duty', disabled: false, displayName: '王值班' });
    expect(password).toHaveLength(20);
    expect((await login('wang.duty', password)).status).toBe(200);

    await create('never.used', 'leader');

    const list = await call('GET', '/api/users', admin);
    const body = await list.text();
    const listed = JSON.parse(body).users as { username: string; lastLoginAt: string | null }[];
    expect(Date.now() - Date.parse(listed.find((u) => u.username === 'wang.duty')!.lastLoginAt!)).toBeLessThan(60_000);
    expect(listed.find((u) => u.username === 'never.used')!.lastLoginAt).toBeNull();
    expect(body).not.toMatch(/argon2|password/i);

    const taken = await call('POST', '/api/users', admin, { username: 'wang.duty', role: 'staff' });
    expect(taken.status).toBe(409);
    const bad = await call('POST', '/api/users', admin, { username: 'has space', role: 'emperor' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual(['role', 'username']);
  });

  it('disabling an account ends its sessions and sockets at once; enabling lets it sign in again', async () => {
    const { user, password } = await create('li.staff', 'staff');
    const session = await login('li.staff', password);
    const socket = await socketFor(session.cookie);
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    expect((await call('GET', '/api/sources', session.cookie)).status).toBe(200);

    const res = await call('PATCH', `/api/users/${user.id}`, admin, { disabled: true });
    expect(res.status).toBe(200);
    expect((await res.json()).user.disabled).toBe(true);
    expect(await disconnected).toBe('io server disconnect');
    expect((await call('GET', '/api/sources', session.cookie)).status).toBe(401);
    expect((await login('li.staff', password)).status).toBe(401);

    await call('PATCH', `/api/users/${user.id}`, admin, { disabled: false });
    expect((await login('li.staff', password)).status).toBe(200);
    socket.close();
  });

  it('a socket whose session was ended by another process (the CLI) is disconnected by the sweep', async () => {
    const { user, password } = await create('feng', 'duty');
    const session = await login('feng', password);
    const socket = await socketFor(session.cookie);
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    // As `huiying users set --disable` does from its own process: the rows go, no event reaches this server.
    expect(await t.app.stores.sessions.destroyForUser(user.id)).toHaveLength(1);
    expect(await disconnected).toBe('io server disconnect');
    socket.close();
  });

  it('a new role takes effect now: the old session ends, the next login has the new rights', async () => {
    const { user, password } = await create('zhao', 'staff');
    const before = await login('zhao', password);
    expect((await call('GET', '/api/models', before.cookie)).status).toBe(200);
    // A new display name alone keeps the session.
    expect((await call('PATCH', `/api/users/${user.id}`, admin, { displayName: '赵' })).status).toBe(200);
    expect((await call('GET', '/api/models', before.cookie)).status).toBe(200);

    expect((await call('PATCH', `/api/users/${user.id}`, admin, { role: 'leader' })).status).toBe(200);
    expect((await call('GET', '/api/models', before.cookie)).status).toBe(401);
    const after = await login('zhao', password);
    expect((await call('GET', '/api/models', after.cookie)).status).toBe(403);
    expect((await (await call('GET', '/api/auth/me', after.cookie)).json()).user).toMatchObject({ role: 'leader', displayName: '赵' });
  });

  it('a password reset gives a new one-time password and ends the old sessions', async () => {
    const { user, password } = await create('sun', 'duty');
    const session = await login('sun', password);
    const res = await call('POST', `/api/users/${user.id}/password`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const fresh = (await res.json()).password as string;
    expect(fresh).not.toBe(password);
    expect((await call('GET', '/api/auth/me', session.cookie)).status).toBe(401);
    expect((await login('sun', password)).status).toBe(401);
    expect((await login('sun', fresh)).status).toBe(200);
    expect((await call('POST', '/api/users/999999/password', admin)).status).toBe(404);
  });

  it('an administrator cannot lock themselves out, and the office keeps an enabled administrator', async () => {
    const self = await call('PATCH', `/api/users/${adminId}`, admin, { disabled: true });
    expect(self.status).toBe(409);
    expect((await self.json()).error).toMatchObject({ message: expect.stringMatching(/your own account/), details: [{ reason: 'own-account' }] });
    expect((await call('PATCH', `/api/users/${adminId}`, admin, { role: 'staff' })).status).toBe(409);
    expect((await call('PATCH', `/api/users/${adminId}`, admin, { displayName: '系统管理员' })).status).toBe(200);

    // A second administrator may disable the first, but then not themselves be demoted by anyone.
    const second = await create('qian.admin', 'admin');
    const other = await login('qian.admin', second.password);
    for (const u of (await (await call('GET', '/api/users', admin)).json()).users as { id: number; role: string }[]) {
      if (u.role === 'admin' && u.id !== adminId && u.id !== second.user.id) await call('PATCH', `/api/users/${u.id}`, admin, { disabled: true });
    }
    expect((await call('PATCH', `/api/users/${adminId}`, other.cookie, { disabled: true })).status).toBe(200);
    const last = await call('PATCH', `/api/users/${second.user.id}`, other.cookie, { disabled: true });
    expect(last.status).toBe(409);
    expect((await last.json()).error.details).toEqual([{ path: 'disabled', reason: 'own-account' }]);
    expect(await t.app.services.users.updateUser({ id: null, username: 'cli' }, second.user.id, { role: 'staff' }).catch((e: Error) => e.message)).toMatch(/last enabled administrator/);
    expect((await call('PATCH', `/api/users/${adminId}`, other.cookie, { disabled: false })).status).toBe(200);
    admin = (await t.login('admin'));
  });

  it('rejects bad payloads with the field at fault', async () => {
    const { user } = await create('zhou', 'duty');
    for (const body of [{}, { role: 'emperor' }, { disabled: 'yes' }, { username: 'renamed' }, { displayName: 'x'.repeat(200) }]) {
      const res = await call('PATCH', `/api/users/${user.id}`, admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect((await call('PATCH', '/api/users/abc', admin, { disabled: true })).status).toBe(400);
    expect((await call('PATCH', '/api/users/999999', admin, { disabled: true })).status).toBe(404);
  });

  it('only administrators manage accounts', async () => {
    for (const role of ['staff', 'duty', 'leader'] as const) {
      const cookie = await t.login(role);
      expect((await call('GET', '/api/users', cookie)).status).toBe(403);
      expect((await call('POST', '/api/users', cookie, { username: 'x', role: 'admin' })).status).toBe(403);
      expect((await call('PATCH', `/api/users/${adminId}`, cookie, { disabled: true })).status).toBe(403);
    }
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, refuses weak ones, keeps this session and ends the others', async () => {
    const { password } = await create('wu', 'leader');
    const here = await login('wu', password);
    const elsewhere = await login('wu', password);

    const wrong = await call('POST', '/api/auth/password', here.cookie, { current: 'not-it-at-all', next: 'a much better secret' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details[0].path).toBe('current');
    const weak = await call('POST', '/api/auth/password', here.cookie, { current: password, next: 'short' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.details[0].path).toBe('next');
    expect((await call('GET', '/api/auth/me', elsewhere.cookie)).status).toBe(200);

    expect((await call('POST', '/api/auth/password', here.cookie, { current: password, next: '春江水暖鸭先知 2026' })).status).toBe(204);
    expect((await call('GET', '/api/auth/me', here.cookie)).status).toBe(200);
    expect((await call('GET', '/api/auth/me', elsewhere.cookie)).status).toBe(401);
    expect((await login('wu', password)).status).toBe(401);
    expect((await login('wu', '春江水暖鸭先知 2026')).status).toBe(200);
  });

  it('wrong current passwords are throttled like failed logins', async () => {
    const { password } = await create('zheng', 'duty');
    const { cookie } = await login('zheng', password);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('POST', '/api/auth/password', cookie, { current: `guess-${i}-xxxx`, next: 'another good secret' })).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await call('POST', '/api/auth/password', undefined, { current: password, next: 'another good secret' })).status).toBe(401);
  });
});
