import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbJson, fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/values.ts';
import type { CollectionOutcome, FailureCode, Source, SourceConfig, SourceKind, SourceStatus } from './source.ts';

/** Fields a user sets on a source. */
export interface SourceInput {
  name: string;
  kind: SourceKind;
  url: string;
  config: SourceConfig;
  schedule: string;
  weight: number;
  enabled: boolean;
  demo?: boolean;
}

/** What the collector writes after one collection. */
export interface OutcomeRecord {
  outcome: CollectionOutcome;
  checkedAt: Date;
  nextCheckAt: Date;
  httpStatus: number | null;
  etag?: string | null;
  lastModified?: string | null;
  newItems: number;
  errorCode: FailureCode | null;
  errorMessage: string | null;
}

export interface CollectionRun {
  id: number;
  sourceId: number;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: CollectionOutcome;
  itemsFound: number;
  itemsNew: number;
  httpStatus: number | null;
  errorCode: FailureCode | null;
  errorMessage: string | null;
}

type Row = Record<string, unknown>;

function toSource(r: Row): Source {
  return {
    id: Number(r.id),
    name: String(r.name),
    kind: r.kind as SourceKind,
    url: String(r.url),
    config: fromDbJson<SourceConfig>(r.config, {}),
    schedule: String(r.schedule),
    weight: Number(r.weight),
    enabled: fromDbBool(r.enabled),
    demo: fromDbBool(r.demo),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    state: {
      status: r.status as SourceStatus,
      lastCheckedAt: fromDbTimeOrNull(r.last_checked_at),
      lastSuccessAt: fromDbTimeOrNull(r.last_success_at),
      nextCheckAt: fromDbTimeOrNull(r.next_check_at),
      errorCount: Number(r.error_count),
      lastErrorCode: (r.last_error_code as FailureCode | null) ?? null,
      lastErrorMessage: (r.last_error_message as string | null) ?? null,
      lastErrorAt: fromDbTimeOrNull(r.last_error_at),
      lastHttpStatus: r.last_http_status === null || r.last_http_status === undefined ? null : Number(r.last_http_status),
      etag: (r.etag as string | null) ?? null,
      lastModified: (r.last_modified as string | null) ?? null,
      itemsTotal: Number(r.items_total),
      lastNewItems: Number(r.last_new_items),
    },
  };
}

function toRun(r: Row): CollectionRun {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    startedAt: fromDbTime(r.started_at),
    finishedAt: fromDbTime(r.finished_at),
    durationMs: Number(r.duration_ms),
    outcome: r.outcome as CollectionOutcome,
    itemsFound: Number(r.items_found),
    itemsNew: Number(r.items_new),
    httpStatus: r.http_status === null || r.http_status === undefined ? null : Number(r.http_status),
    errorCode: (r.error_code as FailureCode | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null,
  };
}

/** The only place that reads and writes the sources and collection_runs tables. */
export class SourceStore {
  constructor(private readonly db: Db) {}

  /** Every source, by id. */
  async list(): Promise<Source[]> {
    return (await this.db('sources').select('*').orderBy('id')).map(toSource);
  }

  /** One source, or null. */
  async get(id: number): Promise<Source | null> {
    const row = await this.db('sources').where({ id }).first();
    return row ? toSource(row) : null;
  }

  /** One source by kind and URL (they are unique together), or null. */
  async findByUrl(kind: SourceKind, url: string): Promise<Source | null> {
    const row = await this.db('sources').where({ kind, url }).first();
    return row ? toSource(row) : null;
  }

  /** Stores a new source; it is due at once. */
  async create(input: SourceInput, now: Date): Promise<Source> {
    const [row] = await this.db('sources')
      .insert({
        name: input.name,
        kind: input.kind,
        url: input.url,
        config: JSON.stringify(input.config),
        schedule: input.schedule,
        weight: input.weight,
        enabled: input.enabled,
        demo: input.demo ?? false,
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
        next_check_at: toDbTime(now),
      })
      .returning('id');
    return (await this.get(Number((row as Row).id)))!;
  }

