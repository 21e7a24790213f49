import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchmarkStory, toFullWidth } from './content.ts';
import { bodyHtml, escapeXml, rfc822China } from './demo-render.ts';

/**
 * Synthetic RSS feeds for the collection benchmark: many feeds of distinct ~300-character Chinese
 * items built from the demo's templates, rendered once and served from memory on loopback.
 */

export const DEFAULT_BENCH_SEED = 'huiying-bench';

/** Items are dated back from here, so a run is the same whatever day it is. */
const BENCH_NEWEST = Date.parse('2026-03-02T18:00:00+08:00');

interface BenchItem {
  title: string;
  paragraphs: string[];
  author: string;
  publishedAt: Date;
  link: string;
}

/**
 * The items of one benchmark feed. `seen` holds normalised texts already used (across feeds when the
 * caller shares it), so no two items have the same title and body.
 */
function benchItems(feedIndex: number, itemCount: number, seed: string, seen: Set<string>): BenchItem[] {
  const items: BenchItem[] = [];
  for (let i = 0; i < itemCount; i++) {
    // Spread dates over days, different per feed, newest first.
    const publishedAt = new Date(BENCH_NEWEST - feedIndex * 37_000 - i * 7 * 60_000 - ((i * 7919 + feedIndex * 104_729) % 240) * 1000);
    let story = benchmarkStory(seed, `${feedIndex}/${i}`, publishedAt);
    for (let attempt = 1; seen.has(story.title + story.body) && attempt < 50; attempt++) {
      story = benchmarkStory(seed, `${feedIndex}/${i}/${attempt}`, publishedAt);
    }
    seen.add(story.title + story.body);
    // One item in ten writes its digits and Latin letters full-width, as some sites do.
    const wide = (feedIndex + i) % 10 === 3;
    items.push({
      title: wide ? toFullWidth(story.title) : story.title,
      paragraphs: wide ? story.paragraphs.map(toFullWidth) : story.paragraphs,
      author: story.author,
      publishedAt,
      link: `https://bench.huiying.invalid/feed-${feedIndex}/item-${i}.html`,
    });
  }
  return items;
}

function renderBenchRss(feedIndex: number, items: BenchItem[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>基准测试信息源 ${feedIndex}</title>`,
    `<link>https://bench.huiying.invalid/feed-${feedIndex}/</link>`,
    '<description>Huiying 采集基准测试用合成数据</description>',
    '<language>zh-cn</language>',
  ];
  for (const item of items) {
    out.push(
      [
        '<item>',
        `<title>${escapeXml(item.title)}</title>`,
        `<link>${escapeXml(item.link)}</link>`,
        `<guid isPermaLink="true">${escapeXml(item.link)}</guid>`,
        `<pubDate>${rfc822China(item.publishedAt)}</pubDate>`,
        `<dc:creator>${escapeXml(item.author)}</dc:creator>`,
        `<description>${escapeXml(bodyHtml(item))}</description>`,
        '</item>',
      ].join(''),
    );
  }
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

/** An RSS 2.0 document of `itemCount` distinct synthetic items for benchmark feed `feedIndex`. */
export function syntheticRss(feedIndex: number, itemCount: number, seed = DEFAULT_BENCH_SEED): string {
  return renderBenchRss(feedIndex, benchItems(feedIndex, itemCount, seed, new Set()));
}

export interface SyntheticFeedServer {
  /** Base URL without a trailing slash. */
  url: string;
  /** One URL per feed, in feed order. */
  urls: string[];
  close(): Promise<void>;
}

/**
 * Serves `feeds` synthetic RSS feeds of `itemsPerFeed` items each on 127.0.0.1 (a free port).
 * Documents are rendered once up front, with items distinct across all feeds.
 */
export async function startSyntheticFeedServer(options: { feeds?: number; itemsPerFeed?: number; seed?: string } = {}): Promise<SyntheticFeedServer> {
  const feedCount = options.feeds ?? 200;
  const itemsPerFeed = options.itemsPerFeed ?? 50;
  const seed = options.seed ?? DEFAULT_BENCH_SEED;
  const seen = new Set<string>();
  const documents: { body: Buffer; etag: string }[] = [];
  for (let f = 0; f < feedCount; f++) {
    const body = Buffer.from(renderBenchRss(f, benchItems(f, itemsPerFeed, seed, seen)));
    documents.push({ body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` });
  }

  const server = http.createServer((req, res) => {
    const match = /^\/feed\/(\d+)\.xml$/.exec(new URL(req.url ?? '/', 'http://bench.invalid').pathname);
    const doc = match ? documents[Number(match[1])] : undefined;
    if (!doc || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.headers['if-none-match'] === doc.etag) {
      res.writeHead(304, { etag: doc.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': doc.body.length, etag: doc.etag });
    res.end(req.method === 'HEAD' ? undefined : doc.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    urls: documents.map((_, f) => `${url}/feed/${f}.xml`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
