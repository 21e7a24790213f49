import { describe, expect, it } from 'vitest';
import { bucketCounts, detectSpike, LATE_MS, monitoredPart, nextSpikeState, quiet, spikeSettings, volumeTime, warningsInSeries } from './spikes.ts';

const ten = spikeSettings.tenMinutes;
const hour = spikeSettings.hour;
const week = ten.baselineBuckets;

/** Seeded Poisson samples (Knuth), so the noise is the same on every run. */
function poisson(mean: number, n: number, seed: number): number[] {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return Array.from({ length: n }, () => {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= random();
    } while (p > limit);
    return k - 1;
  });
}

describe('bucketCounts', () => {
  it('counts into aligned buckets and ignores times outside', () => {
    const base = Date.UTC(2026, 10, 28, 8, 0);
    const times = [base + 1, base + 9 * 60_000, base + 10 * 60_000, new Date(base + 25 * 60_000), base - 1, base + 30 * 60_000];
    expect(bucketCounts(times, 10 * 60_000, base, base + 30 * 60_000)).toEqual([2, 1, 1]);
  });
});

describe('detectSpike', () => {
  it('does not call one mention over a silent week a spike, but thirty is', () => {
    expect(detectSpike([...new Array(week).fill(0), 1], ten).spike).toBe(false);
    expect(detectSpike([...new Array(week).fill(0), 30], ten)).toMatchObject({ spike: true, mean: 0, sd: 0, threshold: 10 });
  });

  it('needs a day of baseline before anything is a spike', () => {
    expect(detectSpike([...new Array(ten.minBaselineBuckets - 1).fill(0), 30], ten).spike).toBe(false);
    expect(detectSpike([...new Array(ten.minBaselineBuckets).fill(0), 30], ten).spike).toBe(true);
    expect(detectSpike([...new Array(hour.minBaselineBuckets - 1).fill(0), 90], hour).spike).toBe(false);
  });

  it('needs a volume to at least double', () => {
    expect(detectSpike([...new Array(week).fill(40), 79], ten).spike).toBe(false);
    expect(detectSpike([...new Array(week).fill(40), 81], ten).spike).toBe(true);
  });
});

describe('warnings over synthetic series', () => {
  it('a step raises one warning, at the step', () => {
    const series = [...new Array(week).fill(5), ...new Array(36).fill(40)];
    expect(warningsInSeries(series, ten)).toEqual([week]);
  });

  it('a slow rise over days raises none: the baseline follows it', () => {
    const series = Array.from({ length: 3 * week }, (_, i) => Math.round(5 + (i / (3 * week)) * 30));
    expect(warningsInSeries(series, ten)).toEqual([]);
  });

  it('noise raises none over two weeks, in 10-minute and in hourly buckets', () => {
    expect(warningsInSeries(poisson(10, 2 * week, 12345), ten)).toEqual([]);
    expect(warningsInSeries(poisson(60, 2 * hour.baselineBuckets, 777), hour)).toEqual([]);
  });

  it('a single outlier in noise raises exactly one warning', () => {
    const series = poisson(10, week + 50, 4242);
    series[week + 20] = 60;
    expect(warningsInSeries(series, ten)).toEqual([week + 20]);
  });

  it('a second surge inside the cool-down raises nothing; after it, a warning', () => {
    const surge = (at: number, series: number[]) => [20, 21, 22].forEach((d) => (series[at + d - 20] = 50));
    const soon = new Array(week + 40).fill(3);
    surge(week, soon);
    surge(week + 6, soon); // one hour later: within the two-hour cool-down
    expect(warningsInSeries(soon, ten)).toEqual([week]);
    const later = new Array(week + 40).fill(3);
    surge(week, later);
    surge(week + 20, later); // 200 minutes later
    expect(warningsInSeries(later, ten)).toEqual([week, week + 20]);
  });
});

describe('when monitoring began', () => {
  const bucket = 10 * 60_000;
  const from = Date.UTC(2026, 10, 28, 0, 0);
  it('the baseline starts at the first full bucket after the first collection', () => {
    const counts = [0, 0, 0, 5, 6, 7];
    expect(monitoredPart(counts, from, bucket, from)).toEqual(counts);
    expect(monitoredPart(counts, from, bucket, from + 2 * bucket)).toEqual([0, 5, 6, 7]);
    expect(monitoredPart(counts, from, bucket, from + 2 * bucket + 1)).toEqual([5, 6, 7]);
    expect(monitoredPart(counts, from, bucket, from - 5 * bucket)).toEqual(counts);
  });

  it('the first collection of a new install, a burst against nothing, raises no warning', () => {
    const firstDay = monitoredPart([...new Array(week).fill(0), 0, 0, 80], from, bucket, from + (week + 1) * bucket);
    expect(firstDay).toEqual([0, 80]);
    expect(warningsInSeries(firstDay, ten)).toEqual([]);
  });
});

describe('volumeTime', () => {
  const at = Date.UTC(2026, 10, 28, 8, 0);
  it('counts a mention when it arrived, unless it is old news from a backlog', () => {
    expect(volumeTime(at - 25 * 60_000, at)).toBe(at);
    expect(volumeTime(at - LATE_MS, at)).toBe(at);
    expect(volumeTime(at - 3 * 86_400_000, at)).toBe(at - 3 * 86_400_000);
  });
});

describe('nextSpikeState', () => {
  it.each([
    [quiet, true, 0, true],
    [{ above: true, lastRaisedAt: 0 }, true, 10 * 3600_000, false],
    [{ above: false, lastRaisedAt: 0 }, true, 3600_000, false],
    [{ above: false, lastRaisedAt: 0 }, true, 3 * 3600_000, true],
    [quiet, false, 0, false],
  ])('%j, spike %s at %i → raise %s', (state, spike, now, raise) => {
    expect(nextSpikeState(state, spike, now, 2 * 3600_000).raise).toBe(raise);
  });
});
