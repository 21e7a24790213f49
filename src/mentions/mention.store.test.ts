import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceStore } from '../collection/source.store.ts';
import { segment } from '../text/segment.ts';
import { simhash } from '../text/simhash.ts';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import type { NewMention } from './mention.ts';
import { MentionStore } from './mention.store.ts';

let t: TestDb;
let store: MentionStore;
let sourceId: number;
const now = new Date('2026-11-28T06:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  store = new MentionStore(t.db);
  const sources = new SourceStore(t.db);
  sourceId = (await sources.create({ name: 's', kind: 'rss', url: 'http://s.example.cn/feed', config: {}, schedule: '* * * * *', weight: 1, enabled: true }, now)).id;
});
afterAll(async () => t?.close());

function mention(key: string, text: string, extra: Partial<NewMention> = {}): NewMention {
  return {
    sourceId,
    guid: null,
    url: `http://m.example.cn/${key}`,
    canonicalUrl: `http://m.example.cn/${key}`,
    title: text.slice(0, 20),
    titleOriginal: text.slice(0, 20),
    body: text,
    bodyOriginal: text,
    author: null,
    publishedAt: now,
    publishedAtEstimated: false,
    collectedAt: now,
    simhash: simhash(segment(text)),
    urlKey: `url-${key}`,
    guidKey: null,
    titleKey: `title-${key}`,
    ...extra,
  };
}

const base =
  '南昌市司法局近日组织开展社区矫正对象集中教育活动，邀请法律专家围绕遵纪守法、心理健康等内容进行专题授课，' +
  '帮助社区矫正对象增强法治观念，顺利融入社会。活动还安排了就业指导和技能培训，受到矫正对象及家属欢迎。';

describe('MentionStore.insertBatch', () => {
  it('stores each item once, within a batch and across batches', async () => {
    const a = mention('a', base);
    const dupInBatch = mention('a2', base, { urlKey: 'url-a' });
    const first = await store.insertBatch([a, dupInBatch]);
    expect(first).toHaveLength(1);
    expect(await store.insertBatch([a])).toEqual([]);
    expect(await store.insertBatch([mention('b', '完全不同的内容：九江市公证处推出延时服务。', { titleKey: 'title-a' })])).toEqual([]);
    expect(await store.count()).toBe(1);
  });

  it('groups a near-duplicate into the same story and counts the repost', async () => {
    const [original] = await store.views([1]);
    const repost = mention('c', `转发：${base}`);
    const [stored] = await store.insertBatch([repost]);
    expect(stored!.storyId).toBe(original!.storyId);
    const [view] = await store.views([stored!.id]);
    expect(view!.repostCount).toBe(1);
    const other = await store.insertBatch([mention('d', '赣州市人民调解委员会化解一起土地承包纠纷，双方握手言和，签订调解协议，当场履行。')]);
    expect(other[0]!.storyId).not.toBe(original!.storyId);
  });

  it('lists newest first, or ascending after an id, and exports every row', async () => {
    const newest = await store.list({ limit: 10 });
    expect(newest.map((m) => m.id)).toEqual([3, 2, 1]);
    expect((await store.list({ afterId: 1, limit: 10 })).map((m) => m.id)).toEqual([2, 3]);
    const exported = [];
    for await (const row of store.exportRows(null, 2)) exported.push(row.id);
    expect(exported).toEqual([1, 2, 3]);
    expect(await store.maxId()).toBe(3);
  });
});
