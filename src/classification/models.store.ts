import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbJson, fromDbTime, toDbTime } from '../db/values.ts';

/** A stored model version; `model` is the serialised form (models/serialize.ts), opaque here. */
export interface StoredModel {
  id: number;
  task: string;
  version: number;
  model: unknown;
  trainingSet: { name: string; size: number; hash: string };
  metrics: Record<string, unknown>;
  active: boolean;
  createdAt: Date;
}

/** A model version without its (large) parameters, for lists. */
export type ModelSummary = Omit<StoredModel, 'model'>;

type Row = Record<string, unknown>;

const toSummary = (r: Row): ModelSummary => ({
  id: Number(r.id),
  task: String(r.task),
  version: Number(r.version),
  trainingSet: fromDbJson(r.training_set, { name: '', size: 0, hash: '' }),
  metrics: fromDbJson(r.metrics, {}),
  active: fromDbBool(r.active),
  createdAt: fromDbTime(r.created_at),
});

/** The only place that reads and writes trained models and their versions. */
export class ModelsStore {
  constructor(private readonly db: Db) {}

  /** Stores a new version of a task's model (the next number) and, when asked, makes it the active one. */
  async add(
    input: { task: string; model: unknown; trainingSet: StoredModel['trainingSet']; metrics: Record<string, unknown>; activate: boolean },
    now: Date,
  ): Promise<ModelSummary> {
    return this.db.transaction(async (trx) => {
      if (input.activate) await trx('models').where({ task: input.task }).update({ active: false });
      const last = await trx('models').where({ task: input.task }).max({ v: 'version' }).first();
      const [row] = await trx('models')
        .insert({
          task: input.task,
          version: Number(last?.v ?? 0) + 1,
          model: JSON.stringify(input.model),
          training_set: JSON.stringify(input.trainingSet),
          metrics: JSON.stringify(input.metrics),
          active: input.activate,
          created_at: toDbTime(now),
        })
        .returning(['id', 'task', 'version', 'training_set', 'metrics', 'active', 'created_at']);
      return toSummary(row as Row);
    });
  }

  /** The active model of each task that has one. */
  async active(): Promise<StoredModel[]> {
    const rows: Row[] = await this.db('models').where({ active: true }).orderBy('task');
    return rows.map((r) => ({ ...toSummary(r), model: fromDbJson<unknown>(r.model, null) }));
  }

  /** Every version of a task's model (or of all tasks), newest first, without parameters. */
  async list(task?: string): Promise<ModelSummary[]> {
    const q = this.db('models').select('id', 'task', 'version', 'training_set', 'metrics', 'active', 'created_at').orderBy([{ column: 'task' }, { column: 'version', order: 'desc' }]);
    if (task) q.where({ task });
    return (await q).map(toSummary);
  }

  /** Makes one version the task's active model (also how a bad version is rolled back); false when it does not exist. */
  async activate(task: string, version: number): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const exists = await trx('models').where({ task, version }).first('id');
      if (!exists) return false;
      await trx('models').where({ task }).update({ active: false });
      await trx('models').where({ task, version }).update({ active: true });
      return true;
    });
  }
}
