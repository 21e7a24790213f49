import { parentPort, workerData } from 'node:worker_threads';
import { addUserWords, type UserWord } from '../text/segment.ts';
import type { LabelledText } from './train.ts';
import { trainForService } from './index.ts';

/** The body of a training worker thread: trains one model, answers with it, and ends. */

const port = parentPort;
if (!port) throw new Error('train-worker.ts runs as a worker thread only');
const { task, records, now, userWords, name } = workerData as { task: string; records: LabelledText[]; now: number; userWords: UserWord[]; name?: string };
if (userWords.length) addUserWords(userWords);
try {
  port.postMessage({ ok: true, result: trainForService(task, records, new Date(now), name) });
} catch (err) {
  port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
