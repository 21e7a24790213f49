import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Chinese word segmentation with jieba (the Rust port). The dictionary takes ~0.5 s to load, so the
 * instance is created on first use and shared by the process.
 */

let jieba: Jieba | null = null;

/**
 * Huiying's own user dictionary (justice-administration terms, data/dictionary/justice.txt) and the
 * gazetteer's place names, so 社区矫正 or 青山湖区 stay one word. Loaded with the segmenter, in every
 * thread and process, so collection, training and classification cut text the same way.
 */
const DOMAIN_DICTIONARY = fileURLToPath(new URL('../../data/dictionary/justice.txt', import.meta.url));
const PLACES = fileURLToPath(new URL('../../data/places/jiangxi.json', import.meta.url));

function instance(): Jieba {
  if (jieba) return jieba;
  jieba = Jieba.withDict(dict);
  jieba.loadDict(fs.readFileSync(DOMAIN_DICTIONARY));
  const places = JSON.parse(fs.readFileSync(PLACES, 'utf8')) as { cities: { name: string; short?: string; counties: { name: string; short?: string }[] }[] };
  const names = places.cities.flatMap((c) => [c.name, c.short, ...c.counties.flatMap((k) => [k.name, k.short])]).filter((n): n is string => !!n);
  jieba.loadDict(Buffer.from(names.map((n) => `${n} 2000 ns`).join('\n') + '\n', 'utf8'));
  return jieba;
}

/** A token that is only whitespace or punctuation (ASCII and CJK) carries no meaning. */
const NOISE = /^[\p{P}\p{Z}\s\u3000]+$/u;

function isNoise(token: string): boolean {
  const c = token.charCodeAt(0);
  // Fast path for the common case: a token starting with a letter, digit or CJK ideograph is a word.
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return false;
  return NOISE.test(token);
}

/** Splits text into words; whitespace and punctuation tokens are dropped. */
export function segment(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const token of instance().cut(text, true)) {
    if (!isNoise(token)) out.push(token);
  }
  return out;
}

/** A word for the user dictionary; a higher frequency makes jieba keep it whole more readily. */
export interface UserWord {
  word: string;
  freq?: number;
  /** Part-of-speech tag, e.g. `nt` (organisation), `ns` (place). */
  tag?: string;
}

/**
 * Adds words to the segmenter (department names, place names, topic terms) so they stay one token.
 * Takes effect for every later `segment` call in the process.
 */
export function addUserWords(words: readonly (string | UserWord)[]): void {
  const lines: string[] = [];
  for (const w of words) {
    const { word, freq, tag } = typeof w === 'string' ? { word: w, freq: undefined, tag: undefined } : w;
    const clean = word.trim();
    // jieba's dictionary format is `word [freq] [tag]`, space separated: a word cannot hold spaces.
    if (!clean || /\s/.test(clean)) continue;
    lines.push([clean, String(Math.max(1, Math.round(freq ?? 1000))), tag ?? ''].join(' ').trim());
  }
  if (lines.length) instance().loadDict(Buffer.from(lines.join('\n') + '\n', 'utf8'));
}

/** Loads a user dictionary in jieba's text format (`word [freq] [tag]` per line). */
export function loadUserDictionary(text: string): void {
  instance().loadDict(Buffer.from(text.endsWith('\n') ? text : text + '\n', 'utf8'));
}
