import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconvLite from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgress, type Egress } from '../../egress/index.ts';
import { CollectError, collectWith } from './adapter.ts';
import { rssAdapter } from './rss.adapter.ts';

/** A provincial department's feed in GB2312 (written for this test). */
const FEED = `<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>司法厅新闻</title><link>http://sft.example.gov.cn/</link>
<item><title>省司法厅召开全省人民调解工作推进会</title><link>./xwzx/202001/t20200110_1.html</link>
<pubDate>2020-01-10 14:33:00</pubDate><description>&lt;p&gt;会议部署下一阶段重点任务。&lt;/p&gt;</description></item>
<item><title>我省扩大法律援助覆盖面</title><link>http://sft.example.gov.cn/xwzx/202001/t20200109_2.html</link>
<pubDate>Thu, 09 Jan 2020 10:00:00 +0800</pubDate></item>
</channel></rss>`;

describe('rssAdapter.collect over HTTP', () => {
  let server: http.Server;
  let base: string;
  let egress: Egress;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      switch (req.url) {
        case '/feed.xml':
          if (req.headers['if-modified-since'] === 'Fri, 10 Jan 2020 07:00:00 GMT') {
            res.writeHead(304).end();
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': 'Fri, 10 Jan 2020 07:00:00 GMT', etag: 'W/"f1"' })
            .end(iconvLite.encode(FEED, 'gb2312'));
          return;
        case '/moved':
          res.writeHead(301, { location: '/feed.xml' }).end();
          return;
        case '/error-page':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body><h1>系统维护中</h1></body></html>');
          return;
        case '/broken':
          res.writeHead(200, { 'content-type': 'text/xml' }).end('<rss version="2.0"><channel><item><title>a</title></channel></rss>');
          return;
        case '/empty':
          res.writeHead(200, { 'content-type': 'text/xml' }).end('<rss version="2.0"><channel><title>无内容</title></channel></rss>');
          return;
        default:
          res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    egress = createEgress({
      allow: ['127.0.0.1'],
      timeoutMs: 5000,
      connectTimeoutMs: 2000,
      maxBytes: 1024 * 1024,
      maxRedirects: 3,
      perHostConcurrency: 2,
      userAgent: 'huiying-test',
    });
  });

  afterAll(async () => {
    await egress.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const source = (path: string, validators: { etag?: string; lastModified?: string } = {}) => ({
    url: base + path,
    config: {},
    etag: validators.etag ?? null,
    lastModified: validators.lastModified ?? null,
  });

  it('decodes, parses and reports validators and the final URL after a redirect', async () => {
    const result = await collectWith(rssAdapter, source('/moved'), egress);
    if (result.notModified) throw new Error('expected content');
    expect(result.finalUrl).toBe(`${base}/feed.xml`);
    expect(result.httpStatus).toBe(200);
    expect(result.etag).toBe('W/"f1"');
    expect(result.lastModified).toBe('Fri, 10 Jan 2020 07:00:00 GMT');
    expect(result.charset).toMatch(/^gb18030/);
    expect(result.items.map((i) => [i.title, i.url, i.published])).toEqual([
      ['省司法厅召开全省人民调解工作推进会', './xwzx/202001/t20200110_1.html', '2020-01-10 14:33:00'],
      ['我省扩大法律援助覆盖面', 'http://sft.example.gov.cn/xwzx/202001/t20200109_2.html', 'Thu, 09 Jan 2020 10:00:00 +0800'],
    ]);
  });

  it('maps 304 to not modified', async () => {
    expect(await collectWith(rssAdapter, source('/feed.xml', { lastModified: 'Fri, 10 Jan 2020 07:00:00 GMT' }), egress)).toEqual({
      notModified: true,
      httpStatus: 304,
    });
  });

  it.each([
    ['/error-page', 'not_a_feed'],
    ['/broken', 'parse_error'],
  ])('%s fails with %s and the HTTP status', async (path, code) => {
    const err = await collectWith(rssAdapter, source(path), egress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect(err).toMatchObject({ code, httpStatus: 200 });
  });

  it('returns no items for a valid empty feed (the collector decides what that means)', async () => {
    const result = await collectWith(rssAdapter, source('/empty'), egress);
    expect(result.notModified).toBe(false);
    expect(result.notModified === false && result.items).toEqual([]);
  });

  it('passes transport failures through', async () => {
    await expect(collectWith(rssAdapter, source('/nothing-here'), egress)).rejects.toMatchObject({ code: 'http_4xx', httpStatus: 404 });
  });
});
