import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbJson, fromDbTime, toDbTime } from '../db/values.ts';
import type { Classification, ClassifyInput, Explanation, Label, Sentiment } from './classification.ts';
import type { Level } from './decision.ts';

type Row = Record<string, unknown>;

const toClassification = (r: Row): Classification => ({
  mentionId: Number(r.mention_id),
  flagged: fromDbBool(r.flagged),
  level: (r.level as Level | null) ?? null,
  topics: fromDbJson<string[]>(r.topics, []),
  places: fromDbJson<string[]>(r.places, []),
  sentiment: r.sentiment as Sentiment,
  sentimentScore: Number(r.sentiment_score),
  responseScore: r.response_score === null || r.response_score === undefined ? null : Number(r.response_score),
  explanation: fromDbJson<Explanation>(r.explanation, { rules: [], models: [], reasons: [] }),
  classifiedAt: fromDbTime(r.classified_at),
});

const toLabel = (r: Row): Label => ({
  mentionId: Number(r.mention_id),
  userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
  needsResponse: r.needs_response === null || r.needs_response === undefined ? null : fromDbBool(r.needs_response),
  topic: (r.topic as string | null) ?? null,
  sentiment: (r.sentiment as Sentiment | null) ?? null,
  labelledAt: fromDbTime(r.labelled_at),
});

/** Rows per multi-row write (11 columns). */
const CHUNK = 500;

/** The only place that reads and writes classifications and labels. */
export class ClassificationStore {
  constructor(private readonly db: Db) {}

  /** Stores classifications, replacing earlier ones of the same mentions (reclassification). */
  async save(list: readonly Classification[]): Promise<void> {
    for (let at = 0; at < list.length; at += CHUNK) {
      const rows = list.slice(at, at + CHUNK).map((c) => ({
        mention_id: c.mentionId,
        flagged: c.flagged,
        level: c.level,
        topics: JSON.stringify(c.topics),
        places: JSON.stringify(c.places),
        sentiment: c.sentiment,
        sentiment_score: c.sentimentScore,
        response_score: c.responseScore,
        explanation: JSON.stringify(c.explanation),
        classified_at: toDbTime(c.classifiedAt),
      }));
      await this.db('classifications').insert(rows).onConflict('mention_id').merge();
    }
  }

  async get(mentionId: number): Promise<Classification | null> {
    const row = await this.db('classifications').where({ mention_id: mentionId }).first();
    return row ? toClassification(row) : null;
  }

  async many(mentionIds: readonly number[]): Promise<Map<number, Classification>> {
    const out = new Map<number, Classification>();
    for (let at = 0; at < mentionIds.length; at += CHUNK) {
      const rows = await this.db('classifications').whereIn('mention_id', mentionIds.slice(at, at + CHUNK));
      for (const r of rows) out.set(Number(r.mention_id), toClassification(r));
    }
    return out;
  }

  /** Mentions not classified yet, oldest first, with what classifying them needs. */
  async pending(limit: number): Promise<ClassifyInput[]> {
    const rows: Row[] = await this.db('mentions as m')
      .leftJoin('classifications as c', 'c.mention_id', 'm.id')
      .join('sources as s', 's.id', 'm.source_id')
      .join('stories as st', 'st.id', 'm.story_id')
      .whereNull('c.mention_id')
      .select('m.id', 'm.title', 'm.body', 's.name as source_name', 's.weight', 'st.mention_count')
      .orderBy('m.id')
      .limit(limit);
    return rows.map(toInput);
  }

  /** Mentions collected since `since` with id above `afterId`, in id order, with what classifying them needs (reclassification). */
  async recent(since: Date, afterId: number, limit: number): Promise<ClassifyInput[]> {
    const rows: Row[] = await this.db('mentions as m')
      .join('sources as s', 's.id', 'm.source_id')
      .join('stories as st', 'st.id', 'm.story_id')
      .where('m.collected_at', '>=', toDbTime(since))
      .where('m.id', '>', afterId)
      .select('m.id', 'm.title', 'm.body', 's.name as source_name', 's.weight', 'st.mention_count')
      .orderBy('m.id')
      .limit(limit);
    return rows.map(toInput);
  }

  /** The classify inputs of the given mentions (for reclassification and the labelling flow). */
  async inputs(mentionIds: readonly number[]): Promise<ClassifyInput[]> {
    const rows: Row[] = await this.db('mentions as m')
      .join('sources as s', 's.id', 'm.source_id')
      .join('stories as st', 'st.id', 'm.story_id')
      .whereIn('m.id', mentionIds)
      .select('m.id', 'm.title', 'm.body', 's.name as source_name', 's.weight', 'st.mention_count')
      .orderBy('m.id');
    return rows.map(toInput);
  }

  /** Records a staff label (the latest judgement of a mention wins). */
  async saveLabel(label: Label): Promise<void> {
    await this.db('labels')
      .insert({
        mention_id: label.mentionId,
        user_id: label.userId,
        needs_response: label.needsResponse,
        topic: label.topic,
        sentiment: label.sentiment,
        labelled_at: toDbTime(label.labelledAt),
      })
      .onConflict('mention_id')
      .merge();
  }

  async deleteLabel(mentionId: number): Promise<void> {
    await this.db('labels').where({ mention_id: mentionId }).delete();
  }

  async label(mentionId: number): Promise<Label | null> {
    const row = await this.db('labels').where({ mention_id: mentionId }).first();
    return row ? toLabel(row) : null;
  }

