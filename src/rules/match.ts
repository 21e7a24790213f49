import type { Field, Query, QueryNode, TermNode } from './query.ts';

/** A text to match: normalised title and body (as stored in `mentions.title` / `.body`) and the source name. */
export interface MatchDoc {
  title: string;
  body: string;
  source: string;
}

export interface TermHit {
  term: string;
  field: Field;
  offset: number;
}

/** Occurrences of every known word in a document, by field: word → start offsets. */
type Occurrences = Record<Field, Map<string, number[]>>;

/**
 * Finds where any of a fixed set of words occurs in a text, in one pass: words are listed under
 * their first character, so each position of the text costs one array lookup and, rarely, a
 * startsWith. For a rule pack's few hundred short words this beats one indexOf per word (that
 * reads the whole text once per word) and needs no automaton.
 */
export class TermScanner {
  /** Character code → 1 + index of its bucket in `buckets` (0: no word starts with it). Dense and typed for speed. */
  private readonly bucketOf = new Uint16Array(0x10000);
  private readonly buckets: string[][] = [];
  readonly size: number;

  constructor(terms: Iterable<string>) {
    const unique = new Set([...terms].filter((t) => t.length > 0));
    for (const term of unique) {
      const c = term.charCodeAt(0);
      if (!this.bucketOf[c]) this.bucketOf[c] = this.buckets.push([]);
      this.buckets[this.bucketOf[c]! - 1]!.push(term);
    }
    this.size = unique.size;
  }

  scan(text: string): Map<string, number[]> {
    const found = new Map<string, number[]>();
    const bucketOf = this.bucketOf;
    for (let i = 0; i < text.length; i++) {
      const b = bucketOf[text.charCodeAt(i)]!;
      if (b === 0) continue;
      for (const term of this.buckets[b - 1]!) {
        if (term.length === 1 || text.startsWith(term, i)) {
          const list = found.get(term);
          if (list) list.push(i);
          else found.set(term, [i]);
        }
      }
    }
    return found;
  }
}

const lower = (s: string) => (/[A-Z]/.test(s) ? s.toLowerCase() : s);

function occurrences(scanner: TermScanner, doc: MatchDoc): Occurrences {
  return { title: scanner.scan(lower(doc.title)), body: scanner.scan(lower(doc.body)), source: scanner.scan(lower(doc.source)) };
}

/** The fields an unprefixed word searches. */
const DEFAULT_FIELDS: readonly Field[] = ['title', 'body'];
const fieldsOf = (t: TermNode): readonly Field[] => (t.field ? [t.field] : DEFAULT_FIELDS);

/**
 * Characters between two occurrences: 0 when they touch or overlap, else the gap between the end of
 * the first and the start of the second, whichever comes first.
 */
function gap(aStart: number, aLen: number, bStart: number, bLen: number): number {
  if (aStart <= bStart) return Math.max(0, bStart - (aStart + aLen));
  return Math.max(0, aStart - (bStart + bLen));
}

function evaluate(node: QueryNode, occ: Occurrences): boolean {
  switch (node.type) {
    case 'term':
      return fieldsOf(node).some((f) => occ[f].has(node.text));
    case 'and':
      return node.children.every((c) => evaluate(c, occ));
    case 'or':
      return node.children.some((c) => evaluate(c, occ));
    case 'not':
      return !evaluate(node.child, occ);
    case 'near':
      return fieldsOf(node.left[0]!).some((f) =>
        node.left.some((l) => {
          const as = occ[f].get(l.text);
          return (
            !!as &&
            node.right.some((r) => {
              const bs = occ[f].get(r.text);
              return !!bs && as.some((a) => bs.some((b) => gap(a, l.text.length, b, r.text.length) <= node.distance));
            })
          );
        }),
      );
  }
}

function hitsOf(query: Query, occ: Occurrences): TermHit[] {
  const hits: TermHit[] = [];
  const seen = new Set<string>();
  for (const t of query.positiveTerms) {
    for (const f of fieldsOf(t)) {
      const at = occ[f].get(t.text);
      const key = `${f}\n${t.text}`;
      if (at && !seen.has(key)) {
        seen.add(key);
        hits.push({ term: t.text, field: f, offset: at[0]! });
      }
    }
  }
  return hits;
}

/** Compiles one query into a matcher: the words it matched (with field and offset), or null. */
export function compileQuery(query: Query): (doc: MatchDoc) => TermHit[] | null {
  const scanner = new TermScanner(termsOf(query.root));
  return (doc) => {
    const occ = occurrences(scanner, doc);
    return evaluate(query.root, occ) ? hitsOf(query, occ) : null;
  };
}

function termsOf(node: QueryNode, out: string[] = []): string[] {
  switch (node.type) {
    case 'term':
      out.push(node.text);
      break;
    case 'near':
      for (const t of [...node.left, ...node.right]) out.push(t.text);
      break;
    case 'not':
      termsOf(node.child, out);
      break;
    default:
      for (const c of node.children) termsOf(c, out);
  }
  return out;
}

export interface PackRule<R> {
  rule: R;
  query: Query;
}

/**
 * Many rules at once: the document is scanned once for every word of every rule, then only rules
 * with at least one of their positive words present are evaluated (a rule cannot match otherwise:
 * the parser refuses queries that match a text without any of their words). A word found only in a
 * field the rule does not search makes it a candidate needlessly, never a match: evaluation is exact.
 */
export class RuleEngine<R> {
  private readonly scanner: TermScanner;
  private readonly rules: { rule: R; query: Query }[];
  /** Positive word → the rules (by index) it can make match. */
  private readonly rulesByTerm = new Map<string, number[]>();

  constructor(rules: readonly PackRule<R>[]) {
    this.rules = rules.map(({ rule, query }) => ({ rule, query }));
    rules.forEach(({ query }, i) => {
      for (const t of new Set(query.positiveTerms.map((p) => p.text))) {
        const list = this.rulesByTerm.get(t);
        if (list) list.push(i);
        else this.rulesByTerm.set(t, [i]);
      }
    });
    this.scanner = new TermScanner(rules.flatMap((r) => termsOf(r.query.root)));
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules that match the document, in the order given, with their hits. */
  match(doc: MatchDoc): { rule: R; hits: TermHit[] }[] {
    const occ = occurrences(this.scanner, doc);
    const candidates = new Uint8Array(this.rules.length);
    let any = false;
    for (const field of ['title', 'body', 'source'] as const) {
      for (const term of occ[field].keys()) {
        const list = this.rulesByTerm.get(term);
        if (!list) continue;
        for (const i of list) candidates[i] = 1;
        any = true;
      }
    }
    const out: { rule: R; hits: TermHit[] }[] = [];
    if (!any) return out;
    for (let i = 0; i < this.rules.length; i++) {
      if (!candidates[i]) continue;
      const r = this.rules[i]!;
      if (evaluate(r.query.root, occ)) out.push({ rule: r.rule, hits: hitsOf(r.query, occ) });
    }
    return out;
  }
}

/** A condition on text a database can test (substring containment, AND, OR); see necessaryFilter. */
export type TextFilter = { term: string; fields: readonly Field[] } | { and: TextFilter[] } | { or: TextFilter[] };

/**
 * A condition every text the query matches must meet, built from its positive words only (NOT
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
