import os from 'node:os';

/**
 * Lease owners name the process that holds a source's fetch lease: host, pid and a start stamp.
 * Pure parsing lives here; the liveness probe is the only I/O.
 */

/** The lease owner name of this process. */
export function currentLeaseOwner(): string {
  return `${os.hostname()}:${process.pid}:${Math.round(performance.timeOrigin)}`;
}

/** Splits an owner name into host and pid; null when it is not one of ours. */
export function parseLeaseOwner(owner: string): { host: string; pid: number } | null {
  const m = /^(.*):(\d+):\d+$/.exec(owner);
  return m ? { host: m[1]!, pid: Number(m[2]) } : null;
}

/**
 * True when the owner is a process on this host that no longer runs (killed, crashed), so its lease
 * can be broken at once instead of waiting for it to expire.
 */
export function isDeadLocalOwner(owner: string, self: string = currentLeaseOwner()): boolean {
  const parsed = parseLeaseOwner(owner);
  if (!parsed || owner === self || parsed.host !== os.hostname()) return false;
  try {
    process.kill(parsed.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
