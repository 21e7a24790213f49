import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../text/simhash.ts';
import type { RawItem } from './adapters/adapter.ts';
import { parseFeed } from './adapters/rss.adapter.ts';
import { BODY_MAX_CHARS, normalizeItem, TITLE_MAX_CHARS } from './normalize-item.ts';

const now = new Date('2020-01-11T02:00:00.000Z');
const ctx = { sourceId: 7, baseUrl: 'https://sft.example.gov.cn/rss/news.xml', now, timeZone: 'Asia/Shanghai' };
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const raw = (over: Partial<RawItem>): RawItem => ({
  guid: null,
  url: null,
  title: null,
  summary: null,
  body: null,
  author: null,
  published: null,
  ...over,
});

describe('normalizeItem', () => {
  it('produces every field of a mention', () => {
    const m = normalizeItem(
      raw({
        guid: ' sft-2020-0110-1 ',
        url: '../xwzx/202001/t20200110_1.html?utm_source=rss&id=1#top',
        title: '<b>監獄管理局</b>發佈通告&amp;說明　ＡＢＣ１２３',
        summary: '<p>摘要</p>',
        body: '<p>「監獄管理局發佈通告」</p><p>第二段&nbsp;內容</p><script>x()</script>',
        author: '  辦公室\n ',
        published: '2020-01-10 14:33',
      }),
      ctx,
    );
    expect(m).not.toBeNull();
    expect(m).toEqual({
      sourceId: 7,
      guid: 'sft-2020-0110-1',
      url: 'https://sft.example.gov.cn/xwzx/202001/t20200110_1.html?utm_source=rss&id=1#top',
      canonicalUrl: 'https://sft.example.gov.cn/xwzx/202001/t20200110_1.html?id=1',
      title: '监狱管理局发布通告&说明 ABC123',
      body: '「监狱管理局发布通告」 第二段 内容',
      // HTML stripped and whitespace collapsed (&nbsp; and U+3000 too), but not converted.
      titleOriginal: '監獄管理局發佈通告&說明 ＡＢＣ１２３',
      bodyOriginal: '「監獄管理局發佈通告」\n第二段 內容',
      author: '辦公室',
      publishedAt: new Date('2020-01-10T06:33:00.000Z'),
      publishedAtEstimated: false,
      collectedAt: now,
      simhash: expect.stringMatching(/^[0-9a-f]{16}$/),
      urlKey: sha('https://sft.example.gov.cn/xwzx/202001/t20200110_1.html?id=1'),
      guidKey: sha('7\nsft-2020-0110-1'),
      contentKey: sha('7\n监狱管理局发布通告&说明 ABC123\n2020-01-10T06:33:00.000Z'),
    });
  });

  it('uses the summary when there is no body', () => {
    const m = normalizeItem(raw({ title: 't', summary: '<p>只有摘要</p>', body: '<p> </p>' }), ctx)!;
    expect(m.bodyOriginal).toBe('只有摘要');
    expect(m.body).toBe('只有摘要');
  });

  it('estimates the date as now when it is missing, unreadable or far in the future', () => {
    for (const published of [null, '不是日期', '2020-02-20 10:00']) {
      const m = normalizeItem(raw({ title: '标题', body: '正文', published }), ctx)!;
      expect(m.publishedAt).toEqual(now);
      expect(m.publishedAtEstimated).toBe(true);
      // Undated: the title key uses the opening text instead of the date.
      expect(m.contentKey).toBe(sha('7\n标题\n正文'));
    }
    // A few hours ahead is a clock or zone slip, not a scheduled post: kept.
    expect(normalizeItem(raw({ title: 't', published: '2020-01-11 18:00' }), ctx)!.publishedAtEstimated).toBe(false);
  });

  it('reads relative dates from list pages against now', () => {
    const m = normalizeItem(raw({ title: 't', published: '5分钟前' }), ctx)!;
    expect(m.publishedAt).toEqual(new Date(now.getTime() - 5 * 60_000));
  });

  it('returns null when there is neither a title nor any text', () => {
    expect(normalizeItem(raw({ url: 'https://example.com/a', published: '2020-01-10' }), ctx)).toBeNull();
    expect(normalizeItem(raw({ title: ' <br> ', body: '<script>only()</script>' }), ctx)).toBeNull();
  });

  it('keys an untitled post by its text, and has no URL or GUID keys without them', () => {
    const m = normalizeItem(raw({ body: '只有正文', url: 'javascript:void(0)' }), ctx)!;
    expect(m.title).toBe('');
    expect(m.contentKey).toBe(sha('7\n\n\n只有正文'));
    const other = normalizeItem(raw({ body: '另一条正文', url: 'javascript:void(0)' }), ctx)!;
    expect(other.contentKey).not.toBe(m.contentKey);
    expect(m.url).toBeNull();
    expect(m.canonicalUrl).toBeNull();
    expect(m.urlKey).toBeNull();
    expect(m.guid).toBeNull();
    expect(m.guidKey).toBeNull();
  });

  it('keys the same title differently on different days and in different sources', () => {
    const a = normalizeItem(raw({ title: '每日司法行政动态', published: '2020-01-09' }), ctx)!;
    const b = normalizeItem(raw({ title: '每日司法行政动态', published: '2020-01-10' }), ctx)!;
    const c = normalizeItem(raw({ title: '每日司法行政动态', published: '2020-01-10' }), { ...ctx, sourceId: 8 })!;
    const d = normalizeItem(raw({ title: '每日司法行政動態', published: '2020-01-10' }), ctx)!; // Traditional
    expect(new Set([a.contentKey, b.contentKey, c.contentKey]).size).toBe(3);
    expect(d.contentKey).toBe(b.contentKey);
  });

  it('caps stored text', () => {
    const m = normalizeItem(raw({ title: '题'.repeat(TITLE_MAX_CHARS + 50), body: '字'.repeat(BODY_MAX_CHARS + 1000) }), ctx)!;
    expect(m.titleOriginal).toHaveLength(TITLE_MAX_CHARS);
    expect(m.bodyOriginal).toHaveLength(BODY_MAX_CHARS);
    expect(m.body).toHaveLength(BODY_MAX_CHARS);
    // A surrogate pair is never cut in half.
    const emoji = normalizeItem(raw({ title: 'a' + '😀'.repeat(TITLE_MAX_CHARS) }), ctx)!;
    expect(emoji.titleOriginal.length).toBe(TITLE_MAX_CHARS - 1);
    expect(emoji.titleOriginal.endsWith('😀')).toBe(true);
  });

  it('gives a Traditional repost the SimHash of its Simplified original', () => {
    const body = '有网友在微博发帖称，某监狱服刑人员家属探视时遭遇工作人员刁难，相关视频在网络上引发关注。对此，省监狱管理局回应称，已第一时间成立调查组赴现场核查，将依法依规严肃处理。';
    const original = normalizeItem(raw({ title: '监狱管理局回应探视问题', body }), ctx)!;
    const repost = normalizeItem(
      raw({ title: '監獄管理局回應探視問題', body: '轉發：有網友在微博發帖稱，某監獄服刑人員家屬探視時遭遇工作人員刁難，相關視頻在網絡上引發關注。對此，省監獄管理局回應稱，已第一時間成立調查組赴現場核查，將依法依規嚴肅處理。' }),
      { ...ctx, sourceId: 9 },
    )!;
    expect(hammingDistance(original.simhash, repost.simhash)).toBeLessThanOrEqual(3);
  });

  it('normalises a real Chinese feed end to end', async () => {
    const file = path.resolve(import.meta.dirname, '../../../shared/data/feeds/rodel-reader-zh/ruanyifeng-rss.xml');
    const items = await parseFeed(fs.readFileSync(file, 'utf8'));
    const mentions = items.map((i) => normalizeItem(i, { ...ctx, baseUrl: 'http://www.ruanyifeng.com/blog/atom.xml', now: new Date('2025-12-01T00:00:00Z') }));
    expect(mentions.every((m) => m !== null)).toBe(true);
    const first = mentions[0]!;
    expect(first.title).toBe('科技爱好者周刊(第 375 期):一扇门的 Bug');
    expect(first.titleOriginal).toBe('科技爱好者周刊（第 375 期）：一扇门的 Bug');
    expect(first.publishedAt.toISOString()).toBe('2025-11-28T00:14:06.000Z');
    expect(first.publishedAtEstimated).toBe(false);
    expect(first.canonicalUrl).toBe('http://www.ruanyifeng.com/blog/2025/11/weekly-issue-375.html');
    expect(first.bodyOriginal).not.toMatch(/<[a-z]/i);
    expect(new Set(mentions.map((m) => m!.urlKey)).size).toBe(mentions.length);
  });
});
