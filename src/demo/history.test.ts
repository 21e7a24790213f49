import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { ClassificationService } from '../classification/classification.service.ts';
import { ClassificationStore } from '../classification/classification.store.ts';
import { defaultDecisionSettings } from '../classification/decision.ts';
import { ModelsStore } from '../classification/models.store.ts';
import { RulesStore } from '../classification/rules.store.ts';
import { inlineProcessor } from '../collection/processing.ts';
import type { Source } from '../collection/source.ts';
import { SourceStore } from '../collection/source.store.ts';
import { MentionStore } from '../mentions/mention.store.ts';
import { loadRulePack, STARTER_PACK_FILE } from '../rules/index.ts';
import { EventBus } from '../shared/events.ts';
import { silentLogger } from '../shared/logger.ts';
import { demoIncidentsFrom } from './content.ts';
import { demoSources } from './demo-sources.ts';
import { backfillDemoHistory } from './history.ts';

/**
 * The demo's past and its scheduled incident, through the real adapters, processor, stores, starter
 * rules and spike detection: a day of history raises no warning, the incident raises one for its topic.
 */

const baseUrl = 'http://127.0.0.1:3900';
const now = new Date('2026-03-10T10:00:00+08:00');
const minute = 60_000;
// As `npm start` schedules them for a start at `now`: the first incident runs 10:10–10:20.
const incidents = demoIncidentsFrom(now);

let t: TestDb;
let sources: Source[];
let sourceStore: SourceStore;
let mentions: MentionStore;
let classifications: ClassificationStore;
let service: ClassificationService;
let clock = now;
const deps = () => ({ processor: inlineProcessor, mentions, sources: sourceStore, logger: silentLogger, timeZone: 'Asia/Shanghai' });

beforeAll(async () => {
  t = await createTestDb();
  sourceStore = new SourceStore(t.db);
  sources = [];
  for (const input of demoSources(baseUrl)) sources.push(await sourceStore.create({ ...input, enabled: true, demo: true }, now));
  mentions = new MentionStore(t.db);
  classifications = new ClassificationStore(t.db);
  const rules = new RulesStore(t.db);
  await rules.importPack(loadRulePack(STARTER_PACK_FILE), now);
  service = new ClassificationService({ rules, classifications, models: new ModelsStore(t.db), mentions, events: new EventBus(), clock: { now: () => clock }, logger: silentLogger, settings: defaultDecisionSettings });
});
afterAll(async () => t?.close());

describe('the demo history', () => {
  it('schedules the first incident one bucket after live collection starts', () => {
    expect(new Date(incidents.firstAt)).toEqual(new Date('2026-03-10T10:10:00+08:00'));
    expect(incidents.durationMs).toBe(10 * minute);
  });

  it('stores a day of every demo feed, oldest first, and stops when asked', async () => {
    const from = new Date(now.getTime() - 24 * 3600_000 - 20 * minute);
    const stopped = backfillDemoHistory(deps(), { sources, baseUrl, from, to: now, incidents });
    const early = await stopped.stop();
    expect(early).toBeLessThan(2000);

    const stored = await backfillDemoHistory(deps(), { sources, baseUrl, from, to: now, incidents }).done;
    // Seven feeds publishing every 22–38 s: about 826 items an hour.
    expect(stored + early).toBeGreaterThan(24 * 800);
    const rows: { source_id: number; n: number | string }[] = await t.db('mentions').select('source_id').count({ n: '*' }).groupBy('source_id');
    expect(rows).toHaveLength(sources.length);
    for (const row of rows) {
      expect(Number(row.n)).toBeGreaterThan(24 * 90);
      // The sources panel's 条目 counts the past too.
      expect((await sourceStore.get(Number(row.source_id)))!.state.itemsTotal).toBe(Number(row.n));
    }
    expect((await mentions.firstCollectedAt())!.getTime()).toBeLessThanOrEqual(from.getTime() + 10 * minute);
    // Oldest first, so the stream (newest id first) reads in time order.
    const byId = await t.db('mentions').orderBy('id').select('collected_at');
    const times = byId.map((r) => new Date(r.collected_at).getTime());
    expect(times.every((time, i) => i === 0 || time >= times[i - 1]!)).toBe(true);
    // The JSON timeline's posts have no title: the text is both, as when collected live.
    const social = sources.find((s) => s.kind === 'json')!;
    const post = await t.db('mentions').where('source_id', social.id).first();
    expect(post.title_original).toBe(post.body_original);
  }, 120_000);

  it('raises no warning over the quiet day, then one per incident, for its topic', async () => {
    expect(await service.classifyPending()).toBeGreaterThan(24 * 800);
    // Live collection every minute until the incident starts.
    await backfillDemoHistory(deps(), { sources, baseUrl, from: now, to: new Date(incidents.firstAt), stepMs: minute, incidents }).done;
    await service.classifyPending();
    clock = new Date(incidents.firstAt + 5_000);
    expect(await service.detectSpikes()).toEqual([]);

    await backfillDemoHistory(deps(), { sources, baseUrl, from: new Date(incidents.firstAt), to: new Date(incidents.firstAt + 10 * minute - 1), stepMs: minute, incidents }).done;
    await service.classifyPending();
    clock = new Date(incidents.firstAt + 10 * minute + 5_000);
    const warnings = await service.detectSpikes();
    expect(warnings.map((w) => [w.topic, w.bucketMinutes])).toEqual([['rehab', 10]]);
    expect(warnings[0]!.count).toBeGreaterThan(30);

    // Six hours on, the next incident is another topic's.
    const next = incidents.firstAt + incidents.everyMs;
    await backfillDemoHistory(deps(), { sources, baseUrl, from: new Date(incidents.firstAt + 10 * minute), to: new Date(next), incidents }).done;
    await backfillDemoHistory(deps(), { sources, baseUrl, from: new Date(next), to: new Date(next + 10 * minute - 1), stepMs: minute, incidents }).done;
    await service.classifyPending();
    clock = new Date(next + 10 * minute + 5_000);
    expect((await service.detectSpikes()).map((w) => [w.topic, w.bucketMinutes])).toEqual([['notary', 10]]);
  }, 120_000);
});
