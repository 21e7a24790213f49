import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { levels } from '../classification/decision.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import { compileRulePack, type MatchDoc } from './match.ts';
import { parseQuery } from './query.ts';
import { rulePackSchema } from './rule-pack.ts';

const raw: unknown = JSON.parse(fs.readFileSync(new URL('../../data/rules/starter.json', import.meta.url), 'utf8'));
const doc = (title: string, body = ''): MatchDoc => ({ title: normalizeForMatching(title), body: normalizeForMatching(body), source: '赣鄱论坛' });

describe('rulePackSchema', () => {
  const pack = (query: string, key = 'prisons') => [{ key, name: '监狱', rules: [{ name: '死亡', query, level: 'red' }] }];

  it('accepts a well-formed pack', () => {
    expect(rulePackSchema.safeParse(pack('监狱 死亡')).success).toBe(true);
  });

  it.each([
    ['an empty pack', []],
    ['a topic without rules', [{ key: 'prisons', name: '监狱', rules: [] }]],
    ['a bad key', pack('监狱', 'Prisons!')],
    ['an unknown level', [{ key: 'prisons', name: '监狱', rules: [{ name: '死亡', query: '监狱', level: 'purple' }] }]],
    ['a duplicate topic key', [...pack('监狱'), ...pack('看守所')]],
    ['a duplicate rule name', [{ key: 'prisons', name: '监狱', rules: [{ name: '死亡', query: '监狱', level: 'red' }, { name: '死亡', query: '看守所', level: 'red' }] }]],
  ])('refuses %s', (_, value) => {
    expect(rulePackSchema.safeParse(value).success).toBe(false);
  });

  it('refuses a query that does not parse, saying where', () => {
    const result = rulePackSchema.safeParse(pack('监狱 AND (死亡'));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: [0, 'rules', 0, 'query'], message: expect.stringContaining('unclosed_paren') });
    expect(result.error?.issues[0]?.message).toContain('(at 7)');
  });
});

