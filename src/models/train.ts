import { createHash } from 'node:crypto';
import { normalizeForMatching } from '../text/normalize.ts';
import { segment } from '../text/segment.ts';
import { defaultFeatureSpec, featurize, type FeatureSpec, type Features } from './features.ts';
import { defaultLogisticOptions, predict, trainLogistic, trainNaiveBayes, type LinearModel, type LogisticOptions } from './linear-model.ts';
import { computeMetrics, type Metrics } from './metrics.ts';

/** One labelled text, as in the JSONL files the CLI reads: `{"text": …, "label": …}`. */
export interface LabelledText {
  text: string;
  label: string;
}

/** The features of a raw text: normalised, segmented, hashed. */
export function textFeatures(text: string, spec: FeatureSpec): Features {
  const normalised = normalizeForMatching(text);
  return featurize(segment(normalised), normalised, spec);
}

export interface TrainOptions {
  task: string;
  algorithm: LinearModel['algorithm'];
  spec?: FeatureSpec;
  logistic?: Partial<LogisticOptions>;
  /** Naive Bayes smoothing. */
  alpha?: number;
  name?: string;
  now?: Date;
}

/** Trains a model on labelled texts; deterministic for the same texts and options. */
export function trainModel(records: readonly LabelledText[], o: TrainOptions): LinearModel {
  if (!records.length) throw new Error('no training texts');
  const labels = [...new Set(records.map((r) => r.label))].sort();
  if (labels.length < 2) throw new Error(`training needs at least two labels, found ${labels.join(', ') || 'none'}`);
  const spec = o.spec ?? defaultFeatureSpec;
  const index = new Map(labels.map((l, i) => [l, i]));
  const examples = records.map((r) => ({ features: textFeatures(r.text, spec), label: index.get(r.label)! }));
  const trained =
    o.algorithm === 'naive-bayes'
      ? trainNaiveBayes(examples, labels.length, o.alpha ?? 0.5)
      : trainLogistic(examples, labels.length, spec.bits, { ...defaultLogisticOptions, ...o.logistic });
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${r.label}\t${r.text}\n`);
  return {
    task: o.task,
    algorithm: o.algorithm,
    labels,
    spec,
    ...trained,
    trainedAt: (o.now ?? new Date()).toISOString(),
    trainingSet: { name: o.name ?? 'unnamed', size: records.length, hash: hash.digest('hex').slice(0, 16) },
    metrics: {},
  };
}

/** Predicts every text and compares with its label. */
export function evaluate(model: LinearModel, records: readonly LabelledText[]): Metrics {
  const predicted = records.map((r) => predict(model, textFeatures(r.text, model.spec)).label);
  return computeMetrics(
    records.map((r) => r.label),
    predicted,
    [...new Set([...model.labels, ...records.map((r) => r.label)])],
  );
}

/** A seeded, stratified split: `testShare` of each label's texts go to the test set. */
export function splitTrainTest<T extends { label: string }>(records: readonly T[], testShare: number, seed = 42): { train: T[]; test: T[] } {
  let s = seed >>> 0 || 1;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
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
