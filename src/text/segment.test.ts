import { describe, expect, it } from 'vitest';
import { addUserWords, segment } from './segment.ts';

describe('segment', () => {
  it('splits Chinese text into words, losing no characters', () => {
    const tokens = segment('省司法厅召开人民调解工作会议');
    expect(tokens.join('')).toBe('省司法厅召开人民调解工作会议');
    expect(tokens).toEqual(expect.arrayContaining(['司法厅', '召开', '会议']));
    expect(tokens.length).toBeGreaterThanOrEqual(5);
  });

  it('drops whitespace and punctuation tokens, keeps numbers and Latin words', () => {
    const tokens = segment('今天，我们 2020年 在 WeChat 上发布了《通告》！');
    expect(tokens).not.toContain('，');
    expect(tokens).not.toContain(' ');
    expect(tokens).not.toContain('《');
    expect(tokens).not.toContain('！');
    expect(tokens).toContain('2020');
    expect(tokens).toContain('WeChat');
    expect(tokens).toContain('通告');
  });

  it('returns nothing for empty or punctuation-only text', () => {
    expect(segment('')).toEqual([]);
    expect(segment('，。！？  ……')).toEqual([]);
  });

  it('keeps user dictionary words whole', () => {
    const text = '赣司办字文件要求落实';
    expect(segment(text)).not.toContain('赣司办字');
    addUserWords(['赣司办字', { word: '两 个词', freq: 10 }]);
    expect(segment(text)).toContain('赣司办字');
  });
});

describe('the domain dictionary', () => {
  it('keeps justice terms and place names whole', () => {
    const words = segment('南昌市青山湖区司法所加强社区矫正对象管理，强制隔离戒毒所开展安置帮教');
    for (const w of ['南昌市', '青山湖区', '司法所', '社区矫正对象', '强制隔离戒毒所', '安置帮教']) expect(words).toContain(w);
  });
});

