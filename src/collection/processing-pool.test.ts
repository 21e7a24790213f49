import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticRss } from '../demo/index.ts';
import { silentLogger } from '../shared/logger.ts';
import { CollectError } from './adapters/adapter.ts';
import { addUserWords } from '../text/segment.ts';
import { ProcessingPool } from './processing-pool.ts';
import { inlineProcessor, type DocumentJob } from './processing.ts';

const ctx = { sourceId: 3, baseUrl: 'https://bench.huiying.invalid/feed-0/', now: new Date('2026-03-03T00:00:00Z'), timeZone: 'Asia/Shanghai' };
const rssJob = (feed: number, items: number): DocumentJob => ({ kind: 'rss', document: syntheticRss(feed, items), config: {}, finalUrl: ctx.baseUrl });

const pool = new ProcessingPool(2, silentLogger);
afterAll(() => pool.close());

describe('ProcessingPool', () => {
  it('parses and normalises on worker threads exactly as on the main thread', async () => {
    const job = rssJob(0, 30);
    const onWorkers = await pool.parseAndNormalize(job, ctx);
    expect(onWorkers.found).toBe(30);
    expect(onWorkers).toEqual(await inlineProcessor.parseAndNormalize(job, ctx));
    expect(onWorkers.mentions[0]!.publishedAt).toBeInstanceOf(Date);
    expect(await pool.parse(job)).toEqual(await inlineProcessor.parse(job));
  });

  it('reads html and json documents with their config', async () => {
    const html: DocumentJob = {
      kind: 'html',
      document: '<ul><li><a href="/a/1.html">南昌市司法局开展普法活动</a><span>2026-03-02</span></li></ul>',
      config: { item: 'li', title: 'a', link: 'a', linkAttr: 'href', date: 'span' },
      finalUrl: 'https://sft.example.gov.cn/list/',
    };
    const [item] = await pool.parse(html);
    expect(item).toMatchObject({ title: '南昌市司法局开展普法活动', url: 'https://sft.example.gov.cn/a/1.html', published: '2026-03-02' });
    const json: DocumentJob = {
      kind: 'json',
      document: JSON.stringify({ data: [{ text: '九江市公证处推出延时服务', time: '2026-03-02 10:00' }] }),
      config: { items: 'data', title: 'text', date: 'time' },
      finalUrl: 'https://api.example.cn/posts',
    };
    const { found, mentions } = await pool.parseAndNormalize(json, ctx);
    expect(found).toBe(1);
    expect(mentions[0]).toMatchObject({ title: '九江市公证处推出延时服务', publishedAt: new Date('2026-03-02T02:00:00Z') });
  });

  it('keeps order across workers for a large batch', async () => {
    const items = await inlineProcessor.parse(rssJob(1, 250));
    const mentions = await pool.normalize(items, ctx);
    expect(mentions.map((m) => m!.url)).toEqual(items.map((i) => i.url));
  });

  it('carries a CollectError and its code across the thread boundary', async () => {
    const err = await pool.parse({ kind: 'rss', document: '<html><body>不是订阅源</body></html>', config: {}, finalUrl: ctx.baseUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect(err).toMatchObject({ code: 'not_a_feed' });
    await expect(pool.parse({ kind: 'rss', document: '<rss><channel><item><title>未闭合', config: {}, finalUrl: ctx.baseUrl })).rejects.toMatchObject({
      code: 'parse_error',
    });
  });

  it('fails the tasks of a worker that dies, and replaces it', async () => {
    const lone = new ProcessingPool(1, silentLogger);
    try {
      await lone.warmUp();
      const pending = lone.normalize(await inlineProcessor.parse(rssJob(2, 50)), ctx);
      // Reaching into the pool to kill its worker, as a crash in native code would.
      await (lone as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker.terminate();
      await expect(pending).rejects.toThrow(/worker stopped/);
      expect((await lone.parseAndNormalize(rssJob(3, 5), ctx)).found).toBe(5);
    } finally {
      await lone.close();
    }
    await expect(lone.parse(rssJob(3, 1))).rejects.toThrow(/closed/);
  });

  it('does not keep a process alive once its work is done', async () => {
    const src = (file: string) => JSON.stringify(pathToFileURL(path.join(import.meta.dirname, '..', file)).href);
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-pool-')), 'use-pool.mts');
    fs.writeFileSync(
      script,
      `import { ProcessingPool } from ${src('collection/processing-pool.ts')};
      import { silentLogger } from ${src('shared/logger.ts')};
      import { syntheticRss } from ${src('demo/index.ts')};
      const pool = new ProcessingPool(1, silentLogger);
      const job = { kind: 'rss', document: syntheticRss(0, 3), config: {}, finalUrl: 'https://x.invalid/' } as const;
      const r = await pool.parseAndNormalize(job, { sourceId: 1, baseUrl: 'https://x.invalid/', now: new Date(), timeZone: 'Asia/Shanghai' });
      console.log(r.found);`,
    );
    // The pool is never closed: the process must still end by itself.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('3');
  });
});

describe('ProcessingPool with user words', () => {
  it('cuts text with the words it is given, as the main thread does after addUserWords', async () => {
    // Place names of another province's gazetteer: unknown to the built-in dictionary.
    const words = [{ word: '鹿鸣湖区', freq: 2000 }, { word: '云岭镇', freq: 2000 }];
    const html: DocumentJob = {
      kind: 'html',
      document: '<ul><li><a href="/a/1.html">鹿鸣湖区云岭镇司法所调解鹿鸣湖区云岭镇邻里纠纷</a><span>2026-03-02</span></li></ul>',
      config: { item: 'li', title: 'a', link: 'a', linkAttr: 'href', date: 'span' },
      finalUrl: 'https://sft.example.gov.cn/list/',
    };
    const plain = new ProcessingPool(1, silentLogger);
    const taught = new ProcessingPool(1, silentLogger, words);
    try {
      const before = (await plain.parseAndNormalize(html, ctx)).mentions[0]!.simhash;
      const withWords = (await taught.parseAndNormalize(html, ctx)).mentions[0]!.simhash;
      expect(withWords).not.toBe(before);
      expect((await inlineProcessor.parseAndNormalize(html, ctx)).mentions[0]!.simhash).toBe(before);
      addUserWords(words);
      expect((await inlineProcessor.parseAndNormalize(html, ctx)).mentions[0]!.simhash).toBe(withWords);
    } finally {
      await Promise.all([plain.close(), taught.close()]);
    }
  });
});
