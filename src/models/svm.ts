import { selectRows, type Matrix } from './dataset.ts';
import { nbRatios, seededRandom } from './logistic.ts';
import { trainNaiveBayes } from './naive-bayes.ts';

/**
 * Linear support vector machines trained by dual coordinate descent (Hsieh et al., ICML 2008 — the
 * LIBLINEAR solver): one pass updates one dual variable per text, the primal weights are kept in step,
 * and a few dozen passes reach the optimum for the given C, unlike SGD whose answer depends on when
 * it stops. Several labels: one machine per label against the rest. With `nbAlpha` each feature is
 * scaled by its naive-Bayes log-count ratio for the label first: NB-SVM (Wang & Manning, ACL 2012).
 *
 * An SVM gives margins, not probabilities, and the neutral threshold and the decision levels need
 * probabilities. So margins are calibrated: the training texts are split into `calibrationFolds`
 * folds, each fold is scored by a machine trained on the others, and a sigmoid (two labels: Platt
 * scaling, A·margin + B) or a softmax temperature (A, several labels) is fitted to those held-out
 * margins. The final machine, trained on all texts, has A and B folded into its weights, so the
 * stored model is the same linear model as naive Bayes and logistic regression produce. With
 * `nbBlend` the held-out scores of a multinomial naive Bayes join the fit (A·margin + G·NB + bias),
 * still one linear model: on 10-label news titles it gains ~0.6 points (linear-model.ts).
 */

export interface SvmOptions {
  /** Cost of margin violations (higher = less regularisation). */
  C: number;
  /** `l2`: squared hinge loss (smooth, LIBLINEAR's default); `l1`: hinge loss. */
  loss: 'l1' | 'l2';
  maxPasses: number;
  /** Stop when the projected gradient's spread over a pass falls below this (LIBLINEAR's eps). */
  tolerance: number;
  seed: number;
  /** NB scaling smoothing (NB-SVM); null for a plain SVM. */
  nbAlpha: number | null;
  /** NB-SVM interpolation (Wang & Manning's β): w ← (1 − β)·mean|w| + β·w; 1 = none. */
  beta: number;
  /** Folds for calibrating margins into probabilities (≥ 2). */
  calibrationFolds: number;
  /** Scale each text's feature vector to unit length. */
  normalize: boolean;
  /**
   * Blend in multinomial naive Bayes (this smoothing α; null: off): the final scores are
   * A·margin + G·NB log-likelihood (on the same unit-length rows) + per-label bias, A, G and the
   * biases fitted on the calibration folds' held-out scores, in place of Platt/temperature alone.
   */
  nbBlend: number | null;
}

export const defaultSvmOptions: SvmOptions = { C: 0.5, loss: 'l2', maxPasses: 60, tolerance: 0.1, seed: 1, nbAlpha: 1, beta: 1, calibrationFolds: 3, normalize: true, nbBlend: null };

/** One binary machine on the rows in `rows`: label +1 where `positive[row]`, else −1. Returns weights per column and the bias. */
function trainBinary(m: Matrix, rows: Int32Array, positive: (row: number) => boolean, scale: Float32Array | null, stride: number, label: number, o: SvmOptions): { w: Float64Array; b: number } {
  const w = new Float64Array(m.columns);
  let b = 0;
  const n = rows.length;
  const alpha = new Float64Array(n);
  const y = new Int8Array(n);
  const qii = new Float64Array(n);
  const diag = o.loss === 'l2' ? 0.5 / o.C : 0;
  const upper = o.loss === 'l2' ? Infinity : o.C;
  const norm = (r: number) => (o.normalize ? m.norms[r]! : 1);
  const x = (r: number, j: number) => m.values[j]! * norm(r) * (scale ? scale[m.cols[j]! * stride + label]! : 1);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    y[i] = positive(r) ? 1 : -1;
    let q = 1 + diag; // the bias feature is 1
    for (let j = m.offsets[r]!; j < m.offsets[r + 1]!; j++) q += x(r, j) ** 2;
    qii[i] = q;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(o.seed + label);
  for (let pass = 0; pass < o.maxPasses; pass++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let maxPG = -Infinity;
    let minPG = Infinity;
    for (let t = 0; t < n; t++) {
      const i = order[t]!;
      const r = rows[i]!;
      const from = m.offsets[r]!;
      const to = m.offsets[r + 1]!;
      let dot = b;
      for (let j = from; j < to; j++) dot += w[m.cols[j]!]! * x(r, j);
      const g = y[i]! * dot - 1 + diag * alpha[i]!;
      let pg = g;
      if (alpha[i] === 0) pg = Math.min(g, 0);
      else if (alpha[i] === upper) pg = Math.max(g, 0);
      maxPG = Math.max(maxPG, pg);
      minPG = Math.min(minPG, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i]!;
      alpha[i] = Math.min(Math.max(old - g / qii[i]!, 0), upper);
      const d = (alpha[i]! - old) * y[i]!;
      if (d === 0) continue;
      for (let j = from; j < to; j++) w[m.cols[j]!]! += d * x(r, j);
      b += d;
    }
    if (maxPG - minPG < o.tolerance) break;
  }
  if (o.beta < 1) {
    let mean = 0;
    for (let f = 0; f < w.length; f++) mean += Math.abs(w[f]!);
    mean /= w.length;
    for (let f = 0; f < w.length; f++) w[f] = (1 - o.beta) * mean + o.beta * w[f]!;
  }
  return { w, b };
}

