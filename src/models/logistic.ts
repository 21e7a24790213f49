import type { Matrix } from './dataset.ts';

/**
 * Multinomial logistic regression (softmax) on sparse rows, trained with AdaGrad and L2, and its
 * NB-scaled variant (NB-SVM, Wang & Manning 2012, here with a logistic loss): each feature's input
 * for label c is multiplied by its naive-Bayes log-count ratio r_c = log((p_c/|p_c|)/(q_c/|q_c|)),
 * p_c and q_c being its smoothed presence counts in texts with and without label c. The ratio tells
 * the optimiser up front which features matter, which helps most with few, short texts.
 * Deterministic for a seed: the only randomness is the seeded shuffle of the texts.
 */

export interface LogisticOptions {
  epochs: number;
  /** AdaGrad base learning rate. */
  rate: number;
  /** L2 penalty, applied to the weights a text touches. */
  l2: number;
  seed: number;
  /** NB scaling smoothing (NB-logistic); null for plain logistic regression. */
  nbAlpha: number | null;
  /** Return the mean of the weights after each epoch instead of the last ones (smoother, less overfit). */
  average: boolean;
}

export const defaultLogisticOptions: LogisticOptions = { epochs: 10, rate: 0.2, l2: 1e-6, seed: 1, nbAlpha: null, average: false };

/** A seeded linear congruential generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** The NB log-count ratios, column × label, from binary presence. */
export function nbRatios(m: Matrix, labelCount: number, alpha: number): Float32Array {
  const k = labelCount;
  const present = new Float64Array(m.columns * k);
  for (let r = 0; r < m.rows; r++) {
    const c = m.labels[r]!;
    for (let j = m.offsets[r]!; j < m.offsets[r + 1]!; j++) present[m.cols[j]! * k + c] = present[m.cols[j]! * k + c]! + 1;
  }
  const perLabel = new Float64Array(k);
  let all = 0;
  for (let f = 0; f < m.columns; f++) for (let c = 0; c < k; c++) perLabel[c]! += present[f * k + c]! + alpha;
  for (let c = 0; c < k; c++) all += perLabel[c]!;
  // With labels c and "not c", Σ_f q_c = Σ_f (presence elsewhere + alpha) = all − perLabel[c] + alpha·columns·(k − 2).
  const ratios = new Float32Array(m.columns * k);
  for (let f = 0; f < m.columns; f++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += present[f * k + c]!;
    for (let c = 0; c < k; c++) {
      const p = present[f * k + c]! + alpha;
      const q = rowSum - present[f * k + c]! + alpha;
      const qTotal = all - perLabel[c]! - alpha * m.columns * (k - 2);
      ratios[f * k + c] = Math.log(p / perLabel[c]! / (q / qTotal));
    }
  }
  return ratios;
}

/** Trains softmax regression; with nbAlpha the returned weights already include the NB ratios. */
export function trainLogistic(m: Matrix, labelCount: number, o: LogisticOptions): { bias: Float64Array; weights: Float32Array } {
  const k = labelCount;
  const w = new Float32Array(m.columns * k);
  const g2 = new Float32Array(m.columns * k).fill(1e-8);
  const scale = o.nbAlpha === null ? null : nbRatios(m, k, o.nbAlpha);
  const b = new Float64Array(k);
  const bg2 = new Float64Array(k).fill(1e-8);
  const order = Int32Array.from({ length: m.rows }, (_, i) => i);
  const random = seededRandom(o.seed);
  const p = new Float64Array(k);
  const sumW = o.average ? new Float32Array(w.length) : null;
  const sumB = new Float64Array(k);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (let n = 0; n < order.length; n++) {
      const r = order[n]!;
      const from = m.offsets[r]!;
      const to = m.offsets[r + 1]!;
      const norm = m.norms[r]!;
      const label = m.labels[r]!;
      for (let c = 0; c < k; c++) p[c] = b[c]!;
      for (let j = from; j < to; j++) {
        const base = m.cols[j]! * k;
        const v = m.values[j]! * norm;
        if (scale) for (let c = 0; c < k; c++) p[c]! += w[base + c]! * scale[base + c]! * v;
        else for (let c = 0; c < k; c++) p[c]! += w[base + c]! * v;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (p[c]! > max) max = p[c]!;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c]! - max);
      for (let c = 0; c < k; c++) {
        const grad = p[c]! / sum - (c === label ? 1 : 0);
        bg2[c]! += grad * grad;
        b[c]! -= (o.rate * grad) / Math.sqrt(bg2[c]!);
        for (let j = from; j < to; j++) {
          const at = m.cols[j]! * k + c;
          const x = m.values[j]! * norm * (scale ? scale[at]! : 1);
          const g = grad * x + o.l2 * w[at]!;
          g2[at]! += g * g;
          w[at]! -= (o.rate * g) / Math.sqrt(g2[at]!);
        }
      }
    }
    if (sumW) {
      for (let i = 0; i < w.length; i++) sumW[i]! += w[i]!;
      for (let c = 0; c < k; c++) sumB[c]! += b[c]!;
    }
  }
  if (sumW && o.epochs > 0) {
    for (let i = 0; i < w.length; i++) w[i] = sumW[i]! / o.epochs;
    for (let c = 0; c < k; c++) b[c] = sumB[c]! / o.epochs;
  }
  if (scale) for (let i = 0; i < w.length; i++) w[i]! *= scale[i]!;
  return { bias: b, weights: w };
}
