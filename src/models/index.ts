/** Trained text classifiers: features, linear models (naive Bayes, logistic regression), training, metrics, corpora. */
import type { StoredModel, TextModel } from '../classification/index.ts';
import { featurize, type Features } from './features.ts';
import { deserializeModel, predict, serializeModel } from './linear-model.ts';
import { evaluate, splitTrainTest, trainModel, type LabelledText } from './train.ts';

export { featurize, defaultFeatureSpec, type FeatureSpec, type Features } from './features.ts';
export { predict, serializeModel, deserializeModel, trainNaiveBayes, trainLogistic, type LinearModel, type Prediction, type SerializedModel } from './linear-model.ts';
export { trainModel, evaluate, splitTrainTest, textFeatures, type LabelledText, type TrainOptions } from './train.ts';
export { computeMetrics, type Metrics } from './metrics.ts';
export { corpora, readLabelledJsonl, type Corpus } from './corpora.ts';

/** The features of the text last predicted, for the next model with the same spec. */
let shared: { text: string | null; tokens: readonly string[] | null; spec: string; features: Features | null } = { text: null, tokens: null, spec: '', features: null };

/** Turns a stored model version into what the classifier calls (used as the service's ModelLoader). */
export function toTextModel(stored: StoredModel): TextModel {
  const model = deserializeModel(stored.model);
  const task = stored.task as TextModel['task'];
  const specKey = JSON.stringify(model.spec);
  return {
    task,
    version: stored.version,
    predict(tokens, text) {
      // The models of one classifier usually share a feature spec: featurize each text once.
      if (shared.text !== text || shared.tokens !== tokens || shared.spec !== specKey) {
        shared = { text, tokens, spec: specKey, features: featurize(tokens, text, model.spec) };
      }
      const out = predict(model, shared.features!);
      return { label: out.label, probability: out.probability, topFeatures: out.topFeatures };
    },
  };
}

/**
 * Trains a logistic-regression model for the service (staff labels → new model version): metrics
 * from a 20% hold-out when there are enough texts, then the model kept is trained on all of them.
 */
export function trainForService(task: string, records: LabelledText[], now = new Date()) {
  let metrics: Record<string, unknown> = { holdout: null };
  if (records.length >= 50) {
    const { train, test } = splitTrainTest(records, 0.2, 42);
    const m = evaluate(trainModel(train, { task, algorithm: 'logistic', now }), test);
    metrics = { holdout: test.length, accuracy: m.accuracy, macroF1: m.macroF1, perLabel: m.perLabel };
  }
  const model = trainModel(records, { task, algorithm: 'logistic', name: 'staff labels', now });
  model.metrics = metrics;
  return { model: serializeModel(model), trainingSet: model.trainingSet, metrics };
}