/** Margins of one row under per-label machines (scaled features, as trained). */
function margins(m: Matrix, r: number, machines: { w: Float64Array; b: number }[], scale: Float32Array | null, stride: number, o: SvmOptions, out: Float64Array): void {
  const norm = o.normalize ? m.norms[r]! : 1;
  machines.forEach((mc, i) => {
    const c = machines.length === 1 ? 1 : i; // two labels: the one machine is label 1's
    let s = mc.b;
    for (let j = m.offsets[r]!; j < m.offsets[r + 1]!; j++) s += mc.w[m.cols[j]!]! * m.values[j]! * norm * (scale ? scale[m.cols[j]! * stride + c]! : 1);
    out[i] = s;
  });
}

/** The machines for all labels (one for two labels: label 1 against label 0). */
function trainMachines(m: Matrix, rows: Int32Array, k: number, scale: Float32Array | null, o: SvmOptions): { w: Float64Array; b: number }[] {
  if (k === 2) return [trainBinary(m, rows, (r) => m.labels[r] === 1, scale, 2, 1, o)];
  return Array.from({ length: k }, (_, c) => trainBinary(m, rows, (r) => m.labels[r] === c, scale, k, c, o));
}

/**
 * Fits A, B of p = σ(A·s + B) (Platt scaling) by Newton's method on the log-loss, with Platt's
 * smoothed targets ((n₊ + 1)/(n₊ + 2) rather than 1), which keep A finite when the held-out margins
 * separate the labels perfectly, as they do on a few dozen staff labels.
 */
export function fitSigmoid(scores: Float64Array, positive: Uint8Array): { a: number; b: number } {
  let positives = 0;
  for (const p of positive) positives += p;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (positive.length - positives + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * scores[i]! + b)));
      const e = p - (positive[i] ? hi : lo);
      const h = p * (1 - p);
      ga += e * scores[i]!;
      gb += e;
      haa += h * scores[i]! ** 2;
      hab += h * scores[i]!;
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) break;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  // Margins that say nothing (or the opposite) on held-out texts: fall back to the margin itself.
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? { a, b } : { a: 1, b: 0 };
}

/** Fits the temperature A of softmax(A·s) by golden-section search on the log-loss. */
export function fitTemperature(scores: Float64Array, labels: Int32Array, k: number): number {
  const loss = (a: number) => {
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, a * scores[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(a * scores[i * k + c]! - max);
      total += Math.log(sum) + max - a * scores[i * k + labels[i]!]!;
    }
    return total;
  };
  let lo = 0.01;
  let hi = 50;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let iter = 0; iter < 60; iter++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (loss(x1) < loss(x2)) hi = x2;
    else lo = x1;
  }
  return (lo + hi) / 2;
}

/** Naive Bayes log-likelihoods of row r (a unit-length row when o.normalize), one per label; the blend's biases absorb their offsets. */
function nbScores(m: Matrix, r: number, w: Float32Array, k: number, o: SvmOptions, out: Float64Array): void {
  const norm = o.normalize ? m.norms[r]! : 1;
  out.fill(0);
  for (let j = m.offsets[r]!; j < m.offsets[r + 1]!; j++) {
    const v = m.values[j]! * norm;
    for (let c = 0; c < k; c++) out[c]! += w[m.cols[j]! * k + c]! * v;
  }
}

/**
 * Fits z_c = a·s_c + g·t_c + b_c (softmax; two labels: s_0 = 0) on held-out SVM margins s and NB
 * scores t by gradient descent with momentum on standardised inputs (3 + k parameters, convex).
 */
