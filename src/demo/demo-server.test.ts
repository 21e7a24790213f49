import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlSelectorsSchema, jsonMappingSchema, sourceKinds } from '../collection/source.ts';
import { validateSchedule } from '../collection/schedule.ts';
import { fixedClock } from '../shared/clock.ts';
import { demoItem, itemsAt, latestIndexAt, publishedAtIndex, type DemoItem } from './content.ts';
import { demoFeedPaths } from './demo-paths.ts';
import { escapeHtml, escapeXml, renderArticle, renderAtom, renderRss } from './demo-render.ts';
import { isNotModified, startDemoServer, type DemoServer } from './demo-server.ts';
import { demoSources } from './demo-sources.ts';

const start = new Date('2026-03-10T10:00:00+08:00');
const clock = fixedClock(start);
const parser = new Parser();
let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0, host: '127.0.0.1', clock });
});
afterAll(async () => {
  await server.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Resolves a dot path such as `user.screen_name` in a JSON value. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

describe('demo server', () => {
  it('listens on a loopback port and links to every feed from its home page', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { res, bytes } = await get('/');
    expect(res.status).toBe(200);
    const $ = cheerio.load(bytes.toString('utf8'));
    const links = $('a').map((_, a) => $(a).attr('href')).get();
    for (const path of Object.values(demoFeedPaths)) expect(links).toContain(server.url + path);
    expect($('body').text()).toContain('合成');
  });

  it('serves the UTF-8 RSS feeds as well-formed RSS 2.0 carrying the current items', async () => {
    for (const feedId of ['official', 'legal-daily', 'self-media'] as const) {
      const { res, bytes } = await get(demoFeedPaths[feedId]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      const feed = await parser.parseString(xml);
      const expected = itemsAt(feedId, clock.now(), 20);
      expect(feed.items.map((i) => i.title)).toEqual(expected.map((i) => i.title));
      const first = feed.items[0]!;
      expect(new Date(first.pubDate!).getTime()).toBe(expected[0]!.publishedAt.getTime());
      expect(first.link).toBe(`${server.url}/news/${feedId}/${expected[0]!.index}.html`);
      // The body arrives as HTML paragraphs, in content:encoded or the description.
      const html = feedId === 'official' ? first['content:encoded'] : first.content;
      expect(cheerio.load(html ?? '').text()).toBe(expected[0]!.paragraphs.join(''));
    }
  });

  it('serves the city portal feed in real GBK bytes, declared in the header and the XML declaration', async () => {
    const { res, bytes } = await get(demoFeedPaths['city-portal']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const xml = iconv.decode(bytes, 'gb18030');
    expect(xml.startsWith('<?xml version="1.0" encoding="GBK"?>')).toBe(true);
    expect(xml).not.toContain('\ufffd');
    const expected = itemsAt('city-portal', clock.now(), 20);
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe('赣中都市网（演示）');
    expect(feed.items.map((i) => i.title)).toEqual(expected.map((i) => i.title));
    // Portal style: a zone-less date in China time.
    expect(feed.items[0]!.pubDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Every character survived the round trip through GBK.
    expect(iconv.decode(iconv.encode(xml, 'gbk'), 'gb18030')).toBe(xml);
  });

  it('serves the forum as a well-formed Atom feed', async () => {
    const { res, bytes } = await get(demoFeedPaths.forum);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = await parser.parseString(bytes.toString('utf8'));
    const expected = itemsAt('forum', clock.now(), 20);
    expect(feed.items.map((i) => i.title)).toEqual(expected.map((i) => i.title));
    expect(feed.items[0]!.id).toBe(`tag:huiying.demo,2025:${expected[0]!.id}`);
    expect(new Date(feed.items[0]!.isoDate!).getTime()).toBe(expected[0]!.publishedAt.getTime());
    expect(feed.items[0]!.author).toBe(expected[0]!.author);
  });

  it('serves the county list page in GB2312 declared by <meta>, matching the demo selectors', async () => {
    const source = demoSources(server.url).find((s) => s.kind === 'html')!;
    const selectors = htmlSelectorsSchema.parse(source.config.selectors);
    const { res, bytes } = await get(new URL(source.url).pathname);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const html = iconv.decode(bytes, 'gb18030');
    const $ = cheerio.load(html);
    expect($('meta[http-equiv="Content-Type"]').attr('content')).toBe('text/html; charset=gb2312');
    expect(html.indexOf('charset=gb2312')).toBeLessThan(1024);

    const expected = itemsAt('county-site', clock.now(), 20);
    const rows = $(selectors.item);
    expect(rows).toHaveLength(expected.length);
    const first = rows.first();
    expect(first.find(selectors.title).text()).toBe(expected[0]!.title);
    expect(first.find(selectors.summary!).text()).toBe(expected[0]!.summary);
    expect(new Date(first.find(selectors.date!).attr(selectors.dateAttr!)!).getTime()).toBe(expected[0]!.publishedAt.getTime());

    // The relative link leads to the article page, whose body selector yields the full text.
    const link = new URL(first.find(selectors.link).attr(selectors.linkAttr)!, source.url);
    const article = await get(link.pathname);
    expect(article.res.status).toBe(200);
    const page = cheerio.load(iconv.decode(article.bytes, 'gb18030'));
    expect(page(selectors.body!).text()).toBe(expected[0]!.paragraphs.join(''));
  });

  it('serves the social timeline as JSON that the demo mapping reads', async () => {
    const source = demoSources(server.url).find((s) => s.kind === 'json')!;
    const mapping = jsonMappingSchema.parse(source.config.mapping);
    const { res, bytes } = await get(new URL(source.url).pathname);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json: unknown = JSON.parse(bytes.toString('utf8'));
    const list = at(json, mapping.items) as unknown[];
    const expected = itemsAt('social', clock.now(), 20);
    expect(list).toHaveLength(expected.length);
    const post = list[0];
    expect(at(post, mapping.body!)).toBe(expected[0]!.body);
    expect(at(post, mapping.author!)).toBe(expected[0]!.author);
    expect(at(post, mapping.id!)).toMatch(/^49\d{14}$/);
    const createdAt = at(post, mapping.date!) as string;
    expect(createdAt).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} \+0800 \d{4}$/);
    expect(Date.parse(createdAt)).toBe(expected[0]!.publishedAt.getTime());
    // The post's URL is served too.
    const page = await get(new URL(at(post, mapping.url!) as string).pathname);
    expect(page.res.status).toBe(200);
    expect(cheerio.load(page.bytes.toString('utf8'))('div.article-content').text()).toBe(expected[0]!.body);
  });

  it('answers 304 while nothing is new, and new items once the clock moves on', async () => {
    for (const path of Object.values(demoFeedPaths)) {
      const first = await get(path);
      const etag = first.res.headers.get('etag')!;
      expect(etag).toMatch(/^".+"$/);
      expect(first.res.headers.get('last-modified')).toBeTruthy();
      const again = await get(path, { 'if-none-match': etag });
      expect(again.res.status).toBe(304);
      expect(again.bytes).toHaveLength(0);
      const byDate = await get(path, { 'if-modified-since': first.res.headers.get('last-modified')! });
      expect(byDate.res.status).toBe(304);
      // Same time, same bytes.
      expect((await get(path)).bytes.equals(first.bytes)).toBe(true);
    }

    const before = await get(demoFeedPaths.official);
    // Time passing without a new item keeps the validator: still 304.
    const next = publishedAtIndex('official', latestIndexAt('official', start) + 1);
    clock.set(new Date(next.getTime() - 1000));
    expect((await get(demoFeedPaths.official, { 'if-none-match': before.res.headers.get('etag')! })).res.status).toBe(304);
    clock.set(next);
    expect((await get(demoFeedPaths.official, { 'if-none-match': before.res.headers.get('etag')! })).res.status).toBe(200);
    clock.set(start);
    const oldFeed = await parser.parseString(before.bytes.toString('utf8'));
    clock.advance(3 * 60_000);
    try {
      const after = await get(demoFeedPaths.official, { 'if-none-match': before.res.headers.get('etag')! });
      expect(after.res.status).toBe(200);
      expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
      const newFeed = await parser.parseString(after.bytes.toString('utf8'));
      const oldGuids = new Set(oldFeed.items.map((i) => i.guid));
      const fresh = newFeed.items.filter((i) => !oldGuids.has(i.guid));
      expect(fresh.length).toBeGreaterThanOrEqual(3);
      // The rest are the same items as before: repeated fetches see old items again.
      const kept = newFeed.items.filter((i) => oldGuids.has(i.guid));
      expect(kept.length).toBe(newFeed.items.length - fresh.length);
      expect(kept[0]!.title).toBe(oldFeed.items[0]!.title);
    } finally {
      clock.set(start);
    }
  });

  it('does not serve items from the future, unknown paths or other methods', async () => {
    const next = itemsAt('official', clock.now(), 1)[0]!.index + 1;
    expect((await get(`/news/official/${next}.html`)).res.status).toBe(404);
    expect((await get(`/news/official/${next - 1}.html`)).res.status).toBe(200);
    expect((await get('/etc/passwd')).res.status).toBe(404);
    expect((await get('/news/official/../../x')).res.status).toBe(404);
    const post = await fetch(server.url + demoFeedPaths.official, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });
});

describe('conditional requests', () => {
  const etag = '"demo-official-5-20"';
  const lastModified = new Date('2026-03-10T02:00:00Z');
  it.each([
    [{ 'if-none-match': etag }, true],
    [{ 'if-none-match': `W/${etag}` }, true],
    [{ 'if-none-match': `"other", ${etag}` }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"other"' }, false],
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    [{ 'if-none-match': '"other"', 'if-modified-since': lastModified.toUTCString() }, false],
    [{ 'if-modified-since': lastModified.toUTCString() }, true],
    [{ 'if-modified-since': new Date(lastModified.getTime() - 1000).toUTCString() }, false],
    [{ 'if-modified-since': 'not a date' }, false],
    [{}, false],
  ])('%o → %s', (headers, expected) => {
    expect(isNotModified(headers, etag, lastModified)).toBe(expected);
  });
});

describe('escaping', () => {
  const nasty = '<b>律师&公证</b> "引号" \'单引\' ]]> 结束';
  const item: DemoItem = { ...demoItem('official', 1000), title: nasty, summary: nasty, author: nasty, paragraphs: [nasty, '第二段'], body: `${nasty}\n第二段` };

  it('escapes XML text so RSS and Atom parse back to the same strings', async () => {
    expect(escapeXml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    const rss = renderRss(demoItemFeed(), [item], 'http://127.0.0.1:1', start, { encoding: 'UTF-8', body: 'split', dates: 'rfc822', author: 'dc', guid: 'opaque' });
    const parsed = await parser.parseString(rss);
    expect(parsed.items[0]!.title).toBe(nasty);
    expect(cheerio.load(parsed.items[0]!['content:encoded']!).text()).toBe(`${nasty}第二段`);
    const full = renderRss(demoItemFeed(), [item], 'http://127.0.0.1:1', start, { encoding: 'UTF-8', body: 'full', dates: 'rfc822', author: 'dc', guid: 'link' });
    expect(cheerio.load((await parser.parseString(full)).items[0]!.content!).text()).toBe(`${nasty}第二段`);
    const atom = await parser.parseString(renderAtom(demoItemFeed(), [item], 'http://127.0.0.1:1', start));
    expect(atom.items[0]!.title).toBe(nasty);
  });

  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<"'&>`)).toBe('&lt;&quot;&#39;&amp;&gt;');
    const $ = cheerio.load(renderArticle(item, 'http://127.0.0.1:1'));
    expect($('h1.article-title').text()).toBe(nasty);
    expect($('div.article-content p').first().text()).toBe(nasty);
    expect($('b')).toHaveLength(0);
  });

  function demoItemFeed() {
    return { id: 'official', title: '标题 & <测试>', outlet: 'x', description: '"说明"', intervalSeconds: 30, style: 'news', mix: { official: 1, local: 0, social: 0 }, reposts: { from: [], share: 0 }, traditionalShare: 0, fullWidthShare: 0 } as const satisfies Parameters<typeof renderRss>[0];
  }
});

describe('demo sources', () => {
  it('lists valid sources for every feed the server serves', async () => {
    const sources = demoSources(`${server.url}/`);
    expect(sources).toHaveLength(Object.keys(demoFeedPaths).length);
    expect(new Set(sources.map((s) => s.url)).size).toBe(sources.length);
    for (const source of sources) {
      expect(sourceKinds).toContain(source.kind);
      expect(validateSchedule(source.schedule), source.schedule).toBeNull();
      // Seconds first: demo sources are collected every 20–30 s.
      expect(source.schedule.split(' ')).toHaveLength(6);
      expect([1.5, 1.0, 0.8, 0.6]).toContain(source.weight);
      expect(source.name).toContain('演示');
      expect(source.url.startsWith(`${server.url}/`)).toBe(true);
      if (source.kind === 'html') expect(() => htmlSelectorsSchema.parse(source.config.selectors)).not.toThrow();
      if (source.kind === 'json') expect(() => jsonMappingSchema.parse(source.config.mapping)).not.toThrow();
      const { res } = await get(new URL(source.url).pathname);
      expect(res.status, source.url).toBe(200);
    }
    expect(sources.filter((s) => s.weight === 1.5).map((s) => s.name)).toEqual(['赣鄱法治网（演示）', '法治时报·江西频道（演示）']);
  });
});
