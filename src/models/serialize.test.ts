import { describe, expect, it } from 'vitest';
import { textFeatures } from './features.ts';
import { predict } from './linear-model.ts';
import { seededRandom } from './logistic.ts';
import { deserializeModel, serializeModel } from './serialize.ts';
import { configurationFor, trainModel, type LabelledText } from './train.ts';

const random = seededRandom(11);
const words: Record<string, string[]> = { a: ['投诉', '恶劣', '不满'], b: ['举办', '宣传', '培训'], c: ['比赛', '球队', '冠军'] };
const records = (labels: string[]): LabelledText[] =>
  Array.from({ length: 90 }, (_, i) => {
    const label = labels[i % labels.length]!;
    const own = words[label]!;
    return { text: `${own[Math.floor(random() * 3)]}群众${own[Math.floor(random() * 3)]}工作${i % 7}`, label };
  });
const probes = ['群众投诉工作人员态度恶劣', '举办普法宣传培训', '球队比赛', '完全无关的句子', ''];
const now = new Date('2026-11-28T00:00:00Z');

describe('serializeModel / deserializeModel', () => {
  it.each([
    ['two labels, vocabulary', ['a', 'b'], undefined],
    ['three labels, vocabulary', ['a', 'b', 'c'], undefined],
    ['two labels, hashing', ['a', 'b'], { kind: 'hash' as const, bits: 16 }],
    ['three labels, hashing', ['a', 'b', 'c'], { kind: 'hash' as const, bits: 16 }],
  ])('round-trips through JSON with identical predictions (%s)', (_, labels, ids) => {
    const features = ids ? { ...configurationFor('topic').features, ids } : undefined;
    for (const kind of ['naive-bayes', 'nb-svm'] as const) {
      const model = trainModel({ task: 'topic', records: records(labels), options: { kind, now, ...(features ? { features } : {}) } });
      model.metrics = { accuracy: 0.9 };
      const json = JSON.stringify(serializeModel(model));
      const copy = deserializeModel(JSON.parse(json));
      expect(serializeModel(copy)).toEqual(serializeModel(model));
      for (const text of probes) {
        const f = textFeatures(text, model.spec);
        expect(predict(copy, f)).toEqual(predict(model, f));
      }
      expect(copy.metrics).toEqual({ accuracy: 0.9 });
    }
  });

  it('has the documented shape, with one weight column for two labels', () => {
    const model = trainModel({ task: 'sentiment', records: records(['a', 'b']).map((r) => ({ ...r, label: r.label === 'a' ? 'negative' : 'positive' })), options: { now, name: 'tiny' } });
    const s = serializeModel(model);
    expect(Object.keys(s).sort()).toEqual(['featureSpec', 'kind', 'labels', 'metrics', 'params', 'task', 'trainedAt', 'trainingSet', 'version']);
    expect(s).toMatchObject({ kind: 'nb-svm', version: 1, task: 'sentiment', labels: ['negative', 'positive'], trainedAt: now.toISOString(), trainingSet: { name: 'tiny', size: 90 } });
    expect(s.params.neutralBelow).toBe(0.6);
    expect(Buffer.from(s.params.weights, 'base64').byteLength).toBe(model.weights.size * 4);
    expect(Buffer.from(s.params.keys, 'base64').byteLength).toBe(model.weights.size * 4);
  });

  it('refuses a damaged or foreign model', () => {
    const s = serializeModel(trainModel({ task: 'topic', records: records(['a', 'b', 'c']), options: { now } }));
    expect(() => deserializeModel({ ...s, kind: 'other' })).toThrow();
    expect(() => deserializeModel({ ...s, version: 2 })).toThrow();
    expect(() => deserializeModel({ ...s, params: { ...s.params, weights: 'AAAA' } })).toThrow(/weights/);
    expect(() => deserializeModel({ ...s, params: { ...s.params, weights: 'AAA' } })).toThrow(/truncated/);
    expect(() => deserializeModel({ ...s, params: { ...s.params, bias: [0] } })).toThrow(/bias/);
    expect(() => deserializeModel({ ...s, params: { ...s.params, keys: '!!!' } })).toThrow();
    expect(() => deserializeModel({ ...s, featureSpec: { ...s.featureSpec, ids: { kind: 'hash', bits: 40 } } })).toThrow();
    const keys = new Int32Array(Uint8Array.from(Buffer.from(s.params.keys, 'base64')).buffer).reverse();
    expect(() => deserializeModel({ ...s, params: { ...s.params, keys: Buffer.from(keys.buffer).toString('base64') } })).toThrow(/ascending/);
    expect(() => deserializeModel(null)).toThrow();
  });
});
