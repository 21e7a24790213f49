import { csvRow } from '../cli/csv.ts';
import { sentimentLabels, sentiments, warningLevelLabels, warningLevels, type ReportModel } from './report.ts';

/**
 * The report's tables as one CSV file: the quota table and the statistics, each block headed by a
 * 【section】 line and separated by an empty line. UTF-8 with a BOM so Excel reads the Chinese;
 * cells a spreadsheet would run as formulas are defused by csvRow (titles are untrusted). Pure.
 */

/** The section headings, in order. */
export const reportCsvSections = ['【指标完成情况】', '【新闻发布会】', '【政策解读】', '【每日信息量】', '【情感与预警】', '【热点专题】'] as const;

/** Renders the report model as CSV text (with its BOM). */
export function renderReportCsv(model: ReportModel): string {
  const m = model.mentions;
  const [quota, conferences, policy, daily, split, topics] = reportCsvSections;
  const lines: string[] = ['\uFEFF', csvRow([model.title]), csvRow(['期间', model.period.name, model.period.firstDay, model.period.lastDay]), '\r\n'];
  lines.push(csvRow([quota]), csvRow(['指标编号', '指标', '期间', '要求次数', '已完成次数', '状态', '剩余天数', '计入的活动']));
  for (const q of model.quota) lines.push(csvRow([q.ruleId, q.ruleName, q.periodName, q.required, q.counted, q.stateLabel, q.daysLeft, q.countedEvents.map((ev) => `${ev.title}（${ev.time}）`).join('；')]));
  lines.push('\r\n', csvRow([conferences]), csvRow(['时间', '类型', '标题', '报道量', '转发', '媒体数', '正面', '中性', '负面', '敏感问题数']));
  for (const c of model.conferences) {
    const s = c.coverage.summary;
    lines.push(csvRow([c.time, c.kindLabel, c.title, s.mentions, s.reposts, s.outlets.length, s.sentiment.positive, s.sentiment.neutral, s.sentiment.negative, s.sensitiveQuestions.length]));
  }
  lines.push('\r\n', csvRow([policy]), csvRow(['发布日期', '文件', '文号', '解读状态', '滞后天数', '解读材料数']));
  for (const d of model.policy.documents) lines.push(csvRow([d.releasedOn, d.title, d.number, d.syncLabel, d.daysLate, d.interpretations]));
  lines.push('\r\n', csvRow([daily]), csvRow(['日期', '信息量', '负面', '预警']));
  for (const d of m.daily) lines.push(csvRow([d.day, d.total, d.negative, d.flagged]));
  lines.push('\r\n', csvRow([split]), csvRow(['类别', '项目', '数量']));
  for (const k of sentiments) lines.push(csvRow(['情感', sentimentLabels[k], m.sentiment[k]]));
  for (const l of warningLevels) lines.push(csvRow(['预警等级', warningLevelLabels[l], m.levels[l]]));
  lines.push(csvRow(['合计', '信息总量', m.total]), csvRow(['合计', '预警信息', m.flagged]));
  lines.push('\r\n', csvRow([topics]), csvRow(['序号', '专题', '信息量']));
  m.topics.forEach((t, i) => lines.push(csvRow([i + 1, t.name, t.count])));
  return lines.join('');
}
