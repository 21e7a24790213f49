/**
 * Features of a text for the classifiers: jieba words and character bigrams, hashed into a fixed
 * number of buckets (no vocabulary to store or look up), counted once per text (binary: on short
 * posts presence carries the signal, repetition mostly noise). The feature strings of the current
 * text are kept beside their ids, so a prediction can say which words weighed most.
 */

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  words: boolean;
  charBigrams: boolean;
  /** Character trigrams as well (off by default: measured no better on weibo2018, ChnSentiCorp, waimai or THUCNews). */
  charTrigrams?: boolean;
}

export const defaultFeatureSpec: FeatureSpec = { bits: 20, words: true, charBigrams: true };

export interface Features {
  /** Distinct bucket ids. */
  ids: Int32Array;
  /** For each id, one feature string that produced it (for explanations). */
  names: string[];
}

/** FNV-1a over UTF-16 code units, then a murmur finaliser so low bits are well mixed. */
function hash(s: string, prefix: number): number {
  let h = 0x811c9dc5 ^ prefix;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Letters, digits and CJK: characters a bigram is made of (punctuation and spaces break bigrams). */
function isTextChar(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x3400 && c <= 0x4dbf);
}

const WORD = 1;
const BIGRAM = 2;
const TRIGRAM = 3;

/** Marks of bucket ids already taken by the current text (reset after each call): cheaper than a Map. */
let taken = new Uint8Array(1 << defaultFeatureSpec.bits);

/**
 * The features of a text: `tokens` are its jieba words (segment(text)), `text` the normalised text.
 * Ids come in the order first seen; each id once.
 */
export function featurize(tokens: readonly string[], text: string, spec: FeatureSpec): Features {
  const mask = (1 << spec.bits) - 1;
  if (taken.length < mask + 1) taken = new Uint8Array(mask + 1);
  const ids: number[] = [];
  const names: string[] = [];
  const add = (id: number, name: string) => {
    if (taken[id]) return;
    taken[id] = 1;
    ids.push(id);
    names.push(name);
  };
  if (spec.words) {
    for (const t of tokens) add(hash(t.length > 1 || t.charCodeAt(0) >= 0x3400 ? t : t.toLowerCase(), WORD) & mask, t);
  }
  if (spec.charBigrams) {
    for (let i = 0; i + 1 < text.length; i++) {
      const a = text.charCodeAt(i);
      const b = text.charCodeAt(i + 1);
      if (!isTextChar(a) || !isTextChar(b)) continue;
      const bigram = text.slice(i, i + 2);
      add(hash(bigram, BIGRAM) & mask, bigram);
      if (spec.charTrigrams && i + 2 < text.length && isTextChar(text.charCodeAt(i + 2))) {
        const trigram = text.slice(i, i + 3);
        add(hash(trigram, TRIGRAM) & mask, trigram);
      }
    }
  }
  for (const id of ids) taken[id] = 0;
  return { ids: Int32Array.from(ids), names };
}
