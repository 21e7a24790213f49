/**
 * 64-bit SimHash (Charikar) for grouping reposts: texts that differ by a few words get hashes that
 * differ in a few bits. Near duplicates are found with the pigeonhole trick: two hashes within
 * distance 3 agree on at least one of their four 16-bit bands, so a store looks up candidates by band
 * and checks the full distance.
 *
 * Features are words, weighted by how often they occur, leaving out numbers, single Chinese
 * characters and repost marks like 转发 (see informative). Measured on 1,500 Weibo posts of 100–300 characters with three hash
 * seeds (scratch evaluation, not committed), share of edited copies within distance 3:
 *
 *   features          转发：prefix  source suffix  1 char replaced  5 chars deleted  90% kept  mean
 *   words             81%           56%            70%              57%              29%       58%
 *   word pairs        66%           38%            29%              21%              14%       34%
 *   characters        78%           48%            93%              72%              47%       68%
 *   char bigrams      59%           29%            61%              38%              23%       42%
 *   words + chars     76%           34%            78%              56%              30%       55%
 *
 * Shingles (word pairs, char bigrams) are clearly worse on short texts: one edit changes two
 * features. Characters alone do best on edits but ignore order and word boundaries, and put
 * same-topic news closer (15 bits apart on our justice-department test paragraphs, against 19+ for
 * words); a false merge hides a new mention from the duty officer, a missed one only shows a repost
 * twice, so we use words. Then, with repost marks removed first (repostCore, which takes the prefix
 * and suffix columns to 100%), and a date inserted (近日 → 11月27日) as a fourth edit:
 *
 *   words kept                     1 char replaced  5 deleted  date inserted  90% kept  news apart  false
 *   all                            70%              54%        49%            34%       19+ bits    1
 *   without numbers, single 字     66%              46%        78%            26%       28+ bits    0
 *
 * (false: pairs of different same-topic posts within 3 bits, of 11,734.) Numbers change between
 * reposts (dates, counts) and single characters are mostly function words (的, 了, 在), so leaving
 * them out trades a little recall on deletions for a lot on dates and a wider gap between different
 * stories. A 64-bit SimHash over 100–300 characters cannot keep every small edit within 3 bits;
 * exact copies and same-URL reposts are caught by the dedup keys instead.
 */

/** Two mentions whose SimHashes differ in at most this many bits are the same story. */
export const NEAR_DUPLICATE_DISTANCE = 3;

/** Below this many informative words a text is too short to be choosy: every token counts. */
const MIN_INFORMATIVE = 3;

/**
 * Words that mark a repost rather than say anything (转发：…, 来源：…). repostCore removes whole marks
 * from text; this catches them when a caller hashes tokens of unstripped text.
 */
const REPOST_WORDS = new Set(['转发', '转载', '转自', '转帖', '来源', '稿源', '责任编辑', '责编', '原标题']);

/** A token worth hashing: not a number, not a single Chinese character, not a repost mark. */
function informative(token: string): boolean {
  if (/^[\d.,:%+-]+$/.test(token)) return false;
  if (token.length === 1 && token.charCodeAt(0) >= 0x3400) return false;
  return !REPOST_WORDS.has(token);
}

/** Repost marks that sites and users put before a copied text: 转发：, 转载｜, 【转载】, [转], 转自新华网： */
const REPOST_PREFIX = /^\s*(?:(?:【|\[)\s*(?:转|转发|转载|分享)\s*(?:】|\])\s*[:：|｜]?|(?:转发微博|转发|转载|转自[^\s:：|｜]{0,20}|分享)\s*[:：|｜])\s*/u;
/**
 * Source, editor and reporter credits at the end of a text: （来源：省司法厅）, 责任编辑：张三,
 * （记者 张三 通讯员 李四）, （南丰县融媒体中心 王五）. A republished report drops or replaces the
 * byline, and a byline is four names of informative words.
 */
const REPOST_SUFFIX =
  /\s*(?:[(（【\[]\s*(?:来源|稿源|作者|记者|编辑|责任编辑|责编|通讯员|原标题)\s*[:：][^()（）【】\[\]]{0,60}[)）】\]]|(?:来源|稿源|责任编辑|责编|编辑)\s*[:：]\s*[^\s,，。.;；()（）【】\[\]]{1,30}|[(（]\s*(?:本报|特约|实习)?(?:记者|通讯员)\s[^()（）:：]{1,40}[)）]|[(（][^()（）:：]{0,16}融媒体中心\s[^()（）:：]{1,20}[)）])\s*$/u;

