import { describe, expect, it } from 'vitest';
import { contentWords, isStopWord, parseStopWords } from './stopwords.ts';

describe('stop words', () => {
  it('parses one word per line, skipping comments and blanks', () => {
    expect([...parseStopWords('# comment\n的\n\n 了 \r\n#不是词\n')]).toEqual(['的', '了']);
  });

  it('ships function words and news fillers, not content words or negators', () => {
    for (const w of ['的', '了', '记者', '表示', '我们']) expect(isStopWord(w)).toBe(true);
    for (const w of ['监狱', '投诉', '不', '社区矫正', '12348']) expect(isStopWord(w)).toBe(false);
  });

  it('removes stop words and keeps the order of the rest', () => {
    expect(contentWords(['记者', '了解', '到', '的', '监狱', '问题'])).toEqual(['了解', '到', '监狱', '问题']);
  });
});
