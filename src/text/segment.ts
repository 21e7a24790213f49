import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Segmenter, type TokenSpans } from './segmenter.ts';

/**
 * Chinese word segmentation: jieba's algorithm and dictionary (see segmenter.ts for why it runs in
 * TypeScript), plus Huiying's own words. The dictionary takes ~0.3 s to load, so the segmenter is
 * built on first use and shared by the process (each worker thread builds its own).
 */

let segmenter: Segmenter | null = null;

/**
 * Huiying's own user dictionaries and the gazetteer's place names, so 社区矫正 or 青山湖区 stay one
 * word: justice-administration terms (data/dictionary/justice.txt) and the platforms and words of
 * online opinion (online.txt: jieba's dictionary predates 微博, 抖音 or 热搜, and without jieba's HMM
 * for unknown words they would be cut in characters). Loaded with the segmenter, in every thread and
 * process, so collection, training and classification cut text the same way. Like jieba's, the
 * dictionary is case-sensitive, so a word with letters is listed in each case it is written in.
 */
const DICTIONARIES = ['justice.txt', 'online.txt'].map((name) => fileURLToPath(new URL(`../../data/dictionary/${name}`, import.meta.url)));
const PLACES = fileURLToPath(new URL('../../data/places/jiangxi.json', import.meta.url));

/** jieba's dictionary (dict.txt, ~349k words with frequencies), as shipped with @node-rs/jieba. */
export function jiebaDictionary(): string {
  const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Buffer };
  return dict.toString('utf8');
}

function instance(): Segmenter {
  if (segmenter) return segmenter;
  segmenter = new Segmenter();
  segmenter.loadDictionary(jiebaDictionary());
  for (const file of DICTIONARIES) segmenter.loadDictionary(fs.readFileSync(file, 'utf8'));
  const places = JSON.parse(fs.readFileSync(PLACES, 'utf8')) as { cities: { name: string; short?: string; counties: { name: string; short?: string }[] }[] };
  const names = places.cities.flatMap((c) => [c.name, c.short, ...c.counties.flatMap((k) => [k.name, k.short])]).filter((n): n is string => !!n);
  for (const name of names) segmenter.addWord(name, 2000);
  return segmenter;
}

/** Splits text into words; whitespace and punctuation are dropped. */
export function segment(text: string): string[] {
  if (!text) return [];
  const spans = instance().cut(text);
  const out: string[] = new Array(spans.count);
  for (let i = 0; i < spans.count; i++) out[i] = text.slice(spans.starts[i], spans.ends[i]);
  return out;
}

/**
 * Where the words of a text are, without building a string per word (the classifier's hot path:
 * features hash the words straight from the text). `out` is reused when given.
 */
export function segmentSpans(text: string, out?: TokenSpans): TokenSpans {
  return instance().cut(text, out);
}

/** A word for the user dictionary; a higher frequency keeps it whole more readily. */
export interface UserWord {
  word: string;
  freq?: number;
  /** Part-of-speech tag, e.g. `nt` (organisation), `ns` (place); kept for jieba's file format. */
  tag?: string;
}

/**
 * Adds words to the segmenter (department names, place names, topic terms) so they stay one token.
 * Takes effect for every later `segment` call in the process.
 */
export function addUserWords(words: readonly (string | UserWord)[]): void {
  const s = instance();
  for (const w of words) {
    const { word, freq } = typeof w === 'string' ? { word: w, freq: undefined } : w;
    const clean = word.trim();
    // jieba's dictionary format is `word [freq] [tag]`, space separated: a word cannot hold spaces.
    if (!clean || /\s/.test(clean)) continue;
    s.addWord(clean, Math.max(1, Math.round(freq ?? 1000)));
  }
}

export type { TokenSpans };
