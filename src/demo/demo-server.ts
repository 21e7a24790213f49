import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { systemClock, type Clock } from '../shared/clock.ts';
import { DEFAULT_DEMO_SEED, demoFeeds, itemsAt, latestIndexAt, publishedAtIndex, publishedItem, type DemoFeedId, type DemoIncidents } from './content.ts';
import { feedAtPath, parseDemoItemPath } from './demo-paths.ts';
import { renderArticle, renderAtom, renderCountyList, renderIndex, renderRss, renderSocialTimeline, type RssOptions } from './demo-render.ts';

/**
 * The built-in demo: a loopback HTTP server that serves synthetic feeds in every shape Huiying
 * collects (RSS in UTF-8 and GBK, Atom, an HTML list page with article pages, a JSON timeline), so a
 * fresh install with no internet fills its board within a minute. Items appear over time (see
 * content.ts); list documents carry an ETag and Last-Modified and answer 304 while nothing is new.
 */

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  clock?: Clock;
  seed?: string;
  /** How many items each list document carries (newest first). */
  itemsPerFeed?: number;
  /** Scheduled surges on the social feeds (content.ts); none by default. */
  incidents?: DemoIncidents;
}

export interface DemoServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3900`. */
  url: string;
  close(): Promise<void>;
}

type Document = { status: number; contentType: string; body: Buffer; etag?: string; lastModified?: Date };

const rssStyles: Partial<Record<DemoFeedId, RssOptions & { contentType: string }>> = {
  official: { encoding: 'UTF-8', body: 'split', dates: 'rfc822', author: 'dc', guid: 'opaque', contentType: 'application/rss+xml; charset=utf-8' },
  'legal-daily': { encoding: 'UTF-8', body: 'full', dates: 'rfc822', author: 'dc', guid: 'link', contentType: 'application/rss+xml; charset=utf-8' },
  // A city portal of the old school: GBK bytes, declared in both the header and the XML declaration,
  // with zone-less dates.
  'city-portal': { encoding: 'GBK', body: 'full', dates: 'plain', author: 'dc', guid: 'link', contentType: 'application/rss+xml; charset=gbk' },
  'self-media': { encoding: 'UTF-8', body: 'full', dates: 'rfc822', author: 'author', guid: 'opaque', contentType: 'application/rss+xml; charset=utf-8' },
};

/** Answers one request to the demo server. Pure: the time comes in as `now`. */
export function answerDemoRequest(pathname: string, baseUrl: string, now: Date, seed: string, count: number, incidents?: DemoIncidents): Document {
  if (pathname === '/' || pathname === '/index.html') {
    return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(renderIndex(baseUrl)) };
  }
  const feedId = feedAtPath(pathname);
  if (feedId) return listDocument(feedId, baseUrl, now, seed, count, incidents);

  const ref = parseDemoItemPath(pathname);
  const item = ref ? publishedItem(ref.feedId, ref.index, now, seed, incidents) : null;
  if (item) {
    const html = renderArticle(item, baseUrl);
    return item.feedId === 'county-site'
      ? { status: 200, contentType: 'text/html', body: iconv.encode(html, 'gbk') }
      : { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(html) };
  }
  return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from('404 未找到 / not found\n') };
}

function listDocument(feedId: DemoFeedId, baseUrl: string, now: Date, seed: string, count: number, incidents?: DemoIncidents): Document {
  const feed = demoFeeds[feedId];
  const items = itemsAt(feedId, now, count, seed, incidents);
  const newest = latestIndexAt(feedId, now, seed);
  // The document changes exactly when a new item is published, so the newest index is its version.
  const etag = `"demo-${feedId}-${newest}-${count}"`;
  const lastModified = newest >= 0 ? publishedAtIndex(feedId, newest, seed) : undefined;
  const common = { status: 200, etag, ...(lastModified ? { lastModified } : {}) };

  const rss = rssStyles[feedId];
  if (rss) {
    const xml = renderRss(feed, items, baseUrl, now, rss);
    const body = rss.encoding === 'GBK' ? iconv.encode(xml, 'gbk') : Buffer.from(xml);
    return { ...common, contentType: rss.contentType, body };
  }
  switch (feedId) {
    case 'forum':
      return { ...common, contentType: 'application/atom+xml; charset=utf-8', body: Buffer.from(renderAtom(feed, items, baseUrl, now)) };
    case 'county-site':
      // No charset in the header: the page's <meta> declares gb2312, as many county sites do.
      return { ...common, contentType: 'text/html', body: iconv.encode(renderCountyList(feed, items), 'gbk') };
    default:
      return { ...common, contentType: 'application/json; charset=utf-8', body: Buffer.from(renderSocialTimeline(items, baseUrl)) };
  }
}

/**
 * True when the request's validators match the current document (RFC 9110 §13.1: If-None-Match wins;
 * If-Modified-Since is only read without it; ETags compare weakly for GET).
 */
export function isNotModified(headers: http.IncomingHttpHeaders, etag: string | undefined, lastModified: Date | undefined): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (!etag) return false;
    const strip = (t: string) => t.trim().replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
  }
  const ims = headers['if-modified-since'];
  if (ims !== undefined && lastModified) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** Starts the demo server on loopback; resolves once it is listening. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const count = options.itemsPerFeed ?? 20;
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('405 method not allowed\n');
      return;
    }
    let pathname = '/';
    try {
      pathname = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('400 bad request\n');
      return;
    }
    const doc = answerDemoRequest(pathname, baseUrl, clock.now(), seed, count, options.incidents);
    const headers: http.OutgoingHttpHeaders = { 'content-type': doc.contentType, 'cache-control': 'no-cache' };
    if (doc.etag) headers.etag = doc.etag;
    if (doc.lastModified) headers['last-modified'] = doc.lastModified.toUTCString();
    if (doc.status === 200 && isNotModified(req.headers, doc.etag, doc.lastModified)) {
      delete headers['content-type'];
      res.writeHead(304, headers).end();
      return;
    }
    headers['content-length'] = doc.body.length;
    res.writeHead(doc.status, headers);
    res.end(req.method === 'HEAD' ? undefined : doc.body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections from the collector would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
