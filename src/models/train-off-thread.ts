import { Worker } from 'node:worker_threads';
import type { ModelTrainer } from '../classification/index.ts';
import type { UserWord } from '../text/segment.ts';
import type { trainForService } from './index.ts';
import { STAFF_LABELS, trainingSetOf, type LabelledText } from './train.ts';

/**
 * trainForService on a worker thread of its own. Training from a few thousand labels takes seconds
 * of CPU; on the server's thread that would stall every board's socket and request meanwhile. The
 * worker segments with the same dictionary, plus `userWords` (another province's gazetteer), as
 * the server does.
 */
export function trainOffThread(task: string, records: readonly LabelledText[], now: Date, userWords: readonly UserWord[] = [], name?: string): Promise<ReturnType<typeof trainForService>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train.worker.js', import.meta.url), { workerData: { task, records, now: now.getTime(), userWords, name } });
    let answered = false;
    worker.once('message', (m: { ok: true; result: ReturnType<typeof trainForService> } | { ok: false; message: string }) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`training ${task} failed: ${m.message}`));
    });
    worker.once('error', (err) => {
      answered = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the training worker for ${task} exited (code ${code}) without a model`));
    });
  });
}

/** What the classification service retrains with: staff labels, trained off the server's thread. */
export function modelTrainer(userWords: readonly UserWord[] = []): ModelTrainer {
  return {
    fingerprint: (records) => trainingSetOf(records, STAFF_LABELS).hash,
    train: (task, records, now, name) => trainOffThread(task, records, now, userWords, name),
  };
}
