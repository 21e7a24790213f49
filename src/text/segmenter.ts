/**
 * Jieba's word segmentation (accurate mode, without the HMM for unknown words) over jieba's own
 * dictionary, in plain TypeScript over typed arrays.
 *
 * Why by hand, next to @node-rs/jieba: classification segments every mention, and a call into the
 * Rust library costs ~40 µs for a 300-character mention (bench:classify), much of it in crossing
 * the N-API boundary — converting the text to UTF-8 and building a JS string per token. That alone
 * capped classification near the 20,000 mentions/s the issue asks for. The same algorithm here takes
 * ~14 µs and hands back token boundaries, which the feature hashing reads without building strings.
 * The dictionary still comes from @node-rs/jieba (its bundled dict.txt), and a test checks the cut
 * against `Jieba.cut(text, false)` token for token on the shared corpora. Without the HMM, words
 * missing from jieba's dictionary (微博, 热搜 …) come from data/dictionary/online.txt instead.
 *
 * The algorithm (jieba's `cut_DAG_NO_HMM`): text splits into runs of ideographs, letters, digits and
 * `+#&._%-`, and single other characters. Within a run every dictionary word starting at each
 * position is an edge of a DAG; the route maximising the sum of log P(word) = log(freq / total) is
 * found right to left by dynamic programming (ties go to the longer word), and consecutive single
 * letters or digits on the route are joined into one token (`abc`, `2020`).
 */

/** Where the tokens of a text are: token i is text.slice(starts[i], ends[i]). */
export interface TokenSpans {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/** Ideographs, ASCII letters and digits and +#&._%-: what jieba's accurate mode cuts as one run. */
function isRunChar(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x30 && c <= 0x39) ||
    ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
    c === 0x2b || c === 0x23 || c === 0x26 || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2d
  );
}

/** Per UTF-16 code unit outside the runs: 1 whitespace or punctuation, 2 anything else, 0 not yet known. */
const noiseClass = new Uint8Array(0x10000);
const NOISE = /^[\p{P}\p{Z}\s\u3000]$/u;

function isNoise(c: number): boolean {
  let k = noiseClass[c]!;
  if (k === 0) k = noiseClass[c] = NOISE.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/** Whether text[start, end) is punctuation only (the symbols a run may hold). */
function isPunctuation(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x80 || !isNoise(c)) return false;
  }
  return true;
}

const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

/**
 * A dictionary trie and the segmentation over it.
 *
 * Words are added to a trie whose nodes are numbers and whose edges live in one open-addressing
 * table keyed by (node, UTF-16 code unit); the root's edges are a direct 64k-entry array. Cutting
 * reads a compiled copy, rebuilt after the dictionary changes: nodes renumbered breadth first, so a
 * node's children are consecutive numbers (children of n: first[n] … first[n + 1] - 1, their code
 * units in `unit`, ascending) and a walk reads neighbouring memory. First characters have up to
 * hundreds of children, so the second step goes through a hash table of character pairs instead
 * (segmentation 23 → 14 µs per 300-character mention; the build-time hash trie took ~17).
 */
export class Segmenter {
  // The trie as built. Node 0 is the root, never a child.
  private rootChild = new Int32Array(0x10000);
  private bits = 16;
  /** Slot s: parent node at 3s, code unit at 3s+1, child node at 3s+2 (0 = empty). */
  private table = new Int32Array(3 << 16);
  private transitions = 0;
  private nodes = 1;
  /** A node's word frequency (0: a prefix of words only). */
  private freq = new Float64Array(1 << 16);
  private total = 0;
  private compiled: Compiled | null = null;
  // Per-text working arrays, grown as needed and reused (segmentation is synchronous).
  private route = new Float64Array(1024);
  private next = new Int32Array(1024);

