import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';

/** /api/mentions/count: the board's 今日 figure, which the 100 rows it loads cannot give on a busy day. */

let t: TestApp;
let feed: TestServer;
let cookie: string;
const now = Date.now();
const hour = 3600_000;

beforeAll(async () => {
  t = await startTestApp();
  // 130 items from the last two hours and 20 from three days ago.
  const items = Array.from({ length: 150 }, (_, i) => ({
    title: `司法行政动态第${i + 1}期`,
    link: `http://count.example.cn/${i + 1}.html`,
    description: `第${i + 1}期正文`,
    pubDate: new Date(i < 130 ? now - (i + 1) * 50_000 : now - 72 * hour - i * 60_000).toUTCString(),
  }));
  feed = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss(items));
  });
  const source = await t.addSource({ kind: 'rss', url: `${feed.url}/feed.xml` });
  expect((await t.collect(source.id)).itemsNew).toBe(150);
  cookie = await t.login('staff');
});
afterAll(async () => {
  await feed?.close();
  await t?.close();
});

const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${t.baseUrl}${path}`, { headers });
const since = (ms: number) => encodeURIComponent(new Date(ms).toISOString());

describe('GET /api/mentions/count', () => {
  it('counts the mentions published since an instant, beyond the rows a list returns', async () => {
    expect(await (await get(`/api/mentions/count?since=${since(now - 24 * hour)}`)).json()).toEqual({ count: 130 });
    expect(await (await get(`/api/mentions/count?since=${since(now - 96 * hour)}`)).json()).toEqual({ count: 150 });
    expect((await (await get('/api/mentions?limit=100')).json()).mentions).toHaveLength(100);
  });

  it('counts up to an id, so the board adds the mentions it sees live without counting one twice', async () => {
    const { mentions } = await (await get('/api/mentions?limit=1000')).json();
    const ids = (mentions as { id: number; publishedAt: string }[])
      .filter((m) => Date.parse(m.publishedAt) >= now - 24 * hour)
      .map((m) => m.id)
      .sort((a, b) => a - b);
    const maxId = ids[59]!;
    expect(await (await get(`/api/mentions/count?since=${since(now - 24 * hour)}&maxId=${maxId}`)).json()).toEqual({ count: 60 });
  });

  it('rejects a missing or malformed instant and callers without a session', async () => {
    for (const query of ['', '?since=yesterday', '?since=2026-13-01T00:00:00Z', `?since=${since(now)}&maxId=-1`]) {
      const res = await get(`/api/mentions/count${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect((await get(`/api/mentions/count?since=${since(now)}`, {})).status).toBe(401);
  });
});
