import { describe, expect, it } from 'vitest';
import { ALL_KINDS, featureKindAt, featureName, featurize, kindMask, textFeatures, type Features } from './features.ts';

/** The readable features of each kind, in order. */
function named(f: Features): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < f.start[6]!; i++) (out[featureKindAt(f, i)] ??= []).push(featureName(f, i));
  return out;
}

describe('featurize', () => {
  it('computes each kind once per distinct feature, with counts, grouped by kind', () => {
    const f = featurize(['监狱', '监狱', '死亡'], '监狱监狱，死亡', kindMask({ words: true, wordBigrams: true, chars: true, charBigrams: true, charTrigrams: true, negation: false }));
    expect(named(f)).toEqual({
      words: ['监狱', '死亡'],
      wordBigrams: ['监狱 监狱', '监狱 死亡'],
      chars: ['监', '狱', '，', '死', '亡'],
      // Punctuation breaks character n-grams: no 狱， or ，死.
      charBigrams: ['监狱', '狱监', '死亡'],
      charTrigrams: ['监狱监', '狱监狱'],
    });
    expect(f.counts[0]).toBe(2); // 监狱 the word, twice
    expect(f.start[6]).toBe(14);
    expect([...f.keys.subarray(0, 14)].every((k) => k !== 0)).toBe(true);
    expect(new Set(f.keys.subarray(0, 14)).size).toBe(14);
  });

  it('gives the same keys for the same text, folds ASCII case, and keeps kinds apart', () => {
    const a = featurize(['WeChat', '好'], 'WeChat好', ALL_KINDS);
    const b = featurize(['wechat', '好'], 'wechat好', ALL_KINDS);
    expect([...a.keys]).toEqual([...b.keys]);
    expect(featureName(a, 0)).toBe('wechat');
    // 好 the word and 好 the character are different features.
    const word = featurize(['好'], '好', kindMask({ words: true, wordBigrams: false, chars: false, charBigrams: false, charTrigrams: false, negation: false }));
    const char = featurize(['好'], '好', kindMask({ words: false, wordBigrams: false, chars: true, charBigrams: false, charTrigrams: false, negation: false }));
    expect(word.keys[0]).not.toBe(char.keys[0]);
  });

  it('marks the word after a negator, skipping one adverb', () => {
    const f = featurize(['服务', '不', '太', '满意', '没有', '回应'], '服务不太满意没有回应', kindMask({ words: false, wordBigrams: false, chars: false, charBigrams: false, charTrigrams: false, negation: true }));
    expect(named(f)).toEqual({ negation: ['¬满意', '¬回应'] });
  });

  it('computes only the kinds asked for', () => {
    const f = featurize(['监狱'], '监狱', kindMask({ words: true, wordBigrams: false, chars: false, charBigrams: false, charTrigrams: false, negation: false }));
    expect(named(f)).toEqual({ words: ['监狱'] });
    expect(f.kinds).toBe(1);
  });

  it('reuses the arrays it is given and returns what a fresh call returns', () => {
    let reused = featurize(['一'], '一', ALL_KINDS);
    reused = featurize(['一'], '一', ALL_KINDS, reused);
    for (const text of ['律师收钱不办事，要求退款', '公证处乱收费', '监狱探视被刁难，家属投诉到司法局，要求说明情况']) {
      const tokens = [...text.replace(/，/g, '')];
      const fresh = featurize(tokens, text, ALL_KINDS);
      reused = featurize(tokens, text, ALL_KINDS, reused);
      const n = fresh.start[6]!;
      expect(reused.start).toEqual(fresh.start);
      expect([...reused.keys.subarray(0, n)]).toEqual([...fresh.keys]);
      expect([...reused.counts.subarray(0, n)]).toEqual([...fresh.counts]);
      expect(named(reused)).toEqual(named(fresh));
    }
  });

  it('normalises and segments raw text in textFeatures', () => {
    // Traditional and full-width input gives the Simplified, half-width features.
    const f = textFeatures('監獄ＡＢＣ', ALL_KINDS);
    const names = named(f);
    expect(names.words).toEqual(expect.arrayContaining(['监狱']));
    expect(names.chars).toEqual(['监', '狱', 'a', 'b', 'c']);
  });
});