export function fitBlend(s: Float64Array, t: Float64Array, labels: Int32Array, k: number): { a: number; g: number; b: Float64Array } {
  const n = labels.length;
  const rms = (v: Float64Array) => Math.sqrt(v.reduce((x, y) => x + y * y, 0) / v.length) || 1;
  const ss = rms(s);
  const st = rms(t);
  let a = 1;
  let g = 0;
  let va = 0;
  let vg = 0;
  const b = new Float64Array(k);
  const vb = new Float64Array(k);
  const gb = new Float64Array(k);
  const z = new Float64Array(k);
  for (let it = 0; it < 1500; it++) {
    let ga = 0;
    let gg = 0;
    gb.fill(0);
    for (let r = 0; r < n; r++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        z[c] = (a * s[r * k + c]!) / ss + (g * t[r * k + c]!) / st + b[c]!;
        max = Math.max(max, z[c]!);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c]! - max);
      for (let c = 0; c < k; c++) {
        const e = z[c]! / sum - (labels[r] === c ? 1 : 0);
        ga += (e * s[r * k + c]!) / ss;
        gg += (e * t[r * k + c]!) / st;
        gb[c]! += e;
      }
    }
    const rate = 0.5;
    va = 0.9 * va - rate * (ga / n + 1e-4 * a);
    a += va;
    vg = 0.9 * vg - rate * (gg / n + 1e-4 * g);
    g += vg;
    for (let c = 0; c < k; c++) {
      vb[c] = 0.9 * vb[c]! - (rate * gb[c]!) / n;
      b[c]! += vb[c]!;
    }
  }
  return { a: a / ss, g: g / st, b };
}

/** Trains the SVM(s), calibrates them, and returns softmax-ready dense weights (column × label) and bias. */
export function trainSvm(m: Matrix, labelCount: number, o: SvmOptions): { bias: Float64Array; weights: Float32Array; calibration: number[] } {
  const k = labelCount;
  const scale = o.nbAlpha === null ? null : nbRatios(m, k, o.nbAlpha);
  const all = Int32Array.from({ length: m.rows }, (_, i) => i);

  // Held-out margins for calibration.
  const folds = Math.max(2, o.calibrationFolds);
  const random = seededRandom(o.seed * 7919);
  const fold = Int32Array.from({ length: m.rows }, () => Math.floor(random() * folds));
  const machinesOut = k === 2 ? 1 : k;
  const held = new Float64Array(m.rows * machinesOut);
  const heldNb = o.nbBlend === null ? null : new Float64Array(m.rows * k);
  const out = new Float64Array(machinesOut);
  const nbOut = new Float64Array(k);
  for (let f = 0; f < folds; f++) {
    const train = all.filter((r) => fold[r] !== f);
    const machines = trainMachines(m, train, k, scale, o);
    const nb = o.nbBlend === null ? null : trainNaiveBayes(selectRows(m, train), k, { alpha: o.nbBlend, complement: false }).weights;
    for (let r = 0; r < m.rows; r++) {
      if (fold[r] !== f) continue;
      margins(m, r, machines, scale, k === 2 ? 2 : k, o, out);
      held.set(out, r * machinesOut);
      if (nb && heldNb) {
        nbScores(m, r, nb, k, o, nbOut);
        heldNb.set(nbOut, r * k);
      }
    }
  }
  const machines = trainMachines(m, all, k, scale, o);
  const weights = new Float32Array(m.columns * k);
  const bias = new Float64Array(k);
  // Machine i, times a, becomes label column c of the weights (two labels: one machine, column 1).
  const scaleMachines = (a: number) =>
    machines.forEach((mc, i) => {
      const c = k === 2 ? 1 : i;
      for (let f = 0; f < m.columns; f++) weights[f * k + c] = a * mc.w[f]! * (scale ? scale[f * k + c]! : 1);
      bias[c] = a * mc.b;
    });
  if (heldNb) {
    // Margins per label (two labels: label 0's is 0), then the blend fitted on held-out scores.
    const s = new Float64Array(m.rows * k);
    for (let r = 0; r < m.rows; r++) {
      if (k === 2) s[r * 2 + 1] = held[r]!;
      else for (let c = 0; c < k; c++) s[r * k + c] = held[r * k + c]!;
    }
    const { a, g, b } = fitBlend(s, heldNb, m.labels, k);
    const nb = trainNaiveBayes(m, k, { alpha: o.nbBlend!, complement: false }).weights;
    scaleMachines(a);
    for (let f = 0; f < m.columns * k; f++) weights[f] = weights[f]! + g * nb[f]!;
    for (let c = 0; c < k; c++) bias[c]! += b[c]!;
    return { bias, weights, calibration: [a, g, ...b] };
  }
  if (k === 2) {
    const { a, b } = fitSigmoid(held, Uint8Array.from(m.labels, (l) => (l === 1 ? 1 : 0)));
    scaleMachines(a);
    bias[1]! += b;
    return { bias, weights, calibration: [a, b] };
  }
  const a = fitTemperature(held, m.labels, k);
  scaleMachines(a);
  return { bias, weights, calibration: [a] };
}
