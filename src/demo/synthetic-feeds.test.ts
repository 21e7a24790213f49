import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { startSyntheticFeedServer, syntheticRss } from './synthetic-feeds.ts';

const parser = new Parser();
const text = (html: string | undefined) => (html ?? '').replace(/<[^>]+>/g, '');

describe('syntheticRss', () => {
  it('renders N distinct items of about 300 characters with unique links and varied dates', async () => {
    const feed = await parser.parseString(syntheticRss(7, 50, 'seed-a'));
    expect(feed.items).toHaveLength(50);
    const bodies = feed.items.map((i) => text(i.content));
    expect(new Set(feed.items.map((i) => (i.title ?? '') + bodies[feed.items.indexOf(i)])).size).toBe(50);
    expect(new Set(feed.items.map((i) => i.link)).size).toBe(50);
    expect(new Set(feed.items.map((i) => i.guid)).size).toBe(50);
    expect(new Set(feed.items.map((i) => i.pubDate)).size).toBe(50);
    for (const item of feed.items) {
      expect(item.link).toMatch(/^https:\/\/bench\.huiying\.invalid\/feed-7\//);
      expect(Number.isNaN(Date.parse(item.pubDate!))).toBe(false);
    }
    const mean = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
    expect(mean).toBeGreaterThan(250);
    expect(mean).toBeLessThan(360);
    for (const body of bodies) expect(body.length).toBeGreaterThanOrEqual(100);
  });

  it('is deterministic per seed and differs between feeds', () => {
    expect(syntheticRss(3, 10, 's')).toBe(syntheticRss(3, 10, 's'));
    expect(syntheticRss(3, 10, 's')).not.toBe(syntheticRss(3, 10, 't'));
    expect(syntheticRss(3, 10, 's')).not.toBe(syntheticRss(4, 10, 's'));
  });
});

describe('startSyntheticFeedServer', () => {
  it('serves every feed from memory with items distinct across feeds, and 304 on ETag', async () => {
    const server = await startSyntheticFeedServer({ feeds: 12, itemsPerFeed: 20 });
    try {
      expect(server.urls).toHaveLength(12);
      const seen = new Set<string>();
      const links = new Set<string>();
      for (const url of server.urls) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feed\/\d+\.xml$/);
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
        const feed = await parser.parseString(await res.text());
        expect(feed.items).toHaveLength(20);
        for (const item of feed.items) {
          seen.add(`${item.title}|${text(item.content)}`);
          links.add(item.link!);
        }
        const again = await fetch(url, { headers: { 'if-none-match': res.headers.get('etag')! } });
        expect(again.status).toBe(304);
      }
      expect(seen.size).toBe(12 * 20);
      expect(links.size).toBe(12 * 20);
      expect((await fetch(`${server.url}/feed/12.xml`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
