import { normalizeForMatching, toHalfWidth } from '../text/normalize.ts';
import { foldCase } from './case-fold.ts';

/**
 * The monitoring-rule query language (监测规则).
 *
 * Grammar (EBNF; keywords are upper case and stand apart from words, separated by spaces or
 * parentheses):
 *
 *   query     = or-expr ;
 *   or-expr   = and-expr { "OR" and-expr } ;
 *   and-expr  = near-expr { [ "AND" ] near-expr } ;      two clauses side by side mean AND
 *   near-expr = unary [ near-op unary ] ;                 both operands: a term, or "(" an OR of terms ")"
 *   near-op   = "NEAR/" digit { digit } ;                 0 ≤ n ≤ MAX_NEAR
 *   unary     = ( "NOT" | "-" ) unary | primary ;         "-" directly before a clause, as in -辟谣
 *   primary   = [ field ":" ] ( word | phrase | "(" or-expr ")" ) ;
 *   field     = "title" | "body" | "source" ;            any letter case
 *   phrase    = '"' text '"' | "“" text "”" | "「" text "」" | "『" text "』" ;
 *   word      = a run of characters other than whitespace, parentheses and quote marks,
 *               that is not a keyword and does not start with "-" ;
 *
 * Precedence, tightest first: NOT, NEAR, AND, OR. `and`, `or`, `not` in lower case are words.
 *
 * Meaning: a term (word or phrase) is found by substring search in the normalised text, so 监狱
 * matches inside 省监狱管理局; Latin letters match in any case. A term without a field searches the
 * title and the body, not the source name; `title:(…)` gives every term inside it that field. NEAR
 * is defined in match.ts (`isNear`): within n characters, either order, same field.
 *
 * The query is read as normalizeForMatching would read it: full-width forms are made half-width
 * first (one character for one, so error positions stay those of the query as typed, and （）＂：
 * work as ( ) " :), then each term is normalised (Traditional → Simplified, whitespace collapsed)
 * and case-folded like the texts it is matched against. Simplifying the whole query at once would
 * let OpenCC's phrase table rewrite across operators and shift positions.
 *
 * Refused, with a QueryError pointing at the first problem in reading order: empty queries,
 * dangling operators, unclosed parentheses and quotes, bad NEAR, unknown fields, keywords glued to
 * Chinese (监狱AND死亡 would silently be one long word), queries that match a text containing none
 * of their words (NOT 广告 alone would flag nearly every mention), and hostile sizes.
 *
 * Why a hand-written recursive-descent parser: the grammar is a dozen lines; every error must carry
 * the offset of the character the user typed (so the board can underline it) and a message in
 * Chinese and English, which generated parsers make awkward; and no small dependency parses this
 * dialect (Lucene-style libraries differ on NEAR, juxtaposition, Chinese quotes and fields).
 */

export type Field = 'title' | 'body' | 'source';
export const fields: readonly Field[] = ['title', 'body', 'source'];

export type QueryNode =
  | TermNode
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode; position: number }
  | { type: 'near'; left: TermNode[]; right: TermNode[]; distance: number; position: number };

/** A word or phrase, normalised and case-folded; `field` null means title or body. */
export interface TermNode {
  type: 'term';
  text: string;
  field: Field | null;
  /** Written in quotes (kept for display; matching is the same). */
  phrase: boolean;
  /** Offset in the query as typed. */
  position: number;
}

