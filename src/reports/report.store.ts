import { isPostgres, type Db } from '../db/knex.ts';
import { fromDbBool, toDbTime } from '../db/values.ts';

type Row = Record<string, unknown>;

/** One group of mentions published on a Beijing day, by classification. */
export interface MentionGroup {
  /** YYYY-MM-DD, Beijing time. */
  day: string;
  /** null: not classified yet. */
  sentiment: string | null;
  flagged: boolean;
  level: string | null;
  count: number;
}

/**
 * Read-only aggregates over mentions and their classifications for reports. Every figure is added
 * up in the database (group by), so a quarter of a million-mention table never crosses into
 * memory; only the groups do (at most days × sentiments × levels rows).
 */
export class ReportStore {
  constructor(private readonly db: Db) {}

  /**
   * Mentions published in [from, to), counted per Beijing day, sentiment, flag and warning level.
   *
   * Bucketing by Beijing day is where the dialects differ:
   *   PostgreSQL  to_char(published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
   *   SQLite      date(published_at, '+8 hours')   -- published_at is ISO-8601 UTC text
   * A fixed +8 hours is exact: Asia/Shanghai has kept UTC+8 with no daylight saving since 1991.
   */
  async mentionGroups(from: Date, to: Date): Promise<MentionGroup[]> {
    const day = isPostgres(this.db) ? `to_char(m.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')` : `date(m.published_at, '+8 hours')`;
    const rows: Row[] = await this.db('mentions as m')
      .leftJoin('classifications as c', 'c.mention_id', 'm.id')
      .select(this.db.raw(`${day} as day`), 'c.sentiment', 'c.flagged', 'c.level')
      .count({ n: '*' })
      .where('m.published_at', '>=', toDbTime(from))
      .andWhere('m.published_at', '<', toDbTime(to))
      .groupByRaw(`${day}, c.sentiment, c.flagged, c.level`);
    return rows.map((r) => ({
      day: String(r.day),
      sentiment: (r.sentiment as string | null) ?? null,
      flagged: fromDbBool(r.flagged),
      level: (r.level as string | null) ?? null,
      count: Number(r.n),
    }));
  }

  /**
   * The most frequent topics (专题) of the mentions published in [from, to), with their names.
   * A classification's topics are a JSON array in a text column; unnesting it differs:
   *   PostgreSQL  cross join lateral json_array_elements_text(c.topics::json) as t(value)
   *   SQLite      join json_each(c.topics) as t
   * On SQLite the scan starts from the classifications with topics (cross join fixes the order):
   * the planner would otherwise read every mention row first, which is three times slower.
   */
  async topTopics(from: Date, to: Date, limit: number): Promise<{ key: string; name: string; count: number }[]> {
    const tables = isPostgres(this.db)
      ? 'classifications c join mentions m on m.id = c.mention_id cross join lateral json_array_elements_text(c.topics::json) as t(value)'
      : 'classifications c cross join mentions m on m.id = c.mention_id join json_each(c.topics) as t';
    const sql = `
      select t.value as key, max(tp.name) as name, count(*) as n
      from ${tables}
      left join topics tp on tp.key = t.value
      where m.published_at >= ? and m.published_at < ? and c.topics <> '[]'
      group by t.value
      order by n desc, t.value
      limit ?`;
    const result = await this.db.raw(sql, [toDbTime(from), toDbTime(to), limit]);
    const rows: Row[] = Array.isArray(result) ? result : (result as { rows: Row[] }).rows;
    return rows.map((r) => ({ key: String(r.key), name: r.name === null || r.name === undefined ? String(r.key) : String(r.name), count: Number(r.n) }));
  }
}
