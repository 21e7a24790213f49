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

/** Stores `n` mentions classified under `topic` at `at`. */
async function classifiedAt(at: Date, n: number, topic: string) {
  const stored = await mentions.insertBatch(
    Array.from({ length: n }, () => {
      const i = ++next;
      return {
        sourceId,
        guid: null,
        url: null,
        canonicalUrl: null,
        title: `t${i}`,
        titleOriginal: `t${i}`,
        body: `b${i}`,
        bodyOriginal: `b${i}`,
        author: null,
        publishedAt: at,
        publishedAtEstimated: false,
        collectedAt: at,
        simhash: (BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn).toString(16).padStart(16, '0'),
        urlKey: null,
        guidKey: null,
        contentKey: `spike-${i}`,
      };
    }),
  );
  await classifications.save(
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
});
