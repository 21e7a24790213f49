import type { Fetcher } from '../egress/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { EventBus } from '../shared/events.ts';
import type { Logger } from '../shared/logger.ts';
import type { MentionStore } from '../mentions/mention.store.ts';
import type { NewMention } from '../mentions/mention.ts';
import { adapterFor } from './adapters/registry.ts';
import type { AdapterResult, RawItem } from './adapters/adapter.ts';
import { CollectError } from './adapters/adapter.ts';
import { classifyFailure } from './failure.ts';
import { currentLeaseOwner, isDeadLocalOwner } from './lease.ts';
import { normalizeItem } from './normalize-item.ts';
import { scheduleNextCheck, type BackoffSettings } from './schedule.ts';
import { toSourceView, type CollectionOutcome, type FailureCode, type Source } from './source.ts';
import type { SourceStore } from './source.store.ts';

/** How one refresh of one source ended. `skipped` means another fetch of it was under way. */
export interface RefreshResult {
  sourceId: number;
  sourceName: string;
  outcome: CollectionOutcome | 'skipped';
  itemsFound: number;
  itemsNew: number;
  errorCode: FailureCode | null;
  errorMessage: string | null;
  httpStatus: number | null;
  durationMs: number;
}

export interface CollectorDeps {
  sources: SourceStore;
  mentions: MentionStore;
  fetcher: Fetcher;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  settings: {
    timeZone: string;
    concurrency: number;
    backoff: BackoffSettings;
    /** How long a fetch lease lasts; a crashed process's lease expires after this. */
    leaseMs: number;
  };
  random?: () => number;
  leaseOwner?: string;
}

/** Article pages fetched at once for one html source. */
const ARTICLE_CONCURRENCY = 2;

/**
 * The collection pipeline, after Miniflux's RefreshFeed: lease → conditional fetch → parse →
 * normalise → dedupe and store → schedule the next check → publish. Errors are stored on the
 * source (code, message, count) and never escape, so one bad source cannot stop the others.
 */
export class Collector {
  private readonly owner: string;
  private readonly random: () => number;

  constructor(private readonly deps: CollectorDeps) {
    this.owner = deps.leaseOwner ?? currentLeaseOwner();
    this.random = deps.random ?? Math.random;
  }

  /** Refreshes every due source, a few at a time; returns one result per source tried. */
  async collectDue(onResult?: (r: RefreshResult) => void): Promise<RefreshResult[]> {
    const due = await this.deps.sources.findDue(this.deps.clock.now(), 500);
    return this.refreshMany(due, onResult);
  }

