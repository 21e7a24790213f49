import { createHash } from 'node:crypto';
import { buildVocabulary, hashColumns, toMatrix, type ColumnMap } from './dataset.ts';
import { textFeatures, type FeatureSpec, type Features } from './features.ts';
import { predict, WeightTable, type LinearModel, type ModelKind } from './linear-model.ts';
import { defaultLogisticOptions, seededRandom, trainLogistic, type LogisticOptions } from './logistic.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { defaultNaiveBayesOptions, trainNaiveBayes, type NaiveBayesOptions } from './naive-bayes.ts';
import { defaultSvmOptions, trainSvm, type SvmOptions } from './svm.ts';

/** One labelled text, as in the JSONL files the CLI reads: `{"text": …, "label": …}`. */
export interface LabelledText {
  text: string;
  label: string;
}

export interface TrainOptions {
  kind: ModelKind;
  features: FeatureSpec;
  naiveBayes: NaiveBayesOptions;
  logistic: LogisticOptions;
  svm: SvmOptions;
  /** Features whose weights (centred over the labels) all stay below this are dropped from the model. */
  prune: number;
  /** See LinearModel.neutralBelow; applies to the sentiment task only. */
  neutralBelow: number | null;
  /** Names the training set in the model (trainingSet.name). */
  name: string;
  /** Stamped as trainedAt (default: the current time). */
  now?: Date;
}

/** Words, single characters and character bigrams, each once per text, vocabulary of keys seen in ≥ 2 texts. */
const WORDS_AND_CHARS: FeatureSpec = { words: true, wordBigrams: false, chars: true, charBigrams: true, charTrigrams: false, negation: false, binary: true, ids: { kind: 'vocabulary', minCount: 2 } };

const base: TrainOptions = {
  kind: 'nb-svm',
  features: WORDS_AND_CHARS,
  naiveBayes: defaultNaiveBayesOptions,
  logistic: { ...defaultLogisticOptions, nbAlpha: 1 },
  svm: defaultSvmOptions,
  prune: 0.05,
  neutralBelow: null,
  name: 'unnamed',
};

/**
 * The chosen configuration per task, from the measurements in linear-model.ts: NB-SVM over words,
 * characters and character bigrams was the best or within noise of the best on every corpus, for
 * sentiment, offensive language (the nearest public proxy for needs-response) and topics alike.
 */
export const taskConfigurations: Record<'needs-response' | 'sentiment' | 'topic', TrainOptions> = {
  sentiment: { ...base, neutralBelow: 0.6 },
  'needs-response': base,
  // Blended with multinomial naive Bayes (α 0.03), the blend fitted on the calibration folds:
  // THUCNews 0.877 → 0.883; on the binary corpora the fitted NB weight is about 0 (linear-model.ts).
  topic: { ...base, svm: { ...base.svm, nbBlend: 0.03 } },
};

/** The configuration for a task, with overrides; tasks other than the three get needs-response's. */
export function configurationFor(task: string, overrides: Partial<TrainOptions> = {}): TrainOptions {
  const base = taskConfigurations[task as keyof typeof taskConfigurations] ?? taskConfigurations['needs-response'];
  return {
    ...base,
    ...overrides,
    naiveBayes: { ...base.naiveBayes, ...overrides.naiveBayes },
    logistic: { ...base.logistic, ...overrides.logistic },
    svm: { ...base.svm, ...overrides.svm },
    neutralBelow: task === 'sentiment' ? (overrides.neutralBelow === undefined ? base.neutralBelow : overrides.neutralBelow) : null,
  };
}

export interface TrainInput {
  task: string;
  records: readonly LabelledText[];
  options?: Partial<TrainOptions>;
}

