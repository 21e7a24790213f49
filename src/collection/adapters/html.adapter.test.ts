import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import iconvLite from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgress, type Egress } from '../../egress/index.ts';
import { htmlToText } from '../../text/normalize.ts';
import { parseFeedDate } from '../dates.ts';
import { htmlSelectorsSchema, type HtmlSelectors } from '../source.ts';
import { extractArticleBody, htmlAdapter, parseHtmlList } from './html.adapter.ts';
import { collectWith } from './adapter.ts';

const PAGES = path.resolve(import.meta.dirname, '../../../../shared/data/pages');
const SHANXI = fs.readFileSync(path.join(PAGES, 'shanxi-gov-cn_sxyw_t20190918_693227.excerpt.html'));

const selectors = (s: Partial<HtmlSelectors> & Pick<HtmlSelectors, 'item' | 'title' | 'link'>) => htmlSelectorsSchema.parse(s);

/** A department's news column as such sites write it (written for this test). */
const LIST_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻动态</title></head><body>
<ul class="news-list">
  <li><a href="./202001/t20200110_1.html" title="省司法厅召开全省人民调解工作推进会暨业务培训会议">省司法厅召开全省人民调解工作推进会…</a><span class="date">2020-01-10</span>
      <p class="intro">会议总结&amp;部署<b>下一阶段</b>任务。</p></li>
  <li><a href="/xwzx/202001/t20200109_2.html">我省扩大法律援助覆盖面</a><span class="date">[2020-01-09]</span></li>
  <li><a href="javascript:void(0)">没有链接的条目</a><span class="date">2020-01-08</span></li>
  <li><a href="https://www.example.gov.cn/art/3.html"> </a><span class="date">2020-01-07</span></li>
  <li><a href="https://www.example.gov.cn/art/4.html?utm_source=list#top">  律师协会
      发布通报 </a><time datetime="2020-01-06T09:30:00+08:00">1月6日</time></li>
