import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MentionView } from '../src/mentions/mention.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { rss, startHttpServer, type FeedItem, type TestServer } from './helpers/http-server.ts';

const story =
  '本报讯 近日，江西省司法厅召开全省法律援助工作推进会，通报今年以来全省法律援助案件办理情况。会议指出，' +
  '各地要进一步扩大法律援助覆盖面，重点做好农民工讨薪、老年人权益保护等民生领域的法律援助服务，' +
  '确保困难群众在每一个司法案件中感受到公平正义。会议还对12348公共法律服务热线建设作出部署。';
const repost = `转发：${story.replace('近日', '11月27日')}（来源：江西法治网）`;
const unrelated =
  '赣州市章贡区人民调解委员会成功化解一起邻里纠纷。双方因房屋漏水问题多次发生争执，调解员多次上门走访，' +
  '查看现场、听取意见，最终促成双方签订调解协议，由责任方承担维修费用，邻里关系重归于好。';

function items(n: number, prefix: string, base = 'http://news.example.cn'): FeedItem[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `${prefix}新闻标题第${i + 1}条：南昌市司法局开展普法宣传活动`,
    link: `${base}/${prefix}/${i + 1}.html?utm_source=rss`,
    description: `${prefix}正文内容，第${i + 1}条。${'南昌市司法局深入社区开展宪法宣传，发放资料，解答群众法律咨询。'.repeat(1 + (i % 3))}${i * 7919}`,
    pubDate: `Fri, 27 Nov 2026 ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0800`,
  }));
}

