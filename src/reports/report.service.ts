import type { MentionStore } from '../mentions/mention.store.ts';
import { coverageFilter, coverageTerms, coverageWindow, isCoverage, summarizeCoverage, type CoverageMention } from '../press/coverage.ts';
import type { PolicyService } from '../press/policy.service.ts';
import type { PressService } from '../press/press.service.ts';
import { eventKindLabels, speakerRoleLabels, type StoredPressEvent } from '../press/press.ts';
import { beijingDay, type SyncState } from '../press/policy.ts';
import { parsePeriod, periodLabel, periodOf, type Period } from '../press/periods.ts';
import { defaultQuotaSettings, quotaHistory, quotaStateLabels, type QuotaRule, type QuotaSettings } from '../press/quota.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { ReportStore } from './report.store.ts';
import {
  beijingTime,
  CASES_PENDING_NOTE,
  daysBetween,
  warningLevels,
  type ReportAppearance,
  type ReportConference,
  type ReportEventRef,
  type ReportMentionStats,
  type ReportModel,
  type ReportPolicyDocument,
  type SentimentKey,
  type WarningLevel,
} from './report.ts';

/** Conferences of the department's own: 新闻发布会 and 吹风会. */
const OWN_KINDS = new Set(['own-conference', 'briefing']);
const TOP_TOPICS = 10;

/** Reads a report period: a quarter (2026Q4), a half year (2026H2) or a year (2026); a 400 otherwise. */
export function parseReportPeriod(name: string): Period {
  try {
    return parsePeriod(name);
  } catch (err) {
    throw new AppError('validation_failed', (err as Error).message, [{ path: 'period', message: 'write 2026Q4, 2026H2 or 2026' }]);
  }
}

/**
 * Builds the report model for a period: quota status of every rule for every period overlapping it,
 * conferences held with their coverage, leadership appearances, policy documents and their
 * interpretation, and mention statistics (added up in the database). Reads only.
 */
export class ReportService {
  constructor(
    private readonly deps: {
      press: PressService;
      policy: PolicyService;
      store: ReportStore;
      mentions: MentionStore;
      clock: Clock;
      /** Rules used when none are stored yet (the directive's defaults). */
      defaultQuotaRules?: () => QuotaRule[];
      /** Lead days for at-risk (the configuration's). */
      quota?: QuotaSettings;
    },
  ) {}

  /** The report for a period name (2026Q4, 2026). */
  async build(periodName: string): Promise<ReportModel> {
    return this.buildFor(parseReportPeriod(periodName));
  }

  async buildFor(period: Period): Promise<ReportModel> {
    const now = this.deps.clock.now();
    // Quota status as seen at the end of the period, or now while it runs; a report never counts
    // what happened after it.
    const asOf = new Date(Math.min(now.getTime(), period.end.getTime()));
    const lastDay = beijingDay(new Date(period.end.getTime() - 1));
    const firstDay = beijingDay(period.start);

    // Every quota period overlapping a quarter, half year or year lies within its calendar year.
    const year = periodOf('year', period.start);
    const yearEvents = await this.deps.press.listEvents({ from: year.start, to: year.end });
    let rules = await this.deps.press.quotaRules();
    if (!rules.length && this.deps.defaultQuotaRules) rules = this.deps.defaultQuotaRules();
    const byId = new Map(yearEvents.map((e) => [e.id, e]));
    const refs = (ids: number[]) => ids.map((id) => eventRef(byId.get(id)!));
    const quota = quotaHistory(rules, yearEvents, period.start, period.end, asOf, this.deps.quota ?? defaultQuotaSettings).map((s) => ({
      ruleId: s.ruleId,
      ruleName: s.ruleName,
      periodName: s.period.name,
      periodLabel: periodLabel(s.period),
      periodKind: s.period.kind,
      required: s.required,
      counted: s.counted,
      state: s.state,
      stateLabel: quotaStateLabels[s.state],
      daysLeft: s.daysLeft,
      countedEvents: refs(s.countedEventIds),
      plannedEvents: refs(s.plannedEventIds),
      unconfirmedEvents: refs(s.unconfirmedEventIds),
    }));

    const held = yearEvents.filter((e) => e.status === 'held' && e.startsAt >= period.start && e.startsAt < asOf);
    const conferences = await this.conferencesWithCoverage(held.filter((ev) => OWN_KINDS.has(ev.kind)), now);
    const appearances: ReportAppearance[] = held
      .map((e) => ({ e, leaders: e.speakers.filter((s) => s.role === 'head' || s.role === 'leader') }))
      .filter(({ leaders }) => leaders.length > 0)
      .map(({ e, leaders }) => ({
        ...eventRef(e),
        kind: e.kind,
        kindLabel: eventKindLabels[e.kind],
        status: e.status,
        leaders: leaders.map((s) => ({ name: s.name, role: s.role, roleLabel: speakerRoleLabels[s.role] })),
      }));

    const documents: ReportPolicyDocument[] = (await this.deps.policy.list({ from: firstDay, to: lastDay }))
      .map((d) => ({
        id: d.id,
        title: d.title,
        number: d.number,
        draftingDepartment: d.draftingDepartment,
        releasedOn: d.releasedOn,
        sync: d.sync,
        syncLabel: d.syncLabel,
        daysLate: d.daysLate,
        interpretations: d.interpretations.length,
        firstInterpretedOn: d.interpretations.map((i) => i.publishedOn).sort()[0] ?? null,
      }))
      .sort((a, b) => a.releasedOn.localeCompare(b.releasedOn) || a.id - b.id);
    const counts: Record<SyncState, number> = { 'in-sync': 0, late: 0, missing: 0 };
    for (const d of documents) counts[d.sync]++;

    const label = periodLabel(period);
    return {
      title: `回应舆情与新闻发布工作报告（${label}）`,
      period: { name: period.name, label, kind: period.kind, start: period.start.toISOString(), end: period.end.toISOString(), firstDay, lastDay },
      asOf: asOf.toISOString(),
      generatedAt: now.toISOString(),
      complete: now >= period.end,
      quota,
      conferences,
      appearances,
      policy: { documents, counts },
      mentions: await this.mentionStats(period, firstDay, lastDay),
      cases: { available: false, note: CASES_PENDING_NOTE },
    };
  }