  /** Refreshes the given sources (enabled or not), a few at a time. */
  async refreshMany(sources: readonly Source[], onResult?: (r: RefreshResult) => void): Promise<RefreshResult[]> {
    const results: RefreshResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < sources.length) {
        const source = sources[next++]!;
        const result = await this.refreshSource(source);
        results.push(result);
        onResult?.(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.settings.concurrency, sources.length) }, worker));
    return results;
  }

  /** Collects one source now, unless another process or task is already fetching it. */
  async refreshSource(source: Source): Promise<RefreshResult> {
    const { sources, clock, logger } = this.deps;
    const startedAt = clock.now();
    if (!(await this.acquireLease(source.id, startedAt))) {
      return this.result(source, 'skipped', startedAt, { errorMessage: 'already being fetched' });
    }
    let itemsFound = 0;
    try {
      let outcome: CollectionOutcome;
      let stored = 0;
      let httpStatus: number | null = null;
      let validators: { etag?: string | null; lastModified?: string | null } = {};
      let failure: { code: FailureCode; message: string } | null = null;
      try {
        const fetched = await this.fetchItems(source);
        httpStatus = fetched.httpStatus;
        if (fetched.notModified) {
          outcome = 'not_modified';
        } else {
          itemsFound = fetched.items.length;
          validators = { etag: fetched.etag, lastModified: fetched.lastModified };
          if (!itemsFound) throw new CollectError('empty', 'the document has no items', fetched.httpStatus);
          stored = await this.storeItems(source, fetched);
          outcome = 'ok';
        }
      } catch (err) {
        const f = classifyFailure(err);
        if (f.code === 'internal') logger.error({ err, sourceId: source.id }, 'collection failed unexpectedly');
        failure = { code: f.code, message: f.message };
        httpStatus = f.httpStatus ?? httpStatus;
        outcome = 'error';
      }
      const checkedAt = clock.now();
      const nextCheckAt = scheduleNextCheck({
        schedule: source.schedule,
        timeZone: this.deps.settings.timeZone,
        now: checkedAt,
        failed: outcome === 'error',
        consecutiveErrors: source.state.errorCount + 1,
        backoff: this.deps.settings.backoff,
        random: this.random(),
      });
      await sources.recordOutcome(
        source.id,
        {
          outcome,
          checkedAt,
          nextCheckAt,
          httpStatus,
          ...validators,
          newItems: stored,
          errorCode: failure?.code ?? null,
          errorMessage: failure?.message ?? null,
        },
        { startedAt, itemsFound },
      );
      const result = this.result(source, outcome, startedAt, {
        itemsFound,
        itemsNew: stored,
        errorCode: failure?.code ?? null,
        errorMessage: failure?.message ?? null,
        httpStatus,
      });
      logger.info(
        {
          job: 'collect',
          sourceId: source.id,
          outcome,
          itemsFound,
          itemsNew: stored,
          errorCode: result.errorCode,
          durationMs: result.durationMs,
        },
        `collected source ${source.id}`,
      );
      const updated = await sources.get(source.id);
      if (updated) this.deps.events.publish('source.updated', { source: toSourceView(updated) });
      return result;
    } finally {
      await sources.releaseLease(source.id, this.owner);
    }
  }

  private async acquireLease(sourceId: number, now: Date): Promise<boolean> {
    const { sources, settings } = this.deps;
    const until = new Date(now.getTime() + settings.leaseMs);
    if (await sources.tryLease(sourceId, this.owner, until, now)) return true;
    // A process on this machine that was killed mid-fetch leaves its lease behind; don't wait it out.
    const holder = await sources.leaseHolder(sourceId);
    if (holder && isDeadLocalOwner(holder.owner, this.owner)) {
      await sources.breakLease(sourceId, holder.owner);
      return sources.tryLease(sourceId, this.owner, until, now);
    }
    return false;
  }

  private async fetchItems(source: Source): Promise<AdapterResult> {
    const adapter = adapterFor(source.kind);
    const config = adapter.configSchema.parse(source.kind === 'html' ? source.config.selectors : source.config.mapping ?? {});
    return adapter.collect(
      { url: source.url, config, etag: source.state.etag, lastModified: source.state.lastModified },
      this.deps.fetcher,
    );
  }

  /** Normalises, dedupes and stores the fetched items; returns how many were new. */
  private async storeItems(source: Source, fetched: Extract<AdapterResult, { notModified: false }>): Promise<number> {
    const { mentions, clock, events, settings } = this.deps;
    const now = clock.now();
    const ctx = { sourceId: source.id, baseUrl: fetched.finalUrl, now, timeZone: settings.timeZone };
    let raws = fetched.items;
    let normalised = raws.map((item) => normalizeItem(item, ctx));

    const adapter = adapterFor(source.kind);
    if (adapter.fetchArticle && source.kind === 'html' && source.config.selectors?.body) {
      // Fetch article pages only for items not stored yet: a list page is re-read every few minutes.
      const candidates = normalised.map((m, i) => [m, i] as const).filter(([m]) => m !== null);
      const stored = await mentions.findStored(candidates.map(([m]) => m!));
      const toFetch = candidates.filter((_, k) => !stored.has(k)).map(([, i]) => i);
      raws = [...raws];
      await eachLimited(toFetch, ARTICLE_CONCURRENCY, async (i) => {
        try {
          raws[i] = await adapter.fetchArticle!(raws[i]!, adapter.configSchema.parse(source.config.selectors), this.deps.fetcher);
        } catch (err) {
          // The list entry is still worth storing without its body.
          this.deps.logger.warn({ sourceId: source.id, url: raws[i]!.url, err: classifyFailure(err) }, 'article fetch failed');
        }
      });
      normalised = raws.map((item: RawItem) => normalizeItem(item, ctx));
    }

    const batch = normalised.filter((m): m is NewMention => m !== null);
    const inserted = await mentions.insertBatch(batch);
    if (inserted.length) {
      const views = await mentions.views(inserted.map((m) => m.id));
      events.publish('mention.collected', { mentions: views });
    }
    return inserted.length;
  }

  private result(source: Source, outcome: RefreshResult['outcome'], startedAt: Date, extra: Partial<RefreshResult>): RefreshResult {
    return {
      sourceId: source.id,
      sourceName: source.name,
      outcome,
      itemsFound: 0,
      itemsNew: 0,
      errorCode: null,
      errorMessage: null,
      httpStatus: null,
      ...extra,
      durationMs: this.deps.clock.now().getTime() - startedAt.getTime(),
    };
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
