import { foldCase, foldTable, needsFolding } from './case-fold.ts';
import type { Field, Query, QueryNode, TermNode } from './query.ts';

/**
 * Matching parsed queries against mentions: one rule alone (compileQuery, for backtests and the
 * rule editor) or a whole rule pack at once (compileRulePack / RuleEngine, for classification,
 * where ~100 rules share a budget of a few microseconds per mention).
 *
 * Both evaluate the same semantics by different means — one with indexOf per term, the other from
 * one scan of the text for every term of the pack — and the tests check that they agree.
 */

/**
 * A text to match. Title and body are normalised with normalizeForMatching (as stored in
 * `mentions.title` / `.body`), and so should the source name be. Case need not be folded: the
 * matchers fold it themselves, keeping offsets.
 */
export interface MatchDoc {
  title: string;
  body: string;
  source: string;
}

/** An occurrence of a term that makes a text match (see explain for which occurrences count). */
export interface TermHit {
  /** The term as normalised by the parser (Simplified, case-folded). */
  term: string;
  field: Field;
  /** Offset in the field's text, in UTF-16 code units (what JavaScript string indices count). */
  offset: number;
}

/**
 * Why a text matched, for highlighting and for the explanation duty officers read ("matched 监狱
 * in title at 3"): the occurrences that satisfy the query, in query order (see explain). Never
 * empty: a query cannot match without one of its positive terms.
 */
export type Match = TermHit[];

const FIELD_INDEX: Record<Field, number> = { title: 0, body: 1, source: 2 };
const FIELDS: readonly Field[] = ['title', 'body', 'source'];
/** The fields a term without a prefix searches. */
const DEFAULT_FIELDS: readonly Field[] = ['title', 'body'];
const fieldsOf = (t: TermNode): readonly Field[] => (t.field ? [t.field] : DEFAULT_FIELDS);

// ---------------------------------------------------------------------------------------------
// NEAR

/**
 * NEAR/n: true when an occurrence of A and an occurrence of B are at most n characters apart,
 * counting the characters between the end of the earlier one and the start of the later one, in
 * either order. Touching or overlapping occurrences are 0 apart, so `狱警 NEAR/0 殴打` matches
 * 狱警殴打 and `狱警 NEAR/1 殴打` matches 狱警被殴打. When A and B are the same term, two
 * different occurrences are needed. Starts are sorted offsets of the occurrences.
 */
export function isNear(aStarts: readonly number[], aLength: number, bStarts: readonly number[], bLength: number, distance: number, sameTerm: boolean): boolean {
  return findNearPair(aStarts, aLength, bStarts, bLength, distance, sameTerm) !== null;
}

/** The first pair of starts [a, b] that isNear accepts, or null. */
export function findNearPair(aStarts: readonly number[], aLength: number, bStarts: readonly number[], bLength: number, distance: number, sameTerm: boolean): [number, number] | null {
  const ab = nearInOrder(aStarts, aLength, bStarts, distance, sameTerm);
  if (ab) return ab;
  const ba = nearInOrder(bStarts, bLength, aStarts, distance, sameTerm);
  return ba ? [ba[1], ba[0]] : null;
}

/**
 * A `first` occurrence that starts no later than a `second` one (strictly earlier when they are
 * the same term) and ends at most `distance` characters before it starts. For each second
 * occurrence the closest candidate is the latest first one starting before it (all first
 * occurrences have the same length), so one merge pass over both sorted lists suffices.
 */
function nearInOrder(first: readonly number[], firstLength: number, second: readonly number[], distance: number, strict: boolean): [number, number] | null {
  let i = -1;
  for (const s of second) {
    while (i + 1 < first.length && (strict ? first[i + 1]! < s : first[i + 1]! <= s)) i++;
    if (i >= 0 && s - (first[i]! + firstLength) <= distance) return [first[i]!, s];
  }
  return null;
}

/** Every start of a term in a text, overlapping ones included, in order. */
function occurrencesIn(text: string, term: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) starts.push(at);
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Explanations

/** Where a matcher found the terms of a document. */
interface TermLookup {
  /** First start of the term in the field, -1 when absent. */
  first(term: string, field: Field): number;
  /** Every start of the term in the field, in order. */
  starts(term: string, field: Field): number[];
}

