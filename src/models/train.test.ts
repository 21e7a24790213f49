import { describe, expect, it } from 'vitest';
import { textFeatures } from './features.ts';
import { predict, type ModelKind } from './linear-model.ts';
import { seededRandom } from './logistic.ts';
import { fitBlend } from './svm.ts';
import { serializeModel } from './serialize.ts';
import { configurationFor, evaluate, splitTrainTest, trainModel, type LabelledText } from './train.ts';

/**
 * Synthetic texts with an obvious signal: each label has its own words, every text also has shared
 * filler words, and word order is shuffled by a seeded generator.
 */
const signal: Record<string, string[]> = {
  需回应: ['投诉', '恶劣', '乱收费', '刁难', '不满', '退款', '脱管', '质疑'],
  无需回应: ['举办', '宣传', '培训', '志愿', '服务', '会议', '开展', '推出'],
  体育: ['比赛', '球队', '冠军', '进球'],
};
const filler = ['司法所', '律师', '公证处', '监狱', '社区', '群众', '工作', '今天', '我们', '表示'];

function synthetic(labels: string[], count: number, seed: number): LabelledText[] {
  const random = seededRandom(seed);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const label = labels[i % labels.length]!;
    const words = [pick(signal[label]!), pick(signal[label]!), pick(filler), pick(filler), pick(filler)];
    words.sort(() => random() - 0.5);
    return { text: words.join(''), label };
  });
}

const binary = synthetic(['需回应', '无需回应'], 120, 1);
const binaryTest = synthetic(['需回应', '无需回应'], 40, 2);
const now = new Date('2026-11-28T00:00:00Z');
const kinds: ModelKind[] = ['naive-bayes', 'logistic', 'nb-logistic', 'svm', 'nb-svm'];

