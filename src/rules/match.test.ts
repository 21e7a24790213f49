import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeForMatching } from '../text/normalize.ts';
import { foldCase, needsFolding } from './case-fold.ts';
import { compileQuery, compileRulePack, findNearPair, isNear, necessaryFilter, RuleEngine, TermScanner, type MatchDoc, type TextFilter } from './match.ts';
import { parseQuery } from './query.ts';
import { rulePackSchema } from './rule-pack.ts';

const doc = (title: string, body = '', source = '赣鄱论坛'): MatchDoc => ({ title: normalizeForMatching(title), body: normalizeForMatching(body), source: normalizeForMatching(source) });
const matches = (query: string, d: MatchDoc) => compileQuery(parseQuery(query))(d);

/** A deterministic pseudo-random source for generated documents. */
function randomFrom(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('case folding', () => {
  it.each([
    ['ABC监狱', 'abc监狱'],
    ['ÜNÏCODE', 'ünïcode'],
    ['İ', 'İ'], // toLowerCase gives two code units here; folding keeps one for one
    ['监狱12348', '监狱12348'],
  ])('folds %j to %j, one code unit for one', (text, folded) => {
    expect(foldCase(text)).toBe(folded);
    expect(foldCase(text)).toHaveLength(text.length);
  });

  it('knows which words need a folded text', () => {
    expect([needsFolding('abc'), needsFolding('监狱'), needsFolding('12348'), needsFolding('ü')]).toEqual([true, false, false, true]);
  });
});

describe('TermScanner', () => {
  it('finds every occurrence of every word, overlapping ones included', () => {
    const found = new TermScanner(['监狱', '监狱管理局', '狱', 'ab', '管理']).scan('省监狱管理局通报监狱ab');
    expect(Object.fromEntries(found)).toEqual({ 监狱: [1, 8], 监狱管理局: [1], 狱: [2, 9], ab: [10], 管理: [3] });
  });

  it('matches exactly (place names keep their case)', () => {
    expect(new TermScanner(['AB']).scan('ab AB').get('AB')).toEqual([3]);
    expect(new TermScanner([]).scan('任何文字').size).toBe(0);
  });
});

describe('compileQuery: which texts match', () => {
  it.each([
    // terms, AND, OR, NOT, substring matching
    ['监狱 死亡', doc('某监狱一服刑人员死亡'), true],
    ['监狱 死亡', doc('某监狱开放日'), false],
    ['监狱', doc('省监狱管理局通报'), true],
    ['监狱 OR 看守所', doc('看守所'), true],
    ['监狱 NOT 电影', doc('监狱题材电影上映'), false],
    ['监狱 -电影', doc('监狱开放日'), true],
    ['监狱 NOT NOT 开放', doc('监狱开放日'), true],
    ['(监狱 OR 看守所) (死亡 OR 殴打) NOT (电影 OR 小说)', doc('看守所', '在押人员被殴打'), true],
    ['"法律 援助"', doc('法律 援助中心'), true],
    ['"法律 援助"', doc('法律援助中心'), false],
    // fields: unprefixed terms search title and body, not source
    ['title:监狱', doc('通报', '监狱'), false],
    ['body:监狱', doc('通报', '监狱'), true],
    ['监狱', doc('通报', '监狱'), true],
    ['律师', doc('通报', '', '律师之家'), false],
    ['source:微博 律师', doc('律师被打', '', '新浪微博'), true],
    ['title:(监狱 OR 看守所) 死亡', doc('看守所通报', '一人死亡'), true],
    ['title:(监狱 OR 看守所) 死亡', doc('通报', '看守所一人死亡'), false],
    // normalisation: Traditional queries, full-width queries, case
    ['監獄', doc('监狱'), true],
    ['（監獄　ＯＲ　看守所）', doc('看守所'), true],
    ['ABC', doc('abc公司'), true],
    ['abc', doc('ＡＢＣ公司'), true],
    ['"WeChat Pay"', { title: 'WECHAT PAY 故障', body: '', source: '' }, true],
    ['Ünïcode', { title: 'ÜNÏCODE', body: '', source: '' }, true],
  ])('%s on %j → %s', (query, d, expected) => {
    expect(matches(query, d) !== null).toBe(expected);
  });
});

describe('NEAR', () => {
  // 狱警 at 0–2, then `gap` filler characters, then 殴打.
  const gapped = (gap: number, first = '狱警', second = '殴打') => doc(`${first}${'的'.repeat(gap)}${second}`);

  it.each([
    ['狱警 NEAR/3 殴打', 3, true],
    ['狱警 NEAR/3 殴打', 4, false],
    ['殴打 NEAR/3 狱警', 3, true],
    ['殴打 NEAR/3 狱警', 4, false],
    ['狱警 NEAR/0 殴打', 0, true],
    ['狱警 NEAR/0 殴打', 1, false],
    ['(狱警 OR 管教) NEAR/2 (殴打 OR 体罚)', 2, true],
    ['(狱警 OR 管教) NEAR/2 (殴打 OR 体罚)', 3, false],
  ])('%s with %i characters between → %s', (query, gap, expected) => {
    expect(matches(query, gapped(gap)) !== null).toBe(expected);
  });

  it('counts from the end of whichever occurrence comes first', () => {
    expect(matches('狱警 NEAR/3 殴打', gapped(3, '殴打', '狱警'))).not.toBeNull();
    expect(matches('狱警 NEAR/3 殴打', gapped(4, '殴打', '狱警'))).toBeNull();
  });

  it('uses the closest pair among many occurrences', () => {
    const text = doc(`狱警${'。'.repeat(30)}殴打${'。'.repeat(30)}狱警被殴打`);
    expect(matches('狱警 NEAR/1 殴打', text)).toEqual([
      { term: '狱警', field: 'title', offset: 64 },
      { term: '殴打', field: 'title', offset: 67 },
    ]);
  });

  it('treats touching and overlapping occurrences as 0 apart', () => {
    expect(matches('监狱 NEAR/0 狱警', doc('监狱警察'))).not.toBeNull();
    expect(matches('监狱管理局 NEAR/0 管理', doc('省监狱管理局'))).not.toBeNull();
  });

  it('needs two occurrences when both sides are the same term', () => {
    expect(matches('监狱 NEAR/5 监狱', doc('监狱'))).toBeNull();
    expect(matches('监狱 NEAR/5 监狱', doc('监狱和监狱'))).not.toBeNull();
    expect(matches('监狱 NEAR/0 监狱', doc('监狱和监狱'))).toBeNull();
  });

  it('stays within one field', () => {
    expect(matches('狱警 NEAR/50 殴打', doc('狱警', '殴打'))).toBeNull();
    expect(matches('狱警 NEAR/50 殴打', doc('狱警', '狱警殴打'))).not.toBeNull();
    expect(matches('title:(狱警 NEAR/50 殴打)', doc('狱警', '狱警殴打'))).toBeNull();
  });

  it('folds case in NEAR too', () => {
    expect(matches('ABC NEAR/2 公司', { title: 'Abc的公司', body: '', source: '' })).not.toBeNull();
  });

  it.each([
    [[0], 2, [5], 2, 3, false, [0, 5]],
    [[0], 2, [5], 2, 2, false, null],
    [[5], 2, [0], 2, 3, false, [5, 0]],
    [[0, 40], 2, [20, 43], 2, 1, false, [40, 43]],
    [[0, 10], 2, [0, 10], 2, 8, true, [0, 10]],
    [[0], 2, [0], 2, 100, true, null],
    [[], 2, [1], 2, 100, false, null],
  ])('findNearPair(%j, %i, %j, %i, %i, same=%s) → %j', (a, aLength, b, bLength, distance, same, expected) => {
    expect(findNearPair(a, aLength, b, bLength, distance, same)).toEqual(expected);
    expect(isNear(a, aLength, b, bLength, distance, same)).toBe(expected !== null);
  });
});

describe('compileQuery: what it reports', () => {
  it('reports each satisfying term with field and offset, in query order', () => {
    expect(matches('(监狱 OR 看守所) 死亡 NOT 电影', doc('某看守所通报', '一在押人员死亡'))).toEqual([
      { term: '看守所', field: 'title', offset: 1 },
      { term: '死亡', field: 'body', offset: 5 },
    ]);
  });

  it('reports every alternative of an OR that holds, in every field it searches', () => {
    expect(matches('监狱 OR 看守所', doc('监狱', '看守所和监狱'))).toEqual([
      { term: '监狱', field: 'title', offset: 0 },
      { term: '监狱', field: 'body', offset: 4 },
      { term: '看守所', field: 'body', offset: 0 },
    ]);
  });

  it('reports nothing from under a NOT, except a double one', () => {
    expect(matches('监狱 NOT (电影 NOT 纪录)', doc('监狱纪录电影'))).toEqual([{ term: '监狱', field: 'title', offset: 0 }]);
    expect(matches('NOT NOT 监狱', doc('监狱'))).toEqual([{ term: '监狱', field: 'title', offset: 0 }]);
  });

  it('gives offsets in the text as stored, whatever folding did', () => {
    // İ (U+0130) lower-cases to two code units with toLowerCase; offsets must not shift.
    expect(matches('abc', { title: 'İİ ABC', body: '', source: '' })).toEqual([{ term: 'abc', field: 'title', offset: 3 }]);
    expect(matches('source:微博', doc('', '', '新浪微博'))).toEqual([{ term: '微博', field: 'source', offset: 2 }]);
  });
});

describe('compileRulePack', () => {
  it('returns the matching rules in pack order, with their hits', () => {
    const match = compileRulePack([
      { id: 'b', query: parseQuery('律师') },
      { id: 'a', query: parseQuery('监狱 死亡') },
      { id: 'c', query: parseQuery('监狱 NOT 死亡') },
    ]);
    expect(match(doc('监狱一名律师死亡'))).toEqual([
      { id: 'b', hits: [{ term: '律师', field: 'title', offset: 4 }] },
      {
        id: 'a',
        hits: [
          { term: '监狱', field: 'title', offset: 0 },
          { term: '死亡', field: 'title', offset: 6 },
        ],
      },
    ]);
    expect(match(doc('天气晴'))).toEqual([]);
    expect(compileRulePack([])(doc('监狱'))).toEqual([]);
  });

  it('agrees with evaluating each rule alone, on generated documents', () => {
    const queries = [
      '监狱 死亡',
      '(监狱 OR 看守所) (死亡 OR 殴打) NOT 电影',
      '狱警 NEAR/3 殴打',
      '(狱警 OR 管教) NEAR/0 (殴打 OR 体罚) OR 虐待',
      '监狱 NEAR/4 监狱',
      'title:监狱 body:死亡',
      'title:(律师 NEAR/2 诈骗)',
      'source:微博 律师',
      'ABC NEAR/3 公司 OR "x y"',
      '12348 -打通 -"服务 热线"',
      'NOT NOT 死 监',
      '(监狱 NOT 死亡) OR (死亡 NOT 监狱)',
      '狱',
    ];
    const rules = queries.map((q, id) => ({ id, query: parseQuery(q) }));
    const pack = compileRulePack(rules);
    const singles = rules.map((r) => ({ id: r.id, match: compileQuery(r.query) }));
    const words = ['监狱', '看守所', '死亡', '殴打', '狱警', '管教', '体罚', '虐待', '电影', '律师', '诈骗', '公司', 'ABC', 'abc', 'x y', '12348', '打通', '服务 热线', '的', '了', '，', '微博', '死', '监'];
    const random = randomFrom(7);
    const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? '' : '的');
    let matched = 0;
    for (let n = 0; n < 500; n++) {
      const d = { title: text(1 + Math.floor(random() * 4)), body: text(Math.floor(random() * 14)), source: random() < 0.3 ? '新浪微博' : '论坛' };
      const expected = singles.flatMap((s) => {
        const hits = s.match(d);
        return hits ? [{ id: s.id, hits }] : [];
      });
      expect(pack(d)).toEqual(expected);
      matched += expected.length;
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('finds the same as before when used again and again (state is reset per document)', () => {
    const engine = new RuleEngine([{ rule: 1, query: parseQuery('监狱 死亡') }]);
    expect(engine.match(doc('监狱死亡'))).toHaveLength(1);
    expect(engine.match(doc('监狱'))).toHaveLength(0);
    expect(engine.match(doc('死亡'))).toHaveLength(0);
    expect(engine.match(doc('监狱死亡'))).toHaveLength(1);
    expect(engine.size).toBe(1);
  });
});

describe('necessaryFilter', () => {
  const holds = (f: TextFilter | null, d: MatchDoc): boolean => {
    if (f === null) return true;
    if ('term' in f) return f.fields.some((field) => d[field].toLowerCase().includes(f.term));
    return 'and' in f ? f.and.every((p) => holds(p, d)) : f.or.some((p) => holds(p, d));
  };

  it('keeps the positive structure and drops what NOT constrains', () => {
    expect(necessaryFilter(parseQuery('(监狱 OR 看守所) 死亡 NOT 电影').root)).toEqual({
      and: [{ or: [{ term: '监狱', fields: ['title', 'body'] }, { term: '看守所', fields: ['title', 'body'] }] }, { term: '死亡', fields: ['title', 'body'] }],
    });
    expect(necessaryFilter(parseQuery('title:(律师 NEAR/5 诈骗)').root)).toEqual({
      and: [{ or: [{ term: '律师', fields: ['title'] }] }, { or: [{ term: '诈骗', fields: ['title'] }] }],
    });
    expect(necessaryFilter(parseQuery('NOT NOT 监狱').root)).toEqual({ term: '监狱', fields: ['title', 'body'] });
  });

  it('is met by every text a starter query matches (so a database may filter with it)', () => {
    const starter = rulePackSchema.parse(JSON.parse(fs.readFileSync(new URL('../../data/rules/starter.json', import.meta.url), 'utf8')));
    const queries = starter.flatMap((t) => t.rules.map((r) => parseQuery(r.query)));
    const words = ['监狱', '死亡', '律师', '诈骗', '投诉', '公证处', '社区矫正', '脱管', '司法局', '聚集', '的', '辟谣', '12348', '狱警', '殴打', '打不通', '不实信息'];
    const random = randomFrom(11);
    let matched = 0;
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 2 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join('');
      const d = doc(text.slice(0, 6), text.slice(6));
      for (const q of queries) {
        if (compileQuery(q)(d)) {
          matched++;
          expect(holds(necessaryFilter(q.root), d)).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(50);
  });
});
