import { DateTime } from 'luxon';
import type { CoverageSummary } from '../press/coverage.ts';
import { QUOTA_ZONE, type PeriodKind } from '../press/periods.ts';
import type { EventKind, EventStatus, SpeakerRole } from '../press/press.ts';
import type { SyncState } from '../press/policy.ts';
import type { QuotaState } from '../press/quota.ts';

/**
 * The quarterly (or yearly) report as data: everything the HTML, XLSX, CSV and PDF renderers show,
 * built once by ReportService and rendered by pure functions. Times are ISO strings; days and
 * clock times are Beijing time, as the office reads them.
 */

export const reportFormats = ['html', 'xlsx', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const warningLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof warningLevels)[number];
/** 蓝 / 黄 / 橙 / 红 */
export const warningLevelLabels: Record<WarningLevel, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export const sentiments = ['negative', 'neutral', 'positive', 'unclassified'] as const;
export type SentimentKey = (typeof sentiments)[number];
/** 负面 / 中性 / 正面 / 未分类 */
export const sentimentLabels: Record<SentimentKey, string> = { negative: '负面', neutral: '中性', positive: '正面', unclassified: '未分类' };

/** What the report says while cases (舆情事件) are not built yet. */
export const CASES_PENDING_NOTE = '案件统计将在案件功能上线后提供';

/** An event named in a section: id, title, start, and its Beijing date and time (2026-12-18 10:00). */
export interface ReportEventRef {
  id: number;
  title: string;
  start: string;
  time: string;
}

export interface ReportQuotaRow {
  ruleId: string;
  ruleName: string;
  periodName: string;
  periodLabel: string;
  periodKind: PeriodKind;
  required: number;
  counted: number;
  state: QuotaState;
  stateLabel: string;
  daysLeft: number;
  countedEvents: ReportEventRef[];
  plannedEvents: ReportEventRef[];
  unconfirmedEvents: ReportEventRef[];
}

export interface ReportSpeaker {
  name: string;
  role: SpeakerRole;
  roleLabel: string;
}

/** A held conference or briefing and what its coverage added up to. */
export interface ReportConference extends ReportEventRef {
  kind: EventKind;
  kindLabel: string;
  speakers: ReportSpeaker[];
  coverage: {
    windowFrom: string;
    windowTo: string;
    /** The coverage window is still open: the numbers may still grow. */
    open: boolean;
    summary: CoverageSummary;
  };
}

/** An event at which the principal head or a department leader spoke. */
export interface ReportAppearance extends ReportEventRef {
  kind: EventKind;
  kindLabel: string;
  status: EventStatus;
  leaders: ReportSpeaker[];
}

export interface ReportPolicyDocument {
  id: number;
  title: string;
  number: string;
  draftingDepartment: string;
  releasedOn: string;
  sync: SyncState;
  syncLabel: string;
  daysLate: number | null;
  interpretations: number;
  firstInterpretedOn: string | null;
}

/** Mention statistics for the range, added up in the database. */
export interface ReportMentionStats {
  total: number;
  flagged: number;
  /** Every Beijing day of the range, with no gaps (days without mentions hold 0). */
  daily: { day: string; total: number; negative: number; flagged: number }[];
  sentiment: Record<SentimentKey, number>;
  levels: Record<WarningLevel, number>;
  /** The most frequent topics (专题) among classified mentions, most first. */
  topics: { key: string; name: string; count: number }[];
}

export interface ReportModel {
  /** 回应舆情与新闻发布工作报告（2026年第四季度） */
  title: string;
  period: { name: string; label: string; kind: PeriodKind; start: string; end: string; firstDay: string; lastDay: string };
  /** The instant the quota status is seen from: the end of the period, or now while it runs. */
  asOf: string;
  generatedAt: string;
  /** The period has ended; numbers are final. */
  complete: boolean;
  quota: ReportQuotaRow[];
  conferences: ReportConference[];
  appearances: ReportAppearance[];
  policy: { documents: ReportPolicyDocument[]; counts: Record<SyncState, number> };
  mentions: ReportMentionStats;
  cases: { available: false; note: string };
}

/** The Beijing date and time of an instant: 2026-12-18 10:00. */
export function beijingTime(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return DateTime.fromJSDate(d, { zone: QUOTA_ZONE }).toFormat('yyyy-LL-dd HH:mm');
}

/** Every Beijing day from `firstDay` to `lastDay` (YYYY-MM-DD, both included). */
export function daysBetween(firstDay: string, lastDay: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(firstDay, { zone: QUOTA_ZONE }); d.toISODate()! <= lastDay; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

/** The download's file name: huiying-report-2026Q4.html (ASCII, for every client). */
export function reportFileName(periodName: string, format: ReportFormat): string {
  return `huiying-report-${periodName}.${format}`;
}

/** The download's Chinese file name: 回应工作报告-2026年第四季度.xlsx. */
export function reportDisplayFileName(periodLabel: string, format: ReportFormat): string {
  return `回应工作报告-${periodLabel}.${format}`;
}
