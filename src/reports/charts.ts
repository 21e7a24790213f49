import { escapeHtml } from './escape.ts';
import { sentimentLabels, sentiments, type ReportMentionStats, type ReportQuotaRow } from './report.ts';

/**
 * The report's charts as inline SVG (no scripts, no external files, so they print and survive
 * being saved): daily volume, sentiment split, quota progress. Pure; every label is escaped.
 */

const FONT = `font-family="Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"`;

/** Fill colours (print well in grey too). */
export const sentimentColours = { negative: '#c0392b', neutral: '#95a5a6', positive: '#27ae60', unclassified: '#d5d8dc' } as const;
const stateColours: Record<ReportQuotaRow['state'], string> = { met: '#27ae60', 'on-track': '#2e86c1', pending: '#95a5a6', 'at-risk': '#e67e22', missed: '#c0392b' };

/** Mentions per day as bars, negative mentions darker at the foot of each bar. */
export function volumeChart(daily: ReportMentionStats['daily'], width = 680, height = 200): string {
  const left = 44;
  const bottom = 22;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...daily.map((d) => d.total));
  const step = plotW / Math.max(1, daily.length);
  const barW = Math.max(1, step * 0.8);
  const y = (n: number) => top + plotH - (n / max) * plotH;
  const bars = daily
    .map((d, i) => {
      const x = (left + i * step).toFixed(1);
      const total = `<rect x="${x}" y="${y(d.total).toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - y(d.total)).toFixed(1)}" fill="#5d8aa8"><title>${escapeHtml(d.day)}: ${d.total}</title></rect>`;
      const negative = d.negative ? `<rect x="${x}" y="${y(d.negative).toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - y(d.negative)).toFixed(1)}" fill="${sentimentColours.negative}"/>` : '';
      return total + negative;
    })
    .join('');
  // A tick at the first day of each month (every day is a YYYY-MM-DD string).
  const ticks = daily
    .map((d, i) => (d.day.endsWith('-01') || i === 0 ? `<text x="${(left + i * step).toFixed(1)}" y="${height - 6}" font-size="10" ${FONT}>${escapeHtml(d.day.slice(5))}</text>` : ''))
    .join('');
  const grid = [0, 0.5, 1]
    .map((f) => {
      const n = Math.round(max * f);
      return `<line x1="${left}" x2="${width - 8}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#e5e5e5"/><text x="${left - 4}" y="${(y(n) + 3).toFixed(1)}" font-size="10" text-anchor="end" ${FONT}>${n}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="每日信息量" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${grid}${bars}${ticks}</svg>`;
}

/** The sentiment split as one stacked bar with a legend. */
export function sentimentChart(split: ReportMentionStats['sentiment'], width = 680, height = 56): string {
  const total = sentiments.reduce((n, k) => n + split[k], 0);
  let x = 0;
  const parts = sentiments
    .map((k) => {
      const w = total ? (split[k] / total) * width : 0;
      const rect = w > 0 ? `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="24" fill="${sentimentColours[k]}"/>` : '';
      x += w;
      return rect;
    })
    .join('');
  const legend = sentiments
    .map((k, i) => {
      const pct = total ? ((split[k] / total) * 100).toFixed(1) : '0.0';
      const lx = i * 170;
      return `<rect x="${lx}" y="34" width="12" height="12" fill="${sentimentColours[k]}"/><text x="${lx + 16}" y="45" font-size="12" ${FONT}>${escapeHtml(sentimentLabels[k])} ${split[k]}（${pct}%）</text>`;
    })
    .join('');
  const empty = total ? '' : `<rect x="0" y="0" width="${width}" height="24" fill="#f2f3f4"/>`;
  return `<svg class="chart" role="img" aria-label="情感分布" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${empty}${parts}${legend}</svg>`;
}

/** Each rule-period's progress: held against required, coloured by its state. */
export function quotaChart(rows: readonly ReportQuotaRow[], width = 680): string {
  const rowH = 24;
  const labelW = 360;
  const barMax = width - labelW - 80;
  const height = Math.max(rowH, rows.length * rowH);
  const body = rows
    .map((r, i) => {
      const y = i * rowH;
      const fraction = Math.min(1, r.counted / Math.max(1, r.required));
      return (
        `<text x="0" y="${y + 16}" font-size="12" ${FONT}>${escapeHtml(`${r.periodName} ${r.ruleName}`)}</text>` +
        `<rect x="${labelW}" y="${y + 5}" width="${barMax}" height="14" fill="#f2f3f4"/>` +
        `<rect x="${labelW}" y="${y + 5}" width="${(barMax * fraction).toFixed(1)}" height="14" fill="${stateColours[r.state]}"/>` +
        `<text x="${labelW + barMax + 6}" y="${y + 16}" font-size="12" ${FONT}>${r.counted}/${r.required} ${escapeHtml(r.stateLabel)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="指标完成进度" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}