  /** Changes the user-set fields of a source; returns null when it does not exist. */
  async update(id: number, patch: Partial<SourceInput>, now: Date): Promise<Source | null> {
    const changes: Row = { updated_at: toDbTime(now) };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.kind !== undefined) changes.kind = patch.kind;
    if (patch.url !== undefined) changes.url = patch.url;
    if (patch.config !== undefined) changes.config = JSON.stringify(patch.config);
    if (patch.schedule !== undefined) changes.schedule = patch.schedule;
    if (patch.weight !== undefined) changes.weight = patch.weight;
    if (patch.enabled !== undefined) changes.enabled = patch.enabled;
    if (patch.url !== undefined || patch.kind !== undefined || patch.config !== undefined) {
      // A different document: forget validators, and check it soon.
      changes.etag = null;
      changes.last_modified = null;
      changes.next_check_at = toDbTime(now);
    }
    if (patch.enabled === true) changes.next_check_at = toDbTime(now);
    const count = await this.db('sources').where({ id }).update(changes);
    return count ? this.get(id) : null;
  }

  /** Deletes a source and its mentions; returns false when it did not exist. */
  async remove(id: number): Promise<boolean> {
    return (await this.db('sources').where({ id }).delete()) > 0;
  }

  /** Enabled sources whose next check has come, most overdue first. */
  async findDue(now: Date, limit: number): Promise<Source[]> {
    const rows = await this.db('sources')
      .where('enabled', true)
      .andWhere((q) => q.whereNull('next_check_at').orWhere('next_check_at', '<=', toDbTime(now)))
      .orderBy('next_check_at')
      .limit(limit);
    return rows.map(toSource);
  }

  /**
   * Takes the fetch lease on a source unless someone else holds an unexpired one. The check and
   * the write are one UPDATE, so two processes can never both win.
   */
  async tryLease(id: number, owner: string, until: Date, now: Date): Promise<boolean> {
    const count = await this.db('sources')
      .where({ id })
      .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<', toDbTime(now)))
      .update({ lease_owner: owner, lease_until: toDbTime(until) });
    return count === 1;
  }

  /** Who holds the lease on a source and until when (null when free). */
  async leaseHolder(id: number): Promise<{ owner: string; until: Date } | null> {
    const row = await this.db('sources').where({ id }).first('lease_owner', 'lease_until');
    if (!row || !row.lease_owner || !row.lease_until) return null;
    return { owner: String(row.lease_owner), until: fromDbTime(row.lease_until) };
  }

  /** Breaks a lease held by a process known to be dead. */
  async breakLease(id: number, owner: string): Promise<void> {
    await this.db('sources').where({ id, lease_owner: owner }).update({ lease_owner: null, lease_until: null });
  }

  /** Gives up a lease we hold. */
  async releaseLease(id: number, owner: string): Promise<void> {
    await this.db('sources').where({ id, lease_owner: owner }).update({ lease_owner: null, lease_until: null });
  }

  /** Adds mentions stored for a source outside a collection run (the demo's past) to its item count. */
  async addStoredItems(id: number, count: number): Promise<void> {
    if (count > 0) await this.db('sources').where({ id }).update({ items_total: this.db.raw('items_total + ?', [count]) });
  }

  /**
   * Writes how a collection ended onto the source, appends it to the run log, and releases the
   * lease `owner` held (a lease someone else holds by now is left alone). Returns the updated
   * source, or null when it was deleted meanwhile.
   */
  async recordOutcome(id: number, rec: OutcomeRecord, run: { startedAt: Date; itemsFound: number; owner: string }): Promise<Source | null> {
    const failed = rec.outcome === 'error';
    const changes: Row = {
      status: rec.outcome,
      last_checked_at: toDbTime(rec.checkedAt),
      next_check_at: toDbTime(rec.nextCheckAt),
      last_http_status: rec.httpStatus,
      last_new_items: rec.newItems,
      items_total: this.db.raw('items_total + ?', [rec.newItems]),
      lease_owner: this.db.raw('case when lease_owner = ? then null else lease_owner end', [run.owner]),
      lease_until: this.db.raw('case when lease_owner = ? then null else lease_until end', [run.owner]),
    };
    if (failed) {
      changes.error_count = this.db.raw('error_count + 1');
      changes.last_error_code = rec.errorCode;
      changes.last_error_message = rec.errorMessage;
      changes.last_error_at = toDbTime(rec.checkedAt);
    } else {
      changes.error_count = 0;
      changes.last_success_at = toDbTime(rec.checkedAt);
      if (rec.etag !== undefined) changes.etag = rec.etag;
      if (rec.lastModified !== undefined) changes.last_modified = rec.lastModified;
    }
    return this.db.transaction(async (trx) => {
      const [row] = await trx('sources').where({ id }).update(changes, '*');
      if (!row) return null;
      await trx('collection_runs').insert({
        source_id: id,
        started_at: toDbTime(run.startedAt),
        finished_at: toDbTime(rec.checkedAt),
        duration_ms: Math.max(0, rec.checkedAt.getTime() - run.startedAt.getTime()),
        outcome: rec.outcome,
        items_found: run.itemsFound,
        items_new: rec.newItems,
        http_status: rec.httpStatus,
        error_code: rec.errorCode,
        error_message: rec.errorMessage,
      });
      return toSource(row as Row);
    });
  }

  /** The latest collection runs of a source, newest first. */
  async recentRuns(sourceId: number, limit: number): Promise<CollectionRun[]> {
    const rows = await this.db('collection_runs').where({ source_id: sourceId }).orderBy('id', 'desc').limit(limit);
    return rows.map(toRun);
  }

  /** Deletes run-log rows older than `before`; returns how many went. */
  async pruneRuns(before: Date): Promise<number> {
    return this.db('collection_runs').where('started_at', '<', toDbTime(before)).delete();
  }
}
