import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { HuiyingApp } from '../src/app.ts';
import { jobs, type Job } from './index.ts';
import { startJobs } from './runner.ts';

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('job runner', () => {
  it('never overlaps a job with itself and logs start, end, duration and counts', async () => {
    let release!: () => void;
    let runs = 0;
    const slow: Job = {
      name: 'slow',
      schedule: () => '0 0 1 1 *',
      run: async () => {
        runs++;
        await new Promise<void>((resolve) => (release = resolve));
        return { items: 7 };
      },
    };
    const { logger, lines } = captureLogger();
    const runner = startJobs([slow], {} as HuiyingApp, logger, 'Asia/Shanghai');
    const first = runner.runNow('slow');
    const second = await runner.runNow('slow');
    expect(second).toBeNull();
    release();
    expect(await first).toEqual({ items: 7 });
    expect(runs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const finished = lines.find((l) => l.msg === 'job finished');
    expect(finished).toMatchObject({ job: 'slow', items: 7 });
    expect(typeof finished!.durationMs).toBe('number');
    expect(lines.some((l) => l.msg === 'job started' && l.job === 'slow')).toBe(true);
    await runner.stop();
  });

  it('reports a failing job and keeps running the others', async () => {
    const { logger, lines } = captureLogger();
    const failing: Job = { name: 'failing', schedule: () => '0 0 1 1 *', run: async () => Promise.reject(new Error('boom')) };
    const ok: Job = { name: 'ok', schedule: () => '0 0 1 1 *', run: async () => ({ n: 1 }) };
    const runner = startJobs([failing, ok], {} as HuiyingApp, logger, 'UTC');
    expect(await runner.runNow('failing')).toBeNull();
    expect(await runner.runNow('ok')).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.find((l) => l.msg === 'job failed')).toMatchObject({ job: 'failing', err: { message: 'boom' } });
    await runner.stop();
  });

  it('declares valid schedules for every job', async () => {
    const cron = (await import('node-cron')).default;
    const app = { config: { collection: { tick: '*/10 * * * * *' } } } as HuiyingApp;
    for (const job of jobs) expect(cron.validate(job.schedule(app)), job.name).toBe(true);
  });
});