  /**
   * Held conferences with their coverage, as PressService.coverage computes it for one event (the
   * same pure terms, matching and summary), but with one pass over the mentions for all of them: a
   * quarter's conferences would otherwise each scan the whole mentions table.
   */
  private async conferencesWithCoverage(events: readonly StoredPressEvent[], now: Date): Promise<ReportConference[]> {
    const windows = events.map((e) => ({ e, terms: coverageTerms(e), ...coverageWindow(e), matched: [] as CoverageMention[] }));
    for await (const page of this.deps.mentions.published(windows.map((w) => ({ from: w.from, to: w.to, filter: coverageFilter(w.terms) })))) {
      for (const m of page) {
        const t = Date.parse(m.publishedAt);
        for (const w of windows) if (t >= w.from.getTime() && t < w.to.getTime() && isCoverage(w.terms, m.text)) w.matched.push(m);
      }
    }
    return windows.map(({ e, from, to, matched }) => ({
      ...eventRef(e),
      kind: e.kind,
      kindLabel: eventKindLabels[e.kind],
      speakers: e.speakers.map((s) => ({ name: s.name, role: s.role, roleLabel: speakerRoleLabels[s.role] })),
      coverage: { windowFrom: from.toISOString(), windowTo: to.toISOString(), open: now >= from && now < to, summary: summarizeCoverage(matched) },
    }));
  }

  private async mentionStats(period: Period, firstDay: string, lastDay: string): Promise<ReportMentionStats> {
    const [groups, topics] = await Promise.all([this.deps.store.mentionGroups(period.start, period.end), this.deps.store.topTopics(period.start, period.end, TOP_TOPICS)]);
    const daily = new Map(daysBetween(firstDay, lastDay).map((day) => [day, { day, total: 0, negative: 0, flagged: 0 }]));
    const sentiment: Record<SentimentKey, number> = { negative: 0, neutral: 0, positive: 0, unclassified: 0 };
    const levels = Object.fromEntries(warningLevels.map((l) => [l, 0])) as Record<WarningLevel, number>;
    let total = 0;
    let flagged = 0;
    for (const g of groups) {
      total += g.count;
      const key: SentimentKey = g.sentiment === 'negative' || g.sentiment === 'neutral' || g.sentiment === 'positive' ? g.sentiment : 'unclassified';
      sentiment[key] += g.count;
      if (g.flagged) {
        flagged += g.count;
        if (g.level && (warningLevels as readonly string[]).includes(g.level)) levels[g.level as WarningLevel] += g.count;
      }
      const d = daily.get(g.day);
      if (!d) continue; // cannot happen: the range is the period's days
      d.total += g.count;
      if (key === 'negative') d.negative += g.count;
      if (g.flagged) d.flagged += g.count;
    }
    return { total, flagged, daily: [...daily.values()], sentiment, levels, topics };
  }
}

function eventRef(e: StoredPressEvent): ReportEventRef {
  return { id: e.id, title: e.title, start: e.startsAt.toISOString(), time: beijingTime(e.startsAt) };
}
