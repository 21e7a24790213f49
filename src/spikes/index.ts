/** Topic spike detection (pure). */
export { bucketCounts, detectSpike, nextSpikeState, warningsInSeries, spikeSettings, quiet, type SpikeSettings, type SpikeCheck, type SpikeState } from './spikes.ts';
