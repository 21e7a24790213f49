import { adapterConfig, adapterFor } from '../collection/adapters/registry.ts';
import type { ItemProcessor } from '../collection/processing.ts';
import type { Source } from '../collection/source.ts';
import { decodeBody } from '../egress/charset.ts';
import type { Mention, NewMention } from '../mentions/mention.ts';
import type { Logger } from '../shared/logger.ts';
import { DEFAULT_DEMO_SEED, demoFeeds, type DemoIncidents } from './content.ts';
import { feedAtPath } from './demo-paths.ts';
import { answerDemoRequest } from './demo-server.ts';

/**
 * A fresh demo's past: what the demo feeds published over the last day, stored as if Huiying had
 * collected them every ten minutes. Spike warnings compare a topic's volume with at least a day of
 * monitoring, so without a past the demo would show no 专题预警 until it had run for a day.
 *
 * The documents are the ones the demo server serves for those instants, decoded, parsed and
 * normalised by the same adapters and processor as live collection; only the fetch is skipped.
 */

export interface DemoHistoryDeps {
  processor: ItemProcessor;
  mentions: { insertBatch(mentions: readonly NewMention[]): Promise<readonly Pick<Mention, 'sourceId'>[]> };
  /** Each source's item count (the sources panel's 条目) includes its past. */
  sources: { addStoredItems(sourceId: number, count: number): Promise<void> };
  logger: Logger;
  /** Zone for dates written without one, as in collection. */
  timeZone: string;
}

export interface DemoHistoryOptions {
  /** The demo sources as stored; sources that are not demo feeds are left out. */
  sources: readonly Pick<Source, 'id' | 'kind' | 'url' | 'config'>[];
  /** The demo server's base URL, as its documents link to it. */
  baseUrl: string;
  from: Date;
  to: Date;
  seed?: string;
  incidents?: DemoIncidents;
  /** How often the past "collected" each feed. */
  stepMs?: number;
}

export interface DemoHistory {
  /** The number of mentions stored, once the history is in or stopped. */
  done: Promise<number>;
  /** Stops after the step under way; resolves as `done` does. */
  stop(): Promise<number>;
}

const TEN_MINUTES = 10 * 60_000;

/** Stores the demo feeds' items published between `from` and `to`, oldest first, in the background. */
export function backfillDemoHistory(deps: DemoHistoryDeps, options: DemoHistoryOptions): DemoHistory {
  let stopping = false;
  const done = backfill(deps, options, () => stopping);
  return {
    done,
    stop() {
      stopping = true;
      return done;
    },
  };
}

async function backfill(deps: DemoHistoryDeps, options: DemoHistoryOptions, stopping: () => boolean): Promise<number> {
  const { processor, mentions, logger, timeZone } = deps;
  const step = options.stepMs ?? TEN_MINUTES;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const feeds = options.sources.flatMap((source) => {
    const path = new URL(source.url).pathname;
    const feedId = feedAtPath(path);
    return feedId ? [{ source, feedId, path, adapter: adapterFor(source.kind), config: adapterConfig(source) }] : [];
  });
  const from = options.from.getTime();
  const steps = Math.max(0, Math.ceil((options.to.getTime() - from) / step));
  const started = Date.now();
  logger.info({ job: 'demo-history', from: options.from, to: options.to, feeds: feeds.length, steps }, 'demo history: storing the last day of the demo feeds');

  let stored = 0;
  let done = 0;
  const perSource = new Map<number, number>();
  for (let i = 1; i <= steps && !stopping(); i++) {
    const at = new Date(Math.min(from + i * step, options.to.getTime()));
    const batch: NewMention[] = [];
    for (const { source, feedId, path, adapter, config } of feeds) {
      // Enough items to reach back one step, and a little overlap (stored once: dedup by GUID and URL).
      const count = Math.ceil(step / 1000 / demoFeeds[feedId].intervalSeconds) + 2;
      const doc = answerDemoRequest(path, options.baseUrl, at, seed, count, options.incidents);
      const { text } = decodeBody(doc.body, doc.contentType, adapter.expect);
      const job = { kind: source.kind, document: text, config, finalUrl: source.url };
      const { mentions: normalized } = await processor.parseAndNormalize(job, { sourceId: source.id, baseUrl: source.url, now: at, timeZone });
      for (const m of normalized) if (m) batch.push(m);
    }
    const inserted = await mentions.insertBatch(batch);
    for (const m of inserted) perSource.set(m.sourceId, (perSource.get(m.sourceId) ?? 0) + 1);
    stored += inserted.length;
    done = i;
    if (i % 36 === 0) logger.info({ job: 'demo-history', step: i, steps, stored }, `demo history: ${Math.round((100 * i) / steps)}%`);
  }
  for (const [sourceId, count] of perSource) await deps.sources.addStoredItems(sourceId, count);
  logger.info({ job: 'demo-history', steps: done, stored, stopped: done < steps, durationMs: Date.now() - started }, 'demo history stored');
  return stored;
}
