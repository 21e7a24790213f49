import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassificationStore } from '../src/classification/classification.store.ts';
import { RulesStore } from '../src/classification/rules.store.ts';
import type { Classification } from '../src/classification/classification.ts';
import { SourceStore } from '../src/collection/source.store.ts';
import { MentionStore } from '../src/mentions/mention.store.ts';
import type { NewMention } from '../src/mentions/mention.ts';
import { loadQuotaRules, PolicyService, PolicyStore, PressService, PressStore, type PressEventInput } from '../src/press/index.ts';
import { renderReportCsv, renderReportHtml, renderReportXlsx, ReportService, ReportStore, reportCsvSections, reportSheetNames, type ReportModel } from '../src/reports/index.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { EventBus } from '../src/shared/events.ts';
import { normalizeForMatching } from '../src/text/normalize.ts';
import { segment } from '../src/text/segment.ts';
import { simhash } from '../src/text/simhash.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';

/**
 * The quarterly report built from a real, migrated database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): events, policy documents, mentions stored through MentionStore.insertBatch and
 * their classifications. Mentions sit on both sides of Beijing midnight (16:00 UTC) at the
 * quarter's edges and inside it, so the day buckets and the range are checked where they can slip.
 */

let t: TestDb;
let service: ReportService;
let model: ReportModel;
const clock = fixedClock('2027-01-05T02:00:00Z'); // after 2026Q4: the numbers are final

let n = 0;
/** A mention published at `at` (ISO with offset) with text unlike every other one. */
function mention(sourceId: number, at: string, title: string, body = ''): NewMention {
  n++;
  const text = `${title} ${body} 编号${n}号 ${'甲乙丙丁戊己庚辛壬癸'.slice(n % 10)}${n * 7919}`;
  return {
    sourceId,
    guid: null,
    url: `http://news.example.cn/${n}.html`,
    canonicalUrl: `http://news.example.cn/${n}.html`,
    title: normalizeForMatching(title),
    titleOriginal: title,
    body: normalizeForMatching(`${body} ${text}`),
    bodyOriginal: `${body} ${text}`,
    author: null,
    publishedAt: new Date(at),
    publishedAtEstimated: false,
    collectedAt: new Date(at),
    simhash: simhash(segment(text)),
    urlKey: `url-${n}`,
    guidKey: null,
    contentKey: `content-${n}`,
  };
}

const verdict = (mentionId: number, v: Partial<Classification>): Classification => ({
  mentionId,
  flagged: false,
  level: null,
  topics: [],
  places: [],
  sentiment: 'neutral',
  sentimentScore: 0.5,
  responseScore: null,
  explanation: { rules: [], models: [], reasons: [] },
  classifiedAt: clock.now(),
  ...v,
});

const event = (e: Partial<PressEventInput> & Pick<PressEventInput, 'kind' | 'title' | 'start' | 'status'>): PressEventInput => ({
  organiser: '',
  location: '',
  topics: [],
  keywords: [],
  materials: [],
  notes: '',
  coverageDays: 7,
  speakers: [],
  ...e,
});

