import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceStore } from '../collection/source.store.ts';
import { segment } from '../text/segment.ts';
import { simhash } from '../text/simhash.ts';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { mentionView, type Mention, type NewMention } from './mention.ts';
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
    contentKey: `title-${key}`,
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
    expect(await store.insertBatch([mention('b', '完全不同的内容：九江市公证处推出延时服务。', { contentKey: 'title-a' })])).toEqual([]);
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

  it("joins a story only near its first mention, across batches, so edits cannot chain unrelated texts into it", async () => {
    // Hashes set by hand: b is 2 bits from a; c is 2 bits from b but 4 from a; d is 1 bit from a.
    const [a] = await store.insertBatch([mention('chain-a', '链条测试一', { simhash: '00000000000000f0' })]);
    const [b] = await store.insertBatch([mention('chain-b', '链条测试二', { simhash: '0000000000000030' })]);
    const [c] = await store.insertBatch([mention('chain-c', '链条测试三', { simhash: '0000000000000000' })]);
    const [d] = await store.insertBatch([mention('chain-d', '链条测试四', { simhash: '00000000000000f1' })]);
    expect(b!.storyId).toBe(a!.storyId);
    expect(c!.storyId).not.toBe(a!.storyId);
    expect(d!.storyId).toBe(a!.storyId);
    expect(d!.storySize).toBe(3);
  });
});

describe('MentionStore.insertBatch under load', () => {
  const texts = {
    notary: '九江市公证处推出延时服务，工作日晚间和周末为群众办理公证事项，方便上班族就近办理，首周共受理申请八十余件。',
    aid: '上饶市法律援助中心开通农民工讨薪绿色通道，对追索劳动报酬案件优先受理、优先指派，不审查经济困难条件。',
    prison: '省监狱管理局组织开展监狱开放日活动，邀请人大代表、政协委员和群众代表走进监区，了解教育改造工作情况。',
  };

  it('commits concurrent batches together, gives each caller its own mentions, and sizes their stories', async () => {
    const a = await store.insertBatch([mention('load-a', texts.notary)]);
    // The first call starts a write at once; the two that arrive meanwhile are committed together.
    const [x, b, c] = await Promise.all([
      store.insertBatch([mention('load-x', '萍乡市司法局开展法治文化进校园活动，为中小学生讲授防范校园欺凌知识。')]),
      store.insertBatch([mention('load-b', `转发：${texts.notary}`), mention('load-b2', texts.aid)]),
      store.insertBatch([mention('load-c', texts.prison)]),
    ]);
    expect(x!.map((m) => m.urlKey)).toEqual(['url-load-x']);
    expect(b!.map((m) => m.urlKey)).toEqual(['url-load-b', 'url-load-b2']);
    expect(c!.map((m) => m.urlKey)).toEqual(['url-load-c']);
    expect(new Set([...b!, ...c!].map((m) => m.id)).size).toBe(3);
    // The repost joined the original's story.
    expect(b![0]!.storyId).toBe(a[0]!.storyId);
    expect([a[0]!.storySize, b![0]!.storySize, b![1]!.storySize, c![0]!.storySize]).toEqual([1, 2, 1, 1]);
    // The view built from a just-stored mention is the view read back from the database.
    const stored = [...x!, ...b!, ...c!];
    const read = await store.views(stored.map((m) => m.id));
    expect(stored.map((m) => mentionView(m, 's')).sort((p, q) => p.id - q.id)).toEqual(read);
  });

  it('fails only the bad batch of a group', async () => {
    const results = await Promise.allSettled([
      store.insertBatch([mention('good-1', '南昌市青山湖区司法所上门为行动不便老人办理法律援助申请。')]),
      // No such source: the foreign key refuses the row.
      store.insertBatch([mention('bad', '这条记录指向一个不存在的信息源。', { sourceId: 987_654 })]),
      store.insertBatch([mention('good-2', '景德镇市司法局举办陶瓷知识产权保护专题讲座，企业代表踊跃参加。')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<Mention[]>).value).toHaveLength(1);
    expect((results[2] as PromiseFulfilledResult<Mention[]>).value).toHaveLength(1);
    expect(await t.db('mentions').where({ url_key: 'url-bad' }).first()).toBeUndefined();
  });

  it('groups a repost with a story another process stored, and stores a race between processes once', async () => {
    const other = new MentionStore(t.connect());
    // The other process has its recent index already, from before the original was stored.
    await other.insertBatch([mention('other-1', '抚州市司法局开展“送法进乡村”巡回宣讲，覆盖全市一百多个行政村。')]);
    const [original] = await store.insertBatch([mention('proc-a', texts.prison.replace('开放日', '公众开放日'))]);
    const [repost] = await other.insertBatch([mention('proc-b', `转发：${texts.prison.replace('开放日', '公众开放日')}`)]);
    expect(repost!.storyId).toBe(original!.storyId);

    const same = () => [mention('race', '宜春市司法局联合人社部门开展根治欠薪专项行动，帮助四百余名农民工追回工资。')];
    const [mine, theirs] = await Promise.all([store.insertBatch(same()), other.insertBatch(same())]);
    expect(mine!.length + theirs!.length).toBe(1);
    expect(await t.db('mentions').where({ url_key: 'url-race' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('puts near-duplicates written at once by two processes in one story', async () => {
    const other = new MentionStore(t.connect());
    for (let round = 0; round < 5; round++) {
      const text = `第${round}轮：吉安市司法局通报一起律师违规执业案件，涉事律师被给予停止执业六个月处罚，所在律所被责令限期整改。`;
      // Each store has its story index built already; to group the pair, each must wait for the other's write.
      await Promise.all([store.insertBatch([mention(`warm-${round}-a`, `热身${round}：新余市公证处推出上门服务。`)]), other.insertBatch([mention(`warm-${round}-b`, `热身${round}：萍乡市人民调解委员会调解一起邻里纠纷。`)])]);
      const [[mine], [theirs]] = await Promise.all([store.insertBatch([mention(`pair-${round}-a`, text)]), other.insertBatch([mention(`pair-${round}-b`, `转发：${text}`)])]);
      expect(theirs!.storyId, `round ${round}`).toBe(mine!.storyId);
    }
  });
});
