/**
 * node --import tsx bench/rules.bench.ts — monitoring-rule matching on one core.
 *
 * 1. The starter rule pack (data/rules/starter.json) evaluated at once with compileRulePack over
 *    synthetic 300-character mentions (title + body), most of them ordinary news, some touching
 *    justice topics: mentions per second.
 * 2. Each starter rule alone with compileQuery on the same mentions: nanoseconds per evaluation,
 *    for mentions it does not match (the common case).
 * 3. A larger synthetic pack (100 rules over ~300 distinct words), the size a province may reach.
 * 4. Finding which of ~300 words occur in a mention: one indexOf per word against the one-pass scan
 *    the pack uses (see TermScanner in src/rules/match.ts).
 *
 * The texts are generated here from fragments written for this benchmark; no outside data.
 * BENCH_MENTIONS sets how many mentions each measurement runs over (default 200,000).
 */
import fs from 'node:fs';
import { compileQuery, compileRulePack, parseQuery, rulePackSchema, TermScanner, type MatchDoc } from '../src/rules/index.ts';
import { normalizeForMatching } from '../src/text/normalize.ts';

const MENTIONS = Number(process.env.BENCH_MENTIONS ?? 200_000);

// Deterministic pseudo-random numbers, so every run measures the same texts.
let seed = 20261128;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Everyday news, none of it about the justice system. */
const ordinary = [
  '今天全省大部分地区天气晴好，最高气温二十六摄氏度',
  '市交通部门提醒市民假期出行注意错峰',
  '新建的城市公园正式对外开放，吸引不少市民前来游玩',
  '本地一家企业新能源汽车零部件项目顺利投产',
  '今年前三季度全市地区生产总值同比增长百分之五点二',
  '县农业农村局组织技术人员下乡指导秋收秋种',
  '第十届马拉松比赛将于下月举行，报名通道已经开启',
  '多所中小学开展秋季运动会，孩子们积极参与',
  '地铁二号线延长线预计年底开通试运营',
  '市场监管部门开展食品安全抽检，合格率保持稳定',
  '文化馆举办书画展，展出本地作者作品两百余幅',
  '医保部门宣布一批新药纳入报销范围',
  '景区推出夜游项目，带动周边餐饮住宿消费',
  '气象台发布大雾黄色预警，请注意行车安全',
  '高校毕业生就业招聘会在体育馆举行，提供岗位三千多个',
  '社区组织志愿者为独居老人上门送餐',
  '水利部门加固堤防，做好防汛准备',
  '电商平台数据显示本地特产销量明显增长',
  '图书馆延长开放时间，方便读者周末借阅',
  '新一批保障性住房分配工作已经启动',
  'APP更新后不少用户反映登录变慢，客服表示正在修复',
  '网友晒出家乡美食照片，评论区十分热闹',
  '本周末有流星雨，天文爱好者可以到郊外观测',
  '市民建议在老旧小区加装电梯，相关部门表示会研究',
  '一场足球友谊赛在市体育中心举行，双方战成平局',
  '乡村振兴示范点建设稳步推进，村容村貌焕然一新',
];

/** Justice-department vocabulary in ordinary, positive or routine news. */
const justiceRoutine = [
  '市司法局举办法治宣传进社区活动，群众踊跃参与',
  '省监狱管理局召开年度工作会议，部署安全稳定工作',
  '公证处推出延时服务，方便群众办理公证',
  '律师事务所开展公益法律咨询活动',
  '法律援助中心为农民工讨薪提供免费帮助',
  '人民调解员成功化解一起邻里纠纷',
  '社区矫正对象参加技能培训，顺利融入社会',
  '司法鉴定机构开展执业能力评查',
  '12348公共法律服务热线全年接听咨询一万余次',
  '强制隔离戒毒所开展禁毒宣传开放日活动',
  '行政复议案件办理质量进一步提升',
];

/** Fragments that describe problems the rules should catch. */
const justiceProblems = [
  '网传某监狱一名服刑人员在狱中死亡，家属质疑死因',
  '有网友发帖称狱警殴打服刑人员致其受伤',
  '拨打12348法律援助热线一直打不通',
  '市民反映公证处办理公证收费高、态度差',
  '数十人聚集在司法局门口拉横幅',
  '某县社区矫正对象脱管三个月无人发现',
  '律师涉嫌诈骗当事人钱款被刑拘',
];

/** A normalised mention of about 300 characters: a title and a body built from fragments. */
function makeMention(): MatchDoc {
  const roll = random();
  const lead = roll < 0.02 ? pick(justiceProblems) : roll < 0.12 ? pick(justiceRoutine) : pick(ordinary);
  const title = lead.slice(0, 28);
  const parts: string[] = [lead];
  let length = title.length + lead.length;
  while (length < 300) {
    const r = random();
    const next = r < 0.01 ? pick(justiceProblems) : r < 0.06 ? pick(justiceRoutine) : pick(ordinary);
    parts.push(next);
    length += next.length + 1;
  }
  const body = parts.join(random() < 0.5 ? '。' : '，').slice(0, 300 - title.length);
  return { title: normalizeForMatching(title), body: normalizeForMatching(body), source: '赣鄱论坛' };
}

const DISTINCT = 5000;
const texts = Array.from({ length: DISTINCT }, makeMention);
const meanLength = texts.reduce((n, t) => n + t.title.length + t.body.length, 0) / texts.length;