/** Evaluates a query from a lookup; the matchers' compiled tests are the fast path, this serves explain. */
function evaluate(node: QueryNode, lookup: TermLookup): boolean {
  switch (node.type) {
    case 'term':
      return fieldsOf(node).some((f) => lookup.first(node.text, f) >= 0);
    case 'and':
      return node.children.every((c) => evaluate(c, lookup));
    case 'or':
      return node.children.some((c) => evaluate(c, lookup));
    case 'not':
      return !evaluate(node.child, lookup);
    case 'near':
      return nearHits(node, lookup, true).length > 0;
  }
}

/**
 * The occurrences that make a matching query true: a term's first occurrence in each field it
 * searches; for OR, the explanation of each alternative that holds; for AND, of every clause;
 * for NEAR, the first pair of occurrences that are near each other, for each pair of terms that
 * has one; nothing from under a NOT (a NOT holds because something is absent), except that
 * NOT NOT x is explained as x.
 */
function explain(node: QueryNode, lookup: TermLookup, out: Match): void {
  switch (node.type) {
    case 'term':
      for (const field of fieldsOf(node)) {
        const offset = lookup.first(node.text, field);
        if (offset >= 0) out.push({ term: node.text, field, offset });
      }
      return;
    case 'and':
      for (const c of node.children) explain(c, lookup, out);
      return;
    case 'or':
      for (const c of node.children) if (evaluate(c, lookup)) explain(c, lookup, out);
      return;
    case 'not':
      if (node.child.type === 'not') explain(node.child.child, lookup, out);
      return;
    case 'near':
      out.push(...nearHits(node, lookup, false));
  }
}

/** The hits of a NEAR node: for each field and pair of terms, the first near pair (only the first one found when `any`). */
function nearHits(node: Extract<QueryNode, { type: 'near' }>, lookup: TermLookup, any: boolean): TermHit[] {
  const hits: TermHit[] = [];
  for (const field of fieldsOf(node.left[0]!)) {
    for (const l of node.left) {
      if (lookup.first(l.text, field) < 0) continue;
      for (const r of node.right) {
        if (lookup.first(r.text, field) < 0) continue;
        const pair = findNearPair(lookup.starts(l.text, field), l.text.length, lookup.starts(r.text, field), r.text.length, node.distance, l.text === r.text);
        if (!pair) continue;
        hits.push({ term: l.text, field, offset: pair[0] }, { term: r.text, field, offset: pair[1] });
        if (any) return hits;
      }
    }
  }
  return hits;
}

/** Explains a match, each occurrence once. */
function explainMatch(root: QueryNode, lookup: TermLookup): Match {
  const all: Match = [];
  explain(root, lookup, all);
  // A handful of hits: a quadratic check beats building keys.
  return all.filter((h, i) => !all.some((o, j) => j < i && o.offset === h.offset && o.field === h.field && o.term === h.term));
}

// ---------------------------------------------------------------------------------------------
// One rule: indexOf per term

/**
 * A document as one rule sees it: the fields as given, and case-folded copies made only when a
 * term with letters is looked up (Chinese and digits are found in the text as stored).
 */
class FieldTexts {
  private readonly raw: [string, string, string] = ['', '', ''];
  private readonly folded: [string | null, string | null, string | null] = [null, null, null];

  reset(doc: MatchDoc): void {
    this.raw[0] = doc.title;
    this.raw[1] = doc.body;
    this.raw[2] = doc.source;
    this.folded[0] = this.folded[1] = this.folded[2] = null;
  }

  text(field: number, fold: boolean): string {
    if (!fold) return this.raw[field]!;
    return (this.folded[field] ??= foldCase(this.raw[field]!));
  }
}

type TextTest = (texts: FieldTexts) => boolean;

/** Compiles a query into a test over a document's texts, searching each term as evaluation reaches it. */
function compileForText(node: QueryNode): TextTest {
  switch (node.type) {
    case 'term': {
      const { text } = node;
      const fold = needsFolding(text);
      const [a, b] = fieldsOf(node).map((f) => FIELD_INDEX[f]);
      return b === undefined ? (t) => t.text(a!, fold).includes(text) : (t) => t.text(a!, fold).includes(text) || t.text(b, fold).includes(text);
    }
    case 'and':
      return allOf(node.children.map(compileForText));
    case 'or':
      return anyOf(compileAlternatives(node.children));
    case 'not': {
      const child = compileForText(node.child);
      return (t) => !child(t);
    }
    case 'near': {
      const { distance } = node;
      const fields = fieldsOf(node.left[0]!).map((f) => FIELD_INDEX[f]);
      const side = (terms: TermNode[]) => terms.map((t) => ({ text: t.text, fold: needsFolding(t.text) }));
      const left = side(node.left);
      const right = side(node.right);
      // Most texts lack one side altogether: rule that out with the fast OR test before looking for pairs.
      const leftPresent = anyOf(compileAlternatives(node.left));
      const rightPresent = anyOf(compileAlternatives(node.right));
      return (t) =>
        leftPresent(t) &&
        rightPresent(t) &&
        fields.some((f) =>
          left.some((l) => {
            const lText = t.text(f, l.fold);
            if (!lText.includes(l.text)) return false;
            return right.some((r) => {
              const rText = t.text(f, r.fold);
              if (!rText.includes(r.text)) return false;
              return isNear(occurrencesIn(lText, l.text), l.text.length, occurrencesIn(rText, r.text), r.text.length, distance, l.text === r.text);
            });
          }),
        );
    }
  }
}

