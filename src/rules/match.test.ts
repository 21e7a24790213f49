import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeForMatching } from '../text/normalize.ts';
import { compileQuery, necessaryFilter, RuleEngine, TermScanner, type MatchDoc, type TextFilter } from './match.ts';
import { parseQuery } from './query.ts';
import { rulePackSchema } from './rule-pack.ts';

const doc = (title: string, body = '', source = '赣鄱论坛'): MatchDoc => ({ title: normalizeForMatching(title), body: normalizeForMatching(body), source });
const matches = (query: string, d: MatchDoc) => compileQuery(parseQuery(query))(d);

describe('TermScanner', () => {
  it('finds every occurrence of every word, overlapping ones included', () => {
    const found = new TermScanner(['监狱', '监狱管理局', '狱', 'ab']).scan('省监狱管理局通报监狱ab');
    expect(Object.fromEntries(found)).toEqual({ 监狱: [1, 8], 监狱管理局: [1], 狱: [2, 9], ab: [10] });
  });
});

describe('compileQuery', () => {
  it.each([
    ['监狱 死亡', doc('某监狱一服刑人员死亡'), true],
    ['监狱 死亡', doc('某监狱开放日'), false],
    ['监狱 NOT 电影', doc('监狱题材电影上映'), false],
    ['title:监狱', doc('通报', '监狱'), false],
    ['body:监狱', doc('通报', '监狱'), true],
    ['监狱', doc('通报', '监狱'), true],
    ['source:微博 律师', doc('律师被打', '', '新浪微博'), true],
    ['律师', doc('通报', '', '律师之家'), false],
    ['監獄', doc('监狱'), true],
    ['ABC', doc('abc公司'), true],
    ['abc', doc('ＡＢＣ公司'), true],
  ])('%s on %j → %s', (query, d, expected) => {
    expect(matches(query, d) !== null).toBe(expected);
  });

  it('measures NEAR from the end of one word to the start of the other, either order', () => {
    // 狱警 at 0–2, 殴打 starts at 2 + gap.
    const text = (gap: number) => doc(`狱警${'的'.repeat(gap)}殴打`);
    expect(matches('狱警 NEAR/3 殴打', text(3))).not.toBeNull();
    expect(matches('狱警 NEAR/3 殴打', text(4))).toBeNull();
    expect(matches('殴打 NEAR/3 狱警', text(3))).not.toBeNull();
    expect(matches('狱警 NEAR/0 殴打', text(0))).not.toBeNull();
    expect(matches('(狱警 OR 管教) NEAR/2 (殴打 OR 体罚)', doc('管教人员体罚'))).not.toBeNull();
    // Different fields are not near each other.
    expect(matches('狱警 NEAR/50 殴打', doc('狱警', '殴打'))).toBeNull();
  });

  it('reports the words that matched, with field and offset', () => {
    expect(matches('(监狱 OR 看守所) 死亡 NOT 电影', doc('某看守所通报', '一在押人员死亡'))).toEqual([
      { term: '看守所', field: 'title', offset: 1 },
      { term: '死亡', field: 'body', offset: 5 },
    ]);
  });
});

const starter = rulePackSchema.parse(JSON.parse(fs.readFileSync(new URL('../../data/rules/starter.json', import.meta.url), 'utf8')));
const starterRules = starter.flatMap((topic) => topic.rules.map((rule) => ({ rule: { ...rule, topic: topic.key }, query: parseQuery(rule.query) })));

describe('the starter rule pack', () => {
  it('validates and every query parses', () => {
    expect(starter.length).toBeGreaterThanOrEqual(8);
    expect(starterRules.length).toBeGreaterThanOrEqual(20);
  });

  const engine = new RuleEngine(starterRules);
  const fired = (title: string, body = '') => engine.match(doc(title, body)).map((m) => m.rule.name);

  it.each([
    ['某监狱一名服刑人员在狱中死亡，家属质疑死因', '羁押场所人员死亡'],
    ['网传某看守所在押人员脱逃，警方正在追捕', '脱逃越狱'],
    ['有网友发帖称，狱警殴打服刑人员致其受伤', '狱警违纪与虐待'],
    ['市强制隔离戒毒所一戒毒人员死亡', '戒毒场所人员死亡或伤害'],
    ['某县社区矫正对象脱管三个月无人发现', '矫正对象脱管漏管'],
    ['拨打12348法律援助热线一直打不通', '法律援助投诉'],
    ['市民反映公证处办理公证收费高、态度差', '公证服务投诉'],
    ['律师事务所律师涉嫌诈骗当事人钱款', '律师执业违法'],
    ['数十人聚集在司法局门口拉横幅', '涉司法行政群体性事件'],
  ])('fires on %j', (text, rule) => {
    expect(fired(text)).toContain(rule);
  });

  it.each([
    '省监狱管理局召开年度工作会议，部署监狱安全稳定工作',
    '市司法局举办法治宣传进社区活动，群众踊跃参与',
    '南昌市公证处推出延时服务，方便群众办理公证',
    '律师事务所开展公益法律咨询活动',
    '社区矫正对象参加技能培训顺利融入社会',
    '这家外卖很好吃，送餐也快，下次还点',
    '市司法局召开行政执法规范化建设推进会',
  ])('does not fire on ordinary news %j', (text) => {
    expect(fired(text)).toEqual([]);
  });

  it('gives the same result as evaluating each rule alone', () => {
    const singles = starterRules.map((r) => ({ name: r.rule.name, match: compileQuery(r.query) }));
    const words = ['监狱', '看守所', '死亡', '脱逃', '律师', '诈骗', '公证处', '投诉', '社区矫正', '脱管', '司法局', '聚集', '狱警', '殴打', '的', '了', '今天', '群众', '辟谣', '12348', '打不通', '戒毒所', '火灾'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 400; n++) {
      const text = Array.from({ length: 3 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? '' : '，');
      const d = doc(text.slice(0, 10), text);
      expect(engine.match(d).map((m) => m.rule.name)).toEqual(singles.filter((s) => s.match(d)).map((s) => s.name));
    }
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

  it('is met by every text the query matches (so a database may filter with it)', () => {
    const queries = starter.flatMap((t) => t.rules.map((r) => parseQuery(r.query)));
    const words = ['监狱', '死亡', '律师', '诈骗', '投诉', '公证处', '社区矫正', '脱管', '司法局', '聚集', '的', '辟谣', '12348', '狱警', '殴打'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let matched = 0;
    for (let n = 0; n < 500; n++) {
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
