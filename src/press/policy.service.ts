import type { MentionStore } from '../mentions/mention.store.ts';
import type { Clock } from '../shared/clock.ts';
import { notFound } from '../shared/errors.ts';
import { beijingDay, findDocumentNumber, interpretationKindOf, kindOfTitle, matchDocument, syncState, syncStateLabels, type InterpretationInput, type PolicyDocument, type PolicyDocumentInput, type SyncState } from './policy.ts';
import type { PolicyStore } from './policy.store.ts';

/** A document as the board and reports show it, with whether it was interpreted on its release day. */
export interface PolicyDocumentView extends PolicyDocument {
  sync: SyncState;
  syncLabel: string;
  daysLate: number | null;
}

/** The view of a stored document. */
export function toPolicyDocumentView(d: PolicyDocument): PolicyDocumentView {
  const { state, daysLate } = syncState(d);
  return { ...d, sync: state, syncLabel: syncStateLabels[state], daysLate };
}

/** What registering a source's items found. */
export interface PolicySyncResult {
  documents: number;
  interpretations: number;
  /** Interpretation titles that name no known document. */
  unmatched: string[];
}

/** The register of policy documents and their interpretations (发布与解读同步). */
export class PolicyService {
  constructor(private readonly deps: { store: PolicyStore; mentions: MentionStore; clock: Clock }) {}

  async list(range: { from?: string; to?: string } = {}): Promise<PolicyDocumentView[]> {
    return (await this.deps.store.list(range)).map(toPolicyDocumentView);
  }

  async save(input: PolicyDocumentInput): Promise<PolicyDocumentView> {
    return toPolicyDocumentView((await this.deps.store.save(input, this.deps.clock.now())).document);
  }

  async addInterpretation(documentId: number, input: InterpretationInput): Promise<PolicyDocumentView> {
    const doc = await this.deps.store.addInterpretation(documentId, input, this.deps.clock.now());
    if (!doc) throw notFound('policy document', documentId);
    return toPolicyDocumentView(doc);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.deps.store.delete(id))) throw notFound('policy document', id);
  }

  /**
   * Registers what a source collected from the department's own site (an html source over its
   * 政策文件 and 政策解读 columns): titles that read as documents become documents (released on the
   * day they were published, Beijing time), titles that read as interpretations are matched to
   * their document by number or title. Safe to run again: documents are keyed by number or title,
   * interpretations by link. Looks at what was collected in the last `days` days.
   */
  async syncFromSource(sourceId: number, days = 365): Promise<PolicySyncResult> {
    const since = new Date(this.deps.clock.now().getTime() - days * 86_400_000);
    const items = (await this.deps.mentions.list({ sourceId, since, limit: 5000 })).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    const now = this.deps.clock.now();
    let documents = 0;
    for (const item of items) {
      if (kindOfTitle(item.title) !== 'document') continue;
      await this.deps.store.save({ title: item.title, number: findDocumentNumber(`${item.title} ${item.snippet}`), draftingDepartment: '', releasedOn: beijingDay(new Date(item.publishedAt)), url: item.url ?? '' }, now);
      documents++;
    }
    const known = await this.deps.store.list();
    let interpretations = 0;
    const unmatched: string[] = [];
    for (const item of items) {
      if (kindOfTitle(item.title) !== 'interpretation') continue;
      const doc = matchDocument(known, item.title);
      if (!doc) {
        unmatched.push(item.title);
        continue;
      }
      await this.deps.store.addInterpretation(doc.id, { kind: interpretationKindOf(item.title), title: item.title, url: item.url ?? '', publishedOn: beijingDay(new Date(item.publishedAt)) }, now);
      interpretations++;
    }
    return { documents, interpretations, unmatched };
  }
}