/**
 * The alternatives of an OR. Plain terms (no letters to fold) searching the same fields become one
 * regular expression: measured on 300-character mentions, testing `监狱|看守所|…` (10 terms)
 * takes ~160 ns where ten indexOf calls take ~570 ns, and an OR of terms is how most rules start.
 */
function compileAlternatives(children: QueryNode[]): TextTest[] {
  const groups = new Map<string, TermNode[]>();
  const parts: TextTest[] = [];
  for (const c of children) {
    if (c.type === 'term' && !needsFolding(c.text)) {
      const key = fieldsOf(c).join();
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    } else parts.push(compileForText(c));
  }
  for (const terms of groups.values()) {
    if (terms.length === 1) {
      parts.unshift(compileForText(terms[0]!));
      continue;
    }
    const pattern = new RegExp(terms.map((t) => t.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'));
    const [a, b] = fieldsOf(terms[0]!).map((f) => FIELD_INDEX[f]);
    parts.unshift(b === undefined ? (t) => pattern.test(t.text(a!, false)) : (t) => pattern.test(t.text(a!, false)) || pattern.test(t.text(b, false)));
  }
  return parts;
}

/**
 * Compiles one query into a matcher: why a text matches (see explain), or null when it does not.
 * Terms are searched as evaluation reaches them (AND stops at the first clause that fails), so a
 * text the rule does not match usually costs a few native searches (~0.3 µs on 300 characters).
 */
export function compileQuery(query: Query): (doc: MatchDoc) => Match | null {
  const test = compileForText(query.root);
  const texts = new FieldTexts();
  const lookup: TermLookup = {
    first: (term, field) => texts.text(FIELD_INDEX[field], needsFolding(term)).indexOf(term),
    starts: (term, field) => occurrencesIn(texts.text(FIELD_INDEX[field], needsFolding(term)), term),
  };
  return (doc) => {
    texts.reset(doc);
    return test(texts) ? explainMatch(query.root, lookup) : null;
  };
}

// ---------------------------------------------------------------------------------------------
// Finding many terms in one pass

/**
 * A fixed set of terms, listed under a hash of their first two characters. Scanning a text costs
 * two code-unit reads and one typed-array read per character, and a whole-term comparison only
 * where a pair of characters hashes to a term's first pair. Measured on 300-character mentions with
 * ~400 terms (bench/rules.bench.ts): ~1 µs, against ~2.5 µs with buckets by first character alone
 * (不, 人, 公 … start terms and are everywhere) and ~40 µs with one indexOf per term. An
 * Aho–Corasick automaton would do no better at this size and is much more code.
 */
class TermTable {
  readonly terms: string[];
  /** Per term: 1 when it has letters and must be compared case-folded. */
  private readonly folds: Uint8Array;
  /** Hash of a pair of (folded) code units → 1 + index of the bucket of terms starting with such a pair (0: none). */
  private readonly pairOf = new Uint16Array(0x10000);
  private readonly buckets: number[][] = [];
  /** (Folded) code unit → 1 + id of the one-character term it is (0: none). */
  private singleOf: Int32Array | null = null;
  /** The case-folding table, when any term has letters; the text is then hashed folded. */
  private fold: Uint16Array | null = null;

  /** Terms must be distinct and non-empty; with `caseFold` they must be folded already. */
  constructor(terms: readonly string[], caseFold: boolean) {
    this.terms = [...terms];
    this.folds = new Uint8Array(terms.length);
    terms.forEach((term, id) => {
      if (caseFold && needsFolding(term)) {
        this.folds[id] = 1;
        this.fold = foldTable();
      }
      if (term.length === 1) {
        this.singleOf ??= new Int32Array(0x10000);
        this.singleOf[term.charCodeAt(0)] = id + 1;
        return;
      }
      const key = pairKey(term.charCodeAt(0), term.charCodeAt(1));
      if (!this.pairOf[key]) this.pairOf[key] = this.buckets.push([]);
      this.buckets[this.pairOf[key]! - 1]!.push(id);
    });
  }

  /** Calls `found` for every occurrence of every term in the text, in order of position. */
  scan(text: string, found: (id: number, at: number) => void): void {
    const { fold, singleOf, pairOf, buckets } = this;
    const n = text.length;
    if (n === 0) return;
    let c1 = fold ? fold[text.charCodeAt(0)]! : text.charCodeAt(0);
    for (let i = 0; i < n; i++) {
      if (singleOf && singleOf[c1]) found(singleOf[c1]! - 1, i);
      if (i + 1 === n) break;
      const c2 = fold ? fold[text.charCodeAt(i + 1)]! : text.charCodeAt(i + 1);
      const b = pairOf[pairKey(c1, c2)]!;
      c1 = c2;
      if (b === 0) continue;
      for (const id of buckets[b - 1]!) if (this.startsAt(text, i, id)) found(id, i);
    }
  }

  /** Whether term `id` occurs in `text` at `at`. */
  private startsAt(text: string, at: number, id: number): boolean {
    const term = this.terms[id]!;
    if (!this.folds[id]) return text.startsWith(term, at);
    if (at + term.length > text.length) return false;
    const fold = this.fold!;
    for (let j = 0; j < term.length; j++) if (fold[text.charCodeAt(at + j)] !== term.charCodeAt(j)) return false;
    return true;
  }
}

/** A 16-bit hash of two code units (collisions are resolved by comparing the whole term). */
function pairKey(a: number, b: number): number {
  return (Math.imul(a, 0x9e37) + b) & 0xffff;
}

/**
 * Finds every occurrence of a fixed set of words in a text, in one pass, exactly (no case
 * folding). Used by the gazetteer for place names.
 */
export class TermScanner {
  private readonly table: TermTable;

  constructor(terms: Iterable<string>) {
    this.table = new TermTable([...new Set([...terms].filter((t) => t.length > 0))], false);
  }

  get size(): number {
    return this.table.terms.length;
  }

  /** Word → its start offsets in the text, for the words that occur. */
  scan(text: string): Map<string, number[]> {
    const found = new Map<string, number[]>();
    const terms = this.table.terms;
    this.table.scan(text, (id, at) => {
      const list = found.get(terms[id]!);
      if (list) list.push(at);
      else found.set(terms[id]!, [at]);
    });
    return found;
  }
}

// ---------------------------------------------------------------------------------------------
// Many rules at once

/**
 * What one scan of a document found, as flat typed arrays indexed by field × term id, reused from
 * one document to the next: a slot counts only when its stamp equals the current generation, so
 * nothing is cleared between documents.
 */
class ScanState {
  generation = 0;
  readonly stamp: Uint32Array;
  /** First offset of the term in the field, valid when the slot's stamp is current. */
  readonly first: Int32Array;
  /** Term ids found in any field, in order found. */
  readonly found: Int32Array;
  foundCount = 0;
  private readonly foundStamp: Uint32Array;
  readonly texts: [string, string, string] = ['', '', ''];

  constructor(readonly termCount: number) {
    this.stamp = new Uint32Array(3 * termCount);
    this.first = new Int32Array(3 * termCount);
    this.found = new Int32Array(termCount);
    this.foundStamp = new Uint32Array(termCount);
  }

  start(doc: MatchDoc): void {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.foundStamp.fill(0);
      this.generation = 0;
    }
    this.generation++;
    this.foundCount = 0;
    this.texts[0] = doc.title;
    this.texts[1] = doc.body;
    this.texts[2] = doc.source;
  }

  has(slot: number): boolean {
    return this.stamp[slot] === this.generation;
  }

  /** Records the first occurrence of term `id` in the field whose slots start at `base`. */
  record(base: number, id: number, offset: number): void {
    this.stamp[base + id] = this.generation;
    this.first[base + id] = offset;
    if (this.foundStamp[id] !== this.generation) {
      this.foundStamp[id] = this.generation;
      this.found[this.foundCount++] = id;
    }
  }
}

type StateTest = (state: ScanState) => boolean;

/** A rule as RuleEngine takes it: any payload, and its parsed query. */
export interface PackRule<R> {
  rule: R;
  query: Query;
}

/** A rule of a pack that matched, with its hits. */
export interface RuleMatch<Id> {
  id: Id;
  hits: Match;
}

/**
 * Many rules at once. The document is scanned once for every term of every rule (TermTable),
 * recording the first offset of each term in each field; only rules with at least one positive
 * term present are then evaluated, from those records. Skipping the others is exact: the parser
 * refuses queries that match a text without any of their positive terms (and a query is monotone:
 * adding NOT-ed terms to a text can only unmatch it).
 */
export class RuleEngine<R> {
  private readonly rules: { rule: R; query: Query; test: StateTest }[];
  private readonly table: TermTable;
  private readonly state: ScanState;
  /** Term id → indexes of the rules in which it is a positive term. */
  private readonly rulesByTerm: Int32Array[];
  private readonly scanFields: number[];
  private readonly candidateStamp: Uint32Array;
  private readonly candidates: Int32Array;
  private readonly lookup: TermLookup;

  constructor(rules: readonly PackRule<R>[]) {
    const ids = new Map<string, number>();
    const idOf = (text: string) => {
      let id = ids.get(text);
      if (id === undefined) ids.set(text, (id = ids.size));
      return id;
    };
    const used = new Set<Field>();
    for (const { query } of rules) forEachTerm(query.root, (t) => (idOf(t.text), fieldsOf(t).forEach((f) => used.add(f))));
    this.table = new TermTable([...ids.keys()], true);
    const n = ids.size;
    this.state = new ScanState(n);
    this.scanFields = FIELDS.filter((f) => used.has(f)).map((f) => FIELD_INDEX[f]);

    const byTerm: number[][] = Array.from({ length: n }, () => []);
    this.rules = rules.map(({ rule, query }, index) => {
      for (const id of new Set(query.positiveTerms.map((t) => idOf(t.text)))) byTerm[id]!.push(index);
      return { rule, query, test: compileForState(query.root, idOf, n) };
    });
    this.rulesByTerm = byTerm.map((list) => Int32Array.from(list));
    this.candidateStamp = new Uint32Array(rules.length);
    this.candidates = new Int32Array(rules.length);
    const state = this.state;
    const slotOf = (term: string, field: Field) => FIELD_INDEX[field] * n + ids.get(term)!;
    this.lookup = {
      first: (term, field) => (state.has(slotOf(term, field)) ? state.first[slotOf(term, field)]! : -1),
      starts: (term, field) => occurrencesIn(needsFolding(term) ? foldCase(state.texts[FIELD_INDEX[field]]!) : state.texts[FIELD_INDEX[field]]!, term),
    };
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules that match the document, in the order given, with their hits. */
  match(doc: MatchDoc): { rule: R; hits: Match }[] {
    const state = this.state;
    state.start(doc);
    for (const f of this.scanFields) this.scan(state.texts[f]!, f * state.termCount);
    if (state.foundCount === 0) return [];

    // Candidates: rules with a positive term present.
    const gen = state.generation;
    let count = 0;
    for (let k = 0; k < state.foundCount; k++) {
      for (const r of this.rulesByTerm[state.found[k]!]!) {
        if (this.candidateStamp[r] === gen) continue;
        this.candidateStamp[r] = gen;
        this.candidates[count++] = r;
      }
    }
    const order = this.candidates.subarray(0, count).sort();
    const out: { rule: R; hits: Match }[] = [];
    for (const r of order) {
      const rule = this.rules[r]!;
      if (rule.test(state)) out.push({ rule: rule.rule, hits: explainMatch(rule.query.root, this.lookup) });
    }
    return out;
  }

  /** Records the first occurrence of every term in one field's text. */
  private scan(text: string, base: number): void {
    const state = this.state;
    this.table.scan(text, (id, at) => {
      if (!state.has(base + id)) state.record(base, id, at);
    });
  }
}

/** Calls `visit` for every term of a query, positive or not. */
function forEachTerm(node: QueryNode, visit: (t: TermNode) => void): void {
  switch (node.type) {
    case 'term':
      visit(node);
      return;
    case 'near':
      node.left.forEach(visit);
      node.right.forEach(visit);
      return;
    case 'not':
      forEachTerm(node.child, visit);
      return;
    case 'and':
    case 'or':
      for (const c of node.children) forEachTerm(c, visit);
  }
}

/** Compiles a query into a test over a ScanState (term presence by slot, NEAR by searching the field again). */
function compileForState(node: QueryNode, idOf: (text: string) => number, n: number): StateTest {
  const slotsOf = (t: TermNode) => fieldsOf(t).map((f) => FIELD_INDEX[f] * n + idOf(t.text));
  switch (node.type) {
    case 'term': {
      const [a, b] = slotsOf(node);
      return b === undefined ? (s) => s.has(a!) : (s) => s.has(a!) || s.has(b);
    }
    case 'and':
      return allOf(node.children.map((c) => compileForState(c, idOf, n)));
    case 'or': {
      // The terms of an OR become one list of slots, checked in a loop.
      const slots = Int32Array.from(node.children.flatMap((c) => (c.type === 'term' ? slotsOf(c) : [])));
      const others = node.children.filter((c) => c.type !== 'term').map((c) => compileForState(c, idOf, n));
      const rest = anyOf(others);
      return (s) => {
        for (let i = 0; i < slots.length; i++) if (s.has(slots[i]!)) return true;
        return others.length > 0 && rest(s);
      };
    }
    case 'not': {
      const child = compileForState(node.child, idOf, n);
      return (s) => !child(s);
    }
    case 'near': {
      const { distance } = node;
      const fields = fieldsOf(node.left[0]!).map((f) => FIELD_INDEX[f]);
      const side = (terms: TermNode[]) => terms.map((t) => ({ text: t.text, id: idOf(t.text), fold: needsFolding(t.text) }));
      const left = side(node.left);
      const right = side(node.right);
      // Only when both terms of a pair are in the field is it searched again for all occurrences.
      return (s) => {
        for (const f of fields) {
          const base = f * n;
          for (const l of left) {
            if (!s.has(base + l.id)) continue;
            for (const r of right) {
              if (!s.has(base + r.id)) continue;
              const text = s.texts[f]!;
              if (isNear(occurrencesOf(text, l), l.text.length, occurrencesOf(text, r), r.text.length, distance, l.id === r.id)) return true;
            }
          }
        }
        return false;
      };
    }
  }
}

/** A test that holds when every part does (a plain loop: Array.every would allocate a closure per call). */
function allOf<T>(parts: ((x: T) => boolean)[]): (x: T) => boolean {
  if (parts.length === 1) return parts[0]!;
  return (x) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(x)) return false;
    return true;
  };
}

