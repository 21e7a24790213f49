import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { daysLeft, inPeriod, periodKinds, periodOf, QUOTA_ZONE, type Period, type PeriodKind } from './periods.ts';
import { eventKinds, speakerRoles, type EventKind, type EventStatus, type SpeakerRole } from './press.ts';

/**
 * The quota engine: the directive's press-conference requirements as data (a rule is an event
 * filter, a period and a minimum count) and, for every rule and period, whether the office is on
 * track. Pure: events, rules, `now` and settings in, statuses out.
 */

export const quotaRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
  period: z.enum(periodKinds),
  minimum: z.number().int().min(1).max(366),
  filter: z.object({
    kinds: z.array(z.enum(eventKinds)).min(1),
    /** The event counts when any speaker has one of these roles; the head counts as a leader too. */
    speakerRoles: z.array(z.enum(speakerRoles)).min(1).optional(),
    /** The event counts only when its organiser is this one (compared trimmed, case-insensitively). */
    organiser: z.string().trim().min(1).max(200).optional(),
  }),
  enabled: z.boolean().default(true),
});
export type QuotaRule = z.infer<typeof quotaRuleSchema>;

export const quotaRuleSetSchema = z
  .object({ source: z.string().optional(), rules: z.array(quotaRuleSchema).min(1) })
  .refine((set) => new Set(set.rules.map((r) => r.id)).size === set.rules.length, 'rule ids must be unique');

export const DEFAULT_QUOTA_RULES_FILE = fileURLToPath(new URL('../../data/press/quota-rules.json', import.meta.url));

/** Reads and validates a rule set (the directive's defaults unless another department's file is given). */
export function loadQuotaRules(file = DEFAULT_QUOTA_RULES_FILE): QuotaRule[] {
  const parsed = quotaRuleSetSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rules'}: ${i.message}`).join('; ')}`);
  return parsed.data.rules;
}

/** What the engine needs of an event (a StoredPressEvent has all of it). */
export interface QuotaEvent {
  id: number;
  kind: EventKind;
  startsAt: Date;
  status: EventStatus;
  speakers: readonly { role: SpeakerRole }[];
  /** Who held the event; only rules that filter by organiser read it. */
  organiser?: string;
}

export const quotaStates = ['met', 'on-track', 'pending', 'at-risk', 'missed'] as const;
export type QuotaState = (typeof quotaStates)[number];

/** 已完成 / 已安排 / 待安排 / 有风险 / 未完成 */
export const quotaStateLabels: Record<QuotaState, string> = { met: '已完成', 'on-track': '已安排', pending: '待安排', 'at-risk': '有风险', missed: '未完成' };

export interface QuotaSettings {
  /** Days before a period ends from which an uncovered rule is at risk, per period kind. */
  leadDays: Record<PeriodKind, number>;
}

/** A month before a quarter ends, six weeks before a half year, two months before a year. */
export const defaultQuotaSettings: QuotaSettings = { leadDays: { quarter: 30, half: 45, year: 60 } };

export interface QuotaStatus {
  ruleId: string;
  ruleName: string;
  period: Period;
  required: number;
  /** Held events that count. */
  counted: number;
  state: QuotaState;
  countedEventIds: number[];
  /** Planned events still ahead in the period that would count. */
  plannedEventIds: number[];
  /** Planned events whose time has passed but that are not recorded as held: to confirm. */
  unconfirmedEventIds: number[];
  /** Whole days to the end of the period (0 once ended). */
  daysLeft: number;
}

/** Whether an event passes a rule's filter (status aside). */
export function matchesRule(rule: QuotaRule, event: QuotaEvent): boolean {
  if (!rule.filter.kinds.includes(event.kind)) return false;
  const organiser = rule.filter.organiser;
  if (organiser !== undefined && (event.organiser ?? '').trim().toLowerCase() !== organiser.trim().toLowerCase()) return false;
  const roles = rule.filter.speakerRoles;
  if (!roles) return true;
  // The principal head (主要负责同志) is also a department leader (厅领导): a head's appearance
  // counts for the leader rules too, never the other way round.
  return event.speakers.some((s) => roles.includes(s.role) || (s.role === 'head' && roles.includes('leader')));
}

/**
 * A rule's status for one period at `now`:
 *
 *   held ≥ min | period ended | held + planned ahead ≥ min | days left ≤ lead | state
 *   yes        | any          | any                       | any              | met
 *   no         | yes          | any                       | any              | missed
 *   no         | no           | yes                       | any              | on-track
 *   no         | no           | no                        | yes              | at-risk
 *   no         | no           | no                        | no               | pending
 *
 * "Held" means recorded as held and at or before `now`. Cancelled and postponed events never count
 * (a postponed event counts once it is re-planned or held with its new date). A planned event whose time has passed covers nothing until it is
 * recorded as held; it is listed as unconfirmed so the office can record it.
 */
