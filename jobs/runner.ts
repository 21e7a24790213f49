import cron, { type ScheduledTask } from 'node-cron';
import type { HuiyingApp } from '../src/app.ts';
import type { Logger } from '../src/shared/logger.ts';
import type { Job } from './index.ts';

export interface JobRunner {
  /** Runs a job now (unless it is already running); resolves with its counts, or null when skipped. */
  runNow(name: string): Promise<Record<string, number> | null>;
  /** Stops the schedules and waits for running jobs to finish. */
  stop(): Promise<void>;
}

/** Schedules every job on node-cron in the given time zone; a job never overlaps itself. */
export function startJobs(jobList: readonly Job[], app: HuiyingApp, logger: Logger, timeZone: string): JobRunner {
  const running = new Map<string, Promise<Record<string, number>>>();
  const tasks: ScheduledTask[] = [];

  const runNow = async (name: string): Promise<Record<string, number> | null> => {
    const job = jobList.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    if (running.has(name)) {
      logger.debug({ job: name }, 'job still running; tick skipped');
      return null;
    }
    const started = Date.now();
    logger.info({ job: name }, 'job started');
    const run = job.run(app);
    running.set(name, run);
    try {
      const counts = await run;
      logger.info({ job: name, durationMs: Date.now() - started, ...counts }, 'job finished');
      return counts;
    } catch (err) {
      logger.error({ job: name, durationMs: Date.now() - started, err }, 'job failed');
      return null;
    } finally {
      running.delete(name);
    }
  };

  for (const job of jobList) {
    const task = cron.schedule(job.schedule(app), () => void runNow(job.name), { timezone: timeZone, name: job.name });
    tasks.push(task);
  }

  return {
    runNow,
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running.values()]);
    },
  };
}
