import type { Knex } from 'knex';
import { isPostgres, lockForWrite, type Db } from '../db/knex.ts';
import { levels, type Level } from '../classification/decision.ts';
import type { TextFilter } from '../rules/index.ts';
import { fromDbBool, fromDbJson, fromDbTime, toDbTime } from '../db/values.ts';
import { SNIPPET_CHARS, type Mention, type MentionView, type NewMention } from './mention.ts';
import { planStories, StoryIndex, type StoryPlan } from './stories.ts';

/** How far back a new mention looks for the story it may repost. */
const STORY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** How often the in-memory index of recent stories is rebuilt, dropping stories quiet for longer than the window. */
const REBUILD_RECENT_MS = 6 * 3600 * 1000;
const RECENT_PAGE = 20_000;
/** Rows per multi-row insert: 21 columns × 400 stays under SQLite's 32,766 bound parameters. */
const INSERT_CHUNK = 400;
/** Most mentions committed in one group-commit transaction. */
const GROUP_COMMIT_MAX = 2_000;

type Row = Record<string, unknown>;

/** Options for listing mentions. */
export interface MentionQuery {
  /** Only mentions with a larger id, in ascending order (catch-up); otherwise newest first. */
  afterId?: number;
  /** Only mentions with a smaller id (the next page of an older view), newest first. */
  beforeId?: number;
  sourceId?: number;
  since?: Date;
  /** Only flagged mentions (只看预警), at `minLevel` or above when given. */
  flagged?: boolean;
  minLevel?: Level;
  /** Only mentions the classifier put in this topic (专题 key). */
  topic?: string;
  /**
   * Words that must all appear, each in the normalised title, body, source name or localities
   * (already normalised as collection normalises text; Latin letters lower-cased).
   */
  terms?: readonly string[];
  limit: number;
}

function toView(r: Row): MentionView {
  const body = String(r.body_original ?? '');
  // Kept in step with mentionView (mention.ts), which builds the same view from a stored mention.
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    sourceName: String(r.source_name ?? ''),
    url: (r.url as string | null) ?? null,
    title: String(r.title_original),
    snippet: body.length > SNIPPET_CHARS ? `${body.slice(0, SNIPPET_CHARS)}…` : body,
    author: (r.author as string | null) ?? null,
    publishedAt: fromDbTime(r.published_at).toISOString(),
    publishedAtEstimated: fromDbBool(r.published_at_estimated),
    collectedAt: fromDbTime(r.collected_at).toISOString(),
    storyId: Number(r.story_id),
    repostCount: Math.max(0, Number(r.mention_count ?? 1) - 1),
    verdict:
      r.c_flagged === null || r.c_flagged === undefined
        ? null
        : { flagged: fromDbBool(r.c_flagged), level: (r.c_level as string | null) ?? null, topics: fromDbJson<string[]>(r.c_topics, []), sentiment: String(r.c_sentiment), places: fromDbJson<string[]>(r.c_places, []) },
  };
}

function mentionRow(m: NewMention, storyId: number): Row {
  return {
    source_id: m.sourceId,
    story_id: storyId,
    guid: m.guid,
    url: m.url,
    canonical_url: m.canonicalUrl,
    title: m.title,
    title_original: m.titleOriginal,
    body: m.body,
    body_original: m.bodyOriginal,
    author: m.author,
    published_at: toDbTime(m.publishedAt),
    published_at_estimated: m.publishedAtEstimated,
    collected_at: toDbTime(m.collectedAt),
    simhash: m.simhash,
    url_key: m.urlKey,
    guid_key: m.guidKey,
    content_key: m.contentKey,
  };
}

/** The only place that reads and writes the mentions and stories tables. */
export class MentionStore {
  constructor(private readonly db: Db) {}