/** A test that holds when any part does. */
function anyOf<T>(parts: ((x: T) => boolean)[]): (x: T) => boolean {
  if (parts.length === 1) return parts[0]!;
  return (x) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(x)) return true;
    return false;
  };
}

/** Every start of a term in a field's text, folding the text first when the term has letters. */
function occurrencesOf(text: string, term: { text: string; fold: boolean }): number[] {
  return occurrencesIn(term.fold ? foldCase(text) : text, term.text);
}

/** Compiles a rule pack: a function from a document to the rules it matches (in pack order) and why. */
export function compileRulePack<Id>(rules: readonly { id: Id; query: Query }[]): (doc: MatchDoc) => RuleMatch<Id>[] {
  const engine = new RuleEngine(rules.map(({ id, query }) => ({ rule: id, query })));
  return (doc) => engine.match(doc).map(({ rule, hits }) => ({ id: rule, hits }));
}

// ---------------------------------------------------------------------------------------------
// Database pre-filter

/** A condition on text a database can test (substring containment, AND, OR); see necessaryFilter. */
export type TextFilter = { term: string; fields: readonly Field[] } | { and: TextFilter[] } | { or: TextFilter[] };

/**
 * A condition every text the query matches must meet, built from its positive terms only (NOT
 * branches constrain nothing; NEAR needs both sides): lets a database discard most texts before the
 * exact matcher runs. Null when the query constrains nothing a database can test.
 */
export function necessaryFilter(node: QueryNode): TextFilter | null {
  switch (node.type) {
    case 'term':
      return { term: node.text, fields: fieldsOf(node) };
    case 'near':
      return { and: [{ or: node.left.map((t) => ({ term: t.text, fields: fieldsOf(t) })) }, { or: node.right.map((t) => ({ term: t.text, fields: fieldsOf(t) })) }] };
    case 'not':
      return node.child.type === 'not' ? necessaryFilter(node.child.child) : null;
    case 'and': {
      const parts = node.children.map(necessaryFilter).filter((f): f is TextFilter => f !== null);
      return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { and: parts };
    }
    case 'or': {
      const parts = node.children.map(necessaryFilter);
      return parts.some((p) => p === null) ? null : { or: parts as TextFilter[] };
    }
  }
}
