import { featureKinds, kindMask, type FeatureSpec, type Features } from './features.ts';

/**
 * Training texts as a sparse matrix: one row per text, one column per feature the model can weigh.
 * Columns come from a vocabulary (keys seen in ≥ minCount training texts) or from hashing (the low
 * bits of the key); `modelKey` turns a column back into the key the weight table stores.
 */

export interface Matrix {
  rows: number;
  columns: number;
  /** Row r's entries are cols/values[offsets[r]] … [offsets[r + 1] - 1]. */
  offsets: Int32Array;
  cols: Int32Array;
  values: Float32Array;
  /** 1 / the length of row r's full feature vector (unknown features included), as `predict` computes it. */
  norms: Float32Array;
  labels: Int32Array;
}

export interface ColumnMap {
  columns: number;
  /** The column of a feature key, or -1 when the model has none for it. */
  column(key: number): number;
  /** The key stored in the model's weight table for a column. */
  modelKey(column: number): number;
}

/** Feature hashing: the low `bits` bits of a key are its column. */
export function hashColumns(bits: number): ColumnMap {
  const mask = (1 << bits) - 1;
  return { columns: 1 << bits, column: (key) => key & mask, modelKey: (column) => column + 1 };
}

/** A vocabulary of the keys (of the spec's kinds) found in at least `minCount` of the texts, in order of first appearance. */
export function buildVocabulary(docs: readonly Features[], spec: FeatureSpec, minCount: number): ColumnMap {
  const mask = kindMask(spec);
  const df = new Map<number, number>();
  for (const doc of docs) forEachFeature(doc, mask, (i) => df.set(doc.keys[i]!, (df.get(doc.keys[i]!) ?? 0) + 1));
  const keys: number[] = [];
  const columns = new Map<number, number>();
  for (const [key, n] of df) {
    if (n >= minCount) {
      columns.set(key, keys.length);
      keys.push(key);
    }
  }
  return { columns: keys.length, column: (key) => columns.get(key) ?? -1, modelKey: (column) => keys[column]! };
}

/** Calls `visit(index)` for each feature of the kinds in `mask`. */
export function forEachFeature(doc: Features, mask: number, visit: (index: number) => void): void {
  for (let g = 0; g < featureKinds.length; g++) {
    if (!(mask & (1 << g))) continue;
    for (let i = doc.start[g]!; i < doc.start[g + 1]!; i++) visit(i);
  }
}

/** The training matrix of featurized texts under a spec and column map. */
export function toMatrix(docs: readonly Features[], labels: readonly number[], spec: FeatureSpec, map: ColumnMap): Matrix {
  const mask = kindMask(spec);
  const offsets = new Int32Array(docs.length + 1);
  let total = 0;
  for (const doc of docs) forEachFeature(doc, mask, () => total++);
  const cols = new Int32Array(total);
  const values = new Float32Array(total);
  const norms = new Float32Array(docs.length);
  let at = 0;
  docs.forEach((doc, r) => {
    if ((doc.kinds & mask) !== mask) throw new Error('features lack kinds the spec uses');
    let sumSquares = 0;
    forEachFeature(doc, mask, (i) => {
      const v = spec.binary ? 1 : doc.counts[i]!;
      sumSquares += v * v;
      const column = map.column(doc.keys[i]!);
      if (column < 0) return;
      cols[at] = column;
      values[at] = v;
      at++;
    });
    norms[r] = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
    offsets[r + 1] = at;
  });
  return { rows: docs.length, columns: map.columns, offsets, cols: cols.slice(0, at), values: values.slice(0, at), norms, labels: Int32Array.from(labels) };
}

/** The given rows of a matrix as a matrix of their own (same columns). */
export function selectRows(m: Matrix, rows: Int32Array): Matrix {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + m.offsets[r + 1]! - m.offsets[r]!));
  const cols = new Int32Array(offsets[rows.length]!);
  const values = new Float32Array(offsets[rows.length]!);
  rows.forEach((r, i) => {
    cols.set(m.cols.subarray(m.offsets[r]!, m.offsets[r + 1]!), offsets[i]!);
    values.set(m.values.subarray(m.offsets[r]!, m.offsets[r + 1]!), offsets[i]!);
  });
  return { rows: rows.length, columns: m.columns, offsets, cols, values, norms: Float32Array.from(rows, (r) => m.norms[r]!), labels: Int32Array.from(rows, (r) => m.labels[r]!) };
}