  /**
   * Loads words in jieba's dictionary format: `word [freq] [tag]` per line; a later entry replaces an
   * earlier one's frequency. Words without a frequency get one suggested by the dictionary as it
   * stands after the others on the file are in (one rebuild of the compiled trie for them all).
   */
  loadDictionary(text: string): void {
    const unrated: string[] = [];
    let lineStart = 0;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(lineStart, lineEnd).trim();
      lineStart = lineEnd + 1;
      if (!line) continue;
      const [word, freq] = line.split(/\s+/);
      if (freq !== undefined && /^\d+$/.test(freq)) this.addWord(word!, Number(freq));
      else unrated.push(word!);
    }
    const suggested = unrated.map((word) => this.suggestFreq(word));
    unrated.forEach((word, i) => this.addWord(word, suggested[i]));
  }

  /**
   * Adds a word. Without a frequency it gets the one that makes it win against cutting it in pieces
   * (jieba's suggest_freq: one more than the product of its parts' probabilities, at least 1); that
   * costs a rebuild of the compiled trie (~0.1 s), so dictionaries give frequencies.
   */
  addWord(word: string, freq?: number): void {
    if (!word) return;
    const f = freq ?? this.suggestFreq(word);
    let node = 0;
    for (let i = 0; i < word.length; i++) node = this.child(node, word.charCodeAt(i));
    this.total += f - this.freq[node]!;
    this.freq[node] = f;
    this.compiled = null;
  }

  /** The frequency a word needs to be cut whole in the current dictionary. */
  private suggestFreq(word: string): number {
    const spans = this.cut(word);
    let p = 1;
    for (let i = 0; i < spans.count; i++) p *= Math.max(this.freqOf(word, spans.starts[i]!, spans.ends[i]!), 1) / this.total;
    return Math.max(Math.floor(p * this.total) + 1, Math.max(this.freqOf(word, 0, word.length), 1));
  }

  /** The dictionary frequency of text[start, end) (0 when it is no word), from the trie as built. */
  private freqOf(text: string, start: number, end: number): number {
    let node = 0;
    for (let i = start; i < end; i++) {
      node = this.existingChild(node, text.charCodeAt(i));
      if (node === 0) return 0;
    }
    return this.freq[node]!;
  }

  /** The child of `node` by code unit `c`, or 0. */
  private existingChild(node: number, c: number): number {
    if (node === 0) return this.rootChild[c]!;
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    for (let slot = slotOf(node, c, this.bits); ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      const stored = table[at + 2]!;
      if (stored === 0 || (table[at] === node && table[at + 1] === c)) return stored;
    }
  }

  /** The child of `node` by code unit `c`, made when absent. */
  private child(node: number, c: number): number {
    const existing = this.existingChild(node, c);
    if (existing) return existing;
    const made = this.newNode();
    if (node === 0) return (this.rootChild[c] = made);
    if (++this.transitions * 2 > 1 << this.bits) this.grow();
    return this.insert(node, c, made);
  }

  private insert(node: number, c: number, made: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = slotOf(node, c, this.bits);
    while (this.table[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
    this.table[slot * 3] = node;
    this.table[slot * 3 + 1] = c;
    this.table[slot * 3 + 2] = made;
    return made;
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    this.table = new Int32Array(3 << this.bits);
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!);
  }

  private newNode(): number {
    if (this.nodes === this.freq.length) {
      const freq = new Float64Array(this.nodes * 2);
      freq.set(this.freq);
      this.freq = freq;
    }
    return this.nodes++;
  }

  /** The compiled trie, rebuilt when words were added since the last cut. */
  private trie(): Compiled {
    return (this.compiled ??= new Compiled(this.rootChild, this.table, this.nodes, this.freq, this.total));
  }

  /**
   * Cuts text into words, written into `out` (reused when given: its arrays grow as needed).
   * Whitespace and punctuation are dropped (jieba makes them tokens of their own, which carry no
   * meaning); other symbols and emoji are single-character words.
   */
  cut(text: string, out?: TokenSpans): TokenSpans {
    const trie = this.trie();
    const n = text.length;
    const spans = out ?? { starts: new Int32Array(Math.max(16, n)), ends: new Int32Array(Math.max(16, n)), count: 0 };
    if (spans.starts.length < n) {
      spans.starts = new Int32Array(n * 2);
      spans.ends = new Int32Array(n * 2);
    }
    if (this.route.length < n + 1) {
      this.route = new Float64Array(n * 2 + 1);
      this.next = new Int32Array(n * 2 + 1);
    }
    spans.count = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isRunChar(c)) {
        let end = i + 1;
        while (end < n && isRunChar(text.charCodeAt(end))) end++;
        this.cutRun(trie, text, i, end, spans);
        i = end;
      } else if (isNoise(c)) {
        i++;
      } else {
        // One token per character; a surrogate pair (an emoji) is one character.
        const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
        spans.starts[spans.count] = i;
        spans.ends[spans.count++] = i + width;
        i += width;
      }
    }
    return spans;
  }

  /** The best route through text[from, to) by dictionary words, appended to `spans`. */
  private cutRun(trie: Compiled, text: string, from: number, to: number, spans: TokenSpans): void {
    const { route, next } = this;
    const { rootIndex, first, unit, logP, pairs } = trie;
    const pairShift = 32 - trie.pairBits;
    const pairMask = ((1 << trie.pairBits) - 1) << 1;
    // An unknown single character counts as frequency 1.
    const unknown = trie.unknown;
    route[to] = 0;
    for (let i = to - 1; i >= from; i--) {
      let best = -Infinity;
      let bestEnd = i + 1;
      const first0 = text.charCodeAt(i);
      let node = rootIndex[first0]!;
      for (let j = i; node > 0; ) {
        const p = logP[node]!;
        if (p !== -Infinity) {
          const score = p + route[j + 1]!;
          // >= : on a tie the longer word wins, as in jieba.
          if (score >= best) {
            best = score;
            bestEnd = j + 1;
          }
        }
        if (++j >= to) break;
        const c = text.charCodeAt(j);
        if (j === i + 1) {
          // The second character: first characters have up to hundreds of children, so pairs are hashed.
          const key = (first0 << 16) | c;
          let slot = (Math.imul(key, 0x9e3779b1) >>> pairShift) << 1;
          for (;;) {
            node = pairs[slot + 1]!;
            if (node === 0 || pairs[slot] === key) break;
            slot = (slot + 2) & pairMask;
          }
          continue;
        }
        // Deeper: a scan of the few children most nodes have, else a binary search.
        let lo = first[node]!;
        let hi = first[node + 1]!;
        node = 0;
        if (hi - lo <= 8) {
          for (; lo < hi; lo++) {
            if (unit[lo] === c) {
              node = lo;
              break;
            }
          }
        } else {
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            const u = unit[mid]!;
            if (u === c) {
              node = mid;
              break;
            }
            if (u < c) lo = mid + 1;
            else hi = mid;
          }
        }
      }
      // No dictionary word starts here: the character alone.
      if (best === -Infinity) best = unknown + route[i + 1]!;
      route[i] = best;
      next[i] = bestEnd;
    }
    // Walk the route; consecutive single letters or digits join into one token.
    const { starts, ends } = spans;
    let count = spans.count;
    let joining = false;
    for (let i = from; i < to; ) {
      const end = next[i]!;
      if (end === i + 1 && isAsciiAlnum(text.charCodeAt(i))) {
        if (joining) ends[count - 1] = end;
        else {
          starts[count] = i;
          ends[count++] = end;
          joining = true;
        }
      } else {
        // A run may hold #&._%- (jieba keeps 3.5 or 50% together); alone they are punctuation.
        if (!isPunctuation(text, i, end)) {
          starts[count] = i;
          ends[count++] = end;
        }
        joining = false;
      }
      i = end;
    }
    spans.count = count;
  }
}

