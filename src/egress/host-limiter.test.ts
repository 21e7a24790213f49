import { describe, expect, it } from 'vitest';
import { createHostLimiter } from './host-limiter.ts';

/** A task that stays running until its release() is called. */
function heldTask(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
    return name;
  };
  return { task, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createHostLimiter', () => {
  it('runs at most N tasks per host and starts waiting ones in arrival order', async () => {
    const limiter = createHostLimiter(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => heldTask(log, name));
    const results = tasks.map((t) => limiter.run('feeds.example', t.task));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(limiter.stats('feeds.example')).toEqual({ active: 2, waiting: 3 });

    tasks[1]!.release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);

    tasks[0]!.release();
    await tick();
    expect(log.slice(4)).toEqual(['end a', 'start d']);

    for (const t of tasks) t.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(limiter.stats('feeds.example')).toEqual({ active: 0, waiting: 0 });
  });

  it('keeps hosts independent', async () => {
    const limiter = createHostLimiter(1);
    const log: string[] = [];
    const one = heldTask(log, 'one');
    const other = heldTask(log, 'other');
    const p1 = limiter.run('a.example', one.task);
    const p2 = limiter.run('b.example', other.task);
    await tick();
    expect(log).toEqual(['start one', 'start other']);
    one.release();
    other.release();
    await Promise.all([p1, p2]);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createHostLimiter(1);
    await expect(limiter.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.stats('h')).toEqual({ active: 0, waiting: 0 });
    expect(await limiter.run('h', async () => 'next')).toBe('next');
  });

  it('rejects a nonsensical limit', () => {
    expect(() => createHostLimiter(0)).toThrow(/positive integer/);
  });
});
