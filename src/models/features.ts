import { normalizeForMatching } from '../text/normalize.ts';
import { segmentSpans, type TokenSpans } from '../text/segment.ts';

/**
 * Features of a text for the classifiers: words (segment.ts), word bigrams, character bigrams and trigrams,
 * and negated words, each reduced to a 32-bit key by hashing. A model maps keys to its weights either
 * by a vocabulary (the keys seen in enough training texts) or by keeping the low bits (feature
 * hashing); see `FeatureSpec.ids`.
 *
 * Segmentation is separate (`featurize(words, text)`): the classifier segments a mention once and
 * the three models share the result, and even the features — `featurize` computes the kinds asked for,
 * and a Features value holds each kind in its own group, so a model reads only the kinds it was
 * trained on.
 *
 * Speed: a 300-character mention yields ~600 features (words, characters, character bigrams) and
 * is featurized once for all three models. No feature string is built here: words come as spans of
 * the text (segmentSpans), every key is hashed straight from the character codes, each feature
 * remembers only where it came from (a word index or a text offset), and `featureName` builds the
 * string when a prediction is explained.
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
export const KIND_BIT: Record<FeatureKind, number> = { words: 1, wordBigrams: 2, chars: 4, charBigrams: 8, charTrigrams: 16, negation: 32 };

/** The kinds a spec uses, as a bit mask. */
export function kindMask(spec: Pick<FeatureSpec, FeatureKind>): number {
  let mask = 0;
  for (const kind of featureKinds) if (spec[kind]) mask |= KIND_BIT[kind];
  return mask;
}

