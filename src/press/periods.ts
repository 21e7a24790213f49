import { DateTime } from 'luxon';

/**
 * Reporting periods — quarters, half years, years — on the calendar of Asia/Shanghai, whatever the
 * server's time zone: a conference at 23:30 Beijing time on 31 March belongs to Q1 although it is
 * 15:30 UTC. Named `2026Q3`, `2026H2`, `2026`. Pure; `end` is exclusive.
 */

export const periodKinds = ['quarter', 'half', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** 季度 / 半年 / 年度 */
export const periodKindLabels: Record<PeriodKind, string> = { quarter: '季度', half: '半年', year: '年度' };

export const QUOTA_ZONE = 'Asia/Shanghai';

export interface Period {
  kind: PeriodKind;
  /** 2026Q3, 2026H2, 2026 */
  name: string;
  start: Date;
  /** The first instant after the period. */
  end: Date;
}

const MONTHS: Record<PeriodKind, number> = { quarter: 3, half: 6, year: 12 };

function build(kind: PeriodKind, year: number, index: number, zone: string): Period {
  const startMonth = index * MONTHS[kind] + 1;
  const start = DateTime.fromObject({ year, month: startMonth, day: 1 }, { zone });
  const end = start.plus({ months: MONTHS[kind] });
  const name = kind === 'quarter' ? `${year}Q${index + 1}` : kind === 'half' ? `${year}H${index + 1}` : String(year);
  return { kind, name, start: start.toJSDate(), end: end.toJSDate() };
}

/** The period of a kind that contains an instant. */
export function periodOf(kind: PeriodKind, instant: Date, zone = QUOTA_ZONE): Period {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) throw new RangeError(`not a valid time: ${String(instant)}`);
  return build(kind, local.year, Math.floor((local.month - 1) / MONTHS[kind]), zone);
}

/** The period after (steps > 0) or before (steps < 0) a period of the same kind. */
export function shiftPeriod(period: Period, steps: number, zone = QUOTA_ZONE): Period {
  const start = DateTime.fromJSDate(period.start, { zone }).plus({ months: steps * MONTHS[period.kind] });
  return periodOf(period.kind, start.toJSDate(), zone);
}

/** Reads `2026Q3`, `2026H2` or `2026` (case-insensitive); throws a RangeError on anything else. */
export function parsePeriod(name: string, zone = QUOTA_ZONE): Period {
  const m = /^(\d{4})(?:([QqHh])([1-4]))?$/.exec(name.trim());
  if (!m) throw new RangeError(`"${name}" is not a period: write 2026Q4, 2026H2 or 2026`);
  const year = Number(m[1]);
  if (!m[2]) return build('year', year, 0, zone);
  const kind: PeriodKind = m[2].toUpperCase() === 'Q' ? 'quarter' : 'half';
  const index = Number(m[3]) - 1;
  if (kind === 'half' && index > 1) throw new RangeError(`"${name}" is not a period: a year has halves H1 and H2`);
  return build(kind, year, index, zone);
}

/** Whether an instant lies in a period. */
export function inPeriod(period: Period, instant: Date): boolean {
  const t = instant.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}

/** The quarter, half year and year that contain an instant. */
export function periodsContaining(instant: Date, zone = QUOTA_ZONE): Record<PeriodKind, Period> {
  return { quarter: periodOf('quarter', instant, zone), half: periodOf('half', instant, zone), year: periodOf('year', instant, zone) };
}

/** Whole days from `now` to the end of a period, counted up (0 once it has ended). */
export function daysLeft(period: Period, now: Date): number {
  return Math.max(0, Math.ceil((period.end.getTime() - now.getTime()) / 86_400_000));
}

/** 2026年第四季度, 2026年下半年, 2026年 — for the board and reports. */
export function periodLabel(period: Period): string {
  const year = period.name.slice(0, 4);
  if (period.kind === 'year') return `${year}年`;
  const index = Number(period.name.slice(5));
  if (period.kind === 'half') return `${year}年${index === 1 ? '上' : '下'}半年`;
  return `${year}年第${'一二三四'[index - 1]}季度`;
}