export function ruleStatus(rule: QuotaRule, period: Period, events: readonly QuotaEvent[], now: Date, settings: QuotaSettings = defaultQuotaSettings): QuotaStatus {
  const counted: number[] = [];
  const planned: number[] = [];
  const unconfirmed: number[] = [];
  const t = now.getTime();
  for (const e of events) {
    if (!inPeriod(period, e.startsAt) || !matchesRule(rule, e)) continue;
    const ahead = e.startsAt.getTime() >= t;
    // Seen from `now`, an event still ahead is planned whatever its record says (a status asked
    // for a past instant must not count what happened later).
    if (e.status === 'held') (ahead ? planned : counted).push(e.id);
    else if (e.status === 'planned') (ahead ? planned : unconfirmed).push(e.id);
  }
  const left = daysLeft(period, now);
  let state: QuotaState;
  if (counted.length >= rule.minimum) state = 'met';
  else if (t >= period.end.getTime()) state = 'missed';
  else if (counted.length + planned.length >= rule.minimum) state = 'on-track';
  else if (left <= settings.leadDays[period.kind]) state = 'at-risk';
  else state = 'pending';
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    period,
    required: rule.minimum,
    counted: counted.length,
    state,
    countedEventIds: counted,
    plannedEventIds: planned,
    unconfirmedEventIds: unconfirmed,
    daysLeft: left,
  };
}

/**
 * Every enabled rule's status for the period of its kind that contains `at` (what the board's quota
 * panel and `huiying quota status --at` show). `now` defaults to `at`.
 */
export function quotaStatus(rules: readonly QuotaRule[], events: readonly QuotaEvent[], at: Date, settings: QuotaSettings = defaultQuotaSettings, zone = QUOTA_ZONE): QuotaStatus[] {
  // One pass over the events per rule: cheaper than sorting them first.
  return rules.filter((r) => r.enabled).map((rule) => ruleStatus(rule, periodOf(rule.period, at, zone), events, at, settings));
}

/**
 * Statuses of every enabled rule for each of its periods that overlap [from, to), as seen at `now`
 * (for quarterly and yearly reports, and the history behind the board's panel).
 */
export function quotaHistory(rules: readonly QuotaRule[], events: readonly QuotaEvent[], from: Date, to: Date, now: Date, settings: QuotaSettings = defaultQuotaSettings, zone = QUOTA_ZONE): QuotaStatus[] {
  const relevant = sortedByStart(events);
  const out: QuotaStatus[] = [];
  for (const rule of rules.filter((r) => r.enabled)) {
    for (let period = periodOf(rule.period, from, zone); period.start < to; period = periodOf(rule.period, period.end, zone)) {
      out.push(ruleStatus(rule, period, slice(relevant, period), now, settings));
    }
  }
  return out;
}

export interface QuotaReminder {
  ruleId: string;
  period: string;
  state: 'at-risk' | 'missed';
  daysLeft: number;
  /** For the board and the alert channels, in Chinese. */
  message: string;
}

/** The reminders the office must see: rules at risk or missed. */
export function quotaReminders(statuses: readonly QuotaStatus[]): QuotaReminder[] {
  return statuses
    .filter((s): s is QuotaStatus & { state: 'at-risk' | 'missed' } => s.state === 'at-risk' || s.state === 'missed')
    .map((s) => ({
      ruleId: s.ruleId,
      period: s.period.name,
      state: s.state,
      daysLeft: s.daysLeft,
      message:
        s.state === 'missed'
          ? `${s.period.name}「${s.ruleName}」未完成：要求${s.required}次，实际${s.counted}次。`
          : `${s.period.name}「${s.ruleName}」有风险：距期末${s.daysLeft}天，已举行${s.counted}次，还需${s.required - s.counted}次且尚未安排。`,
    }));
}

function sortedByStart(events: readonly QuotaEvent[]): QuotaEvent[] {
  const keyed = events.map((e) => ({ t: e.startsAt.getTime(), e }));
  keyed.sort((a, b) => a.t - b.t);
  return keyed.map((k) => k.e);
}

/** The events of a start-sorted list that fall in a period (binary search for the first). */
function slice(sorted: readonly QuotaEvent[], period: Period): readonly QuotaEvent[] {
  const start = period.start.getTime();
  const end = period.end.getTime();
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.startsAt.getTime() < start) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last < sorted.length && sorted[last]!.startsAt.getTime() < end) last++;
  return sorted.slice(lo, last);
}