let t: TestApp;
const servers: TestServer[] = [];
beforeAll(async () => {
  t = await startTestApp({ env: { HUIYING_FETCH_TIMEOUT_MS: '1500', HUIYING_FETCH_MAX_BYTES: '200000' } });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => t?.close());

async function serve(handler: Parameters<typeof startHttpServer>[0]): Promise<TestServer> {
  const s = await startHttpServer(handler);
  servers.push(s);
  return s;
}

const storedFor = async (sourceId: number) => t.app.stores.mentions.list({ sourceId, limit: 1000 });

describe('collecting an RSS feed', () => {
  it('stores every item once, with normalised text and source status; re-collecting adds nothing', async () => {
    let feed = rss(items(5, 'a'));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(feed);
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/feed.xml`, name: '测试源' });
    const seen: MentionView[] = [];
    const unsubscribe = t.app.events.subscribe('mention.collected', (e) => seen.push(...e.mentions));

    const first = await t.collect(source.id);
    expect(first).toMatchObject({ outcome: 'ok', itemsFound: 5, itemsNew: 5, errorCode: null, httpStatus: 200 });
    expect(seen.map((m) => m.title)).toEqual(items(5, 'a').map((i) => i.title));
    expect(seen[0]!.url).toBe('http://news.example.cn/a/1.html?utm_source=rss');
    expect(seen[0]!.publishedAt).toBe('2026-11-27T00:00:00.000Z');

    const second = await t.collect(source.id);
    expect(second).toMatchObject({ outcome: 'ok', itemsFound: 5, itemsNew: 0 });
    feed = rss([...items(6, 'a')]);
    const third = await t.collect(source.id);
    expect(third).toMatchObject({ outcome: 'ok', itemsFound: 6, itemsNew: 1 });
    expect(await storedFor(source.id)).toHaveLength(6);

    const after = (await t.app.services.sources.get(source.id)).state;
    expect(after).toMatchObject({ status: 'ok', errorCount: 0, itemsTotal: 6, lastNewItems: 1, lastHttpStatus: 200 });
    expect(after.nextCheckAt!.getTime()).toBeGreaterThan(Date.now());
    const runs = await t.app.services.sources.runs(source.id, 10);
    expect(runs.map((r) => r.itemsNew)).toEqual([1, 0, 5]);
    unsubscribe();
  });

  it('answers 304 with no parse and no writes when the feed is unchanged', async () => {
    const feed = rss(items(3, 'etag'));
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
      res.end(feed);
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/etag.xml` });
    expect((await t.collect(source.id)).itemsNew).toBe(3);
    const runsBefore = (await t.app.services.sources.runs(source.id, 10)).length;
    const again = await t.collect(source.id);
    expect(again).toMatchObject({ outcome: 'not_modified', itemsFound: 0, itemsNew: 0, httpStatus: 304 });
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    const state = (await t.app.services.sources.get(source.id)).state;
    expect(state.status).toBe('not_modified');
    expect(state.itemsTotal).toBe(3);
    expect((await t.app.services.sources.runs(source.id, 10)).length).toBe(runsBefore + 1);
  });

  it('keeps scraped markup as text and never stores it as HTML', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss([
          {
            title: '<img src=x onerror=alert(1)>監獄管理局發佈通告',
            link: 'http://news.example.cn/xss.html',
            description: '<p>正文<script>alert(1)</script>第二段</p>',
          },
        ]),
      );
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/x.xml` });
    await t.collect(source.id);
    const [m] = await storedFor(source.id);
    expect(m!.title).not.toContain('<img');
    expect(m!.snippet).not.toContain('<script');
    expect(m!.snippet).not.toContain('alert');
    const row = await t.testDb.db('mentions').where({ source_id: source.id }).first();
    expect(row.title).toContain('监狱管理局发布通告'); // normalised to Simplified for matching
    expect(row.title_original).toContain('監獄管理局發佈通告'); // original kept
    expect(row.published_at_estimated === 1 || row.published_at_estimated === true).toBe(true);
  });
});

describe('failures are classified and shown on the source', () => {
  const cases: Array<[string, Parameters<typeof startHttpServer>[0], string]> = [
    [
      'a server sending 1 byte per second times out',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => res.write('<'), 1000);
        res.on('close', () => clearInterval(timer));
      },
      'timeout',
    ],
    [
      'a huge body is cut off',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(Buffer.alloc(400_000, 'a'));
      },
      'too_large',
    ],
    [
      'HTTP 500',
      (_req, res) => {
        res.writeHead(500);
        res.end('oops');
      },
      'http_5xx',
    ],
    [
      'HTTP 404',
      (_req, res) => {
        res.writeHead(404);
        res.end('missing');
      },
      'http_4xx',
    ],
    [
      'an HTML page instead of a feed',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><head><title>首页</title></head><body><h1>欢迎</h1></body></html>');
      },
      'not_a_feed',
    ],
    [
      'a feed with no items',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss([]));
      },
      'empty',
    ],
    [
      'malformed XML',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></chan');
      },
      'parse_error',
    ],
  ];

  it.each(cases)('%s', async (_label, handler, code) => {
    const server = await serve(handler);
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/f.xml`, schedule: '* * * * * *' });
    const before = Date.now();
    const result = await t.collect(source.id);
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe(code);
    const state = (await t.app.services.sources.get(source.id)).state;
    expect(state).toMatchObject({ status: 'error', errorCount: 1, lastErrorCode: code });
    expect(state.lastErrorMessage).toBeTruthy();
    // Backed off beyond the every-second schedule: base 60 s with jitter, so at least 30 s.
    expect(state.nextCheckAt!.getTime() - before).toBeGreaterThanOrEqual(29_000);
    const again = await t.collect(source.id);
    expect(again.errorCode).toBe(code);
    expect((await t.app.services.sources.get(source.id)).state.errorCount).toBe(2);
  });

  it('a redirect to a loopback address outside the allow-list is blocked', async () => {
    const target = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(items(1, 'r')));
    });
    const entry = await startHttpServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/feed.xml` });
      res.end();
    }, 'localhost');
    servers.push(entry);
    const guarded = await startTestApp({ env: { HUIYING_FETCH_ALLOW: `localhost:${entry.port}` } });
    try {
      const source = await guarded.addSource({ kind: 'rss', url: `http://localhost:${entry.port}/feed.xml` });
      const result = await guarded.collect(source.id);
      expect(result).toMatchObject({ outcome: 'error', errorCode: 'blocked' });
      expect(result.errorMessage).toContain('127.0.0.1');
      expect(target.requests).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });

  it('one failing source does not stop the others in the same tick', async () => {
    const good = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(items(2, 'tick')));
    });
    const bad = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const fresh = await startTestApp();
    try {
      const a = await fresh.addSource({ kind: 'rss', url: `${bad.url}/bad.xml` });
      const b = await fresh.addSource({ kind: 'rss', url: `${good.url}/good.xml` });
      const results = await fresh.app.collector.collectDue();
      const byId = new Map(results.map((r) => [r.sourceId, r]));
      expect(byId.get(a.id)).toMatchObject({ outcome: 'error', errorCode: 'http_5xx' });
      expect(byId.get(b.id)).toMatchObject({ outcome: 'ok', itemsNew: 2 });
      // Neither is due again right away.
      expect(await fresh.app.collector.collectDue()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe('deduplication and stories', () => {
  it('stores an item once across feeds, and groups reposts of one story', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      if (req.url === '/one.xml') {
        res.end(
          rss([
            { title: '全省法律援助工作推进会召开', link: 'http://a.example.cn/story.html', description: story },
            { title: '邻里纠纷成功化解', link: 'http://a.example.cn/other.html', description: unrelated },
          ]),
        );
      } else {
        res.end(
          rss([
            // Same article, same canonical URL (tracking parameter and fragment differ): a duplicate.
            { title: '全省法律援助工作推进会召开', link: 'http://a.example.cn/story.html?utm_medium=feed#top', description: story },
            // Same story reposted elsewhere with small edits: a near-duplicate.
            { title: '转发：全省法律援助工作推进会召开', link: 'http://b.example.cn/repost.html', description: repost },
          ]),
        );
      }
    });
    const one = await t.addSource({ kind: 'rss', url: `${server.url}/one.xml` });
    const two = await t.addSource({ kind: 'rss', url: `${server.url}/two.xml` });
    expect((await t.collect(one.id)).itemsNew).toBe(2);
    expect((await t.collect(two.id)).itemsNew).toBe(1);
    const first = await storedFor(one.id);
    const [reposted] = await storedFor(two.id);
    const original = first.find((m) => m.title === '全省法律援助工作推进会召开')!;
    const other = first.find((m) => m.title === '邻里纠纷成功化解')!;
    expect(reposted!.storyId).toBe(original.storyId);
    expect(reposted!.repostCount).toBe(1);
    expect(other.storyId).not.toBe(original.storyId);
    const [fresh] = await t.app.stores.mentions.views([original.id]);
    expect(fresh!.repostCount).toBe(1);
  });

  it('dedupes by GUID, and by title and date when links are unstable', async () => {
    let round = 0;
    const server = await serve((_req, res) => {
      round++;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss([
          { title: '带GUID的条目', link: `http://c.example.cn/g.html?session=${round}`, description: '内容一', guid: 'guid-1' },
          { title: '不稳定链接的条目', link: `http://c.example.cn/u.html?sid=${round}`, description: '内容二', pubDate: 'Fri, 27 Nov 2026 10:00:00 +0800' },
        ]),
      );
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/unstable.xml` });
    expect((await t.collect(source.id)).itemsNew).toBe(2);
    expect((await t.collect(source.id)).itemsNew).toBe(0);
    expect(await storedFor(source.id)).toHaveLength(2);
  });
});

describe('leases', () => {
  it('never fetches one source twice at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await serve((_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss(items(2, 'lease')));
      }, 200);
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/lease.xml` });
    const s = await t.app.services.sources.get(source.id);
    const results = await Promise.all([t.app.collector.refreshSource(s), t.app.collector.refreshSource(s), t.app.collector.refreshSource(s)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['ok', 'skipped', 'skipped']);
    expect(maxInFlight).toBe(1);
    await expect(t.collect(source.id)).resolves.toMatchObject({ outcome: 'ok', itemsNew: 0 });
  });

  it('a lease left by a killed process on this host is broken; a live holder is respected', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(items(1, 'dead')));
    });
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/dead.xml` });
    const far = new Date(Date.now() + 3600_000);
    const os = await import('node:os');
    // pid 2^22+1 is above Linux's pid_max, so no such process exists.
    await t.testDb.db('sources').where({ id: source.id }).update({ lease_owner: `${os.hostname()}:4194305:1`, lease_until: far.toISOString() });
    expect((await t.collect(source.id)).outcome).toBe('ok');
    await t.testDb.db('sources').where({ id: source.id }).update({ lease_owner: `${os.hostname()}:${process.ppid}:1`, lease_until: far.toISOString() });
    await expect(t.collect(source.id)).rejects.toMatchObject({ code: 'busy' });
  });
});

describe('other source kinds', () => {
  it('collects an html list page with article bodies, and a json endpoint', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/list.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<html><body><ul class="news">
            <li><a href="/art/1.html">县司法局开展法治宣传进乡村活动</a><span class="date">2026-11-27 09:30</span></li>
            <li><a href="/art/2.html">社区矫正对象集中教育学习</a><span class="date">2026-11-26 15:00</span></li>
          </ul></body></html>`,
        );
      } else if (req.url?.startsWith('/art/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><body><div class="content"><p>文章正文${req.url}：活动现场气氛热烈。</p></div></body></html>`);
      } else if (req.url === '/api.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            data: { list: [{ mid: 9001, text: '网友反映某公证处排队时间太长，希望增加窗口。', user: { screen_name: '赣江边的市民' }, created_at: 'Sat Nov 28 13:45:00 +0800 2026', url: 'https://weibo.example/9001' }] },
          }),
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const html = await t.addSource({
      kind: 'html',
      url: `${server.url}/list.html`,
      config: { selectors: { item: 'ul.news li', title: 'a', link: 'a', linkAttr: 'href', date: '.date', body: 'div.content' } },
    });
    expect(await t.collect(html.id)).toMatchObject({ outcome: 'ok', itemsNew: 2 });
    const listed = await storedFor(html.id);
    expect(listed.map((m) => m.title).sort()).toEqual(['县司法局开展法治宣传进乡村活动', '社区矫正对象集中教育学习']);
    expect(listed.find((m) => m.url?.endsWith('/art/1.html'))!.snippet).toContain('文章正文/art/1.html');
    expect(listed.find((m) => m.url?.endsWith('/art/1.html'))!.publishedAt).toBe('2026-11-27T01:30:00.000Z');
    // Re-reading the list fetches no article pages for items already stored.
    const articleFetches = server.requests.filter((r) => r.path.startsWith('/art/')).length;
    await t.collect(html.id);
    expect(server.requests.filter((r) => r.path.startsWith('/art/')).length).toBe(articleFetches);

    const json = await t.addSource({
      kind: 'json',
      url: `${server.url}/api.json`,
      config: { mapping: { items: 'data.list', id: 'mid', title: 'text', body: 'text', url: 'url', date: 'created_at', author: 'user.screen_name' } },
    });
    expect(await t.collect(json.id)).toMatchObject({ outcome: 'ok', itemsNew: 1 });
    const [post] = await storedFor(json.id);
    expect(post).toMatchObject({ author: '赣江边的市民', url: 'https://weibo.example/9001', publishedAt: '2026-11-28T05:45:00.000Z' });
  });
});
