/** Classification metrics. Pure. */
export interface Metrics {
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[actual][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  count: number;
}

export function computeMetrics(actual: readonly string[], predicted: readonly string[], labels: readonly string[]): Metrics {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const confusion: Metrics['confusion'] = {};
  for (const a of labels) confusion[a] = Object.fromEntries(labels.map((p) => [p, 0]));
  let correct = 0;
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    (confusion[a] ??= {})[p] = (confusion[a]![p] ?? 0) + 1;
    if (a === p) correct++;
  });
  const perLabel: Metrics['perLabel'] = {};
  for (const label of labels) {
    const tp = confusion[label]?.[label] ?? 0;
    const support = Object.values(confusion[label] ?? {}).reduce((n, v) => n + v, 0);
    const predictedAs = Object.values(confusion).reduce((n, row) => n + (row[label] ?? 0), 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    perLabel[label] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  }
  const macroF1 = labels.length ? labels.reduce((n, l) => n + perLabel[l]!.f1, 0) / labels.length : 0;
  return { accuracy: actual.length ? correct / actual.length : 0, macroF1, perLabel, confusion, count: actual.length };
}
