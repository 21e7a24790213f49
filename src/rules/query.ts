import { normalizeForMatching, toHalfWidth } from '../text/normalize.ts';

/**
 * The monitoring-rule query language (监测规则). Hand-written recursive descent: the grammar is
 * small, errors must point at a character the user typed, and no parser library fits both.
 *
 *   query    = or EOF
 *   or       = and { "OR" and }
 *   and      = near { ["AND"] near }            (two clauses side by side mean AND)
 *   near     = unary { "NEAR/" digits unary }   (operands: words, phrases or "(" a OR b … ")" of them)
 *   unary    = "NOT" unary | "-" unary | primary
 *   primary  = [ field ":" ] ( word | phrase | "(" or ")" )
 *   field    = "title" | "body" | "source"
 *   phrase   = '"' … '"' | '“' … '”' | '「' … '」'
 *
 * Precedence: NOT, then NEAR, then AND, then OR. Keywords are upper case; `and` is a word.
 * A word without a field matches the title or the body, not the source name. Matching is substring
 * matching on normalised text (Simplified, half-width, Latin letters lower-cased), so a query may be
 * written in Traditional or full-width characters. Error positions are offsets in the query as typed.
 */

export type Field = 'title' | 'body' | 'source';
export const fields: readonly Field[] = ['title', 'body', 'source'];

export type QueryNode =
  | { type: 'term'; text: string; field: Field | null; phrase: boolean; position: number }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'near'; left: TermNode[]; right: TermNode[]; distance: number };

export type TermNode = Extract<QueryNode, { type: 'term' }>;

export interface Query {
  source: string;
  root: QueryNode;
  /** Words that count for a match (under an even number of NOTs): a matching text contains one. */
  positiveTerms: TermNode[];
}

export type QueryErrorCode =
  | 'empty_query'
  | 'too_long'
  | 'too_deep'
  | 'unexpected_token'
  | 'unclosed_paren'
  | 'unclosed_quote'
  | 'empty_phrase'
  | 'dangling_operator'
  | 'bad_near'
  | 'unknown_field'
  | 'matches_everything';

const zh: Record<QueryErrorCode, string> = {
  empty_query: '规则为空',
  too_long: '规则过长',
  too_deep: '括号嵌套过深',
  unexpected_token: '此处不应出现该内容',
  unclosed_paren: '括号没有闭合',
  unclosed_quote: '引号没有闭合',
  empty_phrase: '引号内没有内容',
  dangling_operator: '运算符缺少操作对象',
  bad_near: 'NEAR 写法应为 词 NEAR/数字 词',
  unknown_field: '未知字段（可用 title:、body:、source:）',
  matches_everything: '规则只有排除条件，会命中几乎所有信息，请加入必须出现的词',
};

export class QueryError extends Error {
  readonly messageZh: string;
  constructor(
    readonly code: QueryErrorCode,
    readonly position: number,
    message: string,
  ) {
    super(`${message} (at ${position})`);
    this.name = 'QueryError';
    this.messageZh = `${zh[code]}（第 ${position + 1} 个字符）`;
  }
}

export const MAX_QUERY_LENGTH = 2000;
export const MAX_DEPTH = 32;
export const MAX_NEAR = 500;

