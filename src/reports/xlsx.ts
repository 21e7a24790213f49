import ExcelJS from 'exceljs';
import { beijingTime, sentimentLabels, sentiments, warningLevelLabels, warningLevels, type ReportModel } from './report.ts';

/**
 * The report as an Excel workbook: one sheet per section, Chinese headers, numbers stored as
 * numbers (so the office can add them up). Text cells are written as plain strings, which Excel
 * never runs as formulas. Pure apart from building the buffer.
 */

/** Sheet names, in order (Excel limits them to 31 characters and forbids []:*?/\). */
export const reportSheetNames = ['概况', '指标完成情况', '新闻发布会', '领导出席', '政策解读', '每日信息量', '情感与预警', '热点专题', '舆情事件'] as const;

type Cell = string | number | null;

function addSheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: Cell[][], widths: number[] = []): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  headers.forEach((h, i) => {
    sheet.getColumn(i + 1).width = widths[i] ?? Math.max(10, h.length * 2 + 4);
  });
  return sheet;
}

const titles = (list: readonly { title: string; time: string }[]) => list.map((ev) => `${ev.title}（${ev.time}）`).join('；');

/** Renders the report model as an XLSX file. */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '回应 Huiying';
  book.title = model.title;
  book.created = new Date(model.generatedAt);
  const m = model.mentions;
  const [overview, quota, conferences, appearances, policy, daily, split, topics, cases] = reportSheetNames;

  addSheet(
    book,
    overview,
    ['项目', '内容'],
    [
      ['报告', model.title],
      ['期间', model.period.name],
      ['起始日期', model.period.firstDay],
      ['截止日期', model.period.lastDay],
      ['数据截至', beijingTime(model.asOf)],
      ['生成时间', beijingTime(model.generatedAt)],
      ['信息总量', m.total],
      ['预警信息', m.flagged],
      ['新闻发布会（含吹风会）', model.conferences.length],
      ['领导出席活动', model.appearances.length],
      ['政策文件', model.policy.documents.length],
    ],
    [24, 60],
  );
  addSheet(
    book,
    quota,
    ['指标编号', '指标', '期间', '期间名称', '要求次数', '已完成次数', '状态', '剩余天数', '计入的活动', '已安排的活动', '待核实的活动'],
    model.quota.map((q) => [q.ruleId, q.ruleName, q.periodName, q.periodLabel, q.required, q.counted, q.stateLabel, q.daysLeft, titles(q.countedEvents), titles(q.plannedEvents), titles(q.unconfirmedEvents)]),
    [18, 36, 10, 16, 10, 12, 10, 10, 50, 40, 40],
  );
  addSheet(
    book,
    conferences,
    ['时间', '类型', '标题', '发言人', '报道量', '报道（去重）', '转发', '媒体数', '正面', '中性', '负面', '未分类', '敏感问题数', '敏感问题', '主要媒体'],
    model.conferences.map((c) => {
      const s = c.coverage.summary;
      return [
        c.time,
        c.kindLabel,
        c.title,
        c.speakers.map((sp) => `${sp.name}（${sp.roleLabel}）`).join('、'),
        s.mentions,
        s.stories,
        s.reposts,
        s.outlets.length,
        s.sentiment.positive,
        s.sentiment.neutral,
        s.sentiment.negative,
        s.sentiment.unclassified,
        s.sensitiveQuestions.length,
        s.sensitiveQuestions.map((q) => q.text).join('\n'),
        s.outlets.slice(0, 8).map((o) => `${o.name}（${o.mentions}）`).join('、'),
      ];
    }),
    [17, 12, 40, 30, 8, 10, 8, 8, 8, 8, 8, 8, 10, 50, 40],
  );
  addSheet(
    book,
    appearances,
    ['时间', '类型', '标题', '出席领导'],
    model.appearances.map((a) => [a.time, a.kindLabel, a.title, a.leaders.map((l) => `${l.name}（${l.roleLabel}）`).join('、')]),
    [17, 16, 50, 40],
  );
  addSheet(
    book,
    policy,
    ['发布日期', '文件', '文号', '起草部门', '解读状态', '滞后天数', '解读材料数', '首次解读日期'],
    model.policy.documents.map((d) => [d.releasedOn, d.title, d.number, d.draftingDepartment, d.syncLabel, d.daysLate, d.interpretations, d.firstInterpretedOn]),
    [12, 50, 24, 20, 10, 10, 12, 14],
  );
  addSheet(
    book,
    daily,
    ['日期', '信息量', '负面', '预警'],
    m.daily.map((d) => [d.day, d.total, d.negative, d.flagged]),
    [12, 10, 10, 10],
  );
  addSheet(
    book,
    split,
    ['类别', '项目', '数量'],
    [...sentiments.map((k): Cell[] => ['情感', sentimentLabels[k], m.sentiment[k]]), ...warningLevels.map((l): Cell[] => ['预警等级', warningLevelLabels[l], m.levels[l]]), ['合计', '信息总量', m.total], ['合计', '预警信息', m.flagged]],
    [12, 12, 12],
  );
  addSheet(
    book,
    topics,
    ['序号', '专题', '专题编号', '信息量'],
    m.topics.map((t, i) => [i + 1, t.name, t.key, t.count]),
    [8, 30, 20, 10],
  );
  addSheet(book, cases, ['说明'], [[model.cases.note]], [50]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
