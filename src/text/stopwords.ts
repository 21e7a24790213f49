import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Stop words (data/dictionary/stopwords.txt, Huiying's own list): function words and news fillers
 * (的, 了, 记者, 表示 …) that say nothing about what a mention is about. They are left out of
 * near-duplicate fingerprints and of model explanations; rules and models still see every word.
 */
export const STOP_WORDS_FILE = fileURLToPath(new URL('../../data/dictionary/stopwords.txt', import.meta.url));

let words: Set<string> | null = null;

/** Parses a stop-word list: one word per line, `#` comments and blank lines ignored. */
export function parseStopWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const word = line.trim();
    if (word && !word.startsWith('#')) out.add(word);
  }
  return out;
}

/** Whether a word is on the shipped stop-word list (read on first use). */
export function isStopWord(word: string): boolean {
  words ??= parseStopWords(fs.readFileSync(STOP_WORDS_FILE, 'utf8'));
  return words.has(word);
}

/** The words of a token list that carry meaning: stop words removed, order kept. */
export function contentWords(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !isStopWord(t));
}
