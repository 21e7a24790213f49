import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRAINING_SET, demoTrainingSets } from '../src/demo/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

// A fresh demo's starter models (src/demo/models.ts), trained on worker threads by the real trainer
// and stored in the real database through the classification service, as boot.ts does.
let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await startTestApp();
  staff = await t.login('staff');
});
afterAll(async () => t?.close());

const models = async () => (await (await fetch(`${t.baseUrl}/api/models`, { headers: { cookie: staff } })).json()).models as { task: string; version: number; active: boolean; trainingSet: { name: string; size: number }; metrics: { accuracy?: number } }[];

describe('demo starter models', () => {
  const sets = demoTrainingSets(new Date('2026-03-10T10:00:00+08:00'), { hours: 3, every: 2 });

  it('stores nothing when the server stops while they train', async () => {
    let asked = 0;
    const installed = await t.app.services.classification.installModels({ sentiment: sets.sentiment }, DEMO_TRAINING_SET, () => ++asked > 0);
    expect(installed).toEqual([]);
    expect(asked).toBe(1);
    expect(await models()).toEqual([]);
  });

  it('trains the three tasks, makes them the active versions under the demo training set, and classifies with them', async () => {
    const installed = await t.app.services.classification.installModels(sets, DEMO_TRAINING_SET);
    expect(installed).toEqual([
      { task: 'needs-response', version: 1 },
      { task: 'sentiment', version: 1 },
      { task: 'topic', version: 1 },
    ]);
    const stored = await models();
    expect(stored.map((m) => `${m.task} v${m.version} ${m.active} ${m.trainingSet.name} ${m.trainingSet.size}`)).toEqual(
      ['needs-response', 'sentiment', 'topic'].map((task) => `${task} v1 true 演示数据（合成） ${sets.topic.length}`),
    );
    // Held-out accuracy: the templates are easy to tell apart, but one label in eight goes the
    // other way, as people labelling disagree.
    for (const m of stored) {
      expect(m.metrics.accuracy).toBeGreaterThan(0.75);
      expect(m.metrics.accuracy).toBeLessThan(0.97);
    }

    const classifier = await t.app.services.classification.classifier();
    expect(classifier.modelCount).toBe(3);
    const classify = (title: string, body: string) => classifier.classify({ mentionId: 1, title, body, sourceName: '赣鄱论坛', sourceWeight: 1, reposts: 0 }, new Date());
    const complaint = classify('办个公证排了3个小时', '为了给孩子办出国留学要用的学历公证，我请了一天假，结果在公证处排了3个多小时。大厅里只开了2个窗口，其他窗口都挂着“暂停服务”的牌子。真心建议搞个错峰预约，别让群众白跑。');
    const praise = classify('公证员上门给我奶奶办了公证', '我奶奶89岁了，腿脚不方便，本以为办公证得把她抬过去，没想到公证员可以上门。材料提前在网上传过去审核，现场十几分钟就办完了。必须点个赞。');
    expect(complaint.sentiment).toBe('negative');
    expect(praise.sentiment).toBe('positive');
    expect(complaint.responseScore!).toBeGreaterThan(praise.responseScore! + 0.2);
    expect(complaint.topics).toContain('notary');
    expect(complaint.explanation.models.map((m) => m.task)).toEqual(['needs-response', 'sentiment', 'topic']);
  });
});
