/**
 * Trained text classifiers (needs-response, sentiment, topic): features, linear models (naive Bayes,
 * logistic regression, SVM and their NB-scaled forms), training, serialisation, metrics, and the
 * shared corpora they are measured on. Results and the choice per task: linear-model.ts.
 */
import type { StoredModel, TextModel } from '../classification/index.ts';
import type { TokenSpans } from '../text/segment.ts';
import { featurize, kindMask, type Features } from './features.ts';
import { FusedModels } from './fused.ts';
import { predict } from './linear-model.ts';
import { deserializeModel, serializeModel } from './serialize.ts';
import { configurationFor, evaluate, splitTrainTest, STAFF_LABELS, trainModel, type LabelledText } from './train.ts';

export { featurize, spansOf, featureName, featureKinds, kindMask, textFeatures, ALL_KINDS, type FeatureSpec, type FeatureKind, type Features } from './features.ts';
export { FusedModels } from './fused.ts';
export { predict, WeightTable, type LinearModel, type ModelKind, type Prediction, type PredictOptions } from './linear-model.ts';
export { serializeModel, deserializeModel, serializedModelSchema, type SerializedModel } from './serialize.ts';
export { trainModel, trainOnFeatures, evaluate, splitTrainTest, configurationFor, taskConfigurations, trainingSetOf, type LabelledText, type TrainOptions, type TrainInput } from './train.ts';
export { computeMetrics, type Metrics } from './metrics.ts';
export { corpora, toJsonl, type Corpus, type CorpusName, type CorpusRecord } from './corpora.ts';

/**
 * The features of the text the classifier is on. The classifier calls each model with the same
 * words and text, so the first model featurizes and the others reuse the result (extending it
 * when a model needs a kind the first did not compute).
 */
let last: { words: TokenSpans; features: Features } | null = null;

function featuresFor(words: TokenSpans, text: string, kinds: number): Features {
  // The same text cuts into the same words, so the text alone says whether they are the last ones.
  if (last && last.words === words && last.features.text === text) {
    if ((last.features.kinds & kinds) === kinds) return last.features;
    kinds |= last.features.kinds;
  }
  // The arrays of the previous text's features are reused: the classifier is done with them.
  last = { words, features: featurize(words, text, kinds, last?.features) };
  return last.features;
}

/**
 * Turns the active stored models into what the classifier calls (the service's ModelLoader). Models
 * that read the same features are predicted together, one table lookup per feature (FusedModels):
 * the first model asked about a text answers for all, the others take their share. Explanations
 * come from each model on its own.
 */
export function toTextModels(stored: readonly StoredModel[]): TextModel[] {
  const models = stored.map((s) => deserializeModel(s.model));
  const fused = FusedModels.fuse(models);
  const kinds = models.reduce((mask, model) => mask | kindMask(model.spec), 0);
  let answered: { words: TokenSpans; text: string; results: ReturnType<FusedModels['predictText']> } | null = null;
  return stored.map((s, i) => {
    const model = models[i]!;
    return {
      task: s.task as TextModel['task'],
      version: s.version,
      predict(words, text, explain = true) {
        if (fused) {
          if (!answered || answered.words !== words || answered.text !== text) answered = { words, text, results: fused.predictText(words, text) };
          const out = answered.results[i]!;
          // The features found by the fused pass explain the prediction without a second pass.
          const topFeatures = explain ? fused.explain(i, words, text) : [];
          if (topFeatures) return { label: out.label, probability: out.score, topFeatures };
        }
        const out = predict(model, featuresFor(words, text, kinds), { top: explain ? 5 : 0 });
        return { label: out.label, probability: out.score, topFeatures: out.topFeatures };
      },
    };
  });
}

/** One stored model version as the classifier calls it. */
export function toTextModel(stored: StoredModel): TextModel {
  return toTextModels([stored])[0]!;
}

/**
 * Trains a model for the service from staff labels (or another set, named `name`): metrics from a
 * 20% hold-out when there are at least 50 texts, then the model kept is trained on all of them
 * with the task's configuration.
 */
export function trainForService(task: string, records: LabelledText[], now = new Date(), name = STAFF_LABELS) {
  let metrics: Record<string, unknown> = { holdout: null };
  const options = { ...configurationFor(task), name, now };
  if (records.length >= 50) {
    const { train, test } = splitTrainTest(records, 0.2, 42);
    const m = evaluate(trainModel({ task, records: train, options }), test);
    metrics = { holdout: test.length, accuracy: m.accuracy, macroF1: m.macroF1, perLabel: m.perLabel };
  }
  const model = trainModel({ task, records, options });
  model.metrics = metrics;
  return { model: serializeModel(model), trainingSet: model.trainingSet, metrics };
}

export { modelTrainer, trainOffThread } from './train-off-thread.ts';
