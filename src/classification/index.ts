/** Classification: rules and topics, the classifier, the warning decision, labels and model versions. */
export { ClassificationService, toClassificationView, toLabelView, toTopicWarningView, type ClassificationView, type TopicWarningView, type BacktestResult, type ModelLoader, type ModelTrainer, type ModelTask, type TrainOutcome, modelTasks, MIN_LABELS } from './classification.service.ts';
export { classificationRoutes } from './classification.routes.ts';
export { ClassificationStore } from './classification.store.ts';
export { ModelsStore, type StoredModel, type ModelSummary } from './models.store.ts';
export { RulesStore, type Rule, type Topic } from './rules.store.ts';
export { Classifier, type TextModel } from './classifier.ts';
export { decide, levels, levelLabels, defaultDecisionSettings, type Level, type DecisionSettings } from './decision.ts';
export type { Classification, ClassifyInput, Explanation, Label, LabelView, Sentiment } from './classification.ts';