function slotOf(node: number, c: number, bits: number): number {
  return Math.imul(Math.imul(node, 0x9e3779b1) ^ c, 0x85ebca6b) >>> (32 - bits);
}

/** The trie laid out breadth first for cutting (see Segmenter). */
class Compiled {
  /** The node of each first character (0: no word starts with it). */
  readonly rootIndex = new Int32Array(0x10000);
  /** Children of node n are first[n] … first[n + 1] - 1. */
  readonly first: Int32Array;
  /** The code unit leading to each node. */
  readonly unit: Uint16Array;
  /** log(freq / total) per node; -Infinity for a prefix that is no word. */
  readonly logP: Float64Array;
  /**
   * The second-level nodes by their two code units: open addressing, slot s holds the key
   * (c1 << 16 | c2) at 2s and the node at 2s + 1 (0: an empty slot), one memory access per probe.
   */
  readonly pairs: Int32Array;
  readonly pairBits: number;
  /** log P of a character the dictionary does not have (frequency 1). */
  readonly unknown: number;

  constructor(rootChild: Int32Array, table: Int32Array, nodes: number, freq: Float64Array, total: number) {
    // Each built node's children, sorted by code unit: counted, then placed (a counting sort by parent).
    const childStart = new Int32Array(nodes + 1);
    for (let c = 0; c < 0x10000; c++) if (rootChild[c]) childStart[1]!++;
    for (let at = 0; at < table.length; at += 3) if (table[at + 2]) childStart[table[at]! + 1]!++;
    for (let n = 0; n < nodes; n++) childStart[n + 1]! += childStart[n]!;
    const fill = childStart.slice(0, nodes);
    const childUnit = new Uint16Array(nodes);
    const childNode = new Int32Array(nodes);
    for (let c = 0; c < 0x10000; c++) {
      if (!rootChild[c]) continue;
      childUnit[fill[0]!] = c;
      childNode[fill[0]!++] = rootChild[c]!;
    }
    for (let at = 0; at < table.length; at += 3) {
      if (!table[at + 2]) continue;
      const k = fill[table[at]!]!++;
      childUnit[k] = table[at + 1]!;
      childNode[k] = table[at + 2]!;
    }
    for (let n = 1; n < nodes; n++) sortRange(childUnit, childNode, childStart[n]!, childStart[n + 1]!);
    // Breadth-first renumbering: the children of the k-th node visited get the next consecutive numbers.
    this.first = new Int32Array(nodes + 1);
    this.unit = new Uint16Array(nodes);
    this.logP = new Float64Array(nodes);
    const order = new Int32Array(nodes); // built node of each new number
    const logTotal = Math.log(total);
    let assigned = 1;
    for (let k = 0; k < nodes; k++) {
      const built = order[k]!;
      this.first[k] = assigned;
      for (let e = childStart[built]!; e < childStart[built + 1]!; e++) {
        const child = childNode[e]!;
        order[assigned] = child;
        this.unit[assigned] = childUnit[e]!;
        this.logP[assigned] = freq[child]! > 0 ? Math.log(freq[child]!) - logTotal : -Infinity;
        if (k === 0) this.rootIndex[childUnit[e]!] = assigned;
        assigned++;
      }
    }
    this.first[nodes] = assigned;
    this.unknown = -logTotal;
    let pairs = 0;
    for (let c = 0; c < 0x10000; c++) if (this.rootIndex[c]) pairs += this.first[this.rootIndex[c]! + 1]! - this.first[this.rootIndex[c]!]!;
    let bits = 4;
    while (1 << bits < pairs * 2) bits++;
    this.pairBits = bits;
    this.pairs = new Int32Array(2 << bits);
    for (let c = 0; c < 0x10000; c++) {
      const node = this.rootIndex[c]!;
      if (!node) continue;
      for (let k = this.first[node]!; k < this.first[node + 1]!; k++) {
        const key = (c << 16) | this.unit[k]!;
        let slot = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
        while (this.pairs[slot * 2 + 1] !== 0) slot = (slot + 1) & ((1 << bits) - 1);
        this.pairs[slot * 2] = key;
        this.pairs[slot * 2 + 1] = k;
      }
    }
  }
}

/** Sorts entries [from, to) of two parallel arrays by the first (insertion sort: most ranges are tiny). */
function sortRange(keys: Uint16Array, values: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    const pairs = Array.from({ length: to - from }, (_, i) => [keys[from + i]!, values[from + i]!] as const).sort((a, b) => a[0] - b[0]);
    pairs.forEach(([k, v], i) => {
      keys[from + i] = k;
      values[from + i] = v;
    });
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const k = keys[i]!;
    const v = values[i]!;
    let j = i - 1;
    while (j >= from && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      values[j + 1] = values[j]!;
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = v;
  }
}
