import type { Matrix } from './dataset.ts';

/**
 * Multinomial naive Bayes with Lidstone smoothing, or its complement variant (Rennie et al. 2003:
 * each label's weights are estimated from the texts of the *other* labels, steadier with few or
 * unbalanced texts). Returns dense weights, column × label; columns no training text has stay 0.
 */

export interface NaiveBayesOptions {
  /** Lidstone smoothing added to every feature count (1 = Laplace). */
  alpha: number;
  complement: boolean;
}

export const defaultNaiveBayesOptions: NaiveBayesOptions = { alpha: 0.5, complement: false };

/** Trains naive Bayes: bias = log prior, weights = log P(feature | label) (complement: −log P(feature | not label)). */
export function trainNaiveBayes(m: Matrix, labelCount: number, o: NaiveBayesOptions): { bias: Float64Array; weights: Float32Array } {
  const k = labelCount;
  const counts = new Float64Array(m.columns * k);
  const docs = new Float64Array(k);
  const used = new Uint8Array(m.columns);
  for (let r = 0; r < m.rows; r++) {
    const c = m.labels[r]!;
    docs[c]!++;
    for (let j = m.offsets[r]!; j < m.offsets[r + 1]!; j++) {
      counts[m.cols[j]! * k + c]! += m.values[j]!;
      used[m.cols[j]!] = 1;
    }
  }
  let vocabulary = 0;
  for (let f = 0; f < m.columns; f++) vocabulary += used[f]!;
  const totals = new Float64Array(k);
  for (let f = 0; f < m.columns; f++) for (let c = 0; c < k; c++) totals[c]! += counts[f * k + c]!;
  const all = totals.reduce((a, b) => a + b, 0);
  const bias = new Float64Array(k);
  for (let c = 0; c < k; c++) bias[c] = Math.log(docs[c]! / m.rows);
  const weights = new Float32Array(m.columns * k);
  for (let f = 0; f < m.columns; f++) {
    if (!used[f]) continue;
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += counts[f * k + c]!;
    for (let c = 0; c < k; c++) {
      weights[f * k + c] = o.complement
        ? -Math.log((rowSum - counts[f * k + c]! + o.alpha) / (all - totals[c]! + o.alpha * vocabulary))
        : Math.log((counts[f * k + c]! + o.alpha) / (totals[c]! + o.alpha * vocabulary));
    }
  }
  return { bias, weights };
}
