import type { NewMention } from '../mentions/mention.ts';
import { CollectError, type RawItem } from './adapters/adapter.ts';
import { adapterFor } from './adapters/registry.ts';
import { normalizeItem, type NormalizeContext } from './normalize-item.ts';
import type { FailureCode, SourceKind } from './source.ts';

/**
 * The CPU-heavy half of collection: parsing fetched documents and normalising their items (HTML to
 * text, Traditional to Simplified, segmentation, SimHash, keys). Pure, so it runs the same on the
 * main thread (inlineProcessor) or on worker threads (ProcessingPool).
 */

/** A document to parse: what the adapter of `kind` reads, with its already validated config. */
export interface DocumentJob {
  kind: SourceKind;
  document: string;
  config: unknown;
  finalUrl: string;
}

export type ProcessingTask =
  | ({ op: 'parse' } & DocumentJob)
  | ({ op: 'parse-normalize'; ctx: NormalizeContext } & DocumentJob)
  | { op: 'normalize'; items: RawItem[]; ctx: NormalizeContext };

export interface ProcessingResult {
  found: number;
  items?: RawItem[];
  mentions?: (NewMention | null)[];
}

/** A failure as it crosses a thread boundary: CollectErrors keep their code. */
export interface ProcessingFailure {
  code: FailureCode | null;
  message: string;
}

/** Runs one task on the calling thread. */
export async function runProcessingTask(task: ProcessingTask): Promise<ProcessingResult> {
  if (task.op === 'normalize') return { found: task.items.length, mentions: task.items.map((item) => normalizeItem(item, task.ctx)) };
  const items = await adapterFor(task.kind).parse(task.document, task.config, task.finalUrl);
  if (task.op === 'parse') return { found: items.length, items };
  return { found: items.length, mentions: items.map((item) => normalizeItem(item, task.ctx)) };
}

export function toProcessingFailure(err: unknown): ProcessingFailure {
  if (err instanceof CollectError) return { code: err.code, message: err.message };
  return { code: null, message: err instanceof Error ? err.message : String(err) };
}

export function fromProcessingFailure(f: ProcessingFailure): Error {
  return f.code ? new CollectError(f.code, f.message) : new Error(f.message);
}

/** Parses and normalises collected documents; see inlineProcessor and ProcessingPool. */
export interface ItemProcessor {
  /** The raw items of a document (for html sources whose new items get their article page fetched). */
  parse(job: DocumentJob): Promise<RawItem[]>;
  /** Mentions ready to store, in item order (null for an item with no text). */
  normalize(items: readonly RawItem[], ctx: NormalizeContext): Promise<(NewMention | null)[]>;
  /** Both steps at once, without sending the raw items back; `found` counts the document's items. */
  parseAndNormalize(job: DocumentJob, ctx: NormalizeContext): Promise<{ found: number; mentions: (NewMention | null)[] }>;
  /** Loads what processing needs (the segmenter's dictionary) before the first document arrives. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Processes on the calling thread: for `HUIYING_COLLECT_WORKERS=0`, and for tests of the steps themselves. */
export const inlineProcessor: ItemProcessor = {
  async parse(job) {
    return (await runProcessingTask({ op: 'parse', ...job })).items!;
  },
  async normalize(items, ctx) {
    return (await runProcessingTask({ op: 'normalize', items: [...items], ctx })).mentions!;
  },
  async parseAndNormalize(job, ctx) {
    const { found, mentions } = await runProcessingTask({ op: 'parse-normalize', ...job, ctx });
    return { found, mentions: mentions! };
  },
  async warmUp() {
    normalizeItem(
      { guid: null, url: null, title: '预热分词词典', summary: null, body: null, author: null, published: null },
      { sourceId: 0, baseUrl: 'http://localhost/', now: new Date(), timeZone: 'UTC' },
    );
  },
  async close() {},
};
