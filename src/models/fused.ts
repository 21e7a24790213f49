import type { TokenSpans } from '../text/segment.ts';
import { charKey, featureKinds, featurize, KIND_BIT, kindMask, nameOf, occurrences, type Features } from './features.ts';
import { explainsWith, labelOf, softmaxInPlace, strongestPulls, type LinearModel } from './linear-model.ts';

const CHAR_GROUP = featureKinds.indexOf('chars');
const CHARS = KIND_BIT.chars;
const UNKNOWN = -1;
const NOT_A_FEATURE = -2;

export interface FusedPrediction {
  label: string;
  score: number;
  /** One per label, in the model's label order. */
  probabilities: Float64Array;
}

/**
 * The classifier's models (needs-response, sentiment, topic) read the same features. Predicting
 * them one by one looks every feature up in three tables, and those lookups are cache misses that
 * dominate classification time (--cpu-prof: 40% of the whole decision). Fused, each feature is
 * looked up once in a table that holds every model's weights side by side, and the three
 * predictions are the same numbers as before.
 *
 * `predictText` goes further for the classifier: it reads a text's feature occurrences straight into
 * the fused table, so distinct features are found by marking their rows instead of being collected
 * in a set first, and it remembers the features it found, from which `explain` gives each model's
 * top features without looking anything up again.
 */
