import { normalizeForMatching } from '../text/normalize.ts';
import { segment } from '../text/segment.ts';

/**
 * Features of a text for the classifiers: jieba words, word bigrams, character bigrams and trigrams,
 * and negated words, each reduced to a 32-bit key by hashing. A model maps keys to its weights either
 * by a vocabulary (the keys seen in enough training texts) or by keeping the low bits (feature
 * hashing); see `FeatureSpec.ids`.
 *
 * Segmentation is separate (`featurize(tokens, text)`): the classifier segments a mention once and
 * the three models share the result, and even the features — `featurize` computes the kinds asked for,
 * and a Features value holds each kind in its own group, so a model reads only the kinds it was
 * trained on.
 *
 * Speed: a 300-character mention yields ~600 features (words, characters, character bigrams) and
 * is featurized once for all three models. No feature string is built here: n-gram keys are hashed
 * straight from the character codes, each feature remembers only where it came from (a token index
 * or a text offset), and `featureName` builds the string when a prediction is explained.
 */

/** The kinds of feature, in group order. */
export const featureKinds = ['words', 'wordBigrams', 'chars', 'charBigrams', 'charTrigrams', 'negation'] as const;
export type FeatureKind = (typeof featureKinds)[number];

export interface FeatureSpec {
  words: boolean;
  /** Adjacent word pairs. */
  wordBigrams: boolean;
  /** Single characters (punctuation included: ！ and ？ carry tone). */
  chars: boolean;
  /** Adjacent letters/digits/ideographs; punctuation and spaces break n-grams. */
  charBigrams: boolean;
  charTrigrams: boolean;
  /** The word after a negator (不, 没有, 别, …) as a feature of its own, `¬满意`. */
  negation: boolean;
  /** Presence (each feature once per text) or occurrence counts. */
  binary: boolean;
  /**
   * How a key becomes a weight: `vocabulary` keeps the keys seen in at least `minCount` training
   * texts (exact, needs a pass over the training set); `hash` keeps the low `bits` bits of the key
   * (fixed table, collisions merge features).
   */
  ids: { kind: 'vocabulary'; minCount: number } | { kind: 'hash'; bits: number };
}

/** The bit of each kind in a kinds mask. */
const KIND_BIT: Record<FeatureKind, number> = { words: 1, wordBigrams: 2, chars: 4, charBigrams: 8, charTrigrams: 16, negation: 32 };

/** The kinds a spec uses, as a bit mask. */
export function kindMask(spec: Pick<FeatureSpec, FeatureKind>): number {
  let mask = 0;
  for (const kind of featureKinds) if (spec[kind]) mask |= KIND_BIT[kind];
  return mask;
}

export interface Features {
  readonly tokens: readonly string[];
  readonly text: string;
  /** The kinds computed (bit mask). */
  readonly kinds: number;
  /**
   * Distinct feature keys, never 0, grouped by kind: group g is keys[start[g]] … keys[start[g + 1] - 1];
   * start[featureKinds.length] is the number of features (the arrays may be longer when reused).
   */
  readonly keys: Int32Array;
  /** How often each feature occurs in the text. */
  readonly counts: Uint16Array;
  /** Where each feature first occurs: a token index (words, word bigrams, negation) or a text offset. */
  readonly refs: Int32Array;
  /** Group starts, one per kind plus the end. */
  readonly start: Int32Array;
}

/**
 * Words that negate the word after them. Word bigrams and character n-grams see 不满意 already; a
 * negation feature also pools 不/没/别/未 + word under one feature and survives a word in between
 * when the negator is followed by an adverb (不太满意 → ¬满意).
 */
const NEGATORS = new Set(['不', '没', '没有', '别', '未', '无', '非', '莫', '勿', '不是', '不要', '不会', '不能', '不太', '不够', '不再', '不用', '从不', '从未', '并不', '并非', '毫无', '绝不', '决不', '无法', '难以', '不怎么', '没什么']);
/** Adverbs skipped between a negator and the negated word. */
const SKIPPED_ADVERBS = new Set(['太', '很', '怎么', '大', '是', '算', '够', '再', '那么', '这么', '会', '能', '要', '好']);

/** Letters, digits and CJK ideographs: what character n-grams are made of. */
function isTextChar(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || (c >= 0x3400 && c <= 0x4dbf);
}

/** ASCII letters fold to lower case, so WeChat and wechat are one feature. */
const fold = (c: number) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);

/** The murmur3 finaliser: spreads every input bit over the key, so any bit range is a fair hash. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0 || 1; // 0 marks an empty slot in the weight tables
}

const FNV = 0x01000193;
/** One seed per kind, so 好 the word and 好 inside a bigram never share a key. */
const SEED = [0x811c9dc5, 0x5bd1e995, 0x7f4a7c15, 0x27d4eb2f, 0x165667b1, 0x9e3779b9];