beforeAll(async () => {
  t = await createTestDb();
  const now = clock.now();
  const events = new EventBus(() => {});
  const mentions = new MentionStore(t.db);
  const pressStore = new PressStore(t.db);
  const press = new PressService({ store: pressStore, mentions, events, clock });
  const policyStore = new PolicyStore(t.db);
  const policy = new PolicyService({ store: policyStore, mentions, clock });
  service = new ReportService({ press, policy, store: new ReportStore(t.db), mentions, clock });

  await press.replaceQuotaRules(loadQuotaRules());
  const rules = new RulesStore(t.db);
  await rules.createTopic({ key: 'legal-aid', name: '法律援助' }, now);
  await rules.createTopic({ key: 'prisons', name: '监狱管理' }, now);

  // Q4: an own conference (held, with the head), a briefing (held), a provincial conference with a
  // leader (held), a planned own conference that never happened (unconfirmed), a cancelled one.
  await pressStore.saveEvent(event({ kind: 'own-conference', title: '全省法律援助工作新闻发布会', start: new Date('2026-11-20T10:00:00+08:00'), status: 'held', keywords: ['法律援助'], speakers: [{ name: '李明', role: 'head' }, { name: '王芳', role: 'spokesperson' }] }), now);
  await pressStore.saveEvent(event({ kind: 'briefing', title: '公证服务便民举措吹风会', start: new Date('2026-10-15T15:00:00+08:00'), status: 'held', keywords: ['公证'] }), now);
  await pressStore.saveEvent(event({ kind: 'provincial-conference', title: '省政府新闻办优化法治化营商环境发布会', start: new Date('2026-12-31T23:30:00+08:00'), status: 'held', speakers: [{ name: '张伟', role: 'leader' }] }), now);
  await pressStore.saveEvent(event({ kind: 'own-conference', title: '计划中的发布会', start: new Date('2026-12-20T10:00:00+08:00'), status: 'planned' }), now);
  await pressStore.saveEvent(event({ kind: 'own-conference', title: '取消的发布会', start: new Date('2026-12-22T10:00:00+08:00'), status: 'cancelled' }), now);
  // Q3 conferences count for the year rule, not for Q4.
  for (const [i, start] of ['2026-02-10T10:00:00+08:00', '2026-05-10T10:00:00+08:00', '2026-08-10T10:00:00+08:00'].entries()) {
    await pressStore.saveEvent(event({ kind: 'own-conference', title: `第${i + 1}次例行发布会`, start: new Date(start), status: 'held' }), now);
  }

  // Policy: one interpreted the same day, one late, one missing, one released in Q3 (not in the report).
  const doc = async (title: string, number: string, releasedOn: string) => (await policyStore.save({ title, number, draftingDepartment: '法治督察处', releasedOn, url: '' }, now)).document;
  const a = await doc('关于进一步加强法律援助工作的意见', '赣司发〔2026〕30号', '2026-10-09');
  await policyStore.addInterpretation(a.id, { kind: 'text', title: '《意见》解读', url: 'http://sft.example.cn/j/1', publishedOn: '2026-10-09' }, now);
  const b = await doc('公证执业活动投诉处理办法', '赣司发〔2026〕31号', '2026-11-02');
  await policyStore.addInterpretation(b.id, { kind: 'graphic', title: '图解《办法》', url: 'http://sft.example.cn/j/2', publishedOn: '2026-11-05' }, now);
  await doc('人民调解工作规定', '赣司发〔2026〕32号', '2026-12-31');
  await doc('三季度的通知', '赣司发〔2026〕20号', '2026-09-30');

  const source = await new SourceStore(t.db).create({ name: '江西日报', kind: 'rss', url: 'http://paper.example.cn/feed', config: {}, schedule: '* * * * *', weight: 1, enabled: true }, now);
  const s = source.id;
  const stored = await mentions.insertBatch([
    mention(s, '2026-09-30T23:59:00+08:00', '三季度最后一分钟的报道'), // Q3: outside
    mention(s, '2026-10-01T00:00:00+08:00', '四季度第一条报道'), // 2026-09-30T16:00Z: day 10-01
    mention(s, '2026-10-31T23:59:59+08:00', '十月最后一秒的报道'), // 15:59:59Z: day 10-31
    mention(s, '2026-11-01T00:00:00+08:00', '十一月第一条报道'), // 16:00Z on 10-31 UTC: day 11-01
    mention(s, '2026-11-01T07:59:00+08:00', '十一月清晨的报道'), // still 10-31 in UTC: day 11-01
    mention(s, '2026-11-20T12:00:00+08:00', '省司法厅召开法律援助新闻发布会', '发布会介绍了法律援助工作进展。'),
    mention(s, '2026-11-22T20:00:00+08:00', '网友质疑法律援助申请难', '有网友投诉：法律援助申请为什么要跑这么多趟？'),
    mention(s, '2026-12-31T23:59:00+08:00', '年末最后一分钟的报道'), // day 12-31
    mention(s, '2027-01-01T00:00:00+08:00', '新年第一条报道'), // 2027: outside
  ]);
  expect(stored).toHaveLength(9);
  const id = (title: string) => stored.find((m) => m.titleOriginal === title)!.id;
  await new ClassificationStore(t.db).save([
    verdict(id('四季度第一条报道'), { sentiment: 'positive', topics: ['legal-aid'] }),
    verdict(id('十月最后一秒的报道'), { sentiment: 'negative', flagged: true, level: 'yellow', topics: ['prisons'] }),
    verdict(id('十一月第一条报道'), { sentiment: 'negative', flagged: true, level: 'red', topics: ['prisons', 'legal-aid'] }),
    verdict(id('省司法厅召开法律援助新闻发布会'), { sentiment: 'positive', topics: ['legal-aid'] }),
    verdict(id('网友质疑法律援助申请难'), { sentiment: 'negative', flagged: true, level: 'yellow', topics: ['legal-aid'] }),
    verdict(id('年末最后一分钟的报道'), { sentiment: 'neutral' }),
    verdict(id('新年第一条报道'), { sentiment: 'negative', flagged: true, level: 'orange', topics: ['prisons'] }),
    verdict(id('三季度最后一分钟的报道'), { sentiment: 'negative', flagged: true, level: 'orange', topics: ['prisons'] }),
    // 十一月清晨的报道 stays unclassified
  ]);
  model = await service.build('2026Q4');
});
afterAll(async () => t?.close());