/** Runs fn over MENTIONS mentions after a warm-up; returns seconds. */
function time(fn: (doc: MatchDoc) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(texts[i % DISTINCT]!);
  const started = performance.now();
  for (let i = 0; i < MENTIONS; i++) fn(texts[i % DISTINCT]!);
  return (performance.now() - started) / 1000;
}

const perSecond = (seconds: number) => Math.round(MENTIONS / seconds).toLocaleString('en');

// 1. The starter pack at once.
const starter = rulePackSchema.parse(JSON.parse(fs.readFileSync(new URL('../data/rules/starter.json', import.meta.url), 'utf8')));
const starterRules = starter.flatMap((topic) => topic.rules.map((rule) => ({ id: `${topic.key}/${rule.name}`, query: parseQuery(rule.query) })));
const starterTerms = new Set(starterRules.flatMap((r) => r.query.positiveTerms.map((t) => t.text)));
const matchPack = compileRulePack(starterRules);
let flagged = 0;
for (const t of texts) if (matchPack(t).length) flagged++;
const packSeconds = time(matchPack);
console.log(`${DISTINCT} distinct synthetic mentions, mean ${meanLength.toFixed(0)} characters; ${((100 * flagged) / DISTINCT).toFixed(1)}% fire a starter rule`);
console.log(
  `starter pack (${starterRules.length} rules, ${starterTerms.size} distinct positive words): ${perSecond(packSeconds)} mentions/s, ` +
    `${((packSeconds / MENTIONS) * 1e6).toFixed(2)} µs per mention`,
);

// 1b. The same, by kind of mention: no starter word at all, starter words but no rule fires, a rule fires.
const starterScanner = new TermScanner(starterTerms);
const kinds: Record<string, MatchDoc[]> = { 'no starter word': [], 'starter words, no rule fires': [], 'a rule fires': [] };
for (const t of texts) {
  const kind = matchPack(t).length ? 'a rule fires' : starterScanner.scan(t.title).size + starterScanner.scan(t.body).size ? 'starter words, no rule fires' : 'no starter word';
  kinds[kind]!.push(t);
}
for (const [kind, docs] of Object.entries(kinds)) {
  const runs = Math.min(MENTIONS, 100_000);
  const startedKind = performance.now();
  for (let i = 0; i < runs; i++) matchPack(docs[i % docs.length]!);
  console.log(`  ${kind} (${((100 * docs.length) / DISTINCT).toFixed(0)}% of mentions): ${(((performance.now() - startedKind) * 1000) / runs).toFixed(2)} µs per mention`);
}

// 2. Each rule alone on mentions it does not match.
const singles = starterRules.map((r) => compileQuery(r.query));
const misses = texts.filter((t) => singles.every((m) => m(t) === null));
let evaluations = 0;
const started = performance.now();
for (let round = 0; evaluations < MENTIONS * 5; round++) {
  for (const match of singles) {
    for (let i = 0; i < 200; i++) match(misses[(round * 200 + i) % misses.length]!);
    evaluations += 200;
  }
}
const nsPerRule = ((performance.now() - started) * 1e6) / evaluations;
console.log(`one starter rule alone (compileQuery) on a mention it does not match: ${nsPerRule.toFixed(0)} ns per evaluation (mean over the ${singles.length} rules)`);

// 3. A larger pack: 100 rules drawn from ~300 words, shaped like the starter rules.
const vocabulary = [...starterTerms];
const extra = ['违法', '违规', '处分', '问责', '通报', '曝光', '维权', '上访', '信访', '拖欠', '赔偿', '判决', '冤案', '错案', '申诉', '超期羁押', '刑讯', '串供', '翻供', '保外', '减刑', '假释', '缓刑', '羁押', '押解', '提审', '庭审', '律师费', '代理', '委托'];
for (let i = 0; vocabulary.length < 300; i++) vocabulary.push(`${pick(extra)}${i % 3 ? pick(extra).slice(0, 1) : ''}`);
const group = (n: number) => `(${Array.from({ length: n }, () => pick(vocabulary)).join(' OR ')})`;
const bigRules = Array.from({ length: 100 }, (_, i) => {
  const shape = i % 4;
  const query = shape === 0 ? `${group(5)} AND ${group(6)}` : shape === 1 ? `${group(3)} NEAR/20 ${group(5)}` : shape === 2 ? `${group(4)} AND ${group(4)} NOT ${group(2)}` : `"${pick(vocabulary)}${pick(vocabulary)}" OR (${group(4)} AND ${group(3)})`;
  return { id: i, query: parseQuery(query) };
});
const bigTerms = new Set(bigRules.flatMap((r) => r.query.positiveTerms.map((t) => t.text)));
const bigSeconds = time(compileRulePack(bigRules));
console.log(`synthetic pack (${bigRules.length} rules, ${bigTerms.size} distinct positive words): ${perSecond(bigSeconds)} mentions/s, ${((bigSeconds / MENTIONS) * 1e6).toFixed(2)} µs per mention`);

// 4. Which of ~300 words occur: indexOf per word vs one pass.
const words = [...bigTerms];
const scanner = new TermScanner(words);
const byIndexOf = time((d) => {
  let n = 0;
  for (const w of words) if (d.title.indexOf(w) >= 0 || d.body.indexOf(w) >= 0) n++;
  return n;
});
const byScan = time((d) => scanner.scan(d.title).size + scanner.scan(d.body).size);
console.log(`finding ${words.length} words in a mention: indexOf per word ${((byIndexOf / MENTIONS) * 1e6).toFixed(2)} µs, one-pass scan ${((byScan / MENTIONS) * 1e6).toFixed(2)} µs`);
