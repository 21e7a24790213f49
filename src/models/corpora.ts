import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LabelledText } from './train.ts';

/**
 * Converters from the shared labelled corpora (../shared/data/corpora, research use: read at run
 * time, never copied into the repository) to labelled texts. Formats per ../shared/data/SOURCES.md.
 */

const csv = (file: string): Record<string, string>[] => parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, relax_quotes: true });

const SENTIMENT: Record<string, string> = { '0': 'negative', '1': 'positive' };

export interface Corpus {
  name: string;
  task: 'sentiment' | 'offensive' | 'topic';
  /** Rows in the file that had no usable text, skipped. */
  skipped: number;
  records: LabelledText[];
}

function build(name: string, task: Corpus['task'], rows: { text: string | undefined; label: string | undefined }[]): Corpus {
  const records: LabelledText[] = [];
  let skipped = 0;
  for (const { text, label } of rows) {
    if (!text?.trim() || label === undefined) skipped++;
    else records.push({ text: text.trim(), label });
  }
  return { name, task, skipped, records };
}

/** weibo2018: `mid,label,text` per line (split on the first two commas only); 0 negative, 1 positive. */
export function weibo2018(dir: string): Corpus {
  const lines = fs.readFileSync(path.join(dir, 'weibo2018/weibo2018_train_shared.txt'), 'utf8').split('\n').filter((l) => l.trim());
  return build(
    'weibo2018',
    'sentiment',
    lines.map((line) => {
      const first = line.indexOf(',');
      const second = line.indexOf(',', first + 1);
      return { label: SENTIMENT[line.slice(first + 1, second)], text: line.slice(second + 1) };
    }),
  );
}

/** ChnSentiCorp hotel reviews: CSV `label,review`; 1 positive, 0 negative. */
export function chnSentiCorpHotel(dir: string): Corpus {
  return build('chnsenticorp_htl', 'sentiment', csv(path.join(dir, 'chnsenticorp_htl/chnsenticorp_htl_shared.csv')).map((r) => ({ text: r.review, label: SENTIMENT[r.label ?? ''] })));
}

/** waimai_10k food-delivery reviews: CSV `label,review`; 1 positive, 0 negative. */
export function waimai10k(dir: string): Corpus {
  return build('waimai_10k', 'sentiment', csv(path.join(dir, 'waimai_10k/waimai_10k_shared.csv')).map((r) => ({ text: r.review, label: SENTIMENT[r.label ?? ''] })));
}

/** COLD: CSV `orig_index,split,topic,label,fine-grained-label,TEXT`; 0 safe, 1 offensive. */
export function cold(dir: string): Corpus {
  return build('cold', 'offensive', csv(path.join(dir, 'cold/cold_shared.csv')).map((r) => ({ text: r.TEXT, label: ({ '0': 'safe', '1': 'offensive' } as Record<string, string>)[r.label ?? ''] })));
}

/** THUCNews titles: `title<TAB>class id` in dev.txt and test_shared.txt; class.txt names the ids. */
export function thucnewsTitles(dir: string): Corpus {
  const root = path.join(dir, 'thucnews_titles');
  const names = fs.readFileSync(path.join(root, 'class.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const rows = ['dev.txt', 'test_shared.txt'].flatMap((f) =>
    fs
      .readFileSync(path.join(root, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const tab = line.lastIndexOf('\t');
        return { text: line.slice(0, tab), label: names[Number(line.slice(tab + 1))] };
      }),
  );
  return build('thucnews_titles', 'topic', rows);
}

export const corpora = { weibo2018, chnSentiCorpHotel, waimai10k, cold, thucnewsTitles };

/** Reads a JSONL file of `{"text": …, "label": …}` lines; a bad line fails with its number. */
export function readLabelledJsonl(file: string): LabelledText[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      const v = value as { text?: unknown; label?: unknown };
      if (typeof v.text !== 'string' || (typeof v.label !== 'string' && typeof v.label !== 'number' && typeof v.label !== 'boolean')) {
        throw new Error(`${file}:${i + 1}: needs "text" (string) and "label"`);
      }
      return [{ text: v.text, label: String(v.label) }];
    });
}