/**
 * The text a repost shares with its original: repost prefixes and trailing source/editor credits
 * removed (repeatedly, so 转发：转载： goes too). On our test paragraphs a 转发： prefix alone moved
 * the SimHash by up to 7 bits, and a （来源：…） suffix by up to 7; both are now 0.
 */
export function repostCore(text: string): string {
  let t = text;
  for (let i = 0; i < 3; i++) {
    const next = t.replace(REPOST_PREFIX, '').replace(REPOST_SUFFIX, '');
    if (next === t) break;
    t = next;
  }
  return t;
}


/**
 * The text a mention's SimHash is taken over: title and body without repost marks, and the title
 * only when the body does not already carry it. Forwards of news write 【headline】text: with the
 * title put in front again, the headline's words counted twice and moved the hash 4–8 bits from
 * the original's (title + text), so most such forwards missed their story.
 */
export function fingerprintText(title: string, body: string): string {
  const head = repostCore(title).trim();
  const text = repostCore(body);
  return head && !text.includes(head) ? `${head}\n${text}` : text;
}

/**
 * MurmurHash3's 32-bit mixing over UTF-16 code units. A feature's 64 bits are two of these with
 * different seeds: plain Math.imul arithmetic is far faster than BigInt FNV-1a 64, and the finaliser
 * mixes every bit, which SimHash needs (FNV leaves the high bits of 1–2 character words poorly mixed).
 */
function murmur32(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = murmurRound(h, s.charCodeAt(i));
  return murmurFinal(h, s.length);
}

function murmurRound(h: number, unit: number): number {
  let k = Math.imul(unit, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function murmurFinal(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED_HI = 0x9747b28c;
const SEED_LO = 0x5bd1e995;

/** Bit-sliced counters: enough slices to count a million features per bit. */
const SLICES = 20;

/**
 * 32 counters (one per bit of a hash half) kept as bit slices: slice s holds bit s of every counter,
 * so adding a 32-bit word is a ripple carry over the slices — O(1) amortised word operations per
 * feature instead of 32 separate additions. This made simhash ~5× faster (measured).
 */
function addWord(slices: Int32Array, word: number): void {
  let carry = word | 0;
  for (let s = 0; carry !== 0 && s < SLICES; s++) {
    const next = slices[s]! & carry;
    slices[s]! ^= carry;
    carry = next;
  }
}

/** Bit b of the result is 1 when more than half of the `total` added words had bit b set. */
function majority(slices: Int32Array, total: number): number {
  let out = 0;
  for (let b = 0; b < 32; b++) {
    let ones = 0;
    for (let s = 0; s < SLICES; s++) ones |= ((slices[s]! >>> b) & 1) << s;
    if (ones * 2 > total) out |= 1 << b;
  }
  return out >>> 0;
}

/** Computes the 64-bit SimHash of a token list (term-frequency weighted informative words), as 16 hex digits. */
export function simhash(tokens: readonly string[]): string {
  let features = tokens.filter(informative);
  if (features.length < MIN_INFORMATIVE) features = [...tokens];
  const hi = new Int32Array(SLICES);
  const lo = new Int32Array(SLICES);
  // Adding a word once per occurrence is exactly term-frequency weighting.
  for (const token of features) {
    addWord(hi, murmur32(token, SEED_HI));
    addWord(lo, murmur32(token, SEED_LO));
  }
  return hex8(majority(hi, features.length)) + hex8(majority(lo, features.length));
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function popcount32(n: number): number {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Counts the bits in which two SimHashes (16 hex digits each) differ. */
export function hammingDistance(a: string, b: string): number {
  const ahi = parseInt(a.slice(0, 8), 16);
  const alo = parseInt(a.slice(8, 16), 16);
  const bhi = parseInt(b.slice(0, 8), 16);
  const blo = parseInt(b.slice(8, 16), 16);
  if ([ahi, alo, bhi, blo].some(Number.isNaN) || a.length !== 16 || b.length !== 16) {
    throw new Error(`not a 64-bit simhash: ${a} / ${b}`);
  }
  return popcount32((ahi ^ bhi) >>> 0) + popcount32((alo ^ blo) >>> 0);
}

/** Splits a SimHash into its four 16-bit bands, most significant first (for the near-duplicate index). */
export function simhashBands(hex: string): [number, number, number, number] {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new Error(`not a 64-bit simhash: ${hex}`);
  return [
    parseInt(hex.slice(0, 4), 16),
    parseInt(hex.slice(4, 8), 16),
    parseInt(hex.slice(8, 12), 16),
    parseInt(hex.slice(12, 16), 16),
  ];
}