export interface Features {
  /** The text's words (a copy, so the caller may reuse its spans for the next text). */
  readonly words: TokenSpans;
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

/**
 * The key of a single-character feature, or 0 for a code unit that is none: spaces carry nothing,
 * and lone surrogate halves (emoji) are left to the words.
 */
export function charKey(code: number): number {
  const c = fold(code);
  if (c === 0x20 || c === 0x0a || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return finish(Math.imul(SEED[2]! ^ c, FNV));
}

/** Hashes text[start, end) into h. */
function hashRange(text: string, start: number, end: number, h: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ fold(text.charCodeAt(i)), FNV);
  return h;
}

/**
 * Words given as strings (tests, callers that segmented themselves) as spans of the text: each is
 * looked for after the previous one; a word not in the text is an error.
 */
export function spansOf(tokens: readonly string[], text: string): TokenSpans {
  const starts = new Int32Array(tokens.length);
  const ends = new Int32Array(tokens.length);
  let from = 0;
  tokens.forEach((token, i) => {
    const at = text.indexOf(token, from);
    if (at < 0) throw new Error(`featurize: word ${JSON.stringify(token)} is not in the text`);
    starts[i] = at;
    ends[i] = from = at + token.length;
  });
  return { starts, ends, count: tokens.length };
}

/** Copies spans into `to` (grown when too small); returns it. */
function copySpans(from: TokenSpans, to: TokenSpans | undefined): TokenSpans {
  const out = to && to.starts.length >= from.count ? to : { starts: new Int32Array(Math.max(from.count, to ? from.count * 2 : 0)), ends: new Int32Array(Math.max(from.count, to ? from.count * 2 : 0)), count: 0 };
  for (let i = 0; i < from.count; i++) {
    out.starts[i] = from.starts[i]!;
    out.ends[i] = from.ends[i]!;
  }
  out.count = from.count;
  return out;
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
  bounds = new Int32Array(featureKinds.length + 1);
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
 * Every occurrence of a feature of the kinds in `mask`, in group order: `keys[k]` and `refs[k]` (a
 * word index or a text offset) for k in bounds[g] … bounds[g + 1] - 1 are kind g's. The arrays are
 * scratch, valid until the next call (featurize and FusedModels read them at once).
 */
export function occurrences(spans: TokenSpans, text: string, mask: number): { keys: Int32Array; refs: Int32Array; bounds: Int32Array } {
  const { starts, ends } = spans;
  const count = spans.count;
  const b = builder;
  b.begin(count * 3 + text.length * 3 + 4);
  const pk = b.pendingKeys;
  const pr = b.pendingRefs;
  // Group g's occurrences are pending[bound[g]] … pending[bound[g + 1] - 1].
  const bound = b.bounds;
  bound[0] = 0;
  let n = 0;

  if (mask & 1) {
    for (let i = 0; i < count; i++) {
      pk[n] = finish(hashRange(text, starts[i]!, ends[i]!, SEED[0]!));
      pr[n++] = i;
    }
  }
  bound[1] = n;
  if (mask & 2) {
    for (let i = 0; i + 1 < count; i++) {
      pk[n] = finish(hashRange(text, starts[i + 1]!, ends[i + 1]!, Math.imul(hashRange(text, starts[i]!, ends[i]!, SEED[1]!) ^ 0x20, FNV)));
      pr[n++] = i;
    }
  }
  bound[2] = n;
  if (mask & 4) {
    for (let i = 0; i < text.length; i++) {
      const key = charKey(text.charCodeAt(i));
      if (key === 0) continue;
      pk[n] = key;
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
    const word = (i: number) => text.slice(starts[i]!, ends[i]!);
    for (let i = 0; i < count; i++) {
      if (ends[i]! - starts[i]! > 3 || !NEGATORS.has(word(i))) continue;
      let j = i + 1;
      if (j < count && SKIPPED_ADVERBS.has(word(j))) j++;
      if (j < count && !NEGATORS.has(word(j))) {
        pk[n] = finish(hashRange(text, starts[j]!, ends[j]!, SEED[5]!));
        pr[n++] = j;
      }
    }
  }
  bound[6] = n;
  return { keys: pk, refs: pr, bounds: bound };
}

/**
 * The features of a text. `words` are its words (segmentSpans(text), or strings: see spansOf) and `text` the normalised text;
 * `kinds` is a spec, or a mask of kinds (kindMask), to compute. `reuse`, a Features value made by an
 * earlier call, has its arrays overwritten instead of new ones allocated (the classifier's hot path:
 * allocating the arrays costs more than computing them); its previous content is gone.
 */
export function featurize(words: TokenSpans | readonly string[], text: string, kinds: number | Pick<FeatureSpec, FeatureKind> = ALL_KINDS, reuse?: Features): Features {
  const mask = typeof kinds === 'number' ? kinds : kindMask(kinds);
  const spans = copySpans(isSpans(words) ? words : spansOf(words, text), reuse?.words);
  const { bounds: bound } = occurrences(spans, text, mask);
  const b = builder;

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
    r.words = spans;
    r.text = text;
    r.kinds = mask;
    return reuse;
  }
  // Room to spare when the arrays will be reused for later, longer texts.
  const room = reuse ? Math.max(size * 2, 2048) : size;
  const keys = new Int32Array(room);
  const counts = new Uint16Array(room);
  const refs = new Int32Array(room);
  const features = { words: spans, text, kinds: mask, keys, counts, refs, start };
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
  return nameOf(featureKindAt(features, index), features.refs[index]!, features.words, features.text);
}

/** The readable form of a feature of kind `kind` found at `ref` (a word index or a text offset) in a text. */
export function nameOf(kind: FeatureKind, ref: number, words: TokenSpans, text: string): string {
  let name: string;
  switch (kind) {
    case 'words':
      name = text.slice(words.starts[ref], words.ends[ref]);
      break;
    case 'wordBigrams':
      name = `${text.slice(words.starts[ref], words.ends[ref])} ${text.slice(words.starts[ref + 1], words.ends[ref + 1])}`;
      break;
    case 'chars':
      name = text.slice(ref, ref + 1);
      break;
    case 'charBigrams':
      name = text.slice(ref, ref + 2);
      break;
    case 'charTrigrams':
      name = text.slice(ref, ref + 3);
      break;
    case 'negation':
      name = `¬${text.slice(words.starts[ref], words.ends[ref])}`;
      break;
  }
  // Keys fold ASCII letters to lower case; the name does too.
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]/g, (c) => c.toLowerCase()) : name;
}

/** The features of a raw text: normalised (normalizeForMatching), segmented, featurized. */
export function textFeatures(text: string, kinds: number | Pick<FeatureSpec, FeatureKind> = ALL_KINDS): Features {
  const normalised = normalizeForMatching(text);
  return featurize(segmentSpans(normalised), normalised, kinds);
}

function isSpans(words: TokenSpans | readonly string[]): words is TokenSpans {
  return !Array.isArray(words);
}
