import { quotaChart, sentimentChart, volumeChart } from './charts.ts';
import { escapeHtml as e } from './escape.ts';
import { beijingTime, sentimentLabels, sentiments, warningLevelLabels, warningLevels, type ReportEventRef, type ReportModel } from './report.ts';

/**
 * The report as one self-contained HTML page that prints on A4: print CSS with @page margins, the
 * Chinese font stack, charts as inline SVG, no scripts and no outside resources. Every piece of
 * text goes through escapeHtml — titles and questions are scraped from the web. Pure.
 */

export const REPORT_FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

const CSS = `
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${REPORT_FONT_STACK}; font-size: 10.5pt; line-height: 1.55; color: #1b1b1b; margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 13pt; border-bottom: 1.5pt solid #8b0000; padding-bottom: 1mm; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
p.meta { text-align: center; color: #555; margin: 0 0 2mm; font-size: 9.5pt; }
p.note { color: #555; font-size: 9.5pt; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
td[class^="state-"] { white-space: nowrap; }
.state-met { color: #1e8449; } .state-missed { color: #b03a2e; font-weight: 600; } .state-at-risk { color: #ca6f1e; font-weight: 600; }
.chart { display: block; margin: 2mm 0 4mm; break-inside: avoid; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
.summary { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0 3mm; }
.summary div { border: 0.5pt solid #bbb; padding: 2mm 3mm; min-width: 36mm; }
.summary b { display: block; font-size: 14pt; }
@media screen { body { padding: 12mm; } }
`;

const events = (list: readonly ReportEventRef[]) => (list.length ? list.map((ev) => `${e(ev.title)}（${e(ev.time)}）`).join('<br>') : '—');
const num = (n: number) => `<td class="n">${n}</td>`;

