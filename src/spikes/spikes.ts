/**
 * Spike detection for topic volumes (声量突增). Pure: counts and times come in as arguments.
 *
 * A topic's mentions are counted in fixed buckets (10 minutes and 1 hour). The current bucket is
 * compared with a rolling baseline — the buckets of the previous 7 days — and is a spike when it
 * exceeds
 *
 *     threshold = max(mean + k · sd, 2 · mean, minCount)
 *
 * mean + k·sd is what commercial monitors use. The other two terms keep quiet topics quiet: over an
 * all-zero baseline sd is 0, so one mention would otherwise be a "spike"; a volume has to at least
 * double, and reach minCount, to count. k is higher for 10-minute buckets (4) than for hours (3.5)
 * because a week holds 1,008 ten-minute buckets: with Poisson noise around 10 per bucket, k = 3
 * would raise about three false warnings a week, k = 4 about one in ten weeks.
 *
 * One surge raises one warning: a warning is raised when the series goes above the threshold, not
 * again while it stays there, and not again until `cooldownMs` has passed since the last one.
 *
 * Buckets before monitoring began are not quiet but unknown, so the baseline starts at the first
 * full bucket after the first collection (`monitoredPart`), and a topic warns only once it has a
 * day of baseline (`minBaselineBuckets`): on a new install every first collection would otherwise
 * be a surge against zeros.
 */

export interface SpikeSettings {
  bucketMs: number;
  /** Buckets in the baseline (7 days of buckets). */
  baselineBuckets: number;
  k: number;
  minCount: number;
  /** Baseline buckets needed before anything counts as a spike (a day of monitoring). */
  minBaselineBuckets: number;
  cooldownMs: number;
}

export const spikeSettings: Record<'tenMinutes' | 'hour', SpikeSettings> = {
  tenMinutes: { bucketMs: 10 * 60_000, baselineBuckets: 7 * 24 * 6, k: 4, minCount: 10, minBaselineBuckets: 24 * 6, cooldownMs: 2 * 3600_000 },
  hour: { bucketMs: 3600_000, baselineBuckets: 7 * 24, k: 3.5, minCount: 20, minBaselineBuckets: 24, cooldownMs: 6 * 3600_000 },
};

/** Counts times into buckets [from, to) aligned to multiples of bucketMs (UTC epoch), oldest first. */
export function bucketCounts(times: readonly (Date | number)[], bucketMs: number, from: number, to: number): number[] {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const n = Math.max(0, Math.ceil((to - start) / bucketMs));
  const counts = new Array<number>(n).fill(0);
  for (const t of times) {
    const ms = typeof t === 'number' ? t : t.getTime();
    if (ms < start || ms >= to) continue;
    counts[Math.floor((ms - start) / bucketMs)]!++;
  }
  return counts;
}

export interface SpikeCheck {
  spike: boolean;
  current: number;
  mean: number;
  sd: number;
  threshold: number;
}

/** A mention collected this long after it was published is old news when it arrives. */
export const LATE_MS = 3600_000;

/**
 * When a mention counts in a topic's volume: when it arrived (collected), so the current bucket is
 * complete whatever the sources' polling delay — unless it arrived more than LATE_MS after it was
 * published, as a new source's backlog does: then when it was published, so old news does not
 * swell the current bucket.
 */
export function volumeTime(published: number, collected: number): number {
  return collected - published > LATE_MS ? published : collected;
}

/**
 * The buckets of `counts` (the first starting at `from`, aligned) that lie after monitoring began at
 * `firstCollected`: from the first bucket that starts at or after it.
 */
export function monitoredPart(counts: readonly number[], from: number, bucketMs: number, firstCollected: number): number[] {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const skip = Math.max(0, Math.ceil((firstCollected - start) / bucketMs));
  return counts.slice(skip);
}

/** Whether the last count is a spike against the `baselineBuckets` counts before it. */
export function detectSpike(counts: readonly number[], s: Pick<SpikeSettings, 'baselineBuckets' | 'k' | 'minCount' | 'minBaselineBuckets'>): SpikeCheck {
  const current = counts[counts.length - 1] ?? 0;
  const baseline = counts.slice(Math.max(0, counts.length - 1 - s.baselineBuckets), counts.length - 1);
  const mean = baseline.length ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const sd = baseline.length ? Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length) : 0;
  const threshold = Math.max(mean + s.k * sd, 2 * mean, s.minCount);
  return { spike: baseline.length >= s.minBaselineBuckets && current > threshold, current, mean, sd, threshold };
}

/** Where a topic's warnings stand: above the threshold now, and when the last warning went out. */
export interface SpikeState {
  above: boolean;
  lastRaisedAt: number | null;
}

export const quiet: SpikeState = { above: false, lastRaisedAt: null };

/** The next state after checking one bucket, and whether to raise a warning now. */
export function nextSpikeState(state: SpikeState, spike: boolean, now: number, cooldownMs: number): { state: SpikeState; raise: boolean } {
  const raise = spike && !state.above && (state.lastRaisedAt === null || now - state.lastRaisedAt >= cooldownMs);
  return { state: { above: spike, lastRaisedAt: raise ? now : state.lastRaisedAt }, raise };
}

/**
 * Runs detection over a whole series (oldest first): the indexes of the buckets that raise a
 * warning. For tests, backfills and the volume chart.
 */
export function warningsInSeries(counts: readonly number[], s: SpikeSettings): number[] {
  let state = quiet;
  const raised: number[] = [];
  for (let i = 1; i < counts.length; i++) {
    const check = detectSpike(counts.slice(0, i + 1), s);
    const next = nextSpikeState(state, check.spike, i * s.bucketMs, s.cooldownMs);
    state = next.state;
    if (next.raise) raised.push(i);
  }
  return raised;
}
