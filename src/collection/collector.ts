import type { Fetcher } from '../egress/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { EventBus } from '../shared/events.ts';
import type { Logger } from '../shared/logger.ts';
import type { MentionStore } from '../mentions/mention.store.ts';
import { mentionView, type NewMention } from '../mentions/mention.ts';
import { adapterConfig, adapterFor } from './adapters/registry.ts';
import { CollectError, fetchDocument, type FetchedDocument, type RawItem, type SourceAdapter } from './adapters/adapter.ts';
import { classifyFailure } from './failure.ts';
import { currentLeaseOwner, isDeadLocalOwner } from './lease.ts';
import type { ItemProcessor } from './processing.ts';
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
  processor: ItemProcessor;
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
    let released = false;
    try {
      let outcome: CollectionOutcome;
      let stored = 0;
      let httpStatus: number | null = null;
      let validators: { etag?: string | null; lastModified?: string | null } = {};
      let failure: { code: FailureCode; message: string } | null = null;
      try {
        const adapter = adapterFor(source.kind);
        const config = adapterConfig(source);
        const fetched = await fetchDocument(
          adapter,
          { url: source.url, config, etag: source.state.etag, lastModified: source.state.lastModified },
          this.deps.fetcher,
        );
        httpStatus = fetched.httpStatus;
        if (fetched.notModified) {
          outcome = 'not_modified';
        } else {
          validators = { etag: fetched.etag, lastModified: fetched.lastModified };
          const { found, mentions } = await this.processDocument(source, adapter, config, fetched).catch((err: unknown) => {
            // A document that cannot be read is reported with the status of the response that carried it.
            throw err instanceof CollectError ? new CollectError(err.code, err.message, fetched.httpStatus) : err;
          });
          itemsFound = found;
          if (!itemsFound) throw new CollectError('empty', 'the document has no items', fetched.httpStatus);
          stored = await this.store(source, mentions);
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
      const updated = await sources.recordOutcome(
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
        { startedAt, itemsFound, owner: this.owner },
      );
      released = true;
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
      if (updated) this.deps.events.publish('source.updated', { source: toSourceView(updated) });
      return result;
    } finally {
      // recordOutcome releases the lease; this is for a failure before it got there.
      if (!released) await sources.releaseLease(source.id, this.owner);
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

  /**
   * Parses and normalises a fetched document (on the processing workers). For an html source with a
   * body selector, the article page of each item not stored yet is fetched first.
   */
  private async processDocument(
    source: Source,
    adapter: SourceAdapter<unknown>,
    config: unknown,
    fetched: Extract<FetchedDocument, { notModified: false }>,
  ): Promise<{ found: number; mentions: NewMention[] }> {
    const { processor, mentions, clock, settings, fetcher, logger } = this.deps;
    const job = { kind: source.kind, document: fetched.text, config, finalUrl: fetched.finalUrl };
    const ctx = { sourceId: source.id, baseUrl: fetched.finalUrl, now: clock.now(), timeZone: settings.timeZone };
    const present = (list: (NewMention | null)[]) => list.filter((m): m is NewMention => m !== null);

    if (!(adapter.fetchArticle && source.kind === 'html' && source.config.selectors?.body)) {
      const { found, mentions: list } = await processor.parseAndNormalize(job, ctx);
      return { found, mentions: present(list) };
    }
    // A list page is re-read every few minutes: fetch article pages only for items not stored yet.
    const raws = await processor.parse(job);
    const listed = await processor.normalize(raws, ctx);
    const candidates = listed.flatMap((m, i) => (m ? [[m, i] as const] : []));
    const stored = await mentions.findStored(candidates.map(([m]) => m));
    const toFetch = candidates.filter((_, k) => !stored.has(k)).map(([, i]) => i);
    const withBodies = [...raws];
    await eachLimited(toFetch, ARTICLE_CONCURRENCY, async (i) => {
      try {
        withBodies[i] = await adapter.fetchArticle!(raws[i]!, config, fetcher);
      } catch (err) {
        // The list entry is still worth storing without its body.
        logger.warn({ sourceId: source.id, url: raws[i]!.url, err: classifyFailure(err) }, 'article fetch failed');
      }
    });
    const fetchedItems: RawItem[] = toFetch.map((i) => withBodies[i]!);
    const completed = await processor.normalize(fetchedItems, ctx);
    toFetch.forEach((i, k) => (listed[i] = completed[k] ?? listed[i]!));
    return { found: raws.length, mentions: present(listed) };
  }

  /** Dedupes and stores mentions, publishes the new ones; returns how many were new. */
  private async store(source: Source, batch: NewMention[]): Promise<number> {
    const { mentions, events } = this.deps;
    const inserted = await mentions.insertBatch(batch);
    if (inserted.length) events.publish('mention.collected', { mentions: inserted.map((m) => mentionView(m, source.name)) });
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