type Token =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'field'; field: Field; position: number }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen'; position: number }
  | { kind: 'near'; distance: number; position: number }
  | { kind: 'eof'; position: number };

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」' };
const BREAKS = new Set(['(', ')', '"', '“', '”', '「', '」']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', position: i });
      i++;
      continue;
    }
    if (QUOTES[c]) {
      const end = text.indexOf(QUOTES[c]!, i + 1);
      if (end < 0) throw new QueryError('unclosed_quote', i, 'the quote is not closed');
      tokens.push({ kind: 'phrase', text: text.slice(i + 1, end), position: i });
      i = end + 1;
      continue;
    }
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!) && (i === 0 || /[\s(]/.test(text[i - 1]!))) {
      tokens.push({ kind: 'not', position: i });
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end]!) && !BREAKS.has(text[end]!)) end++;
    const word = text.slice(i, end);
    const field = /^([A-Za-z]+):/.exec(word);
    if (field) {
      const name = field[1]!.toLowerCase();
      if (!(fields as readonly string[]).includes(name)) throw new QueryError('unknown_field', i, `unknown field "${field[1]}:" (use title:, body: or source:)`);
      tokens.push({ kind: 'field', field: name as Field, position: i });
      i += field[0].length;
      continue;
    }
    if (word === 'AND' || word === 'OR' || word === 'NOT') tokens.push({ kind: word.toLowerCase() as 'and' | 'or' | 'not', position: i });
    else if (word.startsWith('NEAR/') || word === 'NEAR') {
      const n = /^NEAR\/(\d{1,4})$/.exec(word);
      if (!n || Number(n[1]) > MAX_NEAR) throw new QueryError('bad_near', i, `write NEAR/n with n from 0 to ${MAX_NEAR}, e.g. 监狱 NEAR/10 死亡`);
      tokens.push({ kind: 'near', distance: Number(n[1]), position: i });
    } else tokens.push({ kind: 'word', text: word, position: i });
    i = end;
  }
  tokens.push({ kind: 'eof', position: text.length });
  return tokens;
}

