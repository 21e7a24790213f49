import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { SourceStore } from '../collection/source.store.ts';
import { MentionStore } from '../mentions/mention.store.ts';
import type { NewMention } from '../mentions/mention.ts';
import { UserStore } from '../auth/user.store.ts';
import type { Classification } from './classification.ts';
import { ClassificationStore } from './classification.store.ts';
import { ModelsStore } from './models.store.ts';
import { RulesStore } from './rules.store.ts';

let t: TestDb;
const now = new Date('2026-11-28T06:00:00Z');
let mentionIds: number[] = [];
let sourceId = 0;

beforeAll(async () => {
  t = await createTestDb();
  sourceId = (await new SourceStore(t.db).create({ name: '赣鄱论坛', kind: 'rss', url: 'http://f.example.cn/rss', config: {}, schedule: '* * * * *', weight: 0.8, enabled: true }, now)).id;
  const texts = ['某监狱服刑人员家属反映探视难', '南昌市公证处推出延时服务', '社区矫正对象脱管引发关注'];
  const mentions: NewMention[] = texts.map((text, i) => ({
    sourceId,
    guid: null,
    url: `http://f.example.cn/${i}`,
    canonicalUrl: `http://f.example.cn/${i}`,
    title: text,
    titleOriginal: text,
    body: `${text}。正文`,
    bodyOriginal: `${text}。正文`,
    author: null,
    publishedAt: now,
    publishedAtEstimated: false,
    collectedAt: now,
    simhash: ['0123456789abcdef', 'fedcba9876543210', '0f0f0f0f0f0f0f0f'][i]!,
    urlKey: `u${i}`,
    guidKey: null,
    contentKey: `c${i}`,
  }));
  mentionIds = (await new MentionStore(t.db).insertBatch(mentions)).map((m) => m.id);
});
afterAll(async () => t?.close());

describe('RulesStore', () => {
  it('imports a pack, lists rules with their topic, edits and deletes', async () => {
    const store = new RulesStore(t.db);
    const added = await store.importPack(
      [
        { key: 'prisons', name: '监狱与看守所', rules: [{ name: '羁押死亡', query: '监狱 AND 死亡', level: 'red' }] },
        { key: 'notary', name: '公证', rules: [{ name: '公证投诉', query: '公证 AND 投诉', level: 'blue' }, { name: '假公证', query: '"假公证"', level: 'yellow' }] },
      ],
      now,
    );
    expect(added).toBe(3);
    expect((await store.listTopics()).map((x) => x.key)).toEqual(['prisons', 'notary']);
    const rules = await store.listRules();
    expect(rules.map((r) => [r.topicKey, r.name, r.level, r.enabled])).toEqual([
      ['prisons', '羁押死亡', 'red', true],
      ['notary', '公证投诉', 'blue', true],
      ['notary', '假公证', 'yellow', true],
    ]);
    const updated = await store.updateRule(rules[1]!.id, { enabled: false, level: 'yellow' }, now);
    expect(updated).toMatchObject({ enabled: false, level: 'yellow', query: '公证 AND 投诉' });
    expect((await store.listRules({ enabledOnly: true })).map((r) => r.name)).toEqual(['羁押死亡', '假公证']);
    expect(await store.deleteTopic(rules[1]!.topicId)).toBe(true);
    expect((await store.listRules()).map((r) => r.name)).toEqual(['羁押死亡']);
    expect(await store.updateRule(9999, { name: 'x' }, now)).toBeNull();
  });
});

describe('ClassificationStore', () => {
  const classification = (mentionId: number, extra: Partial<Classification> = {}): Classification => ({
    mentionId,
    flagged: false,
    level: null,
    topics: [],
    places: [],
    sentiment: 'neutral',
    sentimentScore: 0.5,
    responseScore: 0.5,
    explanation: { rules: [], models: [], reasons: [] },
    classifiedAt: now,
    ...extra,
  });

  it('finds pending mentions, stores classifications and replaces them on reclassification', async () => {
    const store = new ClassificationStore(t.db);
    const pending = await store.pending(10);
    expect(pending.map((p) => p.mentionId)).toEqual(mentionIds);
    expect(pending[0]).toMatchObject({ title: '某监狱服刑人员家属反映探视难', sourceName: '赣鄱论坛', sourceWeight: 0.8, reposts: 0 });
    await store.save([classification(mentionIds[0]!, { flagged: true, level: 'orange', topics: ['prisons'], places: ['南昌市'], responseScore: 0.9 })]);
    expect((await store.pending(10)).map((p) => p.mentionId)).toEqual(mentionIds.slice(1));
    await store.save([classification(mentionIds[0]!, { level: 'red', flagged: true })]);
    expect(await store.get(mentionIds[0]!)).toMatchObject({ level: 'red', flagged: true, topics: [], responseScore: 0.5 });
    await store.save(mentionIds.slice(1).map((id, i) => classification(id, { responseScore: [0.52, 0.95][i]! })));
    expect([...(await store.many(mentionIds)).keys()].sort()).toEqual([...mentionIds].sort());
  });

  it('keeps the latest label per mention and offers the most uncertain unlabelled mentions first', async () => {
    const store = new ClassificationStore(t.db);
    const user = (await new UserStore(t.db).create({ username: 'staff1', displayName: '工作人员', passwordHash: 'x', role: 'staff' }, now))!;
    expect(await store.mostUncertain(new Date(now.getTime() - 3600_000), 10)).toEqual([mentionIds[0], mentionIds[1], mentionIds[2]]);
    await store.saveLabel({ mentionId: mentionIds[0]!, userId: user.id, needsResponse: false, topic: null, sentiment: null, labelledAt: now });
    await store.saveLabel({ mentionId: mentionIds[0]!, userId: user.id, needsResponse: true, topic: 'prisons', sentiment: 'negative', labelledAt: now });
    expect(await store.label(mentionIds[0]!)).toMatchObject({ needsResponse: true, topic: 'prisons', sentiment: 'negative', userId: user.id });
    const texts = await store.labelledTexts();
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain('探视难');
    expect(await store.mostUncertain(new Date(now.getTime() - 3600_000), 10)).toEqual([mentionIds[1], mentionIds[2]]);
  });
});

describe('ModelsStore', () => {
  it('numbers versions, keeps one active per task, and rolls back', async () => {
    const store = new ModelsStore(t.db);
    const set = { name: 'labels', size: 10, hash: 'abc' };
    const v1 = await store.add({ task: 'sentiment', model: { w: [1] }, trainingSet: set, metrics: { accuracy: 0.9 }, activate: true }, now);
    const v2 = await store.add({ task: 'sentiment', model: { w: [2] }, trainingSet: set, metrics: { accuracy: 0.91 }, activate: true }, now);
    await store.add({ task: 'topic', model: { w: [3] }, trainingSet: set, metrics: {}, activate: false }, now);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await store.active()).map((m) => [m.task, m.version, m.model])).toEqual([['sentiment', 2, { w: [2] }]]);
    expect(await store.activate('sentiment', 1)).toBe(true);
    expect((await store.active()).map((m) => [m.task, m.version])).toEqual([['sentiment', 1]]);
    expect(await store.activate('sentiment', 7)).toBe(false);
    expect((await store.list('sentiment')).map((m) => [m.version, m.active, m.metrics])).toEqual([
      [2, false, { accuracy: 0.91 }],
      [1, true, { accuracy: 0.9 }],
    ]);
  });
});
