import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbTime, toDbTime } from '../db/values.ts';
import { simhashBands } from '../text/simhash.ts';
import type { Mention, MentionView, NewMention } from './mention.ts';
import { pickStory, type StoryCandidate } from './stories.ts';

/** How far back a new mention looks for the story it may repost. */
const STORY_WINDOW_MS = 7 * 24 * 3600 * 1000;
const SNIPPET_CHARS = 160;

type Row = Record<string, unknown>;

/** Options for listing mentions. */
export interface MentionQuery {
  /** Only mentions with a larger id, in ascending order (catch-up); otherwise newest first. */
  afterId?: number;
  sourceId?: number;
  since?: Date;
  limit: number;
}

function toView(r: Row): MentionView {
  const body = String(r.body_original ?? '');
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
  };
}

/** The only place that reads and writes the mentions and stories tables. */
export class MentionStore {
  constructor(private readonly db: Db) {}

  /** Which of the given mentions are already stored (by any dedup key); returns their indexes. */
  async findStored(mentions: readonly NewMention[], trx: Knex | Knex.Transaction = this.db): Promise<Set<number>> {
    const urlKeys = mentions.map((m) => m.urlKey).filter((k): k is string => k !== null);
    const guidKeys = mentions.map((m) => m.guidKey).filter((k): k is string => k !== null);
    const titleKeys = mentions.map((m) => m.titleKey).filter((k): k is string => k !== null);
    if (!urlKeys.length && !guidKeys.length && !titleKeys.length) return new Set();
    const rows = await trx('mentions')
      .select('url_key', 'guid_key', 'title_key')
      .whereIn('url_key', urlKeys)
      .orWhereIn('guid_key', guidKeys)
      .orWhereIn('title_key', titleKeys);
    const seen = new Set<string>();
    for (const r of rows) for (const k of [r.url_key, r.guid_key, r.title_key]) if (k) seen.add(String(k));
    const stored = new Set<number>();
    mentions.forEach((m, i) => {
      if ([m.urlKey, m.guidKey, m.titleKey].some((k) => k !== null && seen.has(k))) stored.add(i);
    });
    return stored;
  }

  /**
   * Stores new mentions in one transaction, each exactly once: items already stored (or stored
   * twice in the batch) are skipped, and a concurrent writer that got there first wins through the
   * unique indexes (insert … on conflict do nothing). Each stored mention joins the story of its
   * nearest recent near-duplicate or starts a new one. Returns the stored mentions, in id order.
   */
  async insertBatch(mentions: readonly NewMention[]): Promise<Mention[]> {
    if (!mentions.length) return [];
    return this.db.transaction(async (trx) => {
      const stored = await this.findStored(mentions, trx);
      const seenKeys = new Set<string>();
      const fresh: NewMention[] = [];
      mentions.forEach((m, i) => {
        const keys = [m.urlKey, m.guidKey, m.titleKey].filter((k): k is string => k !== null);
        if (stored.has(i) || keys.some((k) => seenKeys.has(k))) return;
        keys.forEach((k) => seenKeys.add(k));
        fresh.push(m);
      });
      if (!fresh.length) return [];

      const candidates = await this.storyCandidates(trx, fresh, fresh[0]!.collectedAt);
      const inserted: Mention[] = [];
      for (const m of fresh) {
        const bands = simhashBands(m.simhash);
        const joined = pickStory(m.simhash, candidates);
        const storyId = joined ?? (await this.createStory(trx, m));
        const [row] = await trx('mentions')
          .insert({
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
            sh0: bands[0],
            sh1: bands[1],
            sh2: bands[2],
            sh3: bands[3],
            url_key: m.urlKey,
            guid_key: m.guidKey,
            title_key: m.titleKey,
          })
          .onConflict()
          .ignore()
          .returning('id');
        if (!row) {
          // Another process stored this item between our check and our insert.
          if (joined === null) await trx('stories').where({ id: storyId }).delete();
          continue;
        }
        if (joined !== null) {
          await trx('stories')
            .where({ id: storyId })
            .update({ mention_count: trx.raw('mention_count + 1'), last_seen_at: toDbTime(m.collectedAt) });
        }
        candidates.push({ storyId, simhash: m.simhash });
        inserted.push({ ...m, id: Number((row as Row).id), storyId });
      }
      return inserted;
    });
  }

  private async createStory(trx: Knex.Transaction, m: NewMention): Promise<number> {
    const [row] = await trx('stories')
      .insert({
        title: m.titleOriginal,
        simhash: m.simhash,
        mention_count: 1,
        first_seen_at: toDbTime(m.collectedAt),
        last_seen_at: toDbTime(m.collectedAt),
      })
      .returning('id');
    return Number((row as Row).id);
  }

  /** Recent mentions sharing at least one SimHash band with the batch (pigeonhole: distance ≤ 3 implies one equal band). */
  private async storyCandidates(trx: Knex.Transaction, batch: readonly NewMention[], now: Date): Promise<StoryCandidate[]> {
    const bands: [Set<number>, Set<number>, Set<number>, Set<number>] = [new Set(), new Set(), new Set(), new Set()];
    for (const m of batch) simhashBands(m.simhash).forEach((b, i) => bands[i as 0 | 1 | 2 | 3].add(b));
    const since = toDbTime(new Date(now.getTime() - STORY_WINDOW_MS));
    const rows = await trx('mentions')
      .select('story_id', 'simhash')
      .where('collected_at', '>=', since)
      .andWhere((q) =>
        q
          .whereIn('sh0', [...bands[0]])
          .orWhereIn('sh1', [...bands[1]])
          .orWhereIn('sh2', [...bands[2]])
          .orWhereIn('sh3', [...bands[3]]),
      );
    return rows.map((r: Row) => ({ storyId: Number(r.story_id), simhash: String(r.simhash) }));
  }

  /** Mentions for the board and the API, with source name and repost count. */
  async list(q: MentionQuery): Promise<MentionView[]> {
    const query = this.viewQuery().limit(q.limit);
    if (q.sourceId !== undefined) query.where('m.source_id', q.sourceId);
    if (q.since) query.where('m.collected_at', '>=', toDbTime(q.since));
    if (q.afterId !== undefined) query.where('m.id', '>', q.afterId).orderBy('m.id', 'asc');
    else query.orderBy('m.id', 'desc');
    return (await query).map(toView);
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

  private viewQuery() {
    return this.db('mentions as m')
      .join('sources as s', 's.id', 'm.source_id')
      .join('stories as st', 'st.id', 'm.story_id')
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
