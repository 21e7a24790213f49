import { featureKinds, kindMask, type Features } from './features.ts';
import { findSlot, labelOf, toProbabilities, type LinearModel } from './linear-model.ts';

/**
 * The classifier's models (needs-response, sentiment, topic) read the same features. Predicting
 * them one by one looks every feature up in three tables, and those lookups are cache misses that
 * dominate classification time (--cpu-prof: 40% of the whole decision). Fused, each feature is
 * looked up once in a table that holds every model's weights side by side, and the three
 * predictions are the same numbers as before. Explanations (top features) still come from
 * predict() on the model itself.
 */
export class FusedModels {
  private readonly bits: number;
  private readonly columns: number;
  private readonly slotKeys: Int32Array;
  private readonly slotWeights: Float32Array;
  /** Each model's first column in a slot's weights. */
  private readonly offsets: number[];
  private readonly mask: number;

  private constructor(readonly models: readonly LinearModel[]) {
    this.offsets = [];
    let columns = 0;
    for (const m of models) {
      this.offsets.push(columns);
      columns += m.weights.columns;
    }
    this.columns = columns;
    const keys = new Set<number>();
    for (const m of models) for (const key of m.weights.keys) keys.add(key);
    let bits = 4;
    while (1 << bits < keys.size * 2) bits++;
    this.bits = bits;
    this.slotKeys = new Int32Array(1 << bits);
    this.slotWeights = new Float32Array((1 << bits) * columns);
    const slotMask = (1 << bits) - 1;
    for (const key of keys) {
      let slot = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
      while (this.slotKeys[slot] !== 0) slot = (slot + 1) & slotMask;
      this.slotKeys[slot] = key;
      models.forEach((m, i) => {
        const at = m.weights.find(key);
        if (at < 0) return; // a feature this model does not know weighs nothing in it
        for (let c = 0; c < m.weights.columns; c++) this.slotWeights[slot * columns + this.offsets[i]! + c] = m.weights.slotWeights[at + c]!;
      });
    }
    this.mask = kindMask(models[0]!.spec);
  }

  /** Fuses models that read the same features the same way; null when there is nothing to gain. */
  static fuse(models: readonly LinearModel[]): FusedModels | null {
    if (models.length < 2) return null;
    const spec = JSON.stringify(models[0]!.spec);
    if (models.some((m) => JSON.stringify(m.spec) !== spec)) return null;
    return new FusedModels(models);
  }

  /** Every model's label and probabilities for one text, in the order the models were given. */
  predictAll(features: Features): { label: string; score: number; probabilities: Record<string, number> }[] {
    if ((features.kinds & this.mask) !== this.mask) throw new Error('features lack kinds the models use; featurize with the model spec');
    const spec = this.models[0]!.spec;
    const hashMask = spec.ids.kind === 'hash' ? (1 << spec.ids.bits) - 1 : 0;
    const { keys, counts, start } = features;
    const columns = this.columns;
    const slotKeys = this.slotKeys;
    const slotWeights = this.slotWeights;
    const bits = this.bits;
    const sums = new Float64Array(columns);
    let sumSquares = 0;
    for (let g = 0; g < featureKinds.length; g++) {
      if (!(this.mask & (1 << g))) continue;
      for (let i = start[g]!, end = start[g + 1]!; i < end; i++) {
        const v = spec.binary ? 1 : counts[i]!;
        sumSquares += v * v;
        const slot = findSlot(slotKeys, bits, hashMask ? (keys[i]! & hashMask) + 1 : keys[i]!);
        if (slot < 0) continue;
        const at = slot * columns;
        for (let c = 0; c < columns; c++) sums[c]! += slotWeights[at + c]! * v;
      }
    }
    return this.models.map((model, i) => {
      const k = model.labels.length;
      const raw = new Float64Array(k);
      const offset = this.offsets[i]!;
      // Two labels keep one column (the second label's weight); the first label's is its negation.
      if (model.weights.columns === 1) {
        raw[1] = sums[offset]!;
        raw[0] = -raw[1]!;
      } else {
        for (let c = 0; c < k; c++) raw[c] = sums[offset + c]!;
      }
      const x = model.normalize ? (sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0) : 1;
      const { best, score, probabilities } = toProbabilities(model, raw, x);
      return { label: labelOf(model, best, score, undefined), score, probabilities };
    });
  }
}