  /** The labels of the given mentions (those that have one), for the board after a reload. */
  async labels(mentionIds: readonly number[]): Promise<Label[]> {
    const out: Label[] = [];
    for (let at = 0; at < mentionIds.length; at += CHUNK) {
      const rows: Row[] = await this.db('labels').whereIn('mention_id', mentionIds.slice(at, at + CHUNK)).orderBy('mention_id');
      out.push(...rows.map(toLabel));
    }
    return out;
  }

  /** Per task, how many labels give an answer and how many different answers there are. */
  async labelCounts(): Promise<Record<'needs-response' | 'sentiment' | 'topic', { labels: number; answers: number }>> {
    const [r] = (await this.db('labels')
      .count({ needs: 'needs_response', sentiments: 'sentiment', topics: 'topic' })
      .countDistinct({ needsAnswers: 'needs_response', sentimentAnswers: 'sentiment', topicAnswers: 'topic' })) as Row[];
    const n = (v: unknown) => Number(v ?? 0);
    return {
      'needs-response': { labels: n(r?.needs), answers: n(r?.needsAnswers) },
      sentiment: { labels: n(r?.sentiments), answers: n(r?.sentimentAnswers) },
      topic: { labels: n(r?.topics), answers: n(r?.topicAnswers) },
    };
  }

  /** Every label with its mention's normalised text, for training. */
  async labelledTexts(): Promise<(Label & { text: string })[]> {
    const rows: Row[] = await this.db('labels as l').join('mentions as m', 'm.id', 'l.mention_id').select('l.*', 'm.title', 'm.body').orderBy('l.mention_id');
    return rows.map((r) => ({ ...toLabel(r), text: `${String(r.title)}\n${String(r.body)}` }));
  }

  /**
   * Recent unlabelled mentions whose needs-response probability is closest to 0.5: where a label
   * teaches the model most (uncertainty sampling).
   */
  async mostUncertain(since: Date, limit: number): Promise<number[]> {
    const rows: Row[] = await this.db('classifications as c')
      .leftJoin('labels as l', 'l.mention_id', 'c.mention_id')
      .whereNull('l.mention_id')
      .whereNotNull('c.response_score')
      .where('c.classified_at', '>=', toDbTime(since))
      .select('c.mention_id')
      .orderByRaw('abs(c.response_score - 0.5) asc, c.mention_id desc')
      .limit(limit);
    return rows.map((r) => Number(r.mention_id));
  }

  /**
   * When the mentions of a topic collected since `since` were published and collected (ms since
   * epoch), for spike detection (spikes.ts volumeTime). Not when they were classified: reclassifying
   * a day's mentions after a rule change must not pile them into the current bucket.
   */
  async topicTimes(topic: string, since: Date): Promise<{ published: number; collected: number }[]> {
    // topics is a JSON array of keys; keys are [a-z0-9-], so the quoted key cannot occur by accident.
    const rows: Row[] = await this.db('classifications as c')
      .join('mentions as m', 'm.id', 'c.mention_id')
      .where('m.collected_at', '>=', toDbTime(since))
      .andWhere('c.topics', 'like', `%"${topic}"%`)
      .select('m.published_at', 'm.collected_at');
    return rows.map((r) => ({ published: fromDbTime(r.published_at).getTime(), collected: fromDbTime(r.collected_at).getTime() }));
  }

  /** When the last spike warning of a topic and bucket size was raised (null when never). */
  async lastWarning(topic: string, bucketMinutes: number): Promise<Date | null> {
    const row = await this.db('topic_warnings').where({ topic, bucket_minutes: bucketMinutes }).max({ at: 'raised_at' }).first();
    return row?.at ? fromDbTime(row.at) : null;
  }

  async saveWarning(w: TopicWarning): Promise<void> {
    await this.db('topic_warnings').insert({
      topic: w.topic,
      bucket_minutes: w.bucketMinutes,
      bucket_start: toDbTime(w.bucketStart),
      count: w.count,
      baseline_mean: w.baselineMean,
      threshold: w.threshold,
      series: JSON.stringify(w.series),
      raised_at: toDbTime(w.raisedAt),
    });
  }

  /** The newest spike warnings of every topic, newest first. */
  async recentWarnings(limit: number): Promise<TopicWarning[]> {
    const rows: Row[] = await this.db('topic_warnings').orderBy('id', 'desc').limit(limit);
    return rows.map((r) => ({
      topic: String(r.topic),
      bucketMinutes: Number(r.bucket_minutes),
      bucketStart: fromDbTime(r.bucket_start),
      count: Number(r.count),
      baselineMean: Number(r.baseline_mean),
      threshold: Number(r.threshold),
      series: fromDbJson<number[]>(r.series, []),
      raisedAt: fromDbTime(r.raised_at),
    }));
  }
}

/** A topic volume spike: the bucket that rose above its baseline, with the recent series for a chart. */
export interface TopicWarning {
  topic: string;
  bucketMinutes: number;
  bucketStart: Date;
  count: number;
  baselineMean: number;
  threshold: number;
  /** Counts of the last day of buckets, oldest first, ending with the spiking one. */
  series: number[];
  raisedAt: Date;
}

function toInput(r: Row): ClassifyInput {
  return {
    mentionId: Number(r.id),
    title: String(r.title),
    body: String(r.body),
    sourceName: String(r.source_name),
    sourceWeight: Number(r.weight),
    reposts: Math.max(0, Number(r.mention_count) - 1),
  };
}
