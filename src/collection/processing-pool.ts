import { Worker } from 'node:worker_threads';
import type { NewMention } from '../mentions/mention.ts';
import type { Logger } from '../shared/logger.ts';
import type { RawItem } from './adapters/adapter.ts';
import type { NormalizeContext } from './normalize-item.ts';
import type { UserWord } from '../text/segment.ts';
import {
  fromProcessingFailure,
  type DocumentJob,
  type ItemProcessor,
  type ProcessingFailure,
  type ProcessingResult,
  type ProcessingTask,
} from './processing.ts';

/** Items per normalise message: enough to amortise the copy, few enough to spread a big feed over the workers. */
const CHUNK = 100;

type Reply = { ready: true } | ({ id: number } & ({ ok: true; result: ProcessingResult } | ({ ok: false } & ProcessingFailure)));

interface Pending {
  resolve: (result: ProcessingResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  ready: Promise<void>;
}

/**
 * Parsing and normalisation on worker threads (see processing.ts). They are most of collection's
 * CPU time; on the main thread they would compete with fetching, the database and Socket.io, and
 * use one core of the machine. A worker that dies fails only its own tasks and is replaced on the
 * next call. Idle workers do not keep the process alive.
 */
export class ProcessingPool implements ItemProcessor {
  private readonly slots: (Slot | null)[];
  private nextId = 1;
  private closed = false;

  /** `userWords` join each worker's segmenter dictionary, as addUserWords does on the main thread (another province's place names). */
  constructor(
    size: number,
    private readonly logger: Logger,
    private readonly userWords: readonly UserWord[] = [],
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => null);
  }

  async parse(job: DocumentJob): Promise<RawItem[]> {
    return (await this.run({ op: 'parse', ...job })).items!;
  }

  async normalize(items: readonly RawItem[], ctx: NormalizeContext): Promise<(NewMention | null)[]> {
    const chunks: RawItem[][] = [];
    for (let at = 0; at < items.length; at += CHUNK) chunks.push(items.slice(at, at + CHUNK));
    const results = await Promise.all(chunks.map((chunk) => this.run({ op: 'normalize', items: chunk, ctx })));
    return results.flatMap((r) => r.mentions!);
  }

  async parseAndNormalize(job: DocumentJob, ctx: NormalizeContext): Promise<{ found: number; mentions: (NewMention | null)[] }> {
    const { found, mentions } = await this.run({ op: 'parse-normalize', ...job, ctx });
    return { found, mentions: mentions! };
  }

  async warmUp(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.slot(i).ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.filter((s): s is Slot => s !== null);
    this.slots.fill(null);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private run(task: ProcessingTask): Promise<ProcessingResult> {
    if (this.closed) return Promise.reject(new Error('the processing pool is closed'));
    // The least busy worker takes the task.
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) {
      if ((this.slots[i]?.pending.size ?? 0) < (this.slots[best]?.pending.size ?? 0)) best = i;
    }
    const slot = this.slot(best);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, task });
    });
  }

  private slot(i: number): Slot {
    const existing = this.slots[i];
    if (existing) return existing;
    const worker = new Worker(new URL('./processing.worker.js', import.meta.url), { workerData: { userWords: this.userWords } });
    worker.unref();
    let markReady: () => void = () => {};
    const slot: Slot = { worker, pending: new Map(), ready: new Promise((resolve) => (markReady = resolve)) };
    const fail = (err: Error) => {
      if (this.slots[i] === slot) this.slots[i] = null;
      markReady();
      for (const task of slot.pending.values()) task.reject(err);
      slot.pending.clear();
    };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return markReady();
      const task = slot.pending.get(reply.id);
      if (!task) return;
      slot.pending.delete(reply.id);
      if (!slot.pending.size) worker.unref();
      if (reply.ok) task.resolve(reply.result);
      else task.reject(fromProcessingFailure(reply));
    });
    worker.on('error', (err) => {
      this.logger.error({ err }, 'processing worker failed');
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`processing worker stopped (exit code ${code})`)));
    this.slots[i] = slot;
    return slot;
  }
}
