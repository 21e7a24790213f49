import { describe, expect, it } from 'vitest';
import { segmentSpans } from '../text/segment.ts';
import { featurize, textFeatures } from './features.ts';
import { FusedModels } from './fused.ts';
import { predict } from './linear-model.ts';
import { seededRandom } from './logistic.ts';
import { trainModel, type LabelledText } from './train.ts';

const words: Record<string, string[]> = {
  complaint: ['投诉', '恶劣', '乱收费', '刁难', '不满'],
  praise: ['表扬', '热情', '周到', '感谢', '满意'],
  routine: ['举办', '培训', '会议', '开展', '宣传'],
};
const filler = ['司法所', '律师', '公证处', '群众', '今天'];

function texts(labelOf: (kind: string) => string, count: number, seed: number): LabelledText[] {
  const random = seededRandom(seed);
  const kinds = Object.keys(words);
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    return { text: [pick(words[kind]!), pick(filler), pick(words[kind]!), pick(filler)].join(''), label: labelOf(kind) };
  });
}

describe('FusedModels', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  const models = [
    trainModel({ task: 'needs-response', records: texts((k) => (k === 'complaint' ? '需回应' : '无需回应'), 150, 1), options: { now } }),
    trainModel({ task: 'sentiment', records: texts((k) => (k === 'complaint' ? 'negative' : 'positive'), 150, 2), options: { now } }),
    trainModel({ task: 'topic', records: texts((k) => k, 150, 3), options: { now } }),
  ];

  it('gives every model exactly the prediction it gives alone', () => {
    const fused = FusedModels.fuse(models)!;
    expect(fused).not.toBeNull();
    for (const text of ['群众投诉公证处乱收费', '律师服务热情周到，感谢', '司法所开展培训会议', '今天天气不错', '']) {
      const features = textFeatures(text, models[0]!.spec);
      const together = fused.predictAll(features);
      models.forEach((model, i) => {
        const alone = predict(model, features, { top: 0 });
        expect(together[i]!.label, `${model.task}: ${text}`).toBe(alone.label);
        expect(together[i]!.score).toBeCloseTo(alone.score, 6);
        for (const [label, p] of Object.entries(alone.probabilities)) expect(together[i]!.probabilities[model.labels.indexOf(label)]).toBeCloseTo(p, 6);
      });
    }
  });

  it('reads a text straight into the fused table with the same numbers, and explains each model as it explains itself', () => {
    const fused = FusedModels.fuse(models)!;
    const texts = ['群众投诉公证处乱收费，乱收费！投诉投诉', '律师服务热情周到，感谢感谢', '司法所开展培训会议', '今天天气不错，蔚蓝的天空', 'WeChat 上的通告', ''];
    const words = segmentSpans('');
    for (const text of texts) {
      segmentSpans(text, words);
      const features = featurize(words, text, models[0]!.spec);
      const direct = fused.predictText(words, text);
      const viaFeatures = fused.predictAll(features);
      // predictAll forgets the features predictText found, so predict again before explaining.
      fused.predictText(words, text);
      models.forEach((model, i) => {
        expect(direct[i]!.label, `${model.task}: ${text}`).toBe(viaFeatures[i]!.label);
        expect(direct[i]!.score).toBeCloseTo(viaFeatures[i]!.score, 9);
        const alone = predict(model, features, { top: 5 });
        expect(fused.explain(i, words, text), `${model.task}: ${text}`).toEqual(alone.topFeatures);
      });
    }
    // Texts in the training vocabulary have reasons to give.
    for (const text of texts.slice(0, 3)) {
      fused.predictText(segmentSpans(text, words), text);
      expect(models.every((_, i) => fused.explain(i, words, text)!.length > 0), text).toBe(true);
    }
    // Explanations belong to the last text predicted, and to nothing else.
    expect(fused.explain(0, words, '另一段文字')).toBeNull();
    fused.predictAll(featurize(words, '', models[0]!.spec));
    expect(fused.explain(0, words, '')).toBeNull();
  });

  it('falls back to collecting features first when keys are hashed', () => {
    const spec = { ...models[0]!.spec, ids: { kind: 'hash' as const, bits: 12 } };
    const hashed = [0, 1].map((i) => trainModel({ task: models[i]!.task, records: texts((k) => (k === 'complaint' ? 'a' : 'b'), 150, i + 5), options: { now, features: spec } }));
    const fused = FusedModels.fuse(hashed)!;
    const text = '群众投诉公证处乱收费';
    const words = segmentSpans(text);
    const direct = fused.predictText(words, text);
    hashed.forEach((model, i) => expect(direct[i]!.score).toBeCloseTo(predict(model, featurize(words, text, spec)).score, 9));
    expect(fused.explain(0, words, text)).toBeNull();
  });

  it('fuses only models that read the same features', () => {
    expect(FusedModels.fuse(models.slice(0, 1))).toBeNull();
    const other = trainModel({ task: 'topic', records: texts((k) => k, 150, 3), options: { now, features: { ...models[0]!.spec, charBigrams: false } } });
    expect(FusedModels.fuse([models[0]!, other])).toBeNull();
  });
});