export interface Query {
  /** The query as typed. */
  text: string;
  root: QueryNode;
  /**
   * The terms that count for a match (under an even number of NOTs), each text and field once, in
   * reading order: a matching text contains at least one of them. Used to skip rules and to
   * highlight and explain matches.
   */
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
  | 'unspaced_operator'
  | 'bad_near'
  | 'unknown_field'
  | 'matches_everything';

export const MAX_QUERY_LENGTH = 2000;
/** Deepest nesting of parentheses and NOTs: keeps recursion (here and in the matcher) shallow. */
export const MAX_DEPTH = 32;
export const MAX_NEAR = 500;

const messagesZh: Record<QueryErrorCode, string> = {
  empty_query: '规则为空',
  too_long: `规则过长（最多 ${MAX_QUERY_LENGTH} 个字符）`,
  too_deep: `括号或 NOT 嵌套过深（最多 ${MAX_DEPTH} 层）`,
  unexpected_token: '此处不应出现该内容',
  unclosed_paren: '括号没有闭合',
  unclosed_quote: '引号没有闭合',
  empty_phrase: '引号内没有内容',
  dangling_operator: '运算符缺少操作对象',
  unspaced_operator: 'AND、OR、NOT、NEAR 前后需要空格',
  bad_near: `NEAR 写法应为“词 NEAR/数字 词”，数字为 0 到 ${MAX_NEAR}，两侧为词或用 OR 连接的词`,
  unknown_field: '未知字段（可用 title:、body:、source:）',
  matches_everything: '规则只有排除条件，会命中几乎所有信息，请加入必须出现的词',
};

/** A query that cannot be used: what (code), where (offset in the query as typed) and why, in English and Chinese. */
export class QueryError extends Error {
  readonly messageZh: string;
  constructor(
    readonly code: QueryErrorCode,
    readonly position: number,
    message: string,
  ) {
    super(`${message} (at ${position})`);
    this.name = 'QueryError';
    this.messageZh = `${messagesZh[code]}（第 ${position + 1} 个字符）`;
  }
}

type Token =
  | { kind: 'word'; text: string; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'field'; field: Field; position: number }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen' | 'eof'; position: number }
  | { kind: 'near'; distance: number; position: number }
  /** A lexing problem, thrown only when the parser reaches it (see Parser.advance). */
  | { kind: 'error'; error: QueryError; position: number };

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』' };
/** Characters that end a word. */
const BREAKS = new Set(['(', ')', '"', '“', '”', '「', '」', '『', '』']);
/** Whitespace as normalizeForMatching sees it (zero-width space and BOM included). */
const isSpace = (c: string | undefined) => c !== undefined && /[\s\u200b\ufeff]/.test(c);
const isHan = (c: string | undefined) => c !== undefined && /\p{Script=Han}/u.test(c);
const KEYWORD_INSIDE = /AND|OR|NOT|NEAR(?:\/\d*)?/g;

/** Reads tokens one at a time as the parser asks for them. */
class Lexer {
  private at = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    const text = this.text;
    while (this.at < text.length && isSpace(text[this.at])) this.at++;
    const start = this.at;
    const c = text[start];
    if (c === undefined) return { kind: 'eof', position: start };
    if (c === '(' || c === ')') {
      this.at++;
      return { kind: c === '(' ? 'lparen' : 'rparen', position: start };
    }
    const close = QUOTES[c];
    if (close) {
      const end = text.indexOf(close, start + 1);
      if (end < 0) throw new QueryError('unclosed_quote', start, `the quote ${c} is not closed`);
      this.at = end + 1;
      return { kind: 'phrase', text: text.slice(start + 1, end), position: start };
    }
    if (BREAKS.has(c)) throw new QueryError('unexpected_token', start, `a closing quote ${c} without an opening one`);
    if (c === '-') {
      const after = text[start + 1];
      if (after === undefined || isSpace(after) || after === ')') throw new QueryError('dangling_operator', start, '"-" (NOT) must be directly followed by a word, a phrase or parentheses');
      this.at++;
      return { kind: 'not', position: start };
    }
    let end = start;
    while (end < text.length && !isSpace(text[end]) && !BREAKS.has(text[end]!)) end++;
    const word = text.slice(start, end);
    const field = /^([A-Za-z]+):/.exec(word);
    if (field) {
      const name = field[1]!.toLowerCase();
      if (!(fields as readonly string[]).includes(name)) {
        throw new QueryError('unknown_field', start, `unknown field "${field[1]}:" (use title:, body: or source:; put a word containing ":" in quotes)`);
      }
      this.at = start + field[0].length;
      return { kind: 'field', field: name as Field, position: start };
    }
    this.at = end;
    if (word === 'AND' || word === 'OR' || word === 'NOT') return { kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', position: start };
    if (word === 'NEAR' || word.startsWith('NEAR/')) {
      const n = /^NEAR\/(\d{1,4})$/.exec(word);
      if (!n || Number(n[1]) > MAX_NEAR) throw new QueryError('bad_near', start, `write NEAR/n with n from 0 to ${MAX_NEAR}, e.g. 狱警 NEAR/10 殴打`);
      return { kind: 'near', distance: Number(n[1]), position: start };
    }
    checkGluedKeyword(word, start);
    return { kind: 'word', text: word, position: start };
  }
}

/** Refuses a keyword written against Chinese characters (监狱AND死亡), which would otherwise be one word. */
function checkGluedKeyword(word: string, position: number): void {
  for (const m of word.matchAll(KEYWORD_INSIDE)) {
    const before = word[m.index - 1];
    const after = word[m.index + m[0].length];
    const bounded = (before === undefined || isHan(before)) && (after === undefined || isHan(after));
    if (bounded && (isHan(before) || isHan(after))) {
      throw new QueryError('unspaced_operator', position + m.index, `put spaces around ${m[0]}, as in 监狱 ${m[0].startsWith('NEAR') ? 'NEAR/10' : m[0]} 死亡`);
    }
  }
}

/** Normalises a word or phrase the way the matched texts are normalised, and folds its case. */
export function normalizeTerm(text: string): string {
  return foldCase(normalizeForMatching(text));
}

/** What may start a clause, so that two clauses side by side are read as AND. */
const CLAUSE_START = new Set<Token['kind']>(['word', 'phrase', 'field', 'not', 'lparen']);

/**
 * The parser looks one token ahead. A lexing problem in that token is kept as an 'error' token and
 * thrown only when the parser has to use it, so the problem reported is the first in reading
 * order: in `AND "abc` the dangling AND (at 0), not the unclosed quote (at 4).
 */
class Parser {
  private token: Token;
  private depth = 0;

