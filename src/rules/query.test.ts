import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatQuery, MAX_DEPTH, MAX_QUERY_LENGTH, parseQuery, QueryError, type QueryNode } from './query.ts';

const canon = (q: string) => formatQuery(parseQuery(q).root);

/** The tree without positions, for comparing parses of different texts. */
function shape(node: QueryNode): unknown {
  switch (node.type) {
    case 'term':
      return { term: node.text, field: node.field, phrase: node.phrase };
    case 'near':
      return { near: node.distance, left: node.left.map(shape), right: node.right.map(shape) };
    case 'not':
      return { not: shape(node.child) };
    case 'and':
    case 'or':
      return { [node.type]: node.children.map(shape) };
  }
}

function errorOf(query: string): QueryError {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe('parseQuery: valid queries, in canonical form', () => {
  it.each([
    // terms and juxtaposition
    ['监狱', '监狱'],
    ['12348', '12348'],
    ['监狱 死亡', '监狱 AND 死亡'],
    ['监狱 死亡 殴打', '监狱 AND 死亡 AND 殴打'],
    ['12348-热线', '12348-热线'],
    // precedence: NOT > NEAR > AND > OR
    ['监狱 AND 死亡 OR 看守所', '(监狱 AND 死亡) OR 看守所'],
    ['监狱 OR 看守所 死亡', '监狱 OR (看守所 AND 死亡)'],
    ['监狱 OR 看守所 AND 死亡 OR 殴打', '监狱 OR (看守所 AND 死亡) OR 殴打'],
    ['NOT 广告 监狱', 'NOT 广告 AND 监狱'],
    ['监狱 NOT 招聘 OR 看守所', '(监狱 AND NOT 招聘) OR 看守所'],
    ['狱警 NEAR/5 殴打 死亡', '狱警 NEAR/5 殴打 AND 死亡'],
    ['狱警 NEAR/5 殴打 OR 体罚', '狱警 NEAR/5 殴打 OR 体罚'],
    // parentheses
    ['(监狱 OR 看守所) 死亡', '(监狱 OR 看守所) AND 死亡'],
    ['((监狱 OR (看守所)) AND ((死亡)))', '(监狱 OR 看守所) AND 死亡'],
    ['(监狱 AND 死亡) AND 殴打', '(监狱 AND 死亡) AND 殴打'],
    ['监狱 NOT (电影 OR 电视剧)', '监狱 AND NOT (电影 OR 电视剧)'],
    ['NOT NOT 监狱', 'NOT NOT 监狱'],
    ['监狱(死亡)', '监狱 AND 死亡'],
    // NOT shorthand
    ['监狱 -招聘', '监狱 AND NOT 招聘'],
    ['监狱 -(电影 OR 小说)', '监狱 AND NOT (电影 OR 小说)'],
    ['监狱 -"监狱题材"', '监狱 AND NOT "监狱题材"'],
    // phrases, every kind of quote
    ['"法律 援助" 投诉', '"法律 援助" AND 投诉'],
    ['“社区矫正” 「脱管」 『漏管』', '"社区矫正" AND "脱管" AND "漏管"'],
    ['＂法律援助＂', '"法律援助"'],
    ['"AND"', '"and"'],
    ['"title:监狱"', '"title:监狱"'],
    ['“他说\"不\"”', '“他说"不"”'],
    // fields
    ['title:监狱 body:(死亡 OR 殴打)', 'title:监狱 AND (body:死亡 OR body:殴打)'],
    ['TITLE:监狱', 'title:监狱'],
    ['source:微博 律师', 'source:微博 AND 律师'],
    ['title:"法律援助"', 'title:"法律援助"'],
    ['title:(监狱 NOT 招聘)', 'title:监狱 AND NOT title:招聘'],
    ['title:(body:监狱 OR 看守所)', 'body:监狱 OR title:看守所'],
    // NEAR
    ['狱警 NEAR/10 殴打', '狱警 NEAR/10 殴打'],
    ['狱警 NEAR/0 殴打', '狱警 NEAR/0 殴打'],
    ['(律师 OR 律所) NEAR/5 诈骗 OR 公证', '(律师 OR 律所) NEAR/5 诈骗 OR 公证'],
    ['title:(狱警 NEAR/3 殴打)', 'title:狱警 NEAR/3 title:殴打'],
    ['NOT (狱警 NEAR/3 殴打) 监狱', 'NOT (狱警 NEAR/3 殴打) AND 监狱'],
    // normalisation: Traditional, full-width, case, whitespace
    ['監獄 AND 戒毒所', '监狱 AND 戒毒所'],
    ['（监狱　ＯＲ　看守所）　死亡', '(监狱 OR 看守所) AND 死亡'],
    ['狱警 ＮＥＡＲ／５ 殴打', '狱警 NEAR/5 殴打'],
    ['title：监狱', 'title:监狱'],
    ['ＡＢＣ and', 'abc AND and'],
    ['iPhone OR ANDROID手机', 'iphone OR android手机'],
    ['监狱\u200b死亡', '监狱 AND 死亡'],
    ['  监狱\n\tOR\n看守所  ', '监狱 OR 看守所'],
  ])('%j → %s', (query, expected) => {
    expect(canon(query)).toBe(expected);
  });

  it('lists the positive terms once each, in reading order, leaving out excluded ones', () => {
    const q = parseQuery('(监狱 OR 看守所) 死亡 NOT 电影 NOT (NOT 通报) 监狱 title:监狱 -(a NEAR/3 b)');
    expect(q.positiveTerms.map((t) => `${t.field ?? ''}:${t.text}`)).toEqual([':监狱', ':看守所', ':死亡', ':通报', 'title:监狱']);
    expect(q.text).toBe('(监狱 OR 看守所) 死亡 NOT 电影 NOT (NOT 通报) 监狱 title:监狱 -(a NEAR/3 b)');
  });

  it('keeps the offset of each term in the query as typed', () => {
    const q = parseQuery('（監獄　OR "看守所"）');
    expect(q.positiveTerms.map((t) => [t.text, t.position])).toEqual([
      ['监狱', 1],
      ['看守所', 7],
    ]);
  });
});

describe('formatQuery', () => {
  const starter = JSON.parse(fs.readFileSync(new URL('../../data/rules/starter.json', import.meta.url), 'utf8')) as { rules: { query: string }[] }[];
  const written = [
    ...starter.flatMap((t) => t.rules.map((r) => r.query)),
    '“他说"不"”',
    '「a”b"c」',
    '『a」b”c"d』',
    '"-监狱"',
    '"a:b"',
    'title:(x OR "y z") NEAR/3 title:w',
  ];

  it.each(written)('reads back as the same tree: %s', (query) => {
    const first = parseQuery(query).root;
    const again = parseQuery(formatQuery(first)).root;
    expect(shape(again)).toEqual(shape(first));
    expect(formatQuery(again)).toBe(formatQuery(first));
  });

  it('reads back random trees as themselves', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const words = ['监狱', '死亡', 'abc', '12348', '法律 援助', '"引号"', '-负', 'x:y', 'and', '「括」'];
    const term = (): QueryNode => {
      const text = words[Math.floor(random() * words.length)]!;
      const field = random() < 0.2 ? 'title' : null;
      // A text that cannot stand bare is written in quotes, so it reads back as a phrase.
      const quoted = /[\s"“”「」『』()]|^-|^[a-z]+:/.test(text);
      return { type: 'term', text, field, phrase: quoted || random() < 0.3, position: 0 };
    };
    const tree = (depth: number): QueryNode => {
      const r = random();
      if (depth === 0 || r < 0.3) return term();
      if (r < 0.5) return { type: 'not', child: tree(depth - 1), position: 0 };
      if (r < 0.6) {
        const side = () => (random() < 0.5 ? [term()] : [term(), term()]).map((t) => ({ ...t, field: null }) as Extract<QueryNode, { type: 'term' }>);
        return { type: 'near', left: side(), right: side(), distance: Math.floor(random() * 20), position: 0 };
      }
      return { type: random() < 0.5 ? 'and' : 'or', children: [tree(depth - 1), tree(depth - 1), ...(random() < 0.3 ? [tree(depth - 1)] : [])] };
    };
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const t = tree(4);
      let parsed;
      try {
        parsed = parseQuery(formatQuery(t)).root;
      } catch (err) {
        // A random tree may be one the parser refuses (it matches without any term): nothing to compare.
        if (err instanceof QueryError && err.code === 'matches_everything') continue;
        throw err;
      }
      expect(shape(parsed)).toEqual(shape(t));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('parseQuery: invalid queries, with the code and position of the first problem', () => {
  it.each([
    ['', 'empty_query', 0],
    ['   ', 'empty_query', 0],
    ['()', 'empty_query', 0],
    ['监狱 ( )', 'empty_query', 3],
    ['AND 监狱', 'dangling_operator', 0],
    ['OR', 'dangling_operator', 0],
    ['监狱 AND', 'dangling_operator', 3],
    ['监狱 OR OR 死亡', 'dangling_operator', 3],
    ['监狱 AND OR 死亡', 'dangling_operator', 3],
    ['(监狱 OR) 死亡', 'dangling_operator', 4],
    ['监狱 NOT', 'dangling_operator', 3],
    ['监狱 -', 'dangling_operator', 3],
    ['监狱 - 招聘', 'dangling_operator', 3],
    ['(监狱 -)', 'dangling_operator', 4],
    ['NEAR/5 监狱', 'dangling_operator', 0],
    ['监狱 NEAR/5', 'dangling_operator', 3],
    ['监狱 title:', 'dangling_operator', 3],
    ['title: OR', 'dangling_operator', 0],
    ['title:NOT 监狱', 'dangling_operator', 0],
    ['title:title:监狱', 'dangling_operator', 0],
    ['(监狱 OR 看守所', 'unclosed_paren', 0],
    ['监狱 AND (死亡', 'unclosed_paren', 7],
    // The innermost open parenthesis is the one reported: the end came while reading it.
    ['((监狱) OR (看守所', 'unclosed_paren', 9],
    ['监狱 )', 'unexpected_token', 3],
    [') 监狱', 'unexpected_token', 0],
    ['(监狱))', 'unexpected_token', 4],
    ['监狱 ”', 'unexpected_token', 3],
    ['"监狱 死亡', 'unclosed_quote', 0],
    ['监狱 “死亡', 'unclosed_quote', 3],
    ['监狱 「死亡”', 'unclosed_quote', 3],
    ['监狱 ""', 'empty_phrase', 3],
    ['监狱 “　”', 'empty_phrase', 3],
    ['监狱 NEAR/x 死亡', 'bad_near', 3],
    ['监狱 NEAR 死亡', 'bad_near', 3],
    ['监狱 NEAR/ 死亡', 'bad_near', 3],
    ['监狱 NEAR/501 死亡', 'bad_near', 3],
    ['监狱 NEAR/5 (死亡 AND 殴打)', 'bad_near', 3],
    ['NOT 监狱 NEAR/3 死亡', 'bad_near', 7],
    ['title:监狱 NEAR/5 body:死亡', 'bad_near', 9],
    ['title:监狱 NEAR/5 死亡', 'bad_near', 9],
    ['title：监狱 NEAR／5 死亡', 'bad_near', 9],
    ['a NEAR/3 b NEAR/3 c', 'bad_near', 11],
    ['author:张三', 'unknown_field', 0],
    ['监狱 http://example.cn', 'unknown_field', 3],
    ['监狱AND死亡', 'unspaced_operator', 2],
    ['监狱 OR看守所', 'unspaced_operator', 3],
    ['监狱NOT', 'unspaced_operator', 2],
    ['监狱NEAR/5死亡', 'unspaced_operator', 2],
    ['NOT 广告', 'matches_everything', 0],
    ['-广告', 'matches_everything', 0],
    ['NOT 广告 NOT 招聘', 'matches_everything', 0],
    ['监狱 OR NOT 广告', 'matches_everything', 6],
    ['(NOT 广告) OR 监狱', 'matches_everything', 1],
    ['NOT (监狱 AND 死亡)', 'matches_everything', 0],
    // The first problem in reading order wins, though the parser looks one token ahead.
    ['AND "abc', 'dangling_operator', 0],
    ['监狱 AND "abc', 'unclosed_quote', 7],
    ['title:"abc', 'unclosed_quote', 6],
    ['a NEAR/3 (b AND c) "x', 'bad_near', 2],
    // Positions are those of the query as typed, full-width characters included.
    ['（监狱　ＡＮＤ', 'dangling_operator', 4],
    ['监狱 ＡＮＤ （死亡', 'unclosed_paren', 7],
  ])('%j is refused with %s at %i', (query, code, position) => {
    const err = errorOf(query);
    expect({ code: err.code, position: err.position }).toEqual({ code, position });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('QueryError');
    expect(err.message).toContain(`(at ${position})`);
    expect(err.messageZh).toContain(`（第 ${position + 1} 个字符）`);
  });

  it('words that merely contain a keyword are words', () => {
    expect(canon('ANDROID NOTE ORACLE NEARBY')).toBe('android AND note AND oracle AND nearby');
    expect(canon('ORACLE公司 NOTE本')).toBe('oracle公司 AND note本');
  });

  it('explains in Chinese', () => {
    expect(errorOf('监狱 AND (死亡').messageZh).toBe('括号没有闭合（第 8 个字符）');
    expect(errorOf('NOT 广告').messageZh).toMatch(/^规则只有排除条件/);
  });
});

describe('parseQuery: limits against hostile input', () => {
  it('refuses queries longer than the limit, before reading them', () => {
    expect(errorOf('监'.repeat(MAX_QUERY_LENGTH + 1))).toMatchObject({ code: 'too_long', position: MAX_QUERY_LENGTH });
    expect(errorOf('('.repeat(1_000_000))).toMatchObject({ code: 'too_long' });
    expect(canon('监'.repeat(MAX_QUERY_LENGTH))).toBe('监'.repeat(MAX_QUERY_LENGTH));
  });

  it('refuses nesting deeper than the limit, at the first parenthesis or NOT too deep', () => {
    const parens = (n: number) => '('.repeat(n) + '监狱' + ')'.repeat(n);
    expect(canon(parens(MAX_DEPTH))).toBe('监狱');
    expect(errorOf(parens(MAX_DEPTH + 1))).toMatchObject({ code: 'too_deep', position: MAX_DEPTH });
    expect(errorOf('('.repeat(MAX_QUERY_LENGTH))).toMatchObject({ code: 'too_deep', position: MAX_DEPTH });
    expect(errorOf('NOT '.repeat(MAX_DEPTH + 1) + '监狱')).toMatchObject({ code: 'too_deep', position: 4 * MAX_DEPTH });
    expect(errorOf('-'.repeat(MAX_DEPTH + 1) + '监狱')).toMatchObject({ code: 'too_deep', position: MAX_DEPTH });
  });

  it('parses wide queries without recursion', () => {
    const wide = Array.from({ length: 250 }, (_, i) => `词${i}`).join(' OR ');
    expect(wide.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    const q = parseQuery(wide);
    expect(q.positiveTerms).toHaveLength(250);
    expect(parseQuery(Array.from({ length: 300 }, (_, i) => `词${i}`).join(' ')).root).toMatchObject({ type: 'and' });
  });
});