function hashString(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ fold(s.charCodeAt(i)), FNV);
  return h;
}

/**
 * The working state of featurize, reused by every call (featurize is synchronous). Featurizing runs
 * in two tight loops over typed arrays, which V8 compiles to plain machine code: first every
 * occurrence's key and origin are appended to `pendingKeys`/`pendingRefs`, then the occurrences are
 * merged into distinct features through an open-addressing set marked with a generation number (so
 * it never needs clearing). No allocation per feature, and none at all when the caller reuses a
 * Features value: allocating typed arrays (off the JS heap) cost more than computing the features.
 */
class Builder {
  setBits = 12;
  /** The set: per slot the generation that filled it, the key, and the feature's index (stride 4, one cache line per probe). */
  set = new Int32Array(4 << 12);
  generation = 0;
  pendingKeys = new Int32Array(1024);
  pendingRefs = new Int32Array(1024);
  keys = new Int32Array(1024);
  counts = new Uint16Array(1024);
  refs = new Int32Array(1024);

  /** Makes room for `maxFeatures` occurrences and starts a new text. */
  begin(maxFeatures: number): void {
    if (maxFeatures * 2 > 1 << this.setBits) {
      while (maxFeatures * 2 > 1 << this.setBits) this.setBits++;
      this.set = new Int32Array(4 << this.setBits);
      this.generation = 0;
    }
    if (maxFeatures > this.keys.length) {
      // Grown with room to spare: typed arrays are costly to allocate (their memory lives off the JS heap).
      const room = maxFeatures * 2;
      this.pendingKeys = new Int32Array(room);
      this.pendingRefs = new Int32Array(room);
      this.keys = new Int32Array(room);
      this.counts = new Uint16Array(room);
      this.refs = new Int32Array(room);
    }
    if (++this.generation === 0x7fffffff) {
      this.set.fill(0);
      this.generation = 1;
    }
  }

  /** Merges pending occurrences [from, to) into the distinct features after `size`; returns the new size. */
  merge(from: number, to: number, size: number): number {
    const { set, pendingKeys, pendingRefs, keys, counts, refs, generation } = this;
    const bits = this.setBits;
    const mask = (1 << bits) - 1;
    for (let p = from; p < to; p++) {
      const key = pendingKeys[p]!;
      let slot = (Math.imul(key, 0x9e3779b1) >>> (32 - bits)) << 2;
      for (;;) {
        if (set[slot] !== generation) {
          set[slot] = generation;
          set[slot + 1] = key;
          set[slot + 2] = size;
          keys[size] = key;
          counts[size] = 1;
          refs[size] = pendingRefs[p]!;
          size++;
          break;
        }
        if (set[slot + 1] === key) {
          const i = set[slot + 2]!;
          if (counts[i]! < 0xffff) counts[i]!++;
          break;
        }
        slot = (slot + 4) & (mask << 2);
      }
    }
    return size;
  }
}

const builder = new Builder();

/** Every feature kind (bit mask). */
export const ALL_KINDS = 63;

/**
 * The features of a text. `tokens` are its words (segment(text)) and `text` the normalised text;
 * `kinds` is a spec, or a mask of kinds (kindMask), to compute. `reuse`, a Features value made by an
 * earlier call, has its arrays overwritten instead of new ones allocated (the classifier's hot path:
 * allocating the arrays costs more than computing them); its previous content is gone.
 */
