/**
 * Classification metrics from actual and predicted labels. Pure. Precision of a label never
 * predicted, and recall of a label with no texts, count as 0 (as scikit-learn's zero_division=0).
 */
export interface Metrics {
  /** Share of texts predicted right. */
  accuracy: number;
  /** Unweighted mean of the labels' F1. */
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[actual][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  count: number;
}

/** Accuracy, macro-F1, per-label precision/recall/F1 and the confusion matrix over `labels` (plus any other label seen). */
export function computeMetrics(actual: readonly string[], predicted: readonly string[], labels: readonly string[] = []): Metrics {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const all = [...new Set([...labels, ...actual, ...predicted])];
  const confusion: Metrics['confusion'] = {};
  for (const a of all) confusion[a] = Object.fromEntries(all.map((p) => [p, 0]));
  let correct = 0;
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    confusion[a]![p]!++;
    if (a === p) correct++;
  });
  const perLabel: Metrics['perLabel'] = {};
  for (const label of all) {
    const tp = confusion[label]![label]!;
    const support = Object.values(confusion[label]!).reduce((n, v) => n + v, 0);
    const predictedAs = all.reduce((n, a) => n + confusion[a]![label]!, 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    perLabel[label] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  }
  const macroF1 = all.length ? all.reduce((n, l) => n + perLabel[l]!.f1, 0) / all.length : 0;
  return { accuracy: actual.length ? correct / actual.length : 0, macroF1, perLabel, confusion, count: actual.length };
}
