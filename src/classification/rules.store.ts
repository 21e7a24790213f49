import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbTime, toDbTime } from '../db/values.ts';
import type { Level } from './decision.ts';

/** A topic (专题): a named group of rules; answer scripts attach to it later. */
export interface Topic {
  id: number;
  key: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A monitoring rule (监测规则): a boolean query with the warning level it raises. */
export interface Rule {
  id: number;
  topicId: number;
  topicKey: string;
  name: string;
  query: string;
  level: Level;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleInput {
  topicId: number;
  name: string;
  query: string;
  level: Level;
  enabled: boolean;
}

type Row = Record<string, unknown>;

const toTopic = (r: Row): Topic => ({
  id: Number(r.id),
  key: String(r.key),
  name: String(r.name),
  createdAt: fromDbTime(r.created_at),
  updatedAt: fromDbTime(r.updated_at),
});

const toRule = (r: Row): Rule => ({
  id: Number(r.id),
  topicId: Number(r.topic_id),
  topicKey: String(r.topic_key),
  name: String(r.name),
  query: String(r.query),
  level: r.level as Level,
  enabled: fromDbBool(r.enabled),
  createdAt: fromDbTime(r.created_at),
  updatedAt: fromDbTime(r.updated_at),
});

/** The only place that reads and writes topics and rules. */
export class RulesStore {
  constructor(private readonly db: Db) {}

  async listTopics(): Promise<Topic[]> {
    return (await this.db('topics').orderBy('id')).map(toTopic);
  }

  async getTopic(id: number): Promise<Topic | null> {
    const row = await this.db('topics').where({ id }).first();
    return row ? toTopic(row) : null;
  }

  async countTopics(): Promise<number> {
    const row = await this.db('topics').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async createTopic(input: { key: string; name: string }, now: Date): Promise<Topic> {
    const [row] = await this.db('topics')
      .insert({ key: input.key, name: input.name, created_at: toDbTime(now), updated_at: toDbTime(now) })
      .returning('*');
    return toTopic(row as Row);
  }

  async updateTopic(id: number, input: { name: string }, now: Date): Promise<Topic | null> {
    const [row] = await this.db('topics').where({ id }).update({ name: input.name, updated_at: toDbTime(now) }, '*');
    return row ? toTopic(row as Row) : null;
  }

  /** Deletes a topic and its rules; false when there was none. */
  async deleteTopic(id: number): Promise<boolean> {
    return (await this.db('topics').where({ id }).delete()) > 0;
  }

  /** Every rule with its topic's key, in id order; only enabled ones when asked. */
  async listRules(options: { enabledOnly?: boolean; topicId?: number } = {}): Promise<Rule[]> {
    const q = this.db('rules as r').join('topics as t', 't.id', 'r.topic_id').select('r.*', 't.key as topic_key').orderBy('r.id');
    if (options.enabledOnly) q.where('r.enabled', true);
    if (options.topicId !== undefined) q.where('r.topic_id', options.topicId);
    return (await q).map(toRule);
  }

  async getRule(id: number): Promise<Rule | null> {
    const row = await this.db('rules as r').join('topics as t', 't.id', 'r.topic_id').select('r.*', 't.key as topic_key').where('r.id', id).first();
    return row ? toRule(row) : null;
  }

  async createRule(input: RuleInput, now: Date): Promise<Rule> {
    const [row] = await this.db('rules')
      .insert({
        topic_id: input.topicId,
        name: input.name,
        query: input.query,
        level: input.level,
        enabled: input.enabled,
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
      })
      .returning('id');
    return (await this.getRule(Number((row as Row).id)))!;
  }

  async updateRule(id: number, input: Partial<RuleInput>, now: Date): Promise<Rule | null> {
    const changes: Row = { updated_at: toDbTime(now) };
    if (input.topicId !== undefined) changes.topic_id = input.topicId;
    if (input.name !== undefined) changes.name = input.name;
    if (input.query !== undefined) changes.query = input.query;
    if (input.level !== undefined) changes.level = input.level;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    const count = await this.db('rules').where({ id }).update(changes);
    return count ? this.getRule(id) : null;
  }

  async deleteRule(id: number): Promise<boolean> {
    return (await this.db('rules').where({ id }).delete()) > 0;
  }

  /** Loads a rule pack (topics with their rules) in one transaction; returns how many rules it added. */
  async importPack(pack: readonly { key: string; name: string; rules: readonly Omit<RuleInput, 'topicId' | 'enabled'>[] }[], now: Date): Promise<number> {
    return this.db.transaction(async (trx) => {
      let added = 0;
      for (const topic of pack) {
        let row = await trx('topics').where({ key: topic.key }).first();
        if (!row) {
          [row] = await trx('topics').insert({ key: topic.key, name: topic.name, created_at: toDbTime(now), updated_at: toDbTime(now) }).returning('*');
        }
        for (const rule of topic.rules) {
          await trx('rules').insert({
            topic_id: Number((row as Row).id),
            name: rule.name,
            query: rule.query,
            level: rule.level,
            enabled: true,
            created_at: toDbTime(now),
            updated_at: toDbTime(now),
          });
          added++;
        }
      }
      return added;
    });
  }
}