</ul></body></html>`;

describe('parseHtmlList', () => {
  const base = 'https://sft.example.gov.cn/xwzx/index.html';
  const sel = selectors({ item: 'ul.news-list li', title: 'a', link: 'a', date: '.date', summary: 'p.intro' });

  it('reads title, absolute link, date and summary of each entry; skips entries without link or title', () => {
    const items = parseHtmlList(LIST_PAGE, sel, base);
    expect(items.map((i) => [i.title, i.url, i.published])).toEqual([
      ['省司法厅召开全省人民调解工作推进会暨业务培训会议', 'https://sft.example.gov.cn/xwzx/202001/t20200110_1.html', '2020-01-10'],
      ['我省扩大法律援助覆盖面', 'https://sft.example.gov.cn/xwzx/202001/t20200109_2.html', '[2020-01-09]'],
      ['律师协会 发布通报', 'https://www.example.gov.cn/art/4.html?utm_source=list#top', null],
    ]);
    expect(items[0]!.summary).toBe('会议总结&amp;部署<b>下一阶段</b>任务。');
    expect(htmlToText(items[0]!.summary)).toBe('会议总结&部署下一阶段任务。');
    expect(items.every((i) => i.guid === null && i.body === null)).toBe(true);
  });

  it('reads the date from an attribute when told to', () => {
    const items = parseHtmlList(LIST_PAGE, selectors({ item: 'li', title: 'a', link: 'a', date: 'time', dateAttr: 'datetime' }), base);
    expect(items.at(-1)!.published).toBe('2020-01-06T09:30:00+08:00');
  });

  it('resolves links against <base href> when the page has one', () => {
    const html = '<html><head><base href="/static/news/"></head><body><div class="i"><a href="a.html">标题</a></div></body></html>';
    const [item] = parseHtmlList(html, selectors({ item: 'div.i', title: 'a', link: 'a' }), 'https://example.com/list?page=2');
    expect(item!.url).toBe('https://example.com/static/news/a.html');
  });

  it('lets an item be the link itself, and the link sit in another attribute', () => {
    const html = '<div id="l"><a class="n" data-url="/p/1" href="#">一</a><a class="n" data-url="/p/2" href="#">二</a></div>';
    const items = parseHtmlList(html, selectors({ item: 'a.n', title: 'a.n', link: 'a.n', linkAttr: 'data-url' }), 'http://example.com/');
    expect(items.map((i) => [i.title, i.url])).toEqual([
      ['一', 'http://example.com/p/1'],
      ['二', 'http://example.com/p/2'],
    ]);
  });

  it('finds nothing when the item selector matches nothing', () => {
    expect(parseHtmlList(LIST_PAGE, selectors({ item: '.nope', title: 'a', link: 'a' }), base)).toEqual([]);
    expect(parseHtmlList('', sel, base)).toEqual([]);
  });
});

describe('the shared Shanxi government article page', () => {
  const html = SHANXI.toString('utf8');

  it('gives its title, date and body with selectors written for it', () => {
    const title = htmlToText(extractArticleBody(html, '.detail-article-title h2'));
    const date = htmlToText(extractArticleBody(html, '.article-infos-source span'));
    expect(title).toBe('山西品牌丝路行（南美站）正式启动');
    // The visible date, not the stale one in the alt attribute (时间：2017-11-08 20:26).
    expect(date).toBe('时间：2019-09-18 06:23');
    expect(parseFeedDate(date, 'Asia/Shanghai')?.toISOString()).toBe('2019-09-17T22:23:00.000Z');

    const body = htmlToText(extractArticleBody(html, '.TRS_Editor'));
    const lines = body.split('\n');
    expect(lines).toHaveLength(9); // the photo caption and eight paragraphs
    expect(lines[0]).toBe('图为山西品牌丝路行（南美站）启动仪式。（刘通摄）');
    expect(lines[1]!.startsWith('跨越千山万水，行程近两万公里，山西品牌丝路行首次登陆巴西')).toBe(true);
    expect(lines[8]).toBe('山西品牌丝路行主题为“走丝绸之路，促合作共赢”。南美站活动将先后在巴西、乌拉圭、阿根廷举行。（张巨峰）');
    expect(body).not.toContain('createPageHTML');
  });

  it('has no body for a selector that matches nothing', () => {
    expect(extractArticleBody(html, '.no-such-class')).toBeNull();
  });
});

describe('htmlAdapter over HTTP', () => {
  let server: http.Server;
  let baseUrl: string;
  let egress: Egress;
  const seen: { url: string; ifNoneMatch?: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
      if (req.url === '/list.html') {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' }).end();
          return;
        }
        const page = `<html><head><meta charset="gbk"></head><body><ul>
          <li><a href="/article.html">山西品牌丝路行（南美站）正式启动</a><span>2019-09-18 06:23</span></li>
          <li><a href="/missing.html">找不到的文章</a><span>2019-09-17</span></li></ul></body></html>`;
        // Served in GBK, labelled only by the <meta> tag, as many government sites still do.
        res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end(encodeGbk(page));
      } else if (req.url === '/article.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SHANXI);
      } else {
        res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
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

  it('collects the list, then fetches an article body', async () => {
    const config = selectors({ item: 'li', title: 'a', link: 'a', date: 'span', body: '.TRS_Editor' });
    const result = await collectWith(htmlAdapter, { url: `${baseUrl}/list.html`, config, etag: null, lastModified: null }, egress);
    if (result.notModified) throw new Error('expected a fresh page');
    expect(result.httpStatus).toBe(200);
    expect(result.etag).toBe('"v1"');
    expect(result.charset).toMatch(/^gb18030/);
    expect(result.items.map((i) => [i.title, i.url, i.published])).toEqual([
      ['山西品牌丝路行（南美站）正式启动', `${baseUrl}/article.html`, '2019-09-18 06:23'],
      ['找不到的文章', `${baseUrl}/missing.html`, '2019-09-17'],
    ]);

    const full = await htmlAdapter.fetchArticle!(result.items[0]!, config, egress);
    expect(htmlToText(full.body)).toContain('跨越千山万水');
    expect(full.title).toBe(result.items[0]!.title);

    await expect(htmlAdapter.fetchArticle!(result.items[1]!, config, egress)).rejects.toMatchObject({ code: 'http_4xx' });
  });

  it('answers 304 as not modified', async () => {
    const config = selectors({ item: 'li', title: 'a', link: 'a' });
    const result = await collectWith(htmlAdapter, { url: `${baseUrl}/list.html`, config, etag: '"v1"', lastModified: null }, egress);
    expect(result).toEqual({ notModified: true, httpStatus: 304 });
    expect(seen.at(-1)).toEqual({ url: '/list.html', ifNoneMatch: '"v1"' });
  });

  it('leaves the item alone without a body selector', async () => {
    const item = { guid: null, url: `${baseUrl}/article.html`, title: 't', summary: null, body: null, author: null, published: null };
    const before = seen.length;
    expect(await htmlAdapter.fetchArticle!(item, selectors({ item: 'li', title: 'a', link: 'a' }), egress)).toBe(item);
    expect(seen.length).toBe(before);
  });
});

function encodeGbk(text: string): Buffer {
  return iconvLite.encode(text, 'gbk');
}
