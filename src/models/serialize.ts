import { z } from 'zod';
import { WeightTable, type LinearModel } from './linear-model.ts';

/**
 * A model as JSON, for a database row (models.model) or a file: the weights as base64 of Float32
 * and the feature keys as base64 of Int32, only the features that survived pruning, and for two
 * labels one column (the other is its negation: weights are centred). Validated with zod on load,
 * so a damaged or foreign row fails loudly instead of classifying nonsense.
 */

const idsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vocabulary'), minCount: z.number().int().min(1) }),
  z.object({ kind: z.literal('hash'), bits: z.number().int().min(8).max(24) }),
]);

const featureSpecSchema = z.object({
  words: z.boolean(),
  wordBigrams: z.boolean(),
  chars: z.boolean(),
  charBigrams: z.boolean(),
  charTrigrams: z.boolean(),
  negation: z.boolean(),
  binary: z.boolean(),
  ids: idsSchema,
});

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const serializedModelSchema = z.object({
  kind: z.enum(['naive-bayes', 'logistic', 'nb-logistic', 'svm', 'nb-svm']),
  version: z.literal(1),
  task: z.string().min(1),
  labels: z.array(z.string().min(1)).min(2),
  featureSpec: featureSpecSchema,
  params: z.object({
    bias: z.array(z.number()),
    /** Int32 feature keys, ascending. */
    keys: base64,
    /** Float32 weights, keys × labels (two labels: keys × 1, the second label's). */
    weights: base64,
    normalize: z.boolean(),
    neutralBelow: z.number().min(0).max(1).nullable(),
    hyperparameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  }),
  trainedAt: z.string().min(1),
  trainingSet: z.object({ name: z.string(), size: z.number().int().nonnegative(), hash: z.string() }),
  metrics: z.record(z.string(), z.unknown()),
});
export type SerializedModel = z.infer<typeof serializedModelSchema>;

const toBase64 = (a: Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromBase64<T extends Int32Array | Float32Array>(text: string, make: (b: ArrayBuffer) => T, what: string): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4) throw new Error(`model: ${what} are truncated`);
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** The model as a JSON-safe object. */
export function serializeModel(m: LinearModel): SerializedModel {
  const k = m.labels.length;
  const table = m.weights;
  let weights = table.values;
  if (k === 2) {
    weights = new Float32Array(table.size);
    for (let i = 0; i < table.size; i++) weights[i] = table.values[i * 2 + 1]!;
  }
  return {
    kind: m.kind,
    version: 1,
    task: m.task,
    labels: [...m.labels],
    featureSpec: structuredClone(m.spec),
    params: {
      bias: Array.from(m.bias),
      keys: toBase64(table.keys),
      weights: toBase64(weights),
      normalize: m.normalize,
      neutralBelow: m.neutralBelow,
      hyperparameters: { ...m.hyperparameters },
    },
    trainedAt: m.trainedAt,
    trainingSet: { ...m.trainingSet },
    metrics: m.metrics,
  };
}

/** A model from its JSON form; throws on anything that does not validate. */
export function deserializeModel(data: unknown): LinearModel {
  const s = serializedModelSchema.parse(data);
  const k = s.labels.length;
  if (new Set(s.labels).size !== k) throw new Error('model: duplicate labels');
  if (s.params.bias.length !== k) throw new Error('model: bias does not match the labels');
  const keys = fromBase64(s.params.keys, (b) => new Int32Array(b), 'feature keys');
  const stored = fromBase64(s.params.weights, (b) => new Float32Array(b), 'weights');
  const columns = k === 2 ? 1 : k;
  if (stored.length !== keys.length * columns) throw new Error('model: weights do not match the feature keys');
  for (let i = 1; i < keys.length; i++) if (keys[i]! <= keys[i - 1]!) throw new Error('model: feature keys are not ascending');
  let values = stored;
  if (k === 2) {
    values = new Float32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      values[i * 2] = -stored[i]!;
      values[i * 2 + 1] = stored[i]!;
    }
  }
  for (const v of values) if (!Number.isFinite(v)) throw new Error('model: weights are not finite');
  return {
    kind: s.kind,
    task: s.task,
    labels: s.labels,
    spec: s.featureSpec,
    bias: Float32Array.from(s.params.bias),
    weights: new WeightTable(keys, values, k),
    normalize: s.params.normalize,
    neutralBelow: s.params.neutralBelow,
    hyperparameters: s.params.hyperparameters,
    trainedAt: s.trainedAt,
    trainingSet: s.trainingSet,
    metrics: s.metrics,
  };
}
