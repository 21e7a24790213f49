import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { SourceStore } from '../collection/source.store.ts';
import { MentionStore } from '../mentions/mention.store.ts';
import { EventBus } from '../shared/events.ts';
import { silentLogger } from '../shared/logger.ts';
import { ClassificationService } from './classification.service.ts';
import { ClassificationStore } from './classification.store.ts';
import { defaultDecisionSettings } from './decision.ts';
import { ModelsStore } from './models.store.ts';
import { RulesStore } from './rules.store.ts';

/** Spike warnings from stored classifications, with the time fixed. */

let t: TestDb;
const now = new Date('2026-11-28T06:00:00Z'); // on a 10-minute and an hour boundary
let clock = now;
const events = new EventBus();
let service: ClassificationService;
let classifications: ClassificationStore;
let mentions: MentionStore;
let sourceId: number;
let next = 0;

/**
 * Stores `n` mentions collected and classified under `topic` at `at`, published at `published`,
 * in this file's database unless `into` names another.
 */
async function classifiedAt(at: Date, n: number, topic: string, published = at, into = { mentions, classifications, sourceId }) {
  const stored = await into.mentions.insertBatch(
    Array.from({ length: n }, () => {
      const i = ++next;
      return {
        sourceId: into.sourceId,
        guid: null,
        url: null,
        canonicalUrl: null,
        title: `t${i}`,
        titleOriginal: `t${i}`,
        body: `b${i}`,
        bodyOriginal: `b${i}`,
        author: null,
        publishedAt: published,
        publishedAtEstimated: false,
        collectedAt: at,
        simhash: (BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn).toString(16).padStart(16, '0'),
        urlKey: null,
        guidKey: null,
        contentKey: `spike-${i}`,
      };
    }),
  );
  await into.classifications.save(
    stored.map((m) => ({
      mentionId: m.id,
      flagged: true,
      level: 'blue' as const,
      topics: [topic],
      places: [],
      sentiment: 'neutral' as const,
      sentimentScore: 0.5,
      responseScore: null,
      explanation: { rules: [], models: [], reasons: [] },
      classifiedAt: at,
    })),
  );
}

beforeAll(async () => {
  t = await createTestDb();
  sourceId = (await new SourceStore(t.db).create({ name: 's', kind: 'rss', url: 'http://s.example.cn/', config: {}, schedule: '* * * * *', weight: 1, enabled: true }, now)).id;
  mentions = new MentionStore(t.db);
  classifications = new ClassificationStore(t.db);
  const rules = new RulesStore(t.db);
  await rules.createTopic({ key: 'prisons', name: '监狱与看守所' }, now);
  await rules.createTopic({ key: 'notary', name: '公证' }, now);
  service = new ClassificationService({ rules, classifications, models: new ModelsStore(t.db), mentions, events, clock: { now: () => clock }, logger: silentLogger, settings: defaultDecisionSettings });
  // A quiet week: one prisons mention every six hours, one notary mention a day.
  for (let h = 6; h < 7 * 24; h += 6) await classifiedAt(new Date(now.getTime() - h * 3600_000 + 60_000), 1, 'prisons');
  for (let d = 1; d < 7; d++) await classifiedAt(new Date(now.getTime() - d * 86_400_000 + 60_000), 1, 'notary');
});
afterAll(async () => t?.close());

