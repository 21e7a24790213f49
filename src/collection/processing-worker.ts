import { parentPort, workerData } from 'node:worker_threads';
import { addUserWords, type UserWord } from '../text/segment.ts';
import { inlineProcessor, runProcessingTask, toProcessingFailure, type ProcessingTask } from './processing.ts';

/** The body of a processing worker thread: runs each task it is sent and answers with the result. */

const port = parentPort;
if (!port) throw new Error('processing-worker.ts runs as a worker thread only');

const { userWords } = (workerData ?? {}) as { userWords?: UserWord[] };
if (userWords?.length) addUserWords(userWords);
await inlineProcessor.warmUp();
port.postMessage({ ready: true });

port.on('message', ({ id, task }: { id: number; task: ProcessingTask }) => {
  runProcessingTask(task).then(
    (result) => port.postMessage({ id, ok: true, result }),
    (err: unknown) => port.postMessage({ id, ok: false, ...toProcessingFailure(err) }),
  );
});
