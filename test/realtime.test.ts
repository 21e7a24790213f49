import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let socket: Socket;
const received: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const cookie = await t.login('duty');
  socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  socket.on('mention.collected', ({ mentions }: { mentions: { id: number }[] }) => received.push(...mentions.map((m) => m.id)));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
});
afterAll(async () => {
  socket?.close();
  await t?.close();
});

/** Stores a mention with the given id, as another process's collection would (no event in this one). */
async function storeMention(id: number, sourceId: number, storyId: number): Promise<void> {
  const now = new Date().toISOString();
  await t.testDb.db('mentions').insert({
    id,
    source_id: sourceId,
    story_id: storyId,
    title: `信息 ${id}`,
    title_original: `信息 ${id}`,
    body: '正文',
    body_original: '正文',
    published_at: now,
    collected_at: now,
    simhash: '0000000000000000',
    content_key: `realtime-${id}`,
  });
}

describe('the board tail', () => {
  it('sends each new mention once, also one whose lower id commits after a higher one (PostgreSQL hands out ids before commit)', async () => {
    const source = await t.addSource({ kind: 'rss', url: 'http://127.0.0.1:9/feed.xml', name: '另一进程的源' });
    const now = new Date().toISOString();
    const [story] = await t.testDb.db('stories').insert({ title: '信息', simhash: '0000000000000000', mention_count: 1, first_seen_at: now, last_seen_at: now }).returning('id');
    const storyId = Number((story as { id: number }).id ?? story);
    const base = (await t.app.stores.mentions.maxId()) + 100;

    await storeMention(base + 10, source.id, storyId);
    await expect.poll(() => received.includes(base + 10), { timeout: 5000 }).toBe(true);
    // Committed later than base + 10, with a lower id.
    await storeMention(base + 5, source.id, storyId);
    await expect.poll(() => received.includes(base + 5), { timeout: 5000 }).toBe(true);

    // The same mentions published again in this process (a collection's own event) are not sent twice.
    t.app.events.publish('mention.collected', { mentions: await t.app.stores.mentions.views([base + 5, base + 10]) });
    await storeMention(base + 20, source.id, storyId);
    await expect.poll(() => received.includes(base + 20), { timeout: 5000 }).toBe(true);
    expect(received.filter((id) => id >= base)).toEqual([base + 10, base + 5, base + 20]);
  });
});