describe('trainModel', () => {
  it.each(kinds)('%s learns an obvious signal and explains itself', (kind) => {
    const model = trainModel({ task: 'needs-response', records: binary, options: { kind, now } });
    expect(model.labels).toEqual(['无需回应', '需回应']);
    expect(evaluate(model, binaryTest).accuracy).toBe(1);
    const out = predict(model, textFeatures('有群众投诉司法所态度恶劣', model.spec));
    expect(out.label).toBe('需回应');
    expect(out.score).toBeGreaterThan(0.5);
    expect(out.probability).toBe(out.score);
    expect(out.probabilities['需回应']! + out.probabilities['无需回应']!).toBeCloseTo(1);
    expect(out.topFeatures.length).toBeGreaterThan(0);
    expect(out.topFeatures.map((f) => f.feature).join(' ')).toMatch(/投诉|恶劣/);
    expect(out.topFeatures.map((f) => f.weight)).toEqual([...out.topFeatures.map((f) => f.weight)].sort((a, b) => b - a));
    expect(predict(model, textFeatures('司法局举办普法宣传活动', model.spec)).label).toBe('无需回应');
  });

  it.each(kinds)('%s learns three labels', (kind) => {
    const records = synthetic(['需回应', '无需回应', '体育'], 150, 3);
    const model = trainModel({ task: 'topic', records, options: { kind, now } });
    expect(model.labels).toEqual(['体育', '无需回应', '需回应']);
    expect(evaluate(model, synthetic(['需回应', '无需回应', '体育'], 30, 4)).accuracy).toBe(1);
    const out = predict(model, textFeatures('球队比赛夺得冠军', model.spec));
    expect(out.label).toBe('体育');
    expect(Object.values(out.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('offers words and character pairs as reasons, not single characters, unless the model reads nothing else', () => {
    const records = synthetic(['需回应', '无需回应'], 120, 7).map((r) => ({ ...r, text: r.label === '需回应' ? `${r.text}！！` : r.text }));
    const model = trainModel({ task: 'needs-response', records, options: { now } });
    const text = '有群众投诉司法所态度恶劣！！';
    const reasons = predict(model, textFeatures(text, model.spec), { top: 5 }).topFeatures.map((f) => f.feature);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons).not.toContain('!');
    expect(reasons.some((r) => r.length >= 2)).toBe(true);
    const charsOnly = { ...model.spec, words: false, charBigrams: false };
    const byChars = trainModel({ task: 'needs-response', records, options: { now, features: charsOnly } });
    const charReasons = predict(byChars, textFeatures(text, charsOnly), { top: 5 }).topFeatures.map((f) => f.feature);
    expect(charReasons.length).toBeGreaterThan(0);
    expect(charReasons.every((r) => r.length === 1)).toBe(true);
  });

  it('blends naive Bayes into the topic model, with two labels or more', () => {
    for (const labels of [['需回应', '无需回应', '体育'], ['需回应', '体育']]) {
      const model = trainModel({ task: 'topic', records: synthetic(labels, 150, 5), options: { now } });
      expect(model.hyperparameters).toMatchObject({ nbBlend: 0.03 });
      // A, G and one bias per label were fitted.
      expect(String(model.hyperparameters['calibration']).split(' ')).toHaveLength(2 + labels.length);
      expect(evaluate(model, synthetic(labels, 30, 6)).accuracy).toBe(1);
    }
    expect(trainModel({ task: 'needs-response', records: binary, options: { now } }).hyperparameters['nbBlend']).toBeUndefined();
  });

  it('is deterministic: the same texts and options give the same model', () => {
    for (const kind of kinds) {
      const a = trainModel({ task: 'needs-response', records: binary, options: { kind, now } });
      const b = trainModel({ task: 'needs-response', records: binary, options: { kind, now } });
      expect(serializeModel(a)).toEqual(serializeModel(b));
    }
    const model = trainModel({ task: 'needs-response', records: binary, options: { now, name: 'synthetic' } });
    expect(model.trainingSet).toEqual({ name: 'synthetic', size: 120, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(model.trainedAt).toBe('2026-11-28T00:00:00.000Z');
  });

  it('works with feature hashing as with a vocabulary', () => {
    const features = { ...configurationFor('needs-response').features, ids: { kind: 'hash' as const, bits: 16 } };
    const model = trainModel({ task: 'needs-response', records: binary, options: { features, now } });
    expect(evaluate(model, binaryTest).accuracy).toBe(1);
    expect(model.weights.size).toBeGreaterThan(10);
  });

  it('calls an unsure sentiment verdict neutral, below the configured threshold', () => {
    const records = binary.map((r) => ({ text: r.text, label: r.label === '需回应' ? 'negative' : 'positive' }));
    const model = trainModel({ task: 'sentiment', records, options: { now } });
    expect(model.neutralBelow).toBe(0.6);
    // Filler words only: no signal either way.
    const unsure = textFeatures('今天我们表示', model.spec);
    const out = predict(model, unsure);
    expect(out.score).toBeLessThan(0.6);
    expect(out.label).toBe('neutral');
    expect(['negative', 'positive']).toContain(predict(model, unsure, { neutralBelow: null }).label);
    expect(predict(model, textFeatures('投诉乱收费，要求退款', model.spec)).label).toBe('negative');
    // Other tasks never say neutral.
    expect(trainModel({ task: 'needs-response', records, options: { now } }).neutralBelow).toBeNull();
  });

  it('refuses what it cannot learn from', () => {
    expect(() => trainModel({ task: 't', records: [] })).toThrow(/no training texts/);
    expect(() => trainModel({ task: 't', records: [{ text: '一', label: 'x' }] })).toThrow(/two labels/);
  });
});

describe('splitTrainTest', () => {
  it('splits each label in proportion, the same way for the same seed', () => {
    const records = synthetic(['需回应', '无需回应'], 60, 5).map((r, i) => ({ ...r, text: `${r.text}${i}` }));
    const { train, test } = splitTrainTest(records, 0.2, 7);
    expect(test).toHaveLength(12);
    expect(test.filter((r) => r.label === '需回应')).toHaveLength(6);
    expect(new Set([...train, ...test].map((r) => r.text)).size).toBe(60);
    expect(train.filter((r) => test.includes(r))).toEqual([]);
    expect(splitTrainTest(records, 0.2, 7).test).toEqual(test);
    expect(splitTrainTest(records, 0.2, 8).test).not.toEqual(test);
  });
});

describe('fitBlend', () => {
  // Held-out scores of 2,000 texts over three labels: s decides the label, t is noise (or the reverse).
  const random = seededRandom(9);
  const k = 3;
  const n = 2000;
  const labels = Int32Array.from({ length: n }, (_, r) => r % k);
  const signal = Float64Array.from({ length: n * k }, (_, i) => (labels[Math.floor(i / k)] === i % k ? 2 : 0) + random() - 0.5);
  const noise = Float64Array.from({ length: n * k }, () => random() * 4 - 2);

  it('weighs the scores that predict the labels and not the others', () => {
    const bySignal = fitBlend(signal, noise, labels, k);
    expect(bySignal.a).toBeGreaterThan(1);
    expect(Math.abs(bySignal.g)).toBeLessThan(bySignal.a / 10);
    const byNb = fitBlend(noise, signal, labels, k);
    expect(byNb.g).toBeGreaterThan(1);
    expect(Math.abs(byNb.a)).toBeLessThan(byNb.g / 10);
  });
});
