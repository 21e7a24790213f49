import { describe, expect, it } from 'vitest';
import { formatQuery, MAX_DEPTH, parseQuery, QueryError } from './query.ts';

const canon = (q: string) => formatQuery(parseQuery(q).root);

describe('parseQuery', () => {
  it.each([
    ['监狱', '监狱'],
    ['监狱 死亡', '监狱 AND 死亡'],
    ['监狱 AND 死亡 OR 看守所', '(监狱 AND 死亡) OR 看守所'],
    ['监狱 OR 看守所 死亡', '监狱 OR (看守所 AND 死亡)'],
    ['(监狱 OR 看守所) 死亡', '(监狱 OR 看守所) AND 死亡'],
    ['监狱 NOT 招聘', '监狱 AND NOT 招聘'],
    ['监狱 -招聘', '监狱 AND NOT 招聘'],
    ['NOT NOT 监狱', 'NOT NOT 监狱'],
    ['"法律 援助" 投诉', '"法律 援助" AND 投诉'],
    ['“社区矫正” 「脱管」', '"社区矫正" AND "脱管"'],
    ['title:监狱 body:(死亡 OR 殴打)', 'title:监狱 AND (body:死亡 OR body:殴打)'],
    ['source:微博 律师', 'source:微博 AND 律师'],
    ['狱警 NEAR/10 殴打', '狱警 NEAR/10 殴打'],
    ['(律师 OR 律所) NEAR/5 诈骗 OR 公证', '(律师 OR 律所) NEAR/5 诈骗 OR 公证'],
    ['title:(狱警 NEAR/3 殴打)', 'title:狱警 NEAR/3 title:殴打'],
    ['監獄 AND 戒毒所', '监狱 AND 戒毒所'],
    ['（监狱　ＯＲ　看守所）　死亡', '(监狱 OR 看守所) AND 死亡'],
    ['ＡＢＣ and', 'abc AND "and"'],
    ['12348 热线', '12348 AND 热线'],
  ])('%s → %s', (query, expected) => {
    expect(canon(query)).toBe(expected);
  });

  it('lists the words that must be looked for, leaving out excluded ones', () => {
    expect(parseQuery('(监狱 OR 看守所) 死亡 NOT 电影 NOT (NOT 通报)').positiveTerms.map((t) => t.text)).toEqual(['监狱', '看守所', '死亡', '通报']);
  });

  it.each([
    ['', 'empty_query', 0],
    ['   ', 'empty_query', 0],
    ['AND 监狱', 'dangling_operator', 0],
    ['监狱 AND', 'dangling_operator', 3],
    ['监狱 OR OR 死亡', 'dangling_operator', 3],
    ['(监狱 OR 看守所', 'unclosed_paren', 0],
    ['监狱 )', 'unexpected_token', 3],
    ['()', 'empty_query', 0],
    ['"监狱 死亡', 'unclosed_quote', 0],
    ['监狱 ""', 'empty_phrase', 3],
    ['监狱 NEAR/x 死亡', 'bad_near', 3],
    ['监狱 NEAR 死亡', 'bad_near', 3],
    ['监狱 NEAR/5 (死亡 AND 殴打)', 'bad_near', 3],
    ['title:监狱 NEAR/5 body:死亡', 'bad_near', 9],
    ['author:张三', 'unknown_field', 0],
    ['监狱 title:', 'dangling_operator', 3],
    ['NOT 广告', 'matches_everything', 0],
    ['监狱 OR NOT 广告', 'matches_everything', 0],
    ['监狱 NOT', 'dangling_operator', 3],
  ])('%j is refused with %s at %i', (query, code, position) => {
    const err = (() => {
      try {
        parseQuery(query);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ code, position });
    expect((err as QueryError).messageZh).toMatch(/第 \d+ 个字符/);
  });

  it('keeps positions of the query as typed, full-width characters included', () => {
    expect(() => parseQuery('（监狱　ＡＮＤ')).toThrow(expect.objectContaining({ code: 'dangling_operator', position: 4 }));
  });

  it('refuses hostile sizes', () => {
    expect(() => parseQuery('监'.repeat(2001))).toThrow(expect.objectContaining({ code: 'too_long' }));
    const deep = '('.repeat(MAX_DEPTH + 1) + '监狱' + ')'.repeat(MAX_DEPTH + 1);
    expect(() => parseQuery(deep)).toThrow(expect.objectContaining({ code: 'too_deep' }));
    expect(() => parseQuery('NOT '.repeat(MAX_DEPTH + 1) + '监狱')).toThrow(expect.objectContaining({ code: 'too_deep' }));
    expect(canon('('.repeat(MAX_DEPTH - 1) + '监狱' + ')'.repeat(MAX_DEPTH - 1))).toBe('监狱');
  });
});