describe('the quarterly report model', () => {
  it('covers the quarter in Beijing time and is final once it has ended', () => {
    expect(model.period).toMatchObject({ name: '2026Q4', label: '2026年第四季度', start: '2026-09-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z', firstDay: '2026-10-01', lastDay: '2026-12-31' });
    expect(model.asOf).toBe('2026-12-31T16:00:00.000Z');
    expect(model.complete).toBe(true);
    expect(model.title).toContain('2026年第四季度');
    expect(model.cases).toEqual({ available: false, note: '案件统计将在案件功能上线后提供' });
  });

  it('buckets mentions by Beijing day, across midnight UTC+8, and keeps the range', () => {
    const m = model.mentions;
    expect(m.total).toBe(7);
    expect(m.daily).toHaveLength(92);
    const day = (d: string) => m.daily.find((x) => x.day === d);
    expect(day('2026-10-01')).toEqual({ day: '2026-10-01', total: 1, negative: 0, flagged: 0 });
    expect(day('2026-10-31')).toEqual({ day: '2026-10-31', total: 1, negative: 1, flagged: 1 });
    expect(day('2026-11-01')).toEqual({ day: '2026-11-01', total: 2, negative: 1, flagged: 1 });
    expect(day('2026-11-20')!.total).toBe(1);
    expect(day('2026-12-31')!.total).toBe(1);
    expect(m.daily.reduce((a, d) => a + d.total, 0)).toBe(7);
    expect(m.sentiment).toEqual({ negative: 3, neutral: 1, positive: 2, unclassified: 1 });
    expect(m.flagged).toBe(3);
    expect(m.levels).toEqual({ blue: 0, yellow: 2, orange: 0, red: 1 });
    expect(m.topics).toEqual([
      { key: 'legal-aid', name: '法律援助', count: 4 },
      { key: 'prisons', name: '监狱管理', count: 2 },
    ]);
  });

  it('gives every rule for every period of the quarter as seen at its end, with the events that count', () => {
    const row = (ruleId: string) => model.quota.find((q) => q.ruleId === ruleId)!;
    expect(model.quota.map((q) => `${q.ruleId}@${q.periodName}`).sort()).toEqual(['head-yearly@2026', 'leader-half-yearly@2026H2', 'leader-yearly@2026', 'own-quarterly@2026Q4', 'own-yearly@2026'].sort());
    expect(row('own-quarterly')).toMatchObject({ required: 1, counted: 2, state: 'met', stateLabel: '已完成' });
    expect(row('own-quarterly').countedEvents).toEqual([
      expect.objectContaining({ title: '公证服务便民举措吹风会', time: '2026-10-15 15:00' }),
      expect.objectContaining({ title: '全省法律援助工作新闻发布会', time: '2026-11-20 10:00' }),
    ]);
    expect(row('own-quarterly').unconfirmedEvents.map((e) => e.title)).toEqual(['计划中的发布会']);
    expect(row('own-yearly')).toMatchObject({ required: 4, counted: 5, state: 'met' }); // briefings count (data/press/quota-rules.json)
    // 23:30 Beijing on 31 December is still 2026 although it is 15:30 UTC.
    expect(row('leader-half-yearly')).toMatchObject({ counted: 1, state: 'met' });
    expect(row('leader-half-yearly').countedEvents[0]).toMatchObject({ time: '2026-12-31 23:30' });
    expect(row('leader-yearly')).toMatchObject({ required: 2, counted: 1, state: 'missed', stateLabel: '未完成' });
    expect(row('head-yearly')).toMatchObject({ counted: 0, state: 'missed' });
  });

  it('lists conferences held with their coverage, and leadership appearances', () => {
    expect(model.conferences.map((c) => c.title)).toEqual(['公证服务便民举措吹风会', '全省法律援助工作新闻发布会']);
    const conference = model.conferences[1]!;
    expect(conference).toMatchObject({ kindLabel: '新闻发布会', time: '2026-11-20 10:00' });
    expect(conference.coverage.summary).toMatchObject({ mentions: 2, outlets: [{ name: '江西日报', mentions: 2 }], sentiment: { negative: 1, neutral: 0, positive: 1, unclassified: 0 } });
    expect(conference.coverage.summary.sensitiveQuestions).toEqual([{ text: '法律援助申请为什么要跑这么多趟？', mentions: 1, level: 'yellow' }]);
    expect(model.appearances.map((a) => [a.title, a.leaders.map((l) => `${l.name}/${l.roleLabel}`)])).toEqual([
      ['全省法律援助工作新闻发布会', ['李明/主要负责同志']],
      ['省政府新闻办优化法治化营商环境发布会', ['张伟/厅领导']],
    ]);
  });

  it('lists the policy documents released in the quarter with their interpretation status', () => {
    expect(model.policy.documents.map((d) => [d.number, d.sync, d.daysLate, d.interpretations])).toEqual([
      ['赣司发〔2026〕30号', 'in-sync', 0, 1],
      ['赣司发〔2026〕31号', 'late', 3, 1],
      ['赣司发〔2026〕32号', 'missing', null, 0],
    ]);
    expect(model.policy.counts).toEqual({ 'in-sync': 1, late: 1, missing: 1 });
  });

  it('while the quarter runs, sees the quota from now and counts nothing later', async () => {
    clock.set('2026-11-10T04:00:00Z');
    try {
      const midway = await service.build('2026Q4');
      expect(midway.complete).toBe(false);
      expect(midway.asOf).toBe('2026-11-10T04:00:00.000Z');
      expect(midway.conferences.map((c) => c.title)).toEqual(['公证服务便民举措吹风会']);
      // Held events after `now` count as planned.
      const own = midway.quota.find((q) => q.ruleId === 'own-yearly')!;
      expect(own).toMatchObject({ counted: 4, state: 'met' });
      expect(own.plannedEvents.map((e) => e.title)).toEqual(['全省法律援助工作新闻发布会', '计划中的发布会']);
      expect(midway.quota.find((q) => q.ruleId === 'leader-half-yearly')).toMatchObject({ counted: 0, state: 'on-track' });
    } finally {
      clock.set('2027-01-05T02:00:00Z');
    }
  });

  it('builds a yearly report with every quarter of the quarterly rule', async () => {
    const year = await service.build('2026');
    expect(year.period.firstDay).toBe('2026-01-01');
    expect(year.mentions.daily).toHaveLength(365);
    expect(year.mentions.total).toBe(8);
    expect(year.quota.filter((q) => q.ruleId === 'own-quarterly').map((q) => [q.periodName, q.state])).toEqual([
      ['2026Q1', 'met'],
      ['2026Q2', 'met'],
      ['2026Q3', 'met'],
      ['2026Q4', 'met'],
    ]);
    expect(year.policy.documents).toHaveLength(4);
  });

  it('refuses a period that is not one', async () => {
    await expect(service.build('2026Q5')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('rendered', () => {
  it('as XLSX: one sheet per section with the numbers as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderReportXlsx(model)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([...reportSheetNames]);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      book.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const quota = rows('指标完成情况');
    expect(quota[0]!.slice(0, 6)).toEqual(['指标编号', '指标', '期间', '期间名称', '要求次数', '已完成次数']);
    const own = quota.find((r) => r[0] === 'own-yearly')!;
    expect(own.slice(4, 7)).toEqual([4, 5, '已完成']);
    const daily = rows('每日信息量');
    expect(daily).toHaveLength(93);
    expect(daily.find((r) => r[0] === '2026-11-01')).toEqual(['2026-11-01', 2, 1, 1]);
    expect(rows('情感与预警')).toContainEqual(['情感', '负面', 3]);
    expect(rows('情感与预警')).toContainEqual(['预警等级', '红色', 1]);
    expect(rows('热点专题')[1]).toEqual([1, '法律援助', 'legal-aid', 4]);
    expect(rows('新闻发布会')[2]!.slice(2, 5)).toEqual(['全省法律援助工作新闻发布会', '李明（主要负责同志）、王芳（新闻发言人）', 2]);
    expect(rows('舆情事件')[1]).toEqual(['案件统计将在案件功能上线后提供']);
  });

  it('as CSV: UTF-8 with a BOM, parsing back into its sections', () => {
    const text = renderReportCsv(model);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records: string[][] = parse(text.slice(1), { relax_column_count: true, skip_empty_lines: true });
    const section = (title: string) => {
      const at = records.findIndex((r) => r[0] === title);
      const next = records.findIndex((r, i) => i > at && reportCsvSections.includes(r[0] as never));
      return records.slice(at + 1, next === -1 ? undefined : next);
    };
    for (const s of reportCsvSections) expect(records.some((r) => r[0] === s), s).toBe(true);
    const quota = section('【指标完成情况】');
    expect(quota[0]![0]).toBe('指标编号');
    expect(quota.find((r) => r[0] === 'leader-yearly')!.slice(3, 6)).toEqual(['2', '1', '未完成']);
    expect(section('【每日信息量】').find((r) => r[0] === '2026-10-31')).toEqual(['2026-10-31', '1', '1', '1']);
    expect(section('【情感与预警】')).toContainEqual(['合计', '信息总量', '7']);
    expect(section('【热点专题】')[2]).toEqual(['2', '监狱管理', '2']);
  });

  it('as HTML: every section, with the Chinese headings', () => {
    const html = renderReportHtml(model);
    for (const heading of ['新闻发布指标完成情况', '新闻发布会举办及媒体报道情况', '领导出席新闻发布活动情况', '政策文件发布与解读情况', '舆情信息统计', '舆情事件办理及回应时效']) expect(html).toContain(heading);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif');
    expect(html).not.toContain('<script');
  });
});
