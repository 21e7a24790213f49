import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { loadQuotaRules } from '../src/press/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let staff: string;
let leader: string;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
  leader = await t.login('leader');
});
afterAll(async () => t?.close());

const api = (method: string, path: string, body?: unknown, cookie = staff) =>
  fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const conference = {
  kind: 'own-conference',
  title: '全省法律援助工作新闻发布会',
  start: '2026-12-18T10:00:00+08:00',
  status: 'planned',
  keywords: ['法律援助'],
  speakers: [{ name: '李明', role: 'head' }, { name: '王芳', role: 'spokesperson' }],
};

describe('/api/press', () => {
  it('rejects an event without an offset, an unknown kind and a bad link, naming each field', async () => {
    const res = await api('POST', '/api/press/events', { ...conference, kind: 'party', start: '2026-12-18 10:00', materials: [{ url: 'javascript:alert(1)' }] });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect((error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['kind', 'materials.0.url', 'start']);
  });

  it('records an event, changes its status, lists it by range and deletes it; a leader reads but cannot write', async () => {
    const created = await api('POST', '/api/press/events', conference);
    expect(created.status).toBe(201);
    const { event } = await created.json();
    expect(event).toMatchObject({ title: conference.title, start: '2026-12-18T02:00:00.000Z', status: 'planned', speakers: [{ name: '李明', role: 'head' }, { name: '王芳', role: 'spokesperson' }] });

    const held = await (await api('POST', `/api/press/events/${event.id}/status`, { status: 'held' })).json();
    expect(held.event.status).toBe('held');
    const edited = await (await api('PUT', `/api/press/events/${event.id}`, { ...conference, title: '改期后的发布会', status: 'held' })).json();
    expect(edited.event).toMatchObject({ id: event.id, title: '改期后的发布会' });

    const inQ4 = await (await api('GET', '/api/press/events?from=2026-10-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00', undefined, leader)).json();
    expect(inQ4.events.map((e: { id: number }) => e.id)).toEqual([event.id]);
    const inQ3 = await (await api('GET', '/api/press/events?from=2026-07-01T00:00:00%2B08:00&to=2026-10-01T00:00:00%2B08:00')).json();
    expect(inQ3.events).toEqual([]);

    expect((await api('POST', '/api/press/events', conference, leader)).status).toBe(403);
    expect((await api('DELETE', `/api/press/events/${event.id}`, undefined, leader)).status).toBe(403);
    expect((await api('DELETE', `/api/press/events/${event.id}`)).status).toBe(204);
    expect((await api('GET', `/api/press/events/${event.id}`)).status).toBe(404);
    expect((await api('POST', `/api/press/events/${event.id}/status`, { status: 'held' })).status).toBe(404);
  });

  it('adds people and updates them by name', async () => {
    expect((await api('POST', '/api/press/people', { name: '张伟', role: 'leader', title: '副厅长' })).status).toBe(201);
    const again = await api('POST', '/api/press/people', { name: '张伟', role: 'leader', title: '党委委员、副厅长' });
    expect(again.status).toBe(200);
    const { people } = await again.json();
    expect(people).toEqual([expect.objectContaining({ name: '张伟', title: '党委委员、副厅长', role: 'leader' })]);
    expect((await api('POST', '/api/press/people', { name: '张伟', role: 'boss' })).status).toBe(400);
  });

  it('pushes saved events to the board over Socket.io', async () => {
    const socket: Socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: leader }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const pushed = new Promise<{ event: { title: string } }>((resolve) => socket.on('press.event-saved', resolve));
    await api('POST', '/api/press/events', { ...conference, title: '吹风会', kind: 'briefing' });
    expect((await pushed).event.title).toBe('吹风会');
    socket.close();
  });

  it('answers the quota status the CLI prints, with the events behind each number; rules are replaced as a set', async () => {
    await t.app.services.press.seedQuotaRules(loadQuotaRules());
    const created = await (await api('POST', '/api/press/events', { ...conference, title: '四季度发布会', status: 'held', start: '2026-11-20T10:00:00+08:00' })).json();
    const res = await api('GET', '/api/press/quota?at=2026-12-05T00:00:00%2B08:00', undefined, leader);
    expect(res.status).toBe(200);
    const report = await res.json();
    const own = report.statuses.find((s: { ruleId: string }) => s.ruleId === 'own-quarterly');
    expect(own).toMatchObject({ period: { name: '2026Q4', label: '2026年第四季度' }, required: 1, counted: 1, state: 'met', stateLabel: '已完成', countedEvents: [{ id: created.event.id, title: '四季度发布会' }] });
    expect(report.reminders.map((r: { ruleId: string }) => r.ruleId)).toContain('head-yearly');
    expect((await api('GET', '/api/press/quota?at=yesterday')).status).toBe(400);

    const rules = [{ id: 'own-quarterly', name: '每季度2次', period: 'quarter', minimum: 2, filter: { kinds: ['own-conference'] } }];
    expect((await api('PUT', '/api/press/quota-rules', { rules }, leader)).status).toBe(403);
    expect((await api('PUT', '/api/press/quota-rules', { rules: [{ ...rules[0], period: 'month' }] })).status).toBe(400);
    expect((await api('PUT', '/api/press/quota-rules', { rules: [rules[0], rules[0]] })).status).toBe(400);
    const replaced = await api('PUT', '/api/press/quota-rules', { rules });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).rules).toEqual([{ ...rules[0], enabled: true }]);
    const after = await (await api('GET', '/api/press/quota?at=2026-12-05T00:00:00%2B08:00')).json();
    expect(after.statuses.map((s: { ruleId: string; state: string }) => `${s.ruleId} ${s.state}`)).toEqual(['own-quarterly at-risk']);
  });
});

describe('/api/press/calendar.ics', () => {
  it('serves the schedule as iCalendar: tentative, confirmed and cancelled events, escaped text, stable ids', async () => {
    const soon = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const planned = (await (await api('POST', '/api/press/events', { ...conference, title: '年终发布会；答记者问, 第二场', start: soon })).json()).event;
    const cancelled = (await (await api('POST', '/api/press/events', { ...conference, title: '取消的吹风会', kind: 'briefing', start: soon, status: 'cancelled' })).json()).event;
    const res = await api('GET', '/api/press/calendar.ics', undefined, leader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    // RFC 5545 folds long lines with CRLF + space; unfold before reading.
    const text = (await res.text()).replace(/\r\n[ \t]/g, '');
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    const vevents = text.split('BEGIN:VEVENT').slice(1);
    const mine = vevents.find((v) => v.includes(`UID:press-event-${planned.id}@`))!;
    expect(mine).toContain('SUMMARY:【新闻发布会】年终发布会；答记者问\\, 第二场');
    expect(mine).toContain('STATUS:TENTATIVE');
    expect(mine).toContain('发言人：李明（主要负责同志）、王芳（新闻发言人）');
    expect(vevents.find((v) => v.includes(`UID:press-event-${cancelled.id}@`))).toContain('STATUS:CANCELLED');
    expect((await fetch(`${t.baseUrl}/api/press/calendar.ics`)).status).toBe(401);
  });
});