  /** Which of the given mentions are already stored (by any dedup key); returns their indexes. */
  async findStored(mentions: readonly NewMention[], trx: Knex | Knex.Transaction = this.db): Promise<Set<number>> {
    const urlKeys = mentions.map((m) => m.urlKey).filter((k): k is string => k !== null);
    const guidKeys = mentions.map((m) => m.guidKey).filter((k): k is string => k !== null);
    const contentKeys = mentions.map((m) => m.contentKey).filter((k): k is string => k !== null);
    if (!urlKeys.length && !guidKeys.length && !contentKeys.length) return new Set();
    const rows = await trx('mentions')
      .select('url_key', 'guid_key', 'content_key')
      .whereIn('url_key', urlKeys)
      .orWhereIn('guid_key', guidKeys)
      .orWhereIn('content_key', contentKeys);
    const seen = new Set<string>();
    for (const r of rows) for (const k of [r.url_key, r.guid_key, r.content_key]) if (k) seen.add(String(k));
    const stored = new Set<number>();
    mentions.forEach((m, i) => {
      if ([m.urlKey, m.guidKey, m.contentKey].some((k) => k !== null && seen.has(k))) stored.add(i);
    });
    return stored;
  }

  /**
   * Stores new mentions in one transaction, each exactly once: items already stored (or stored
   * twice in the batch) are skipped, and a concurrent writer that got there first wins through the
   * unique indexes (insert … on conflict do nothing). Each stored mention joins the story of its
   * nearest recent near-duplicate or starts a new one. Returns the stored mentions, in batch order.
   *
   * Writes are set-based (one multi-row insert per table and chunk, one update for the existing
   * stories touched), not per mention: per-row round trips to SQLite's thread made collection four
   * times slower. Batches that arrive while a write is under way are committed together (group
   * commit), as many sources finish fetching at once; if such a group fails, each batch is retried
   * alone, so one bad batch cannot fail the others.
   */
  insertBatch(mentions: readonly NewMention[]): Promise<Mention[]> {
    if (!mentions.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ mentions, resolve, reject });
      void this.drain();
    });
  }

  private recent: { index: StoryIndex; lastId: number; builtAt: number } | null = null;
  private readonly queue: { mentions: readonly NewMention[]; resolve: (m: Mention[]) => void; reject: (err: unknown) => void }[] = [];
  private writing = false;

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) {
        const group: typeof this.queue = [];
        let size = 0;
        while (this.queue.length && (group.length === 0 || size + this.queue[0]!.mentions.length <= GROUP_COMMIT_MAX)) {
          const next = this.queue.shift()!;
          size += next.mentions.length;
          group.push(next);
        }
        try {
          const inserted = await this.writeBatch(group.flatMap((g) => g.mentions));
          const owner = new Map<string, number>();
          group.forEach((g, k) => g.mentions.forEach((m) => owner.has(m.contentKey) || owner.set(m.contentKey, k)));
          group.forEach((g, k) => g.resolve(inserted.filter((m) => owner.get(m.contentKey) === k)));
        } catch (err) {
          if (group.length === 1) group[0]!.reject(err);
          else for (const g of group) await this.writeBatch(g.mentions).then(g.resolve, g.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(mentions: readonly NewMention[]): Promise<Mention[]> {
    return this.db.transaction(async (trx) => {
      await lockForWrite(trx, 'mentions');
      const already = await this.findStored(mentions, trx);
      const seenKeys = new Set<string>();
      const fresh: NewMention[] = [];
      mentions.forEach((m, i) => {
        const keys = [m.urlKey, m.guidKey, m.contentKey].filter((k): k is string => k !== null);
        if (already.has(i) || keys.some((k) => seenKeys.has(k))) return;
        keys.forEach((k) => seenKeys.add(k));
        fresh.push(m);
      });
      if (!fresh.length) return [];

      const recent = await this.recentStories(trx, fresh[0]!.collectedAt);
      const plans = planStories(
        fresh.map((m) => m.simhash),
        recent,
      );
      const storyIds = await this.createStories(trx, fresh, plans);

      const rows = fresh.map((m, i) => mentionRow(m, storyIds[i]!));
      const insertedIds = new Map<string, number>();
      for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
        const returned: Row[] = await trx('mentions')
          .insert(rows.slice(at, at + INSERT_CHUNK))
          .onConflict()
          .ignore()
          .returning(['id', 'content_key']);
        for (const r of returned) insertedIds.set(String(r.content_key), Number(r.id));
      }

      // Story counts: +1 per stored mention. New stories were created counting their planned members;
      // a mention that lost a race to another writer counts nowhere, and a story left empty goes.
      const planned = new Map<number, number>();
      const stored = new Map<number, number>();
      const inserted: Mention[] = [];
      fresh.forEach((m, i) => {
        const storyId = storyIds[i]!;
        if ('leader' in plans[i]!) planned.set(storyId, (planned.get(storyId) ?? 0) + 1);
        const id = insertedIds.get(m.contentKey);
        if (id === undefined) return;
        stored.set(storyId, (stored.get(storyId) ?? 0) + 1);
        inserted.push({ ...m, id, storyId, storySize: 0 });
      });
      // Story sizes after this batch, for the mentions' views: new stories hold what was stored now.
      const sizes = new Map<number, number>();
      const lastSeen = toDbTime(new Date(Math.max(...fresh.map((m) => m.collectedAt.getTime()))));
      for (const [storyId, count] of planned) {
        const actual = stored.get(storyId) ?? 0;
        if (actual === 0) await trx('stories').where({ id: storyId }).delete();
        else if (actual !== count) await trx('stories').where({ id: storyId }).update({ mention_count: actual });
        sizes.set(storyId, actual);
      }
      const joined = [...stored].filter(([storyId]) => !planned.has(storyId));
      for (let at = 0; at < joined.length; at += INSERT_CHUNK) {
        const chunk = joined.slice(at, at + INSERT_CHUNK);
        // One statement for all existing stories the batch joined: count += n per story.
        const updated: Row[] = await trx('stories')
          .whereIn('id', chunk.map(([storyId]) => storyId))
          .update(
            {
              mention_count: trx.raw(`mention_count + case id ${chunk.map(() => 'when ? then ?').join(' ')} else 0 end`, chunk.flat()),
              last_seen_at: lastSeen,
            },
            ['id', 'mention_count'],
          );
        for (const r of updated) sizes.set(Number(r.id), Number(r.mention_count));
      }
      for (const m of inserted) m.storySize = sizes.get(m.storyId) ?? 1;
      return inserted;
    });
  }

  /**
   * Creates the batch's new stories (one multi-row insert) and returns each mention's story id. New
   * stories' SimHashes are more than the near-duplicate distance apart (a closer one would have
   * joined), so the returned SimHash tells which row is whose, whatever order the database returns.
   */
  private async createStories(trx: Knex.Transaction, fresh: readonly NewMention[], plans: readonly StoryPlan[]): Promise<number[]> {
    const leaders = plans.flatMap((p, i) => ('leader' in p && p.leader === i ? [i] : []));
    const members = new Map<number, number>();
    for (const p of plans) if ('leader' in p) members.set(p.leader, (members.get(p.leader) ?? 0) + 1);
    const idByHash = new Map<string, number>();
    for (let at = 0; at < leaders.length; at += INSERT_CHUNK) {
      const returned: Row[] = await trx('stories')
        .insert(
          leaders.slice(at, at + INSERT_CHUNK).map((i) => {
            const m = fresh[i]!;
            return {
              title: m.titleOriginal || m.bodyOriginal.slice(0, 80),
              simhash: m.simhash,
              mention_count: members.get(i)!,
              first_seen_at: toDbTime(m.collectedAt),
              last_seen_at: toDbTime(m.collectedAt),
            };
          }),
        )
        .returning(['id', 'simhash']);
      for (const r of returned) idByHash.set(String(r.simhash), Number(r.id));
    }
    return plans.map((p) => {
      if ('storyId' in p) return p.storyId;
      const id = idByHash.get(fresh[p.leader]!.simhash);
      if (id === undefined) throw new Error('a new story was not returned by the insert');
      return id;
    });
  }

  /**
   * The leaders' SimHashes of the stories seen in the story window (a story stays open while
   * reposts keep coming), kept in memory and brought up to date at the start of each write with
   * the stories started since (by this or another process). The index is rebuilt from the window
   * every few hours, which lets quiet stories go.
   */
  private async recentStories(trx: Knex.Transaction, now: Date): Promise<StoryIndex> {
    const recent = this.recent;
    if (!recent || now.getTime() - recent.builtAt > REBUILD_RECENT_MS) {
      const index = new StoryIndex();
      let lastId = 0;
      const since = toDbTime(new Date(now.getTime() - STORY_WINDOW_MS));
      for (;;) {
        const rows: Row[] = await trx('stories')
          .select('id', 'simhash')
          .where('last_seen_at', '>=', since)
          .andWhere('id', '>', lastId)
          .orderBy('id')
          .limit(RECENT_PAGE);
        for (const r of rows) index.add(Number(r.id), String(r.simhash));
        if (rows.length) lastId = Number(rows[rows.length - 1]!.id);
        if (rows.length < RECENT_PAGE) break;
      }
      // From here on, every story started after the newest one is added as it appears.
      const newest: Row | undefined = await trx('stories').max({ id: 'id' }).first();
      this.recent = { index, lastId: Number(newest?.id ?? 0), builtAt: now.getTime() };
      return index;
    }
    const rows: Row[] = await trx('stories').select('id', 'simhash').where('id', '>', recent.lastId).orderBy('id');
    for (const r of rows) recent.index.add(Number(r.id), String(r.simhash));
    if (rows.length) recent.lastId = Number(rows[rows.length - 1]!.id);
    return recent.index;
  }

  /**
   * Mentions collected since `since` whose text meets `filter` (substring containment of normalised
   * title, body or source name, combined with AND / OR), newest first, a page at a time: the
   * candidates a rule backtest then matches exactly. The filter runs in the database (instr /
   * strpos, AND short-circuiting), so only candidates cross over; Latin terms compare lower-cased.
   */
  async *textCandidates(since: Date, filter: TextFilter | null, pageSize = 5000): AsyncGenerator<CandidateText[]> {
    const params: string[] = [];
    const condition = filter ? this.filterSql(filter, params) : null;
    let beforeId: number | null = null;
    for (;;) {
      const q = this.db('mentions as m')
        .join('sources as s', 's.id', 'm.source_id')
        // Only what matching reads: the few samples shown are read afterwards (views), and parsing a
        // date or copying the original title for every row cost a fifth of a backtest.
        .select('m.id', 'm.title', 'm.body', 's.name as source_name')
        .where('m.collected_at', '>=', toDbTime(since))
        .orderBy('m.id', 'desc')
        .limit(pageSize);
      if (condition) q.whereRaw(condition, params);
      if (beforeId !== null) q.where('m.id', '<', beforeId);
      const rows: Row[] = await q;
      if (rows.length) {
        yield rows.map((r) => ({
          id: Number(r.id),
          title: String(r.title),
          body: String(r.body),
          sourceName: String(r.source_name),
        }));
      }
      if (rows.length < pageSize) return;
      beforeId = Number(rows[rows.length - 1]!.id);
    }
  }

  /** How many mentions were collected since `since`. */
  async countSince(since: Date): Promise<number> {
    const row = await this.db('mentions').where('collected_at', '>=', toDbTime(since)).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** How many stored mentions were published at or after `since`, among ids up to `maxId` when given. */
  async countPublishedSince(since: Date, maxId?: number): Promise<number> {
    const query = this.db('mentions').where('published_at', '>=', toDbTime(since));
    if (maxId !== undefined) query.where('id', '<=', maxId);
    const row = await query.count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Mentions for the board and the API, with source name and repost count. */
  async list(q: MentionQuery): Promise<MentionView[]> {
    const query = this.viewQuery().limit(q.limit);
    if (q.sourceId !== undefined) query.where('m.source_id', q.sourceId);
    if (q.since) {
      // Also as an id bound: with it the planner walks the primary key newest first and stops at
      // `limit` rows, where the time condition alone has it read the whole window through the
      // collected_at index and sort it (a month of mentions for a search that fills its page at once).
      const first = await this.firstIdCollectedSince(q.since);
      if (first === null) return [];
      query.where('m.id', '>=', first).where('m.collected_at', '>=', toDbTime(q.since));
    }
    if (q.beforeId !== undefined) query.where('m.id', '<', q.beforeId);
    if (q.flagged) {
      query.where('c.flagged', true);
      if (q.minLevel) query.whereIn('c.level', levels.slice(levels.indexOf(q.minLevel)));
    }
    // The topics column is a JSON array of keys: the key in quotes is one whole element.
    if (q.topic !== undefined) {
      const params: string[] = [];
      query.whereRaw(this.containsSql('c.topics', JSON.stringify(q.topic), params), params);
    }
    for (const term of q.terms ?? []) {
      const params: string[] = [];
      query.whereRaw(`(${['m.title', 'm.body', 's.name', 'c.places'].map((c) => this.containsSql(c, term, params)).join(' or ')})`, params);
    }
    if (q.afterId !== undefined) query.where('m.id', '>', q.afterId).orderBy('m.id', 'asc');
    else query.orderBy('m.id', 'desc');
    return (await query).map(toView);
  }

  /** The smallest id of the mentions collected since `since`, or null when there are none. */
  private async firstIdCollectedSince(since: Date): Promise<number | null> {
    const row = await this.db('mentions').where('collected_at', '>=', toDbTime(since)).min({ first: 'id' }).first();
    return row?.first === null || row?.first === undefined ? null : Number(row.first);
  }

  /** Views of the given mention ids, in id order. */
  async views(ids: readonly number[]): Promise<MentionView[]> {
    if (!ids.length) return [];
    return (await this.viewQuery().whereIn('m.id', ids).orderBy('m.id', 'asc')).map(toView);
  }

  /** The highest mention id stored (0 when none). */
  async maxId(): Promise<number> {
    const row = await this.db('mentions').max({ max: 'id' }).first();
    return Number(row?.max ?? 0);
  }

  /** When the first mention was collected (monitoring began), or null with none. */
  async firstCollectedAt(): Promise<Date | null> {
    const row = await this.db('mentions').min({ first: 'collected_at' }).first();
    return row?.first === null || row?.first === undefined ? null : fromDbTime(row.first);
  }

  /** How many mentions are stored. */
  async count(): Promise<number> {
    const row = await this.db('mentions').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Streams every mention collected since `since`, in id order, a page at a time (for export). */
  async *exportRows(since: Date | null, pageSize = 1000): AsyncGenerator<ExportRow> {
    let afterId = 0;
    for (;;) {
      const query = this.db('mentions as m')
        .join('sources as s', 's.id', 'm.source_id')
        .join('stories as st', 'st.id', 'm.story_id')
        .select(
          'm.id',
          'm.source_id',
          's.name as source_name',
          'm.url',
          'm.title_original',
          'm.body_original',
          'm.published_at',
          'm.published_at_estimated',
          'm.collected_at',
          'm.story_id',
          'st.mention_count',
        )
        .where('m.id', '>', afterId)
        .orderBy('m.id', 'asc')
        .limit(pageSize);
      if (since) query.where('m.collected_at', '>=', toDbTime(since));
      const rows: Row[] = await query;
      for (const r of rows) {
        yield {
          id: Number(r.id),
          sourceId: Number(r.source_id),
          source: String(r.source_name),
          url: (r.url as string | null) ?? null,
          title: String(r.title_original),
          text: String(r.body_original),
          publishedAt: fromDbTime(r.published_at).toISOString(),
          publishedAtEstimated: fromDbBool(r.published_at_estimated),
          collectedAt: fromDbTime(r.collected_at).toISOString(),
          storyId: Number(r.story_id),
          repostCount: Math.max(0, Number(r.mention_count) - 1),
        };
      }
      if (rows.length < pageSize) return;
      afterId = Number(rows[rows.length - 1]!.id);
    }
  }

  /**
   * Mentions published in any of the windows [from, to) whose normalised text passes that window's
   * filter, with their views, matchable text and sentiment score, a page at a time in id order
   * (coverage of press conferences: one scan for all of a report's conferences).
   */
  async *published(windows: readonly { from: Date; to: Date; filter: TextFilter | null }[], pageSize = 2000): AsyncGenerator<PublishedMention[]> {
    if (!windows.length) return;
    const params: string[] = [];
    const condition = windows
      .map((w) => {
        params.push(toDbTime(w.from), toDbTime(w.to));
        return `(m.published_at >= ? and m.published_at < ?${w.filter ? ` and ${this.filterSql(w.filter, params)}` : ''})`;
      })
      .join(' or ');
    let afterId = 0;
    for (;;) {
      const q = this.viewQuery()
        .select('m.title', 'm.body', 'c.sentiment_score as c_sentiment_score')
        .whereRaw(`(${condition})`, params)
        .where('m.id', '>', afterId)
        .orderBy('m.id', 'asc')
        .limit(pageSize);
      const rows: Row[] = await q;
      if (rows.length) {
        yield rows.map((r) => ({
          ...toView(r),
          text: `${String(r.title)}\n${String(r.body)}`,
          original: `${String(r.title_original)}\n${String(r.body_original)}`,
          sentimentScore: r.c_sentiment_score === null || r.c_sentiment_score === undefined ? null : Number(r.c_sentiment_score),
        }));
      }
      if (rows.length < pageSize) return;
      afterId = Number(rows[rows.length - 1]!.id);
    }
  }

  /** A text filter as a parameterised SQL condition over the normalised title, body and source name. */
  private filterSql(f: TextFilter, params: string[]): string {
    const columns: Record<string, string> = { title: 'm.title', body: 'm.body', source: 's.name' };
    if ('term' in f) return `(${f.fields.map((field) => this.containsSql(columns[field]!, f.term, params)).join(' or ')})`;
    const parts = ('and' in f ? f.and : f.or).map((p) => this.filterSql(p, params));
    return `(${parts.join('and' in f ? ' and ' : ' or ')})`;
  }

  /**
   * "column contains term" as parameterised SQL (the term joins `params`); a term with Latin
   * letters, lower-cased by the caller, is compared with the lower-cased column.
   */
  private containsSql(column: string, term: string, params: string[]): string {
    const col = /[a-z]/.test(term) ? `lower(${column})` : column;
    params.push(term);
    return isPostgres(this.db) ? `strpos(${col}, ?) > 0` : `instr(${col}, ?) > 0`;
  }

  private viewQuery() {
    return this.db('mentions as m')
      .join('sources as s', 's.id', 'm.source_id')
      .join('stories as st', 'st.id', 'm.story_id')
      .leftJoin('classifications as c', 'c.mention_id', 'm.id')
      .select(
        'm.id',
        'm.source_id',
        's.name as source_name',
        'm.url',
        'm.title_original',
        'm.body_original',
        'm.author',
        'm.published_at',
        'm.published_at_estimated',
        'm.collected_at',
        'm.story_id',
        'st.mention_count',
        'c.flagged as c_flagged',
        'c.level as c_level',
        'c.topics as c_topics',
        'c.sentiment as c_sentiment',
        'c.places as c_places',
      );
  }
}

/** One mention as exported by `huiying mentions export`. */
export interface ExportRow {
  id: number;
  sourceId: number;
  source: string;
  url: string | null;
  title: string;
  text: string;
  publishedAt: string;
  publishedAtEstimated: boolean;
  collectedAt: string;
  storyId: number;
  repostCount: number;
}

/** A mention published in a window, with its matchable (normalised) text and sentiment score. */
export interface PublishedMention extends MentionView {
  /** Normalised title and body (for matching). */
  text: string;
  /** Title and body as collected (for quoting). */
  original: string;
  sentimentScore: number | null;
}

/** A mention's matchable text, for backtests. */
export interface CandidateText {
  id: number;
  title: string;
  body: string;
  sourceName: string;
}
