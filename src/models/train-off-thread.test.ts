import { describe, expect, it } from 'vitest';
import { trainForService, trainOffThread } from './index.ts';

/** Training on a worker thread (what the server's retraining uses), against training in place. */

const now = new Date('2026-11-29T03:15:00Z');
const records = Array.from({ length: 60 }, (_, i) =>
  i % 2 ? { text: `群众投诉赣鄱智联公证处乱收费，第${i}次反映`, label: '需回应' } : { text: `司法局举办第${i}期普法宣传活动`, label: '无需回应' },
);

describe('trainOffThread', () => {
  it('trains on a worker the same model as on this thread', async () => {
    const off = await trainOffThread('needs-response', records, now);
    expect(off).toEqual(trainForService('needs-response', records, now));
    expect(off.metrics).toMatchObject({ holdout: 12 });
  });

  it("segments with the server's extra words", async () => {
    const plain = await trainOffThread('needs-response', records, now);
    const withWord = await trainOffThread('needs-response', records, now, [{ word: '赣鄱智联', freq: 2000, tag: 'nt' }]);
    expect(withWord.trainingSet).toEqual(plain.trainingSet);
    expect(JSON.stringify(withWord.model)).not.toBe(JSON.stringify(plain.model));
  });

  it('rejects with the reason when training fails', async () => {
    await expect(trainOffThread('sentiment', [{ text: '好', label: 'positive' }], now)).rejects.toThrow('training sentiment failed: training needs at least two labels, found positive');
  });
});
