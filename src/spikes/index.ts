/** Topic spike detection (pure). */
export { bucketCounts, volumeTime, LATE_MS, monitoredPart, detectSpike, nextSpikeState, warningsInSeries, spikeSettings, quiet, type SpikeSettings, type SpikeCheck, type SpikeState } from './spikes.ts';
