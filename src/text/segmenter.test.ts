import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { corpora } from '../models/corpora.ts';
import { jiebaDictionary } from './segment.ts';
import { Segmenter, type TokenSpans } from './segmenter.ts';

const dictionary = jiebaDictionary();
const segmenter = new Segmenter();
segmenter.loadDictionary(dictionary);

const words = (s: Segmenter, text: string, out?: TokenSpans) => {
  const spans = s.cut(text, out);
  return Array.from({ length: spans.count }, (_, i) => text.slice(spans.starts[i], spans.ends[i]));
};

const NOISE = /^[\p{P}\p{Z}\s\u3000]+$/u;

describe('Segmenter', () => {
  it('cuts as jieba does without its HMM, over the same dictionary, on real posts and reviews', () => {
    // The reference: @node-rs/jieba's own cut with the HMM off, whitespace and punctuation tokens dropped.
    const jieba = Jieba.withDict(Buffer.from(dictionary, 'utf8'));
    const dataDir = path.resolve(import.meta.dirname, '../../../shared/data');
    const texts = [
      ...corpora.weibo2018(dataDir).records.slice(0, 3000),
      ...corpora.chnsenticorp_htl(dataDir).records.slice(0, 1500),
      ...corpora.thucnews_titles(dataDir).records.slice(0, 1500),
    ].map((r) => r.text);
    let tokens = 0;
    for (const text of texts) {
      const expected = jieba.cut(text, false).filter((t) => !NOISE.test(t));
      expect(words(segmenter, text)).toEqual(expected);
      tokens += expected.length;
    }
    expect(tokens).toBeGreaterThan(100_000);
  });

  it('prefers the most probable route and keeps dictionary words whole', () => {
    expect(words(segmenter, '我们中出了一个叛徒')).toEqual(['我们', '中', '出', '了', '一个', '叛徒']);
    expect(words(segmenter, '南京市长江大桥')).toEqual(['南京市', '长江大桥']);
  });

  it('joins runs of single letters and digits, and drops whitespace and punctuation', () => {
    expect(words(segmenter, '今天，我们 2020年 在 WeChat 上发布了《通告》！')).toEqual(['今天', '我们', '2020', '年', '在', 'WeChat', '上', '发布', '了', '通告']);
    expect(words(segmenter, '，。！？  ……')).toEqual([]);
    expect(words(segmenter, '')).toEqual([]);
  });

  it('keeps an emoji (a surrogate pair) and other symbols as words of one character', () => {
    expect(words(segmenter, '好评👍★')).toEqual(['好评', '👍', '★']);
  });

  it('learns user words; a later frequency replaces an earlier one', () => {
    const s = new Segmenter();
    s.loadDictionary(dictionary);
    expect(words(s, '赣司办字文件')).not.toContain('赣司办字');
    s.addWord('赣司办字');
    expect(words(s, '赣司办字文件')).toContain('赣司办字');
    // 调解工 is no word: rare, it loses to 调解|工作; frequent enough, it wins.
    expect(words(s, '调解工作会议')).toEqual(['调解', '工作', '会议']);
    s.loadDictionary('调解工 1 n\n');
    expect(words(s, '调解工作会议')).toEqual(['调解', '工作', '会议']);
    s.loadDictionary('调解工 50000000 n\n');
    expect(words(s, '调解工作会议')).toEqual(['调解工', '作', '会议']);
  });

  it('suggests frequencies for a file of words without them', () => {
    const s = new Segmenter();
    s.loadDictionary(dictionary);
    const added = Array.from({ length: 200 }, (_, i) => `赣司第${i}号`);
    s.loadDictionary(added.join('\n'));
    for (const word of added.slice(0, 50)) expect(words(s, `关于${word}文件`)).toEqual(['关于', word, '文件']);
  });

  it('reuses the spans it is given, growing them for a longer text', () => {
    const out = { starts: new Int32Array(2), ends: new Int32Array(2), count: 0 };
    expect(words(segmenter, '监狱', out)).toEqual(['监狱']);
    const long = '省司法厅召开全省人民调解工作推进会'.repeat(20);
    expect(words(segmenter, long, out).join('')).toBe(long);
    expect(words(segmenter, '监狱', out)).toEqual(['监狱']);
  });
});