  constructor(private readonly lexer: Lexer) {
    this.token = this.read();
  }

  parse(): QueryNode {
    this.throwIfError();
    if (this.token.kind === 'eof') throw new QueryError('empty_query', 0, 'the query is empty');
    const node = this.orExpr();
    this.throwIfError();
    const rest = this.peek();
    if (rest.kind === 'rparen') throw new QueryError('unexpected_token', rest.position, 'a closing parenthesis without an opening one');
    if (rest.kind !== 'eof') throw new QueryError('unexpected_token', rest.position, 'unexpected text here');
    return node;
  }

  private read(): Token {
    try {
      return this.lexer.next();
    } catch (err) {
      if (err instanceof QueryError) return { kind: 'error', error: err, position: err.position };
      throw err;
    }
  }

  private advance(): Token {
    const t = this.token;
    this.token = this.read();
    return t;
  }

  private peek(): Token {
    return this.token;
  }

  private throwIfError(): void {
    if (this.token.kind === 'error') throw this.token.error;
  }

  private orExpr(): QueryNode {
    const children = [this.andExpr()];
    while (this.token.kind === 'or') {
      this.expectOperandAfter(this.advance());
      children.push(this.andExpr());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private andExpr(): QueryNode {
    const children = [this.nearExpr()];
    for (;;) {
      if (this.token.kind === 'and') this.expectOperandAfter(this.advance());
      else if (!CLAUSE_START.has(this.token.kind)) break;
      children.push(this.nearExpr());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private nearExpr(): QueryNode {
    const left = this.unary();
    if (this.token.kind !== 'near') return left;
    const op = this.advance() as Extract<Token, { kind: 'near' }>;
    this.expectOperandAfter(op);
    const right = this.unary();
    const a = nearOperand(left);
    const b = nearOperand(right);
    if (!a || !b) throw new QueryError('bad_near', op.position, 'NEAR joins two words or phrases, or parenthesised ORs of them; write NOT (a NEAR/5 b) to exclude a pair');
    if (new Set([...a, ...b].map((t) => t.field)).size > 1) throw new QueryError('bad_near', op.position, 'both sides of NEAR must search the same field');
    if (this.token.kind === 'near') throw new QueryError('bad_near', this.token.position, 'NEAR cannot be chained; join pairs with AND');
    return { type: 'near', left: a, right: b, distance: op.distance, position: op.position };
  }

  private unary(): QueryNode {
    const t = this.token;
    if (t.kind !== 'not') return this.primary();
    this.advance();
    this.expectOperandAfter(t);
    return { type: 'not', child: this.nested(t.position, () => this.unary()), position: t.position };
  }

  private primary(): QueryNode {
    let field: Field | null = null;
    this.throwIfError();
    let t = this.advance();
    if (t.kind === 'field') {
      field = t.field;
      this.throwIfError();
      const next = this.token;
      if (next.kind !== 'word' && next.kind !== 'phrase' && next.kind !== 'lparen') {
        throw new QueryError('dangling_operator', t.position, `"${t.field}:" must be followed by a word, a phrase or parentheses`);
      }
      t = this.advance();
    }
    switch (t.kind) {
      case 'word':
      case 'phrase': {
        const text = normalizeTerm(t.text);
        if (!text) throw new QueryError('empty_phrase', t.position, 'the phrase is empty');
        return { type: 'term', text, field, phrase: t.kind === 'phrase', position: t.position };
      }
      case 'lparen': {
        this.throwIfError();
        if (this.token.kind === 'rparen') throw new QueryError('empty_query', t.position, 'the parentheses are empty');
        const inner = this.nested(t.position, () => this.orExpr());
        this.throwIfError();
        // Read through a call: TypeScript keeps the narrowing of this.token from before orExpr().
        const close = this.peek();
        if (close.kind !== 'rparen') {
          // Anything but ")" here is the end (unclosed) or a token orExpr could not use.
          if (close.kind === 'eof') throw new QueryError('unclosed_paren', t.position, 'the parenthesis is not closed');
          throw new QueryError('unexpected_token', close.position, 'unexpected text here');
        }
        this.advance();
        return field ? withField(inner, field) : inner;
      }
      case 'eof':
        throw new QueryError('dangling_operator', t.position, 'the query ends where a word was expected');
      case 'rparen':
        throw new QueryError('unexpected_token', t.position, 'a closing parenthesis where a word was expected');
      default:
        throw new QueryError('dangling_operator', t.position, 'an operator where a word was expected');
    }
  }

  private nested<T>(position: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new QueryError('too_deep', position, `parentheses and NOTs nested deeper than ${MAX_DEPTH}`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** An operator must be followed by something it can apply to. */
  private expectOperandAfter(op: Token): void {
    this.throwIfError();
    const k = this.token.kind;
    if (k === 'eof' || k === 'rparen' || k === 'and' || k === 'or' || k === 'near') {
      throw new QueryError('dangling_operator', op.position, 'the operator has nothing on its right');
    }
  }
}

/** The terms of a NEAR operand: a term, or an OR of terms; null for anything else. */
function nearOperand(node: QueryNode): TermNode[] | null {
  if (node.type === 'term') return [node];
  if (node.type === 'or' && node.children.every((c) => c.type === 'term')) return node.children as TermNode[];
  return null;
}

/** Applies a field prefix to a group: every term inside without a field of its own gets it. */
function withField(node: QueryNode, field: Field): QueryNode {
  switch (node.type) {
    case 'term':
      return node.field ? node : { ...node, field };
    case 'near':
      return { ...node, left: node.left.map((t) => withField(t, field) as TermNode), right: node.right.map((t) => withField(t, field) as TermNode) };
    case 'not':
      return { ...node, child: withField(node.child, field) };
    case 'and':
    case 'or':
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
    case 'and':
    case 'or':
      for (const c of node.children) collectPositive(c, positive, out);
  }
}

/**
 * Where the query shows that it matches a text containing none of its terms (the NOT that makes
 * it so), or null when it does not. Such a query would flag nearly every mention.
 */
function matchesWithoutTerms(node: QueryNode): number | null {
  switch (node.type) {
    case 'term':
    case 'near':
      return null;
    case 'not':
      return matchesWithoutTerms(node.child) === null ? node.position : null;
    case 'and': {
      const each = node.children.map(matchesWithoutTerms);
      return each.every((p) => p !== null) ? each[0]! : null;
    }
    case 'or':
      return node.children.map(matchesWithoutTerms).find((p) => p !== null) ?? null;
  }
}

/** Parses a rule query; throws QueryError with the position of the first problem. */
export function parseQuery(text: string): Query {
  if (text.length > MAX_QUERY_LENGTH) throw new QueryError('too_long', MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const root = new Parser(new Lexer(toHalfWidth(text))).parse();
  const everything = matchesWithoutTerms(root);
  if (everything !== null) {
    throw new QueryError('matches_everything', everything, 'the query matches texts that contain none of its words (only NOT here); add a word that must appear');
  }
  const all: TermNode[] = [];
  collectPositive(root, true, all);
  const seen = new Set<string>();
  const positiveTerms = all.filter((t) => {
    const key = `${t.field ?? ''}:${t.text}`;
    return !seen.has(key) && seen.add(key);
  });
  return { text, root, positiveTerms };
}

/** The canonical text of a parsed query: it parses back to the same tree (positions aside). */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term': {
      const text = node.phrase || !isBareWord(node.text) ? quote(node.text) : node.text;
      return node.field ? `${node.field}:${text}` : text;
    }
    case 'near': {
      const side = (terms: TermNode[]) => (terms.length === 1 ? formatQuery(terms[0]!) : `(${terms.map(formatQuery).join(' OR ')})`);
      return `${side(node.left)} NEAR/${node.distance} ${side(node.right)}`;
    }
    case 'not':
      return `NOT ${node.child.type === 'term' || node.child.type === 'not' ? formatQuery(node.child) : `(${formatQuery(node.child)})`}`;
    case 'and':
    case 'or':
      return node.children.map((c) => (c.type === 'and' || c.type === 'or' ? `(${formatQuery(c)})` : formatQuery(c))).join(node.type === 'and' ? ' AND ' : ' OR ');
  }
}

/** True when a term reads back as itself without quotes. */
function isBareWord(text: string): boolean {
  if (/[\s\u200b\ufeff]/.test(text) || [...text].some((c) => BREAKS.has(c))) return false;
  if (text.startsWith('-') || /^[A-Za-z]+:/.test(text) || /^(AND|OR|NOT|NEAR)$|^NEAR\//.test(text)) return false;
  return ![...text.matchAll(KEYWORD_INSIDE)].length;
}

/** Quotes a phrase with the first pair of quote marks it does not contain. */
function quote(text: string): string {
  for (const [open, close] of Object.entries(QUOTES)) if (!text.includes(close)) return `${open}${text}${close}`;
  return `"${text}"`; // unreachable for parsed terms: a phrase never contains its own closing mark
}