export function featurize(tokens: readonly string[], text: string, kinds: number | Pick<FeatureSpec, FeatureKind> = ALL_KINDS, reuse?: Features): Features {
  const mask = typeof kinds === 'number' ? kinds : kindMask(kinds);
  const b = builder;
  b.begin(tokens.length * 3 + text.length * 3 + 4);
  const pk = b.pendingKeys;
  const pr = b.pendingRefs;
  // Group g's occurrences are pending[bound[g]] … pending[bound[g + 1] - 1].
  const bound = [0, 0, 0, 0, 0, 0, 0];
  let n = 0;

  if (mask & 1) {
    for (let i = 0; i < tokens.length; i++) {
      pk[n] = finish(hashString(tokens[i]!, SEED[0]!));
      pr[n++] = i;
    }
  }
  bound[1] = n;
  if (mask & 2) {
    for (let i = 0; i + 1 < tokens.length; i++) {
      pk[n] = finish(hashString(tokens[i + 1]!, Math.imul(hashString(tokens[i]!, SEED[1]!) ^ 0x20, FNV)));
      pr[n++] = i;
    }
  }
  bound[2] = n;
  if (mask & 4) {
    const seed = SEED[2]!;
    for (let i = 0; i < text.length; i++) {
      const c = fold(text.charCodeAt(i));
      // Spaces carry nothing; lone surrogate halves (emoji) are left to the words.
      if (c === 0x20 || c === 0x0a || (c >= 0xd800 && c <= 0xdfff)) continue;
      pk[n] = finish(Math.imul(seed ^ c, FNV));
      pr[n++] = i;
    }
  }
  bound[3] = n;
  if (mask & 8) {
    const seed = SEED[3]!;
    let a = text.length ? fold(text.charCodeAt(0)) : 0;
    let aText = text.length > 0 && isTextChar(a);
    for (let i = 1; i < text.length; i++) {
      const c = fold(text.charCodeAt(i));
      const cText = isTextChar(c);
      if (aText && cText) {
        pk[n] = finish(Math.imul(Math.imul(seed ^ a, FNV) ^ c, FNV));
        pr[n++] = i - 1;
      }
      a = c;
      aText = cText;
    }
  }
  bound[4] = n;
  if (mask & 16) {
    const seed = SEED[4]!;
    for (let i = 0; i + 2 < text.length; i++) {
      const c0 = fold(text.charCodeAt(i));
      const c1 = fold(text.charCodeAt(i + 1));
      const c2 = fold(text.charCodeAt(i + 2));
      if (!isTextChar(c0) || !isTextChar(c1) || !isTextChar(c2)) continue;
      pk[n] = finish(Math.imul(Math.imul(Math.imul(seed ^ c0, FNV) ^ c1, FNV) ^ c2, FNV));
      pr[n++] = i;
    }
  }
  bound[5] = n;
  if (mask & 32) {
    for (let i = 0; i < tokens.length; i++) {
      if (!NEGATORS.has(tokens[i]!)) continue;
      let j = i + 1;
      if (j < tokens.length && SKIPPED_ADVERBS.has(tokens[j]!)) j++;
      if (j < tokens.length && !NEGATORS.has(tokens[j]!)) {
        pk[n] = finish(hashString(tokens[j]!, SEED[5]!));
        pr[n++] = j;
      }
    }
  }
  bound[6] = n;

  const start = reuse ? reuse.start : new Int32Array(featureKinds.length + 1);
  let size = 0;
  for (let g = 0; g < featureKinds.length; g++) {
    start[g] = size;
    size = b.merge(bound[g]!, bound[g + 1]!, size);
  }
  start[featureKinds.length] = size;
  if (reuse && reuse.keys.length >= size) {
    copy(b, reuse, size);
    const r = reuse as Mutable<Features>;
    r.tokens = tokens;
    r.text = text;
    r.kinds = mask;
    return reuse;
  }
  // Room to spare when the arrays will be reused for later, longer texts.
  const room = reuse ? Math.max(size * 2, 2048) : size;
  const keys = new Int32Array(room);
  const counts = new Uint16Array(room);
  const refs = new Int32Array(room);
  const features = { tokens, text, kinds: mask, keys, counts, refs, start };
  copy(b, features, size);
  return features;
}

/** Copies the builder's first `size` features (a loop: subarray views would allocate). */
function copy(b: Builder, to: Features, size: number): void {
  const { keys, counts, refs } = b;
  for (let i = 0; i < size; i++) {
    to.keys[i] = keys[i]!;
    to.counts[i] = counts[i]!;
    to.refs[i] = refs[i]!;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The kind of the feature at `index` of a Features value. */
export function featureKindAt(features: Features, index: number): FeatureKind {
  let g = 0;
  while (g < featureKinds.length - 1 && index >= features.start[g + 1]!) g++;
  return featureKinds[g]!;
}

/** The readable form of the feature at `index`: 满意, 不 满意, 满意 (bigram), ¬满意. */
export function featureName(features: Features, index: number): string {
  const ref = features.refs[index]!;
  // Keys fold ASCII letters to lower case; the name does too (rarely needed: no regex on the common path).
  const lower = (s: string) => (/[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s);
  switch (featureKindAt(features, index)) {
    case 'words':
      return lower(features.tokens[ref]!);
    case 'wordBigrams':
      return lower(`${features.tokens[ref]} ${features.tokens[ref + 1]}`);
    case 'chars':
      return lower(features.text.slice(ref, ref + 1));
    case 'charBigrams':
      return lower(features.text.slice(ref, ref + 2));
    case 'charTrigrams':
      return lower(features.text.slice(ref, ref + 3));
    case 'negation':
      return `¬${lower(features.tokens[ref]!)}`;
  }
}

/** The features of a raw text: normalised (normalizeForMatching), segmented with jieba, featurized. */
export function textFeatures(text: string, kinds: number | Pick<FeatureSpec, FeatureKind> = ALL_KINDS): Features {
  const normalised = normalizeForMatching(text);
  return featurize(segment(normalised), normalised, kinds);
}