/** Trains a model on labelled texts; pure and deterministic for the same texts and options (and `now`). */
export function trainModel({ task, records, options }: TrainInput): LinearModel {
  if (!records.length) throw new Error('no training texts');
  const o = configurationFor(task, stripUndefined(options ?? {}));
  const docs = records.map((r) => textFeatures(r.text, o.features));
  return trainOnFeatures(task, docs, records.map((r) => r.label), o, trainingSetOf(records, o.name));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The training set name of models trained from the board's labels. */
export const STAFF_LABELS = 'staff labels';

/** Name, size and a hash of the texts and labels: tells whether two models saw the same data. */
export function trainingSetOf(records: readonly LabelledText[], name: string): LinearModel['trainingSet'] {
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${r.label}\t${r.text}\n`);
  return { name, size: records.length, hash: hash.digest('hex').slice(0, 16) };
}

/** Trains on texts featurized already (with at least the kinds `options.features` uses); for tuning and evaluation. */
export function trainOnFeatures(task: string, docs: readonly Features[], labelNames: readonly string[], o: TrainOptions, trainingSet: LinearModel['trainingSet']): LinearModel {
  if (!docs.length) throw new Error('no training texts');
  const labels = [...new Set(labelNames)].sort();
  if (labels.length < 2) throw new Error(`training needs at least two labels, found ${labels.join(', ') || 'none'}`);
  const index = new Map(labels.map((l, i) => [l, i]));
  const spec = o.features;
  const map: ColumnMap = spec.ids.kind === 'hash' ? hashColumns(spec.ids.bits) : buildVocabulary(docs, spec, spec.ids.minCount);
  const matrix = toMatrix(docs, labelNames.map((l) => index.get(l)!), spec, map);
  const k = labels.length;
  let trained: { bias: Float64Array; weights: Float32Array };
  let hyperparameters: LinearModel['hyperparameters'];
  let normalize = true;
  if (o.kind === 'naive-bayes') {
    trained = trainNaiveBayes(matrix, k, o.naiveBayes);
    hyperparameters = { alpha: o.naiveBayes.alpha, complement: o.naiveBayes.complement };
    normalize = false;
  } else if (o.kind === 'svm' || o.kind === 'nb-svm') {
    const svm = { ...o.svm, nbAlpha: o.kind === 'nb-svm' ? (o.svm.nbAlpha ?? 1) : null };
    const out = trainSvm(matrix, k, svm);
    trained = out;
    normalize = svm.normalize;
    hyperparameters = { C: svm.C, loss: svm.loss, maxPasses: svm.maxPasses, seed: svm.seed, beta: svm.beta, calibrationFolds: svm.calibrationFolds, calibration: out.calibration.map((v) => v.toPrecision(6)).join(' '), ...(svm.nbAlpha !== null ? { nbAlpha: svm.nbAlpha } : {}), ...(svm.nbBlend !== null ? { nbBlend: svm.nbBlend } : {}) };
  } else {
    const logistic = { ...o.logistic, nbAlpha: o.kind === 'nb-logistic' ? (o.logistic.nbAlpha ?? 1) : null };
    trained = trainLogistic(matrix, k, logistic);
    hyperparameters = { epochs: logistic.epochs, rate: logistic.rate, l2: logistic.l2, seed: logistic.seed, average: logistic.average, ...(logistic.nbAlpha !== null ? { nbAlpha: logistic.nbAlpha } : {}) };
  }
  return {
    kind: o.kind,
    task,
    labels,
    spec,
    bias: centred(trained.bias),
    weights: compactWeights(map, trained.weights, k, o.prune),
    normalize,
    neutralBelow: task === 'sentiment' ? o.neutralBelow : null,
    hyperparameters,
    trainedAt: (o.now ?? new Date()).toISOString(),
    trainingSet,
    metrics: {},
  };
}

function centred(bias: Float64Array): Float32Array {
  const mean = bias.reduce((a, b) => a + b, 0) / bias.length;
  return Float32Array.from(bias, (b) => b - mean);
}

/**
 * Dense column weights → the model's weight table. Each feature's weights are centred over the labels
 * (the softmax does not change: every label's score moves by the same amount), which shows the
 * features that do not discriminate — all near 0 — and those are dropped.
 */
function compactWeights(map: ColumnMap, dense: Float32Array, k: number, prune: number): WeightTable {
  const kept: { key: number; row: Float32Array }[] = [];
  for (let f = 0; f < map.columns; f++) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += dense[f * k + c]!;
    mean /= k;
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(dense[f * k + c]! - mean));
    if (max <= prune) continue;
    const row = new Float32Array(k);
    for (let c = 0; c < k; c++) row[c] = dense[f * k + c]! - mean;
    // Two labels: store exact opposites, so serialisation can keep one column and lose nothing.
    if (k === 2) row[0] = -row[1]!;
    kept.push({ key: map.modelKey(f), row });
  }
  kept.sort((a, b) => a.key - b.key);
  const keys = Int32Array.from(kept, (e) => e.key);
  const values = new Float32Array(kept.length * k);
  kept.forEach((e, i) => values.set(e.row, i * k));
  return new WeightTable(keys, values, k);
}

export interface EvaluateOptions {
  /** Neutral threshold for sentiment models; default null: score the trained labels only. */
  neutralBelow?: number | null;
  /** Features computed already (same order as records), to skip segmentation. */
  features?: readonly Features[];
}

/** Predicts every text and compares with its label. */
export function evaluate(model: LinearModel, records: readonly LabelledText[], o: EvaluateOptions = {}): Metrics {
  const predicted = records.map((r, i) => predict(model, o.features?.[i] ?? textFeatures(r.text, model.spec), { top: 0, neutralBelow: o.neutralBelow ?? null }).label);
  return computeMetrics(
    records.map((r) => r.label),
    predicted,
    [...new Set([...model.labels, ...records.map((r) => r.label), ...predicted])],
  );
}

/** A seeded, stratified split: `testShare` of each label's texts (rounded) go to the test set. */
export function splitTrainTest<T extends { label: string }>(records: readonly T[], testShare: number, seed = 42): { train: T[]; test: T[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, T[]>();
  for (const r of records) (byLabel.get(r.label) ?? byLabel.set(r.label, []).get(r.label)!).push(r);
  const train: T[] = [];
  const test: T[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const group = [...byLabel.get(label)!];
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    const cut = Math.round(group.length * testShare);
    test.push(...group.slice(0, cut));
    train.push(...group.slice(cut));
  }
  return { train, test };
}
