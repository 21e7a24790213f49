import { describe, expect, it } from 'vitest';
import { loadRulePack, NO_TOPIC, STARTER_PACK_FILE } from '../rules/index.ts';
import { itemsAt } from './content.ts';
import { demoTrainingSets } from './models.ts';

describe('demoTrainingSets', () => {
  const now = new Date('2026-03-10T10:00:00+08:00');
  const sets = demoTrainingSets(now, { hours: 6 });

  it('labels the same original items for every task, a sample of the feeds over the hours asked', () => {
    const texts = sets['needs-response'].map((r) => r.text);
    expect(texts.length).toBeGreaterThan(500);
    expect(sets.sentiment.map((r) => r.text)).toEqual(texts);
    expect(sets.topic.map((r) => r.text)).toEqual(texts);
    // Reposts only repeat their originals: none is in.
    const reposts = itemsAt('social', now, 300).filter((item) => item.repostOf);
    expect(reposts.length).toBeGreaterThan(10);
    for (const item of reposts) expect(texts).not.toContain(`${item.title}\n${item.body}`);
    // A sample (every sixth item by default): the newest items of a feed are not all in.
    const newest = itemsAt('forum', now, 8).filter((item) => !item.repostOf);
    expect(newest.filter((item) => texts.includes(`${item.title}\n${item.body}`)).length).toBeLessThan(newest.length);
    expect(demoTrainingSets(now, { hours: 1 })['needs-response'].length).toBeLessThan(texts.length / 4);
  });

  it('gives each task at least two answers, in the words the board and the starter pack use', () => {
    const labels = (task: keyof typeof sets) => new Set(sets[task].map((r) => r.label));
    expect(labels('needs-response')).toEqual(new Set(['需回应', '无需回应']));
    expect(labels('sentiment')).toEqual(new Set(['negative', 'neutral', 'positive']));
    const topics = new Set([...loadRulePack(STARTER_PACK_FILE).map((t) => t.key), NO_TOPIC]);
    expect(labels('topic').size).toBeGreaterThan(5);
    for (const topic of labels('topic')) expect(topics).toContain(topic);
  });

  it("needs a response to the public's negative and urgent posts, not to the office's own news, with one label in eight the other way", () => {
    const byText = new Map(sets['needs-response'].map((r) => [r.text, r.label]));
    let checked = 0;
    let agreed = 0;
    for (const feedId of ['official', 'legal-daily', 'social', 'forum'] as const) {
      for (const item of itemsAt(feedId, now, 400)) {
        const label = byText.get(`${item.title}\n${item.body}`);
        if (!label) continue;
        checked++;
        if (label === (item.category === 'social' && (item.tone === 'negative' || item.tone === 'urgent') ? '需回应' : '无需回应')) agreed++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(agreed / checked).toBeGreaterThan(0.82);
    expect(agreed / checked).toBeLessThan(0.93);
    // The same item gets the same label every time.
    expect(demoTrainingSets(now, { hours: 6 })).toEqual(sets);
  });
});
