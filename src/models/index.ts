/**
 * Trained text classifiers (needs-response, sentiment, topic): features, linear models (naive Bayes,
 * logistic regression, SVM and their NB-scaled forms), training, serialisation, metrics, and the
 * shared corpora they are measured on. Results and the choice per task: linear-model.ts.
 */
import type { StoredModel, TextModel } from '../classification/index.ts';
import { featurize, kindMask, type Features } from './features.ts';
import { predict } from './linear-model.ts';
import { deserializeModel, serializeModel } from './serialize.ts';
import { configurationFor, evaluate, splitTrainTest, trainModel, type LabelledText } from './train.ts';

export { featurize, featureName, featureKinds, kindMask, textFeatures, ALL_KINDS, type FeatureSpec, type FeatureKind, type Features } from './features.ts';
export { predict, WeightTable, type LinearModel, type ModelKind, type Prediction, type PredictOptions } from './linear-model.ts';
export { serializeModel, deserializeModel, serializedModelSchema, type SerializedModel } from './serialize.ts';
export { trainModel, trainOnFeatures, evaluate, splitTrainTest, configurationFor, taskConfigurations, trainingSetOf, type LabelledText, type TrainOptions, type TrainInput } from './train.ts';
export { computeMetrics, type Metrics } from './metrics.ts';
export { corpora, readLabelledJsonl, toJsonl, type Corpus, type CorpusName, type CorpusRecord } from './corpora.ts';

/**
 * The features of the text the classifier is on. The classifier calls each model with the same
 * tokens and text, so the first model featurizes and the others reuse the result (extending it
 * when a model needs a kind the first did not compute).
 */
let last: Features | null = null;

function featuresFor(tokens: readonly string[], text: string, kinds: number): Features {
  if (last && last.tokens === tokens && last.text === text) {
    if ((last.kinds & kinds) === kinds) return last;
    kinds |= last.kinds;
  }
  // The arrays of the previous text's features are reused: the classifier is done with them.
  last = featurize(tokens, text, kinds, last ?? undefined);
  return last;
}

/** Turns a stored model version into what the classifier calls (the service's ModelLoader). */
export function toTextModel(stored: StoredModel): TextModel {
  const model = deserializeModel(stored.model);
  const kinds = kindMask(model.spec);
  return {
    task: stored.task as TextModel['task'],
    version: stored.version,
    predict(tokens, text, explain = true) {
      const out = predict(model, featuresFor(tokens, text, kinds), { top: explain ? 5 : 0 });
      return { label: out.label, probability: out.score, topFeatures: out.topFeatures };
    },
  };
}

/**
 * Trains a model for the service from staff labels: metrics from a 20% hold-out when there are at
 * least 50 texts, then the model kept is trained on all of them with the task's configuration.
 */
export function trainForService(task: string, records: LabelledText[], now = new Date()) {
  let metrics: Record<string, unknown> = { holdout: null };
  const options = { ...configurationFor(task), name: 'staff labels', now };
  if (records.length >= 50) {
    const { train, test } = splitTrainTest(records, 0.2, 42);
    const m = evaluate(trainModel({ task, records: train, options }), test);
    metrics = { holdout: test.length, accuracy: m.accuracy, macroF1: m.macroF1, perLabel: m.perLabel };
  }
  const model = trainModel({ task, records, options });
  model.metrics = metrics;
  return { model: serializeModel(model), trainingSet: model.trainingSet, metrics };
}
