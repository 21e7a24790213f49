import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpora, toJsonl, type CorpusRecord } from './corpora.ts';

/**
 * The converters against the shared corpora (research-only, read in place from ../shared/data, never
 * copied). Expected counts were verified independently by reading the files (Python's csv module and
 * line splitting) and agree with ../shared/data/SOURCES.md.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');

const tally = (records: CorpusRecord[], key: (r: CorpusRecord) => string) => {
  const out: Record<string, number> = {};
  for (const r of records) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
};

describe('shared corpora converters', () => {
  it('weibo2018: 8,500 posts, 3,828 negative and 4,672 positive, text after the second comma kept whole', () => {
    const c = corpora.weibo2018(dataDir);
    expect(c).toMatchObject({ name: 'weibo2018', task: 'sentiment', skipped: 0 });
    expect(tally(c.records, (r) => r.label)).toEqual({ negative: 3828, positive: 4672 });
    // Texts may contain commas: only the first two separate the fields.
    expect(c.records.filter((r) => r.text.includes(',')).length).toBe(99); // lines whose text field has an ASCII comma
    expect(c.records.every((r) => !/^\d+,/.test(r.text))).toBe(true);
  });

  it('chnsenticorp_htl: 5,766 rows, one without a review (skipped), 1,814 negative and 3,951 positive', () => {
    const c = corpora.chnsenticorp_htl(dataDir);
    expect(c).toMatchObject({ name: 'chnsenticorp_htl', task: 'sentiment', skipped: 1 });
    expect(tally(c.records, (r) => r.label)).toEqual({ negative: 1814, positive: 3951 });
    // CSV quoting: doubled quotes inside a review become one.
    expect(c.records.some((r) => r.text.includes('"蔡陆线"'))).toBe(true);
  });

  it('waimai_10k: 9,987 reviews, 6,654 negative and 3,333 positive', () => {
    const c = corpora.waimai_10k(dataDir);
    expect(c).toMatchObject({ name: 'waimai_10k', task: 'sentiment', skipped: 0 });
    expect(tally(c.records, (r) => r.label)).toEqual({ negative: 6654, positive: 3333 });
  });

  it('cold: 20,000 comments with their upstream split', () => {
    const c = corpora.cold(dataDir);
    expect(c).toMatchObject({ name: 'cold', task: 'offensive', skipped: 0 });
    expect(tally(c.records, (r) => r.label)).toEqual({ offensive: 9581, safe: 10419 });
    expect(tally(c.records, (r) => `${r.split}/${r.label}`)).toEqual({
      'train/safe': 7584,
      'train/offensive': 7426,
      'dev/safe': 828,
      'dev/offensive': 839,
      'test/safe': 2007,
      'test/offensive': 1316,
    });
  });

  it('thucnews_titles: 18,000 titles in 10 named classes, dev.txt (10,000) as train and test_shared.txt (8,000) as test', () => {
    const c = corpora.thucnews_titles(dataDir);
    expect(c).toMatchObject({ name: 'thucnews_titles', task: 'topic', skipped: 0 });
    const names = ['finance', 'realty', 'stocks', 'education', 'science', 'society', 'politics', 'sports', 'game', 'entertainment'];
    expect(tally(c.records, (r) => `${r.split}/${r.label}`)).toEqual(Object.fromEntries(names.flatMap((n) => [[`train/${n}`, 1000], [`test/${n}`, 800]])));
    expect(c.records[0]).toEqual({ text: '体验2D巅峰 倚天屠龙记十大创新概览', label: 'game', split: 'train' });
    expect(c.records.every((r) => !r.text.includes('\t'))).toBe(true);
  });

  it('every converted record has text, and JSONL round-trips', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-corpora-'));
    try {
      for (const read of Object.values(corpora)) {
        const { records } = read(dataDir);
        expect(records.every((r) => r.text.length > 0 && r.text === r.text.trim())).toBe(true);
        const sample = records.slice(0, 50);
        const file = path.join(dir, 'sample.jsonl');
        fs.writeFileSync(file, toJsonl(sample));
        // One {"text","label"} object per line, as `huiying model train --in` reads them.
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        expect(lines.pop()).toBe('');
        expect(lines.map((l) => JSON.parse(l))).toEqual(sample.map((r) => ({ text: r.text, label: r.label })));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
