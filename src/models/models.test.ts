import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpora } from './corpora.ts';
import { defaultFeatureSpec, featurize } from './features.ts';
import { deserializeModel, predict, serializeModel } from './linear-model.ts';
import { computeMetrics } from './metrics.ts';
import { evaluate, splitTrainTest, textFeatures, trainModel, type LabelledText } from './train.ts';

describe('computeMetrics', () => {
  it('matches a hand-computed example', () => {
    // actual:    a a a b b c
    // predicted: a a b b c c
    const m = computeMetrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c'], ['a', 'b', 'c']);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.perLabel.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(m.perLabel.b!.precision).toBeCloseTo(0.5);
    expect(m.perLabel.b!.recall).toBeCloseTo(0.5);
    expect(m.perLabel.c).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
    expect(m.confusion).toEqual({ a: { a: 2, b: 1, c: 0 }, b: { a: 0, b: 1, c: 1 }, c: { a: 0, b: 0, c: 1 } });
  });
});

describe('featurize', () => {
  it('hashes words and character bigrams once each, keeping their strings', () => {
    const f = featurize(['监狱', '监狱', '死亡'], '监狱监狱，死亡', defaultFeatureSpec);
    expect(new Set(f.names)).toEqual(new Set(['监狱', '死亡', '狱监']));
    expect(new Set(f.ids).size).toBe(f.ids.length);
  });
});

// A small synthetic task: complaints need a response, routine news does not.
const complaints = ['投诉司法所工作人员态度恶劣', '律师收钱不办事，要求退款', '公证处乱收费，群众不满', '社区矫正对象脱管无人过问', '监狱探视被刁难，家属投诉'];
const routine = ['司法局举办普法宣传活动', '法律援助中心开展志愿服务', '人民调解员参加业务培训', '公证处推出延时服务', '监狱召开年度工作会议'];
const synthetic: LabelledText[] = Array.from({ length: 60 }, (_, i) =>
  i % 2 ? { text: `${complaints[i % 5]}${i}`, label: '需回应' } : { text: `${routine[i % 5]}${i}`, label: '无需回应' },
);

describe('training', () => {
  it.each(['naive-bayes', 'logistic'] as const)('%s learns an obvious signal and explains itself', (algorithm) => {
    const model = trainModel(synthetic, { task: 'needs-response', algorithm, now: new Date('2026-11-28T00:00:00Z') });
    expect(model.labels).toEqual(['无需回应', '需回应']);
    const out = predict(model, textFeatures('有群众投诉司法所态度恶劣', model.spec));
    expect(out.label).toBe('需回应');
    expect(out.probability).toBeGreaterThan(0.5);
    expect(out.probabilities['需回应']! + out.probabilities['无需回应']!).toBeCloseTo(1);
    expect(out.topFeatures.length).toBeGreaterThan(0);
    expect(out.topFeatures.map((f) => f.feature).join(' ')).toMatch(/投诉|恶劣|态度/);
    expect(predict(model, textFeatures('司法局举办普法宣传活动', model.spec)).label).toBe('无需回应');
    expect(evaluate(model, synthetic).accuracy).toBe(1);
  });

  it('is deterministic, and a serialised model predicts exactly as the original', () => {
    const a = trainModel(synthetic, { task: 't', algorithm: 'logistic', now: new Date(0) });
    const b = trainModel(synthetic, { task: 't', algorithm: 'logistic', now: new Date(0) });
    expect(serializeModel(a)).toEqual(serializeModel(b));
    const copy = deserializeModel(JSON.parse(JSON.stringify(serializeModel(a))));
    for (const text of ['律师收钱不办事', '公证处推出延时服务', '完全无关的句子']) {
      const f = textFeatures(text, a.spec);
      expect(predict(copy, f)).toEqual(predict(a, f));
    }
    expect(a.trainingSet).toMatchObject({ size: 60, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('refuses what it cannot learn from, and a damaged model file', () => {
    expect(() => trainModel([], { task: 't', algorithm: 'logistic' })).toThrow(/no training texts/);
    expect(() => trainModel([{ text: 'a', label: 'x' }], { task: 't', algorithm: 'logistic' })).toThrow(/two labels/);
    const s = serializeModel(trainModel(synthetic, { task: 't', algorithm: 'naive-bayes' }));
    expect(() => deserializeModel({ ...s, weights: 'AAAA' })).toThrow(/weights/);
    expect(() => deserializeModel({ ...s, kind: 'other' })).toThrow();
  });

  it('splits each label in proportion, the same way for the same seed', () => {
    const { train, test } = splitTrainTest(synthetic, 0.2, 7);
    expect(test).toHaveLength(12);
    expect(test.filter((r) => r.label === '需回应')).toHaveLength(6);
    expect(new Set([...train, ...test].map((r) => r.text)).size).toBe(60);
    expect(splitTrainTest(synthetic, 0.2, 7).test).toEqual(test);
    expect(splitTrainTest(synthetic, 0.2, 8).test).not.toEqual(test);
  });
});

describe('shared corpora converters', () => {
  const dir = path.resolve(import.meta.dirname, '../../../shared/data/corpora');
  const count = (records: LabelledText[]) => Object.fromEntries([...new Set(records.map((r) => r.label))].sort().map((l) => [l, records.filter((r) => r.label === l).length]));

  it.each([
    ['weibo2018', { negative: 3828, positive: 4672 }, 0],
    ['chnSentiCorpHotel', { negative: 1814, positive: 3951 }, 1],
    ['waimai10k', { negative: 6654, positive: 3333 }, 0],
    ['cold', { offensive: 9581, safe: 10419 }, 0],
  ] as const)('%s', (name, labels, skipped) => {
    const corpus = corpora[name](dir);
    expect(count(corpus.records)).toEqual(labels);
    expect(corpus.skipped).toBe(skipped);
    expect(corpus.records.every((r) => r.text.length > 0)).toBe(true);
  });

  it('thucnewsTitles: 18,000 titles in 10 named classes', () => {
    const corpus = corpora.thucnewsTitles(dir);
    expect(corpus.records).toHaveLength(18_000);
    expect(Object.keys(count(corpus.records))).toEqual(['education', 'entertainment', 'finance', 'game', 'politics', 'realty', 'science', 'society', 'sports', 'stocks']);
    expect(corpus.records[0]).toEqual({ text: '体验2D巅峰 倚天屠龙记十大创新概览', label: 'game' });
  });
});
