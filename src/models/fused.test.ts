import { describe, expect, it } from 'vitest';
import { textFeatures } from './features.ts';
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
        for (const [label, p] of Object.entries(alone.probabilities)) expect(together[i]!.probabilities[label]).toBeCloseTo(p, 6);
      });
    }
  });

  it('fuses only models that read the same features', () => {
    expect(FusedModels.fuse(models.slice(0, 1))).toBeNull();
    const other = trainModel({ task: 'topic', records: texts((k) => k, 150, 3), options: { now, features: { ...models[0]!.spec, charBigrams: false } } });
    expect(FusedModels.fuse([models[0]!, other])).toBeNull();
  });
});