describe('ClassificationService.detectSpikes', () => {
  it('raises one warning per surge, stores it with its series, and publishes it', async () => {
    const published: string[] = [];
    events.subscribe('topic.spike', ({ warning }) => published.push(`${warning.topicName}/${warning.bucketMinutes}`));
    expect(await service.detectSpikes()).toEqual([]);

    // 30 prisons mentions in the last ten minutes.
    for (let m = 1; m <= 30; m++) await classifiedAt(new Date(now.getTime() + 10 * 60_000 - m * 15_000), 1, 'prisons');
    clock = new Date(now.getTime() + 10 * 60_000);
    const warnings = await service.detectSpikes();
    expect(warnings.map((w) => [w.topic, w.bucketMinutes, w.count])).toEqual([['prisons', 10, 30]]);
    expect(warnings[0]!.series.at(-1)).toBe(30);
    expect(warnings[0]!.series).toHaveLength(144);
    expect(published).toEqual(['监狱与看守所/10']);

    // The surge goes on in the next bucket: no second warning.
    for (let m = 1; m <= 30; m++) await classifiedAt(new Date(clock.getTime() + 10 * 60_000 - m * 15_000), 1, 'prisons');
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect((await service.detectSpikes()).map((w) => [w.topic, w.bucketMinutes])).toEqual([]);
    expect((await classifications.recentWarnings(10)).map((w) => [w.topic, w.bucketMinutes, w.count])).toEqual([['prisons', 10, 30]]);
  });

  it('counts mentions when they arrive: reclassifying a day of them or a backlog of old news is no surge', async () => {
    await new RulesStore(t.db).createTopic({ key: 'lawyers', name: '律师与法律援助' }, now);
    clock = new Date(now.getTime() + 3 * 3600_000);
    const lawyers = async () => (await service.detectSpikes()).filter((w) => w.topic === 'lawyers').map((w) => [w.bucketMinutes, w.count]);
    // A steady day: one mention every 40 minutes.
    for (let m = 40; m <= 24 * 60; m += 40) await classifiedAt(new Date(clock.getTime() - m * 60_000 + 30_000), 1, 'lawyers');
    expect(await lawyers()).toEqual([]);

    // A rule changed: the day's mentions are classified again, now.
    const day = await t.db('classifications').where('topics', 'like', '%"lawyers"%').select('mention_id');
    await t.db('classifications').whereIn('mention_id', day.map((r) => r.mention_id)).update({ classified_at: clock.toISOString() });
    expect(await lawyers()).toEqual([]);

    // A new source's first fetch brings forty posts from two days ago.
    for (let m = 1; m <= 40; m++) await classifiedAt(new Date(clock.getTime() - 60_000), 1, 'lawyers', new Date(clock.getTime() - 2 * 86_400_000 + m * 60_000));
    expect(await lawyers()).toEqual([]);

    // Forty new posts in the last ten minutes are a surge.
    for (let m = 1; m <= 40; m++) await classifiedAt(new Date(clock.getTime() - m * 10_000), 1, 'lawyers');
    expect(await lawyers()).toEqual([
      [10, 40],
      [60, 41],
    ]);
  });
});

describe('a new install', () => {
  it('raises no warning until it has monitored a day', async () => {
    const fresh = await createTestDb();
    try {
      const source = (await new SourceStore(fresh.db).create({ name: 's', kind: 'rss', url: 'http://s.example.cn/', config: {}, schedule: '* * * * *', weight: 1, enabled: true }, now)).id;
      const rules = new RulesStore(fresh.db);
      await rules.createTopic({ key: 'prisons', name: '监狱与看守所' }, now);
      const store = new ClassificationStore(fresh.db);
      const freshMentions = new MentionStore(fresh.db);
      let at = now;
      const fresh0 = new ClassificationService({ rules, classifications: store, models: new ModelsStore(fresh.db), mentions: freshMentions, events: new EventBus(), clock: { now: () => at }, logger: silentLogger, settings: defaultDecisionSettings });
      expect(await fresh0.detectSpikes()).toEqual([]);
      const burst = (when: Date) => classifiedAt(when, 60, 'prisons', when, { mentions: freshMentions, classifications: store, sourceId: source });
      // The first collection, at once: the week before it is unknown, not quiet.
      await burst(new Date(now.getTime() - 5 * 60_000));
      expect(await fresh0.detectSpikes()).toEqual([]);
      // An hour in, another burst: too little baseline yet.
      at = new Date(now.getTime() + 3600_000);
      await burst(new Date(at.getTime() - 2 * 60_000));
      expect(await fresh0.detectSpikes()).toEqual([]);
      // After a day of monitoring the same burst is a surge.
      at = new Date(now.getTime() + 26 * 3600_000);
      await burst(new Date(at.getTime() - 2 * 60_000));
      expect((await fresh0.detectSpikes()).map((w) => [w.topic, w.bucketMinutes, w.count])).toEqual([
        ['prisons', 10, 60],
        ['prisons', 60, 60],
      ]);
    } finally {
      await fresh.close();
    }
  });
});
