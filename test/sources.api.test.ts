import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';

let t: TestApp;
let feed: TestServer;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  feed = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss([{ title: '司法行政简讯', link: 'http://api.example.cn/1.html', description: '简讯正文' }]));
  });
  cookie = await t.login('staff');
});
afterAll(async () => {
  await feed?.close();
  await t?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('/api/sources', () => {
  it('rejects invalid sources with every problem and its field', async () => {
    const res = await api('POST', '/api/sources', { name: '', kind: 'ftp', url: 'file:///etc/passwd', schedule: '70 * * * *', weight: 99 });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    const paths = (error.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['kind', 'name', 'schedule', 'url', 'weight']);
    const html = await api('POST', '/api/sources', { name: 'x', kind: 'html', url: 'http://a.example.cn/' });
    expect((await html.json()).error.details).toEqual([{ path: 'config.selectors', message: 'an html source needs CSS selectors' }]);
    const bodyTooLarge = await api('POST', '/api/sources', { name: 'x'.repeat(300_000) });
    expect(bodyTooLarge.status).toBe(413);
  });

  it('adds, edits, fetches now, and deletes a source', async () => {
    const created = await api('POST', '/api/sources', { name: '简讯', kind: 'rss', url: `${feed.url}/feed.xml`, schedule: '0 */2 * * *', weight: 1.5 });
    expect(created.status).toBe(201);
    const { source } = await created.json();
    expect(source).toMatchObject({ name: '简讯', schedule: '0 */2 * * *', weight: 1.5, enabled: true, status: 'new' });
    expect((await api('POST', '/api/sources', { name: 'again', kind: 'rss', url: `${feed.url}/feed.xml` })).status).toBe(409);

    const disabled = await (await api('PATCH', `/api/sources/${source.id}`, { enabled: false })).json();
    expect(disabled.source).toMatchObject({ enabled: false, schedule: '0 */2 * * *', weight: 1.5, name: '简讯' });

    const fetched = await (await api('POST', `/api/sources/${source.id}/fetch`)).json();
    expect(fetched.run).toMatchObject({ outcome: 'ok', itemsFound: 1, itemsNew: 1 });
    const runs = await (await api('GET', `/api/sources/${source.id}/runs`)).json();
    expect(runs.runs).toHaveLength(1);
    const list = await (await api('GET', '/api/sources')).json();
    expect(list.sources.find((s: { id: number }) => s.id === source.id)).toMatchObject({ status: 'ok', itemsTotal: 1 });
    const mentions = await (await api('GET', `/api/mentions?sourceId=${source.id}`)).json();
    expect(mentions.mentions.map((m: { title: string }) => m.title)).toEqual(['司法行政简讯']);
    const after = await (await api('GET', `/api/mentions?afterId=${mentions.mentions[0].id}`)).json();
    expect(after.mentions).toEqual([]);

    expect((await api('DELETE', `/api/sources/${source.id}`)).status).toBe(204);
    expect((await api('GET', `/api/sources/${source.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/sources/${source.id}`)).status).toBe(404);
    expect((await api('GET', `/api/sources/abc`)).status).toBe(400);
  });
});
