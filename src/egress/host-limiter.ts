/**
 * Per-host concurrency limit: at most `limit` tasks run at once for one host; the rest wait in a
 * FIFO queue, so a site with many sources is polled politely and in the order requests arrived.
 */
export interface HostLimiter {
  /** Runs task when a slot for host is free, and frees the slot when it settles. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** How many tasks are running and waiting for host (for tests and diagnostics). */
  stats(host: string): { active: number; waiting: number };
}

interface HostSlots {
  active: number;
  waiting: Array<() => void>;
}

/** Creates a limiter allowing `limit` concurrent tasks per host. */
export function createHostLimiter(limit: number): HostLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`per-host concurrency must be a positive integer, got ${limit}`);
  const hosts = new Map<string, HostSlots>();

  async function acquire(host: string): Promise<void> {
    let slots = hosts.get(host);
    if (!slots) {
      slots = { active: 0, waiting: [] };
      hosts.set(host, slots);
    }
    if (slots.active < limit) {
      slots.active++;
      return;
    }
    // The releasing task hands its slot straight to us, so `active` stays unchanged.
    await new Promise<void>((resolve) => slots.waiting.push(resolve));
  }

  function release(host: string): void {
    const slots = hosts.get(host);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) return next();
    slots.active--;
    if (slots.active === 0) hosts.delete(host);
  }

  return {
    async run(host, task) {
      await acquire(host);
      try {
        return await task();
      } finally {
        release(host);
      }
    },
    stats(host) {
      const slots = hosts.get(host);
      return { active: slots?.active ?? 0, waiting: slots?.waiting.length ?? 0 };
    },
  };
}