/** Normalises a word or phrase as the matched text is normalised. */
export function normalizeTerm(text: string): string {
  return normalizeForMatching(text).toLowerCase();
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): QueryNode {
    if (this.peek().kind === 'eof') throw new QueryError('empty_query', 0, 'the query is empty');
    const node = this.or();
    const rest = this.peek();
    if (rest.kind === 'rparen') throw new QueryError('unexpected_token', rest.position, 'a closing parenthesis without an opening one');
    if (rest.kind !== 'eof') throw new QueryError('unexpected_token', rest.position, 'unexpected text');
    return node;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  private or(): QueryNode {
    const children = [this.and()];
    while (this.peek().kind === 'or') {
      const op = this.next();
      this.expectOperand(op);
      children.push(this.and());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private and(): QueryNode {
    const children = [this.near()];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'and') {
        this.next();
        this.expectOperand(t);
      } else if (!['word', 'phrase', 'field', 'not', 'lparen'].includes(t.kind)) break;
      children.push(this.near());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private near(): QueryNode {
    let left = this.unary();
    while (this.peek().kind === 'near') {
      const op = this.next() as Extract<Token, { kind: 'near' }>;
      this.expectOperand(op);
      const right = this.unary();
      const a = nearOperand(left);
      const b = nearOperand(right);
      if (!a || !b) throw new QueryError('bad_near', op.position, 'NEAR joins words, phrases, or parenthesised ORs of them');
      const scopes = new Set([...a, ...b].map((t) => t.field));
      if (scopes.size > 1) throw new QueryError('bad_near', op.position, 'both sides of NEAR must search the same field');
      left = { type: 'near', left: a, right: b, distance: op.distance };
    }
    return left;
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (t.kind === 'not') {
      this.next();
      this.expectOperand(t);
      return { type: 'not', child: this.nested(() => this.unary(), t.position) };
    }
    return this.primary(null);
  }

  private primary(field: Field | null): QueryNode {
    const t = this.next();
    switch (t.kind) {
      case 'field': {
        if (field) throw new QueryError('unexpected_token', t.position, 'a field inside a field');
        const after = this.peek();
        if (!['word', 'phrase', 'lparen'].includes(after.kind)) throw new QueryError('dangling_operator', t.position, `"${t.field}:" must be followed by a word, a phrase or parentheses`);
        return this.primary(t.field);
      }
      case 'word':
      case 'phrase': {
        const text = normalizeTerm(t.text);
        if (!text) throw new QueryError('empty_phrase', t.position, 'the phrase is empty');
        return { type: 'term', text, field, phrase: t.kind === 'phrase', position: t.position };
      }
      case 'lparen': {
        if (this.peek().kind === 'rparen') throw new QueryError('empty_query', t.position, 'empty parentheses');
        const inner = this.nested(() => this.or(), t.position);
        const close = this.next();
        if (close.kind !== 'rparen') throw new QueryError('unclosed_paren', t.position, 'the parenthesis is not closed');
        return field ? withField(inner, field) : inner;
      }
      case 'eof':
        throw new QueryError('dangling_operator', t.position, 'the query ends where a word was expected');
      default:
        throw new QueryError(t.kind === 'rparen' ? 'unexpected_token' : 'dangling_operator', t.position, 'a word was expected here');
    }
  }

  private nested<T>(fn: () => T, position: number): T {
    if (++this.depth > MAX_DEPTH) throw new QueryError('too_deep', position, `nesting deeper than ${MAX_DEPTH}`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private expectOperand(op: Token): void {
    const t = this.peek();
    if (t.kind === 'eof' || t.kind === 'rparen' || t.kind === 'and' || t.kind === 'or' || t.kind === 'near') {
      throw new QueryError('dangling_operator', op.position, 'the operator has nothing on its right');
    }
  }
}

/** The words of a NEAR operand: a word, or an OR of words; null for anything else. */
function nearOperand(node: QueryNode): TermNode[] | null {
  if (node.type === 'term') return [node];
  if (node.type === 'or' && node.children.every((c) => c.type === 'term')) return node.children as TermNode[];
  return null;
}

/** Applies a field prefix to a parenthesised group: every word inside without its own field gets it. */
function withField(node: QueryNode, field: Field): QueryNode {
  switch (node.type) {
    case 'term':
      return node.field ? node : { ...node, field };
    case 'near':
      return { ...node, left: node.left.map((t) => withField(t, field) as TermNode), right: node.right.map((t) => withField(t, field) as TermNode) };
    case 'not':
      return { type: 'not', child: withField(node.child, field) };
    default:
      return { type: node.type, children: node.children.map((c) => withField(c, field)) };
  }
}

function collectPositive(node: QueryNode, positive: boolean, out: TermNode[]): void {
  switch (node.type) {
    case 'term':
      if (positive) out.push(node);
      return;
    case 'near':
      if (positive) out.push(...node.left, ...node.right);
      return;
    case 'not':
      collectPositive(node.child, !positive, out);
      return;
    default:
      for (const c of node.children) collectPositive(c, positive, out);
  }
}

/** True when the query matches a text in which none of its words occur (then it matches almost anything). */
function matchesEmpty(node: QueryNode): boolean {
  switch (node.type) {
    case 'term':
    case 'near':
      return false;
    case 'not':
      return !matchesEmpty(node.child);
    case 'and':
      return node.children.every(matchesEmpty);
    case 'or':
      return node.children.some(matchesEmpty);
  }
}

/** Parses a query; throws QueryError with the position of the first problem. */
export function parseQuery(source: string): Query {
  if (source.length > MAX_QUERY_LENGTH) throw new QueryError('too_long', MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
  // Half-width first (one character for one, so positions stay those of the text as typed): full-width
  // parentheses, quotes and letters then read as their ASCII forms.
  const root = new Parser(tokenize(toHalfWidth(source))).parse();
  if (matchesEmpty(root)) throw new QueryError('matches_everything', 0, 'the query matches texts that contain none of its words; add a word that must appear');
  const positiveTerms: TermNode[] = [];
  collectPositive(root, true, positiveTerms);
  return { source, root, positiveTerms };
}

/** The canonical form of a parsed query (fully parenthesised where it matters), for display and tests. */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term': {
      const text = node.phrase || /[\s()"]/.test(node.text) || ['and', 'or', 'not'].includes(node.text) ? `"${node.text}"` : node.text;
      return node.field ? `${node.field}:${text}` : text;
    }
    case 'near': {
      const side = (terms: TermNode[]) => (terms.length === 1 ? formatQuery(terms[0]!) : `(${terms.map(formatQuery).join(' OR ')})`);
      return `${side(node.left)} NEAR/${node.distance} ${side(node.right)}`;
    }
    case 'not':
      return `NOT ${wrap(node.child)}`;
    case 'and':
      return node.children.map(wrap).join(' AND ');
    case 'or':
      return node.children.map(wrap).join(' OR ');
  }
}

function wrap(node: QueryNode): string {
  return node.type === 'and' || node.type === 'or' ? `(${formatQuery(node)})` : formatQuery(node);
}