/** Renders the report model as printable HTML. */
export function renderReportHtml(model: ReportModel): string {
  const m = model.mentions;
  const status = model.complete ? '期末数据' : `期中数据，截至${beijingTime(model.asOf)}`;
  const out: string[] = [];
  out.push(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(model.title)}</title><style>${CSS}</style></head><body>`);
  out.push(`<h1>${e(model.title)}</h1>`);
  out.push(`<p class="meta">统计期间：${e(model.period.firstDay)} 至 ${e(model.period.lastDay)}（北京时间）　${e(status)}</p>`);
  out.push(`<p class="meta">生成时间：${e(beijingTime(model.generatedAt))}</p>`);

  out.push('<section id="quota"><h2>一、新闻发布指标完成情况</h2>');
  if (!model.quota.length) out.push('<p class="note">尚未设置指标规则。</p>');
  else {
    out.push(quotaChart(model.quota));
    out.push('<table><thead><tr><th>指标</th><th>期间</th><th class="n">要求</th><th class="n">已完成</th><th>状态</th><th>计入的活动</th><th>已安排</th></tr></thead><tbody>');
    for (const q of model.quota) {
      out.push(`<tr><td>${e(q.ruleName)}</td><td>${e(q.periodLabel)}</td>${num(q.required)}${num(q.counted)}<td class="state-${e(q.state)}">${e(q.stateLabel)}</td><td>${events(q.countedEvents)}</td><td>${events(q.plannedEvents)}</td></tr>`);
    }
    out.push('</tbody></table>');
    const unconfirmed = model.quota.flatMap((q) => q.unconfirmedEvents);
    if (unconfirmed.length) out.push(`<p class="note">以下计划活动时间已过但尚未登记为已举行，请核实：${events([...new Map(unconfirmed.map((u) => [u.id, u])).values()])}</p>`);
  }
  out.push('</section>');

  out.push('<section id="conferences"><h2>二、新闻发布会举办及媒体报道情况</h2>');
  if (!model.conferences.length) out.push('<p class="note">本期未举办新闻发布会或吹风会。</p>');
  else {
    out.push('<table><thead><tr><th>时间</th><th>类型</th><th>标题</th><th>发言人</th><th class="n">报道量</th><th class="n">媒体数</th><th class="n">转发</th><th class="n">正面</th><th class="n">中性</th><th class="n">负面</th><th class="n">敏感问题</th></tr></thead><tbody>');
    for (const c of model.conferences) {
      const s = c.coverage.summary;
      out.push(
        `<tr><td>${e(c.time)}</td><td>${e(c.kindLabel)}</td><td>${e(c.title)}</td><td>${c.speakers.map((sp) => `${e(sp.name)}（${e(sp.roleLabel)}）`).join('、') || '—'}</td>` +
          `${num(s.mentions)}${num(s.outlets.length)}${num(s.reposts)}${num(s.sentiment.positive)}${num(s.sentiment.neutral)}${num(s.sentiment.negative)}${num(s.sensitiveQuestions.length)}</tr>`,
      );
    }
    out.push('</tbody></table>');
    for (const c of model.conferences) {
      const s = c.coverage.summary;
      if (!s.sensitiveQuestions.length && !s.outlets.length) continue;
      out.push(`<h3>${e(c.title)}${c.coverage.open ? '（跟踪期未结束）' : ''}</h3>`);
      if (s.outlets.length) out.push(`<p>主要报道媒体：${s.outlets.slice(0, 8).map((o) => `${e(o.name)}（${o.mentions}）`).join('、')}</p>`);
      if (s.sensitiveQuestions.length) out.push(`<p>需准备答问口径的敏感问题：</p><ul>${s.sensitiveQuestions.map((q) => `<li>${e(q.text)}（${q.mentions}条${q.level ? `，${e(warningLevelLabels[q.level as keyof typeof warningLevelLabels] ?? q.level)}预警` : ''}）</li>`).join('')}</ul>`);
    }
  }
  out.push('</section>');

  out.push('<section id="appearances"><h2>三、领导出席新闻发布活动情况</h2>');
  if (!model.appearances.length) out.push('<p class="note">本期无主要负责同志或厅领导出席的新闻发布活动。</p>');
  else {
    out.push('<table><thead><tr><th>时间</th><th>类型</th><th>标题</th><th>出席领导</th></tr></thead><tbody>');
    for (const a of model.appearances) out.push(`<tr><td>${e(a.time)}</td><td>${e(a.kindLabel)}</td><td>${e(a.title)}</td><td>${a.leaders.map((l) => `${e(l.name)}（${e(l.roleLabel)}）`).join('、')}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</section>');

  const p = model.policy;
  out.push('<section id="policy"><h2>四、政策文件发布与解读情况</h2>');
  out.push(`<p>本期发布政策文件 ${p.documents.length} 件：同步解读 ${p.counts['in-sync']} 件，解读滞后 ${p.counts.late} 件，未解读 ${p.counts.missing} 件。</p>`);
  if (p.documents.length) {
    out.push('<table><thead><tr><th>发布日期</th><th>文件</th><th>文号</th><th>起草部门</th><th>解读状态</th><th class="n">解读材料</th><th>首次解读</th></tr></thead><tbody>');
    for (const d of p.documents) {
      const late = d.sync === 'late' && d.daysLate !== null ? `（滞后${d.daysLate}天）` : '';
      out.push(`<tr><td>${e(d.releasedOn)}</td><td>${e(d.title)}</td><td>${e(d.number) || '—'}</td><td>${e(d.draftingDepartment) || '—'}</td><td class="state-${d.sync === 'in-sync' ? 'met' : d.sync === 'late' ? 'at-risk' : 'missed'}">${e(d.syncLabel)}${e(late)}</td>${num(d.interpretations)}<td>${e(d.firstInterpretedOn ?? '—')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push('<section id="mentions"><h2>五、舆情信息统计</h2>');
  out.push(`<div class="summary"><div>信息总量<b>${m.total}</b></div><div>需关注（预警）<b>${m.flagged}</b></div><div>负面信息<b>${m.sentiment.negative}</b></div><div>日均信息量<b>${m.daily.length ? Math.round(m.total / m.daily.length) : 0}</b></div></div>`);
  out.push('<h3>每日信息量（红色为负面）</h3>');
  out.push(volumeChart(m.daily));
  out.push('<h3>情感分布</h3>');
  out.push(sentimentChart(m.sentiment));
  out.push(`<table><thead><tr>${sentiments.map((k) => `<th class="n">${e(sentimentLabels[k])}</th>`).join('')}${warningLevels.map((l) => `<th class="n">${e(warningLevelLabels[l])}预警</th>`).join('')}</tr></thead><tbody><tr>${sentiments.map((k) => num(m.sentiment[k])).join('')}${warningLevels.map((l) => num(m.levels[l])).join('')}</tr></tbody></table>`);
  out.push('<h3>热点专题</h3>');
  if (!m.topics.length) out.push('<p class="note">本期无归入专题的信息。</p>');
  else {
    out.push('<table><thead><tr><th class="n">序号</th><th>专题</th><th class="n">信息量</th></tr></thead><tbody>');
    m.topics.forEach((t, i) => out.push(`<tr>${num(i + 1)}<td>${e(t.name)}</td>${num(t.count)}</tr>`));
    out.push('</tbody></table>');
  }
  out.push('</section>');

  out.push(`<section id="cases"><h2>六、舆情事件办理及回应时效</h2><p class="note">${e(model.cases.note)}。</p></section>`);
  out.push('</body></html>');
  return out.join('\n');
}
