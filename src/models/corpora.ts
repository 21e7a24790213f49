import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LabelledText } from './train.ts';

/**
 * Converters from the shared labelled corpora to `{ text, label }` records (JSONL-ready). The corpora
 * are research-only (../shared/data/SOURCES.md): they are read from ../shared/data at run time and
 * neither they nor a model trained on them are ever copied into the repository. `dataDir` is that
 * `data` folder: `path.resolve(repoRoot, '../shared/data')`.
 */

/** A corpus row; `split` is the corpus's own train/dev/test assignment where it has one. */
export interface CorpusRecord extends LabelledText {
  split?: 'train' | 'dev' | 'test';
}

export interface Corpus {
  name: string;
  task: 'sentiment' | 'offensive' | 'topic';
  /** Rows of the file without text (counted, not converted). */
  skipped: number;
  records: CorpusRecord[];
}

const SENTIMENT: Record<string, string> = { '0': 'negative', '1': 'positive' };
const OFFENSIVE: Record<string, string> = { '0': 'safe', '1': 'offensive' };

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
}

/** Keeps rows with text and a known label; an unknown label is an error (the file is not what we expect). */
function build(name: string, task: Corpus['task'], file: string, rows: { text: string | undefined; label: string | undefined; split?: CorpusRecord['split'] }[]): Corpus {
  const records: CorpusRecord[] = [];
  let skipped = 0;
  rows.forEach(({ text, label, split }, i) => {
    if (label === undefined) throw new Error(`${file}: row ${i + 1} has an unknown label`);
    const clean = text?.trim();
    if (!clean) skipped++;
    else records.push(split ? { text: clean, label, split } : { text: clean, label });
  });
  return { name, task, skipped, records };
}

/** weibo2018: `mid,label,text` per line (split on the first two commas only); 0 negative, 1 positive. */
export function readWeibo2018(dataDir: string): Corpus {
  const file = path.join(dataDir, 'corpora/weibo2018/weibo2018_train_shared.txt');
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  return build(
    'weibo2018',
    'sentiment',
    file,
    lines.map((line) => {
      const first = line.indexOf(',');
      const second = line.indexOf(',', first + 1);
      return { label: SENTIMENT[line.slice(first + 1, second)], text: line.slice(second + 1) };
    }),
  );
}

/** ChnSentiCorp hotel reviews: CSV `label,review`; 1 positive, 0 negative. */
export function readChnSentiCorpHotel(dataDir: string): Corpus {
  const file = path.join(dataDir, 'corpora/chnsenticorp_htl/chnsenticorp_htl_shared.csv');
  return build('chnsenticorp_htl', 'sentiment', file, readCsv(file).map((r) => ({ text: r.review, label: SENTIMENT[r.label ?? ''] })));
}

/** waimai_10k food-delivery reviews: CSV `label,review`; 1 positive, 0 negative. */
export function readWaimai10k(dataDir: string): Corpus {
  const file = path.join(dataDir, 'corpora/waimai_10k/waimai_10k_shared.csv');
  return build('waimai_10k', 'sentiment', file, readCsv(file).map((r) => ({ text: r.review, label: SENTIMENT[r.label ?? ''] })));
}

/** COLD: CSV `orig_index,split,topic,label,fine-grained-label,TEXT`; 0 safe, 1 offensive; upstream split kept. */
export function readCold(dataDir: string): Corpus {
  const file = path.join(dataDir, 'corpora/cold/cold_shared.csv');
  return build(
    'cold',
    'offensive',
    file,
    readCsv(file).map((r) => {
      const split = r.split === 'train' || r.split === 'dev' || r.split === 'test' ? r.split : undefined;
      if (!split) throw new Error(`${file}: unknown split ${r.split}`);
      return { text: r.TEXT, label: OFFENSIVE[r.label ?? ''], split };
    }),
  );
}

/**
 * THUCNews titles: `title<TAB>class id` lines; class.txt names the ids (line n = id n). The shared
 * 18,000 titles are dev.txt (10,000, used here as the training split) and test_shared.txt (8,000,
 * the test split).
 */
export function readThucnewsTitles(dataDir: string): Corpus {
  const root = path.join(dataDir, 'corpora/thucnews_titles');
  const names = fs.readFileSync(path.join(root, 'class.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const rows = (['dev.txt', 'test_shared.txt'] as const).flatMap((f) =>
    fs
      .readFileSync(path.join(root, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const tab = line.lastIndexOf('\t');
        return { text: line.slice(0, tab), label: names[Number(line.slice(tab + 1))], split: f === 'dev.txt' ? ('train' as const) : ('test' as const) };
      }),
  );
  return build('thucnews_titles', 'topic', root, rows);
}

/** Every converter, by corpus name. */
export const corpora = {
  weibo2018: readWeibo2018,
  chnsenticorp_htl: readChnSentiCorpHotel,
  waimai_10k: readWaimai10k,
  cold: readCold,
  thucnews_titles: readThucnewsTitles,
} as const;
export type CorpusName = keyof typeof corpora;

/** One JSONL line per record, as the CLI's `model train --in` reads them. */
export function toJsonl(records: readonly LabelledText[]): string {
  return records.map((r) => JSON.stringify({ text: r.text, label: r.label })).join('\n') + (records.length ? '\n' : '');
}