export class FusedModels {
  private readonly bits: number;
  private readonly columns: number;
  /**
   * Open addressing over the features' keys: slot s holds a key at 2s (0: empty) and its row at
   * 2s + 1, so a probe is one memory access.
   */
  private readonly slots: Int32Array;
  /**
   * The weights, one row of `columns` per feature, dense: a table with a row per slot would be half
   * empty, and the weights are what the CPU caches should hold.
   */
  private readonly rows: Float32Array;
  /** Per model with more than two labels, the sum of each row's weights (explanations need it). */
  private readonly rowSums: Float64Array[];
  /** Each model's first column in a row. */
  private readonly offsets: number[];
  private readonly mask: number;
  /** Per feature kind, 1 when it is no reason to a reader (single characters beside words: explainsWith). */
  private readonly noReason: Uint8Array;
  /** Whether predictText applies: presence features over a vocabulary (hashed keys may share a slot). */
  private readonly direct: boolean;
  /** Per row, the text that last found it (predictText's marks; never cleared, the text number moves on). */
  private readonly seen: Int32Array;
  private text = 0;
  /**
   * The row of each UTF-16 code unit's character feature, UNKNOWN, or NOT_A_FEATURE (spaces): single
   * characters are a third of a text's features, and a direct table spares hashing and probing them.
   */
  private readonly charRows = new Int32Array(0x10000);
  /** Unknown keys of the current text (open addressing, marked with the text number like `seen`). */
  private unknownKeys = new Int32Array(2048);
  private unknownMarks = new Int32Array(2048);
  /** The last predictText's features found in the table: row, kind and origin (word index or offset). */
  private foundRows = new Int32Array(1024);
  private foundKinds = new Uint8Array(1024);
  private foundRefs = new Int32Array(1024);
  private found = 0;
  private x = 0;
  private lastWords: TokenSpans | null = null;
  private lastText = '';
  private lastBest: number[] = [];
  /** Every model's top features for the last predictText, worked out on the first explain(). */
  private explained: { feature: string; weight: number }[][] | null = null;
  private explainedTop = 0;
  private pulls = new Float64Array(4096);

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
    this.slots = new Int32Array(2 << bits);
    this.rows = new Float32Array(keys.size * columns);
    const slotMask = (1 << bits) - 1;
    let row = 0;
    for (const key of keys) {
      let slot = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
      while (this.slots[slot * 2] !== 0) slot = (slot + 1) & slotMask;
      this.slots[slot * 2] = key;
      this.slots[slot * 2 + 1] = row;
      models.forEach((m, i) => {
        const at = m.weights.find(key);
        if (at < 0) return; // a feature this model does not know weighs nothing in it
        for (let c = 0; c < m.weights.columns; c++) this.rows[row * columns + this.offsets[i]! + c] = m.weights.slotWeights[at + c]!;
      });
      row++;
    }
    this.mask = kindMask(models[0]!.spec);
    const spec = models[0]!.spec;
    this.direct = spec.binary && spec.ids.kind === 'vocabulary';
    const readable = explainsWith(this.mask);
    this.noReason = Uint8Array.from(featureKinds, (kind) => (readable(kind) ? 0 : 1));
    this.seen = new Int32Array(keys.size);
    this.rowSums = models.map((m, i) => {
      const sums = new Float64Array(m.weights.columns > 1 ? keys.size : 0);
      for (let r = 0; r < sums.length; r++) for (let c = 0; c < m.weights.columns; c++) sums[r]! += this.rows[r * columns + this.offsets[i]! + c]!;
      return sums;
    });
    for (let c = 0; c < 0x10000; c++) {
      const key = charKey(c);
      const row = key === 0 ? NOT_A_FEATURE : this.rowOf(key);
      this.charRows[c] = row === -1 ? UNKNOWN : row;
    }
  }

  /** Fuses models that read the same features the same way; null when there is nothing to gain. */
  static fuse(models: readonly LinearModel[]): FusedModels | null {
    if (models.length < 2) return null;
    const spec = JSON.stringify(models[0]!.spec);
    if (models.some((m) => JSON.stringify(m.spec) !== spec)) return null;
    return new FusedModels(models);
  }

  /** Every model's label and probabilities for one text, in the order the models were given. */
  predictAll(features: Features): FusedPrediction[] {
    this.lastWords = null; // explain() answers for predictText only
    if ((features.kinds & this.mask) !== this.mask) throw new Error('features lack kinds the models use; featurize with the model spec');
    const spec = this.models[0]!.spec;
    const hashMask = spec.ids.kind === 'hash' ? (1 << spec.ids.bits) - 1 : 0;
    const { keys, counts, start } = features;
    const columns = this.columns;
    const rows = this.rows;
    const sums = new Float64Array(columns);
    let sumSquares = 0;
    for (let g = 0; g < featureKinds.length; g++) {
      if (!(this.mask & (1 << g))) continue;
      for (let i = start[g]!, end = start[g + 1]!; i < end; i++) {
        const v = spec.binary ? 1 : counts[i]!;
        sumSquares += v * v;
        const row = this.rowOf(hashMask ? (keys[i]! & hashMask) + 1 : keys[i]!);
        if (row < 0) continue;
        const at = row * columns;
        for (let c = 0; c < columns; c++) sums[c]! += rows[at + c]! * v;
      }
    }
    return this.finish(sums, sumSquares);
  }

  /** The row of a key's weights, or -1 (small enough to be inlined where it is called per feature). */
  private rowOf(key: number): number {
    const slots = this.slots;
    const mask = (2 << this.bits) - 2;
    for (let slot = (Math.imul(key, 0x9e3779b1) >>> (32 - this.bits)) << 1; ; slot = (slot + 2) & mask) {
      const stored = slots[slot]!;
      if (stored === key) return slots[slot + 1]!;
      if (stored === 0) return -1;
    }
  }

  /** Every model's label and probabilities from the summed weights. */
  private finish(sums: Float64Array, sumSquares: number): FusedPrediction[] {
    this.x = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
    this.lastBest = [];
    const out: FusedPrediction[] = [];
    for (let i = 0; i < this.models.length; i++) {
      const model = this.models[i]!;
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
      const best = softmaxInPlace(model, raw, model.normalize ? this.x : 1);
      const score = raw[best]!;
      this.lastBest.push(best);
      out.push({ label: labelOf(model, best, score, undefined), score, probabilities: raw });
    }
    return out;
  }

  /**
   * Every model's prediction for a text cut into `words` (segmentSpans), the same numbers as
   * predictAll(featurize(words, text)) gives. Falls back to exactly that for count features or
   * hashed keys.
   */
  predictText(words: TokenSpans, text: string): FusedPrediction[] {
    this.lastWords = words;
    this.lastText = text;
    this.explained = null;
    if (!this.direct) {
      this.found = -1;
      return this.predictAll(featurize(words, text, this.mask));
    }
    // Characters are read below from a direct table, not hashed.
    const { keys, refs, bounds } = occurrences(words, text, this.mask & ~CHARS);
    const total = bounds[featureKinds.length]! + text.length;
    if (this.foundRows.length < total) {
      this.foundRows = new Int32Array(total * 2);
      this.foundKinds = new Uint8Array(total * 2);
      this.foundRefs = new Int32Array(total * 2);
    }
    let unknownBits = 11;
    while (1 << unknownBits < total * 2) unknownBits++;
    if (this.unknownKeys.length < 1 << unknownBits) {
      this.unknownKeys = new Int32Array(1 << unknownBits);
      this.unknownMarks = new Int32Array(1 << unknownBits);
    } else unknownBits = Math.log2(this.unknownKeys.length);
    if (++this.text === 0x7fffffff) {
      this.seen.fill(0);
      this.unknownMarks.fill(0);
      this.text = 1;
    }
    const mark = this.text;
    const { rows, columns, foundRows, charRows } = this;
    const sums = new Float64Array(columns);
    let distinct = 0;
    this.found = 0;
    for (let g = 0; g < featureKinds.length; g++) {
      if (g === CHAR_GROUP && (this.mask & CHARS) !== 0) {
        // Characters come straight from the text, through the direct table. (Two loops, not one
        // with a branch per feature: V8 does not hoist the branch itself.)
        for (let o = 0; o < text.length; o++) {
          const row = charRows[text.charCodeAt(o)]!;
          if (row >= 0) distinct += this.take(row, g, o, mark);
          else if (row === UNKNOWN) distinct += this.unknown(charKey(text.charCodeAt(o)), mark, unknownBits);
        }
      } else {
        for (let o = bounds[g]!, end = bounds[g + 1]!; o < end; o++) {
          const row = this.rowOf(keys[o]!);
          distinct += row >= 0 ? this.take(row, g, refs[o]!, mark) : this.unknown(keys[o]!, mark, unknownBits);
        }
      }
    }
    const found = this.found;
    // Summed column by column, in a register, over the slots found: a column loop per slot
    // (sums[c] += …) loads and stores the sum for every weight, and ran twice as slow.
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let f = 0; f < found; f++) {
        const at = foundRows[f]! * columns + c;
        s0 += rows[at]!;
        s1 += rows[at + 1]!;
        s2 += rows[at + 2]!;
        s3 += rows[at + 3]!;
      }
      sums[c] = s0;
      sums[c + 1] = s1;
      sums[c + 2] = s2;
      sums[c + 3] = s3;
    }
    for (; c < columns; c++) {
      let sum = 0;
      for (let f = 0; f < found; f++) sum += rows[foundRows[f]! * columns + c]!;
      sums[c] = sum;
    }
    return this.finish(sums, distinct);
  }

  /** Records a known feature of the current text the first time it is seen: 1 then, else 0. */
  private take(row: number, kind: number, ref: number, mark: number): number {
    if (this.seen[row] === mark) return 0;
    this.seen[row] = mark;
    const f = this.found++;
    this.foundRows[f] = row;
    this.foundKinds[f] = kind;
    this.foundRefs[f] = ref;
    return 1;
  }

  /**
   * Marks an unknown feature of the current text: 1 the first time it is seen, else 0. An unknown
   * feature weighs nothing but still counts in the text's length.
   */
  private unknown(key: number, mark: number, bits: number): number {
    const { unknownKeys, unknownMarks } = this;
    const mask = (1 << bits) - 1;
    for (let u = Math.imul(key, 0x9e3779b1) >>> (32 - bits); ; u = (u + 1) & mask) {
      if (unknownMarks[u] !== mark) {
        unknownMarks[u] = mark;
        unknownKeys[u] = key;
        return 1;
      }
      if (unknownKeys[u] === key) return 0;
    }
  }

  /**
   * Model i's strongest features for the text of the last predictText call (which must be `words`
   * and `text`), as predict() on that model alone gives them; null when they cannot come from that
   * call. The first call for a text works out every model's at once, in one pass over the features found.
   */
  explain(i: number, words: TokenSpans, text: string, top = 5): { feature: string; weight: number }[] | null {
    if (this.found < 0 || this.lastWords !== words || this.lastText !== text) return null;
    if (!this.explained || this.explainedTop !== top) {
      this.explained = this.explainAll(words, text, top);
      this.explainedTop = top;
    }
    return this.explained[i]!;
  }

  private explainAll(words: TokenSpans, text: string, top: number): { feature: string; weight: number }[][] {
    const { found, foundRows, columns, rows, models } = this;
    if (this.pulls.length < models.length * found) this.pulls = new Float64Array(models.length * found * 2);
    const pulls = this.pulls;
    for (let i = 0; i < models.length; i++) {
      const model = models[i]!;
      const offset = this.offsets[i]!;
      const best = this.lastBest[i]!;
      const x = model.normalize ? this.x : 1;
      const base = i * found;
      if (model.weights.columns === 1) {
        // Two labels: ±2w, as pullOf gives it, without a call per feature.
        const sign = best === 1 ? 2 : -2;
        for (let f = 0; f < found; f++) pulls[base + f] = sign * rows[foundRows[f]! * columns + offset]! * x;
      } else {
        // pullOf without its loop over the labels: the weights for the others are the row's sum less the winner's.
        const k = model.labels.length;
        const sums = this.rowSums[i]!;
        for (let f = 0; f < found; f++) {
          const row = foundRows[f]!;
          const w = rows[row * columns + offset + best]!;
          pulls[base + f] = (w - (sums[row]! - w) / (k - 1)) * x;
        }
      }
    }
    const { foundKinds, foundRefs, noReason } = this;
    // Features that are no reason to a reader get no pull, which strongestPulls skips like any
    // feature pulling the other way.
    for (let f = 0; f < found; f++) if (noReason[foundKinds[f]!]) for (let i = 0; i < models.length; i++) pulls[i * found + f] = 0;
    return models.map((_, i) =>
      strongestPulls(
        pulls.subarray(i * found, (i + 1) * found),
        found,
        (f) => nameOf(featureKinds[foundKinds[f]!]!, foundRefs[f]!, words, text),
        top,
      ),
    );
  }
}
