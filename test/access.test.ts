import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { can, policy, roles } from '../src/auth/policy.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ loginLimit: { windowMs: 60_000, limit: 3 } });
});
afterAll(async () => t?.close());

const get = (path: string, cookie?: string) => fetch(`${t.baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

function socketFor(cookie?: string): Promise<{ socket: Socket; error: string | null }> {
  const socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ socket, error: null }));
    socket.on('connect_error', (err) => resolve({ socket, error: err.message }));
  });
}

describe('without a session', () => {
  it('only the login page, its assets and the health check answer', async () => {
    expect((await get('/api/health')).status).toBe(200);
    expect((await get('/login')).status).toBe(200);
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/login');
    for (const path of ['/api/sources', '/api/mentions', '/api/auth/me', '/app/vendor/socket.io.esm.min.js', '/app/board.js', '/anything']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code, path).toBe('unauthenticated');
    }
    const post = await fetch(`${t.baseUrl}/api/sources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
  });

  it('the login page is served, and sends someone already signed in to the board', async () => {
    const page = await get('/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="login-submit"');
    const signedIn = await get('/login', await t.login('leader'));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/');
  });

  it('a socket connection is refused', async () => {
    const { socket, error } = await socketFor();
    expect(error).toBe('unauthenticated');
    socket.close();
  });

  it('a forged cookie is refused', async () => {
    expect((await get('/api/sources', 'huiying.sid=s%3Aforged.signature')).status).toBe(401);
    const { socket, error } = await socketFor('huiying.sid=s%3Aforged.signature');
    expect(error).toBe('unauthenticated');
    socket.close();
  });
});

describe('the policy table', () => {
  it('covers every route; only login, logout and health are public', () => {
    const publicRoutes = t.app.routes.filter((r) => r.action === 'public').map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual(['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout']);
    for (const r of t.app.routes) if (r.action !== 'public') expect(Object.keys(policy)).toContain(r.action);
    // The one route a secret in the address signs in to (calendar apps cannot log in); its user's
    // role is checked like a session's (test/calendar-subscription.test.ts).
    const byToken = t.app.routes.filter((r) => r.auth === 'token').map((r) => `${r.method} ${r.path} ${r.action}`);
    expect(byToken).toEqual(['GET /calendar/:token.ics press.read']);
  });

  it('every role gets 403 exactly where the table says no', async () => {
    const apiRoutes = t.app.routes.filter((r) => r.action !== 'public' && r.path.startsWith('/api/'));
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const role of roles) {
      const cookie = await t.login(role);
      for (const r of apiRoutes) {
        const path = r.path.replace(/:id/g, '999999');
        const res = await fetch(`${t.baseUrl}${path}`, {
          method: r.method,
          headers: { cookie, 'content-type': 'application/json' },
          body: r.method === 'GET' ? undefined : '{}',
        });
        const label = `${role} ${r.method} ${path}`;
        if (can(role, r.action)) expect(res.status, label).not.toBe(403);
        else {
          expect(res.status, label).toBe(403);
          expect((await res.json()).error.code).toBe('forbidden');
        }
      }
    }
  });
});

describe('login', () => {
  it('logs in, reads /me, serves the board, and logs out for good', async () => {
    const cookie = await t.login('leader');
    const me = await get('/api/auth/me', cookie);
    expect(me.status).toBe(200);
    expect((await me.json()).user.role).toBe('leader');
    const board = await get('/', cookie);
    expect(board.status).toBe(200);
    expect(board.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await get('/app/vendor/socket.io.esm.min.js', cookie)).status).toBe(200);

    const { socket, error } = await socketFor(cookie);
    expect(error).toBeNull();
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));
    const out = await fetch(`${t.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    await disconnected;
    expect((await get('/api/auth/me', cookie)).status).toBe(401);
    socket.close();
  });

  it('refuses wrong passwords, then rate limits', async () => {
    const { username } = await t.createUser('staff');
    const attempt = () =>
      fetch(`${t.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'wrong-password' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const body = await (await attempt()).json();
    expect(body.error.code).toBe('too_many_requests');
    // The lock is per account: a colleague at the same address still signs in.
    expect(await t.login('admin')).toMatch(/=/);
  });

  it('rejects malformed login payloads with the error shape', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": 5' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('refuses state-changing requests that are not JSON', async () => {
    const cookie = await t.login('admin');
    const res = await fetch(`${t.baseUrl}/api/sources`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: 'name=x' });
    expect(res.status).toBe(400);
  });
});

describe('socket events', () => {
  it('a logged-in socket gets collected mentions and may ask for a catch-up', async () => {
    const cookie = await t.login('duty');
    const { socket, error } = await socketFor(cookie);
    expect(error).toBeNull();
    const answer = await socket.emitWithAck('mentions.catch-up', { afterId: 0 });
    expect(answer).toEqual({ ok: true, mentions: [] });
    const bad = await socket.emitWithAck('mentions.catch-up', { afterId: 'x' });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('validation_failed');
    socket.close();
  });
});
