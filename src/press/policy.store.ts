import type { Db } from '../db/knex.ts';
import { toDbTime } from '../db/values.ts';
import type { Interpretation, InterpretationInput, InterpretationKind, PolicyDocument, PolicyDocumentInput } from './policy.ts';

type Row = Record<string, unknown>;

/** The only place that reads and writes policy documents and their interpretations. */
export class PolicyStore {
  constructor(private readonly db: Db) {}

  /** Documents released on days in [from, to] (YYYY-MM-DD, inclusive), newest first, with their interpretations. */
  async list(range: { from?: string; to?: string } = {}): Promise<PolicyDocument[]> {
    const q = this.db('policy_documents').orderBy([{ column: 'released_on', order: 'desc' }, { column: 'id', order: 'desc' }]);
    if (range.from) q.where('released_on', '>=', range.from);
    if (range.to) q.where('released_on', '<=', range.to);
    const rows: Row[] = await q;
    const interpretations = new Map<number, Interpretation[]>();
    const ids = rows.map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await this.db('policy_interpretations').whereIn('document_id', ids.slice(i, i + 500)).orderBy(['published_on', 'id'])) {
        const list = interpretations.get(Number(r.document_id)) ?? [];
        list.push(toInterpretation(r));
        interpretations.set(Number(r.document_id), list);
      }
    }
    return rows.map((r) => toDocument(r, interpretations.get(Number(r.id)) ?? []));
  }

  async get(id: number): Promise<PolicyDocument | null> {
    const row = await this.db('policy_documents').where({ id }).first();
    if (!row) return null;
    const interpretations = (await this.db('policy_interpretations').where({ document_id: id }).orderBy(['published_on', 'id'])).map(toInterpretation);
    return toDocument(row, interpretations);
  }

  /** Adds a document, or updates the one with the same number (or, without a number, the same title). */
  async save(input: PolicyDocumentInput, now: Date): Promise<{ document: PolicyDocument; created: boolean }> {
    const id = await this.db.transaction(async (trx) => {
      const existing = await trx('policy_documents')
        .where(input.number ? { number: input.number } : { title: input.title, number: '' })
        .first('id');
      const columns = { title: input.title, number: input.number, drafting_department: input.draftingDepartment, released_on: input.releasedOn, url: input.url, updated_at: toDbTime(now) };
      if (existing) {
        await trx('policy_documents').where({ id: existing.id }).update(columns);
        return { id: Number(existing.id), created: false };
      }
      const [row] = await trx('policy_documents').insert({ ...columns, created_at: toDbTime(now) }).returning('id');
      return { id: Number((row as Row).id), created: true };
    });
    return { document: (await this.get(id.id))!, created: id.created };
  }

  /** Adds an interpretation to a document unless one with the same link (or title) is there; null when the document does not exist. */
  async addInterpretation(documentId: number, input: InterpretationInput, now: Date): Promise<PolicyDocument | null> {
    const added = await this.db.transaction(async (trx) => {
      if (!(await trx('policy_documents').where({ id: documentId }).first('id'))) return false;
      const same = await trx('policy_interpretations')
        .where({ document_id: documentId })
        .andWhere((w) => (input.url ? w.where({ url: input.url }) : w.where({ title: input.title })))
        .first('id');
      if (!same) {
        await trx('policy_interpretations').insert({ document_id: documentId, kind: input.kind, title: input.title, url: input.url, published_on: input.publishedOn, created_at: toDbTime(now) });
      }
      return true;
    });
    return added ? this.get(documentId) : null;
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db('policy_documents').where({ id }).delete()) > 0;
  }
}

const toInterpretation = (r: Row): Interpretation => ({
  id: Number(r.id),
  documentId: Number(r.document_id),
  kind: r.kind as InterpretationKind,
  title: String(r.title),
  url: String(r.url ?? ''),
  publishedOn: String(r.published_on),
});

const toDocument = (r: Row, interpretations: Interpretation[]): PolicyDocument => ({
  id: Number(r.id),
  title: String(r.title),
  number: String(r.number ?? ''),
  draftingDepartment: String(r.drafting_department ?? ''),
  releasedOn: String(r.released_on),
  url: String(r.url ?? ''),
  interpretations,
});