describe('the starter rule pack (data/rules/starter.json)', () => {
  const starter = rulePackSchema.parse(raw);
  const rules = starter.flatMap((topic) => topic.rules.map((rule) => ({ id: rule.name, topic: topic.key, level: rule.level, query: parseQuery(rule.query) })));
  const match = compileRulePack(rules);
  const fired = (title: string, body = '') => match(doc(title, body)).map((m) => m.id);
  const topicsFired = (title: string, body = '') => [...new Set(match(doc(title, body)).map((m) => rules.find((r) => r.id === m.id)!.topic))];

  it('validates, and every query parses', () => {
    for (const topic of starter) for (const rule of topic.rules) expect(() => parseQuery(rule.query), rule.name).not.toThrow();
    expect(rules.length).toBeGreaterThanOrEqual(30);
  });

  it("covers the department's areas of work and uses every warning level", () => {
    expect(starter.map((t) => t.key)).toEqual(['prisons', 'rehab', 'corrections', 'lawyers', 'notary', 'mediation', 'appraisal', 'enforcement', 'emergencies']);
    expect(new Set(rules.map((r) => r.level))).toEqual(new Set(levels));
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  // Sentences written for this test, in the register of news items and posts.
  /** [sentence, rule name it must fire] — one or more for every rule of the starter pack. */
  const fires: [string, string][] = [
    ['某监狱一名服刑人员在监舍内突然死亡，家属要求公开监控', '羁押场所人员死亡'],
    ['看守所在押人员离奇死亡 家属质疑死因', '羁押场所人员死亡'],
    ['網傳某監獄服刑人員在獄中死亡', '羁押场所人员死亡'],
    ['网传某看守所一名在押人员脱逃，警方正在全力追捕', '脱逃越狱'],
    ['有网友发帖称，狱警殴打服刑人员致其受伤', '监管民警打骂虐待'],
    ['服刑人员在监舍内遭同监室人员殴打', '牢头狱霸与监内欺凌'],
    ['某监狱原副监狱长涉嫌受贿被立案审查', '监管人员违纪违法'],
    ['有人爆料称花钱就能办减刑，已有罪犯“纸面服刑”多年', '违规减刑假释与纸面服刑'],
    ['骗子冒充监狱干警，以办理减刑为名骗取家属钱财', '冒充监管或司法干部诈骗'],
    ['家属反映去看守所会见被多次刁难', '会见探视与监内待遇投诉'],
    ['强制隔离戒毒所一名戒毒人员猝死，家属质疑', '戒毒场所人员死亡'],
    ['戒毒人员称在戒毒所内被民警殴打', '戒毒场所打骂虐待'],
    ['戒毒所被曝强迫戒毒人员超时劳动', '戒毒场所违规管理'],
    ['两名戒毒学员翻墙逃跑，目前已被追回', '戒毒人员脱逃'],
    ['某县社区矫正对象脱管三个月无人发现', '矫正对象脱管漏管'],
    ['男子缓刑期间持刀伤人，社区矫正监管是否到位引质疑', '矫正期间再犯罪'],
    ['社区矫正工作人员向矫正对象索要好处费', '社区矫正执法不规范'],
    ['律师涉嫌诈骗当事人钱款被刑拘', '律师涉嫌违法犯罪'],
    ['男子冒充律师骗取代理费数万元', '假律师与非法执业'],
    ['律师到看守所会见被拒之门外', '律师执业权利受阻'],
    ['市司法局通报3起律师违法违规典型案例', '律师违规处理通报'],
    ['找律师打官司，收了钱不办事还不退费', '律师收费与服务投诉'],
    ['法律援助中心以各种理由推诿，不受理我的申请', '法律援助服务投诉'],
    ['拨打12348法律援助热线一直打不通', '12348热线服务投诉'],
    ['老人房产被“公证”骗走，公证处被指失职', '虚假公证与公证骗局'],
    ['市民反映公证处办理公证收费高、态度差', '公证服务投诉'],
    ['调解现场一方当事人突然持刀砍伤对方', '调解现场冲突伤人'],
    ['征地补偿纠纷迟迟未解决，村民扬言要集体上访', '矛盾纠纷激化苗头'],
    ['调解员偏袒一方，当事人要投诉', '调解工作投诉'],
    ['某司法鉴定机构被指出具虚假鉴定意见', '鉴定造假与违规'],
    ['当事人对伤残鉴定结论不服，申请重新鉴定', '鉴定结论争议'],
    ['司法鉴定所收费高还一拖再拖', '鉴定收费与拖延'],
    ['某司法所所长涉嫌受贿被查', '司法行政干部违纪违法'],
    ['群众反映到区司法局办事门难进、脸难看、事难办', '不作为乱作为投诉'],
    ['网友实名举报某监狱干警违规收受财物', '实名举报涉司法行政'],
    ['申请行政复议半年了还没结果', '行政复议争议'],
    ['网曝执法人员殴打摊贩', '行政执法争议'],
    ['数十人聚集在司法局门口拉横幅', '涉司法行政群体性事件'],
    ['某监狱监区发生火灾，暂无人员伤亡', '涉司法行政场所安全事故'],
    ['一男子在公证处持刀行凶', '司法行政场所暴力与极端事件'],
    ['听说监狱那边出事了，路上都封了', '羁押场所骚乱与异常传闻'],
    ['看守所发生突发事件，具体情况不明', '涉司法行政场所突发事件'],
    ['某监狱狱警打人视频流出，登上热搜', '涉司法行政舆情发酵'],
  ];

  it.each(fires)('%j fires %s', (text, rule) => {
    expect(fired(text)).toContain(rule);
  });

  it('has an example that fires each of its rules', () => {
    const covered = new Set(fires.map(([, rule]) => rule));
    expect(rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  /** Ordinary, positive and official news with justice words in it: no starter rule may fire. */
  const silent: string[] = [
    '省监狱管理局召开年度工作会议，部署监狱安全稳定工作',
    '市司法局举办法治宣传进社区活动，群众踊跃参与',
    '南昌市公证处推出延时服务，方便群众办理公证',
    '律师事务所开展公益法律咨询活动',
    '社区矫正对象参加技能培训，顺利融入社会',
    '全市社区矫正工作实现零脱管零漏管',
    '律师提醒：谨防电信诈骗，切勿向陌生账户转账',
    '监狱开展消防应急演练，模拟监区突发火灾',
    '省监狱管理局：网传“某监狱服刑人员脱逃”系不实信息，请不信谣不传谣',
    '强制隔离戒毒所开放日，戒毒人员讲述戒治经历',
    '人民调解员耐心调解，双方握手言和',
    '电影《肖申克的救赎》讲述了监狱里的故事，主人公最终越狱成功',
    '这家外卖很好吃，送餐也快，下次还点',
    '市司法局召开行政执法规范化建设推进会',
    '12348公共法律服务热线全年接听咨询一万余次',
    '法律援助中心为农民工讨薪提供免费帮助',
    '区司法局开展作风建设专项整治，坚决纠治不作为乱作为',
    '监狱开通远程视频会见，方便家属探视',
    '县司法局召开警示教育大会，通报违纪违法典型案例',
    '网传某看守所发生骚乱，经核查系不实信息',
    '网传某监狱有服刑人员脱逃？官方回应：不实，系正常交通检查',
  ];

  it.each(silent)('stays silent on %j', (text) => {
    expect(fired(text)).toEqual([]);
  });

  it('rates a death in custody red and a complaint about a notary blue', () => {
    const levelOf = (name: string) => rules.find((r) => r.id === name)?.level;
    expect(levelOf('羁押场所人员死亡')).toBe('red');
    expect(levelOf('戒毒场所人员死亡')).toBe('red');
    expect(levelOf('公证服务投诉')).toBe('blue');
  });

  // test/classification.api.test.ts and test/cli.models.test.ts load this pack and rely on these outcomes.
  it('classifies the mentions of the API and CLI tests as those tests expect', () => {
    const death = match(doc('网传某监狱一名服刑人员在狱中死亡，家属质疑死因', '多名网友转发相关帖子，要求监狱方面公开调查结果。'));
    expect(death[0]?.id).toBe('羁押场所人员死亡');
    expect(death[0]?.hits).toContainEqual({ term: '监狱', field: 'title', offset: 3 });
    expect(topicsFired('网传某监狱一名服刑人员在狱中死亡，家属质疑死因', '多名网友转发相关帖子，要求监狱方面公开调查结果。')).toEqual(['prisons', 'emergencies']);
    expect(topicsFired('南昌市青山湖区司法局举办法治宣传进社区活动', '活动现场发放宣传资料三千余份，群众踊跃参与。')).toEqual([]);
    const hotline = match(doc('拨打12348法律援助热线一直打不通', '有市民反映，连续几天拨打12348热线都无人接听。'));
    expect(hotline.map((m) => rules.find((r) => r.id === m.id)!)).toEqual([expect.objectContaining({ topic: 'lawyers', level: 'yellow' })]);
    expect(fired('網傳某監獄服刑人員在獄中死亡', '家属质疑死因')).toContain('羁押场所人员死亡');
    expect(fired('市司法局举办法治宣传活动')).toEqual([]);
  });
});
