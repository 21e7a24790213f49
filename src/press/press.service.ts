import type { Clock } from '../shared/clock.ts';
import { notFound } from '../shared/errors.ts';
import type { EventBus } from '../shared/events.ts';
import type { EventStatus, Person, PersonInput, PressEventInput, StoredPressEvent } from './press.ts';
import type { PressStore } from './press.store.ts';
import type { MentionStore, PublishedMention } from '../mentions/mention.store.ts';
import type { MentionView } from '../mentions/mention.ts';
import { toICalendar } from './calendar.ts';
import { coverageFilter, coverageTerms, coverageWindow, isCoverage, summarizeCoverage, type CoverageSummary } from './coverage.ts';
import { periodLabel, periodOf, type Period } from './periods.ts';
import { AppError } from '../shared/errors.ts';
import { defaultQuotaSettings, quotaReminders, quotaStateLabels, quotaStatus, type QuotaReminder, type QuotaRule, type QuotaSettings, type QuotaState, type QuotaStatus } from './quota.ts';

/** A press event as the board and the API show it (times as ISO strings). */
export interface PressEventView {
  id: number;
  kind: StoredPressEvent['kind'];
  title: string;
  start: string;
  status: EventStatus;
  organiser: string;
  location: string;
  topics: string[];
  keywords: string[];
  materials: StoredPressEvent['materials'];
  notes: string;
  coverageDays: number;
  speakers: StoredPressEvent['speakers'];
  importId: string | null;
  updatedAt: string;
}

/** The view of a stored event. */
export function toPressEventView(e: StoredPressEvent): PressEventView {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    start: e.startsAt.toISOString(),
    status: e.status,
    organiser: e.organiser,
    location: e.location,
    topics: e.topics,
    keywords: e.keywords,
    materials: e.materials,
    notes: e.notes,
    coverageDays: e.coverageDays,
    speakers: e.speakers,
    importId: e.importKey,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** An event's coverage: the window, how mentions were matched, the summary and the newest mentions. */
export interface CoverageReport {
  eventId: number;
  window: { from: string; to: string; open: boolean };
  terms: string[];
  matchedBy: 'keywords' | 'title';
  summary: CoverageSummary;
  /** The newest 200 matching mentions, newest first. */
  mentions: MentionView[];
}

/** A period as the board shows it. */
export interface PeriodView {
  name: string;
  label: string;
  start: string;
  end: string;
}

const toPeriodView = (p: Period): PeriodView => ({ name: p.name, label: periodLabel(p), start: p.start.toISOString(), end: p.end.toISOString() });

/** One rule's status for one period, with the events behind the numbers. */
export interface QuotaStatusView {
  ruleId: string;
  ruleName: string;
  period: PeriodView;
  required: number;
  counted: number;
  state: QuotaState;
  stateLabel: string;
  daysLeft: number;
  countedEvents: { id: number; title: string; start: string }[];
  plannedEvents: { id: number; title: string; start: string }[];
  unconfirmedEvents: { id: number; title: string; start: string }[];
}

/** The answer of quota status: every rule for the periods containing `at`, and the reminders. */
export interface QuotaReport {
  at: string;
  statuses: QuotaStatusView[];
  reminders: QuotaReminder[];
}

/**
 * Press events and the people who speak at them: recording, importing, changing status. Every
 * change is published as `press.event-saved` / `press.event-deleted` / `press.people-updated`, so
 * the quota panel and the people list update live.
 */
export class PressService {
  constructor(private readonly deps: { store: PressStore; mentions: MentionStore; events: EventBus; clock: Clock; quota?: QuotaSettings }) {}

  /**
   * The coverage of an event: mentions published from its start for its coverage days (to now while
   * the window is open) that match its keywords or title, added up.
   */
  async coverage(eventId: number): Promise<CoverageReport> {
    const event = await this.getEvent(eventId);
    const terms = coverageTerms(event);
    const { from, to: end } = coverageWindow(event);
    const now = this.deps.clock.now();
    const matched: PublishedMention[] = [];
    for await (const page of this.deps.mentions.published([{ from, to: end, filter: coverageFilter(terms) }])) {
      for (const m of page) if (isCoverage(terms, m.text)) matched.push(m);
    }
    return {
      eventId,
      window: { from: from.toISOString(), to: end.toISOString(), open: now >= from && now < end },
      terms: terms.terms,
      matchedBy: terms.from,
      summary: summarizeCoverage(matched),
      mentions: matched.slice(-200).reverse().map(({ text: _text, original: _original, sentimentScore: _score, ...view }) => view),
    };
  }

  listPeople(): Promise<Person[]> {
    return this.deps.store.listPeople();
  }

  /** Adds or updates people by name; returns how many were added and updated. */
  async importPeople(inputs: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const input of inputs) if ((await this.deps.store.upsertPerson(input, this.deps.clock.now())).created) created++;
    if (inputs.length) this.deps.events.publish('press.people-updated', { people: await this.deps.store.listPeople() });
    return { created, updated: inputs.length - created };
  }

  listEvents(range: { from?: Date; to?: Date } = {}): Promise<StoredPressEvent[]> {
    return this.deps.store.listEvents(range);
  }

  /** The schedule as iCalendar, from 90 days back to a year ahead. */
  async calendar(host: string): Promise<string> {
    const now = this.deps.clock.now();
    const events = await this.deps.store.listEvents({ from: new Date(now.getTime() - 90 * 86_400_000), to: new Date(now.getTime() + 366 * 86_400_000) });
    return toICalendar(events, { name: '新闻发布日程', host, now });
  }

  async getEvent(id: number): Promise<StoredPressEvent> {
    const event = await this.deps.store.getEvent(id);
    if (!event) throw notFound('press event', id);
    return event;
  }

  /** Records a new event, or replaces event `id`. */
  async saveEvent(input: PressEventInput, id?: number): Promise<StoredPressEvent> {
    const saved = await this.deps.store.saveEvent(input, this.deps.clock.now(), id);
    if (!saved) throw notFound('press event', id ?? 0);
    this.deps.events.publish('press.event-saved', { event: toPressEventView(saved.event) });
    return saved.event;
  }

  /** Imports events (JSONL lines, validated already); an event with an `id` seen before is updated. */
  async importEvents(inputs: readonly PressEventInput[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const input of inputs) {
      const saved = (await this.deps.store.saveEvent(input, this.deps.clock.now()))!;
      if (saved.created) created++;
      this.deps.events.publish('press.event-saved', { event: toPressEventView(saved.event) });
    }
    return { created, updated: inputs.length - created };
  }

  async setStatus(id: number, status: EventStatus): Promise<StoredPressEvent> {
    const event = await this.deps.store.setEventStatus(id, status, this.deps.clock.now());
    if (!event) throw notFound('press event', id);
    this.deps.events.publish('press.event-saved', { event: toPressEventView(event) });
    return event;
  }

  async deleteEvent(id: number): Promise<void> {
    if (!(await this.deps.store.deleteEvent(id))) throw notFound('press event', id);
    this.deps.events.publish('press.event-deleted', { eventId: id });
  }

  // Quotas

  quotaRules(): Promise<QuotaRule[]> {
    return this.deps.store.listQuotaRules();
  }

  /** Stores the directive's default rules when there are none yet (first start); returns how many. */
  async seedQuotaRules(defaults: readonly QuotaRule[]): Promise<number> {
    if ((await this.deps.store.listQuotaRules()).length) return 0;
    await this.deps.store.replaceQuotaRules(defaults, this.deps.clock.now());
    return defaults.length;
  }

  /** Replaces the rule set (validated by the caller's schema); ids must be unique. */
  async replaceQuotaRules(rules: readonly QuotaRule[]): Promise<QuotaRule[]> {
    if (new Set(rules.map((r) => r.id)).size !== rules.length) throw new AppError('validation_failed', 'quota rule ids must be unique', [{ path: 'rules', message: 'duplicate id' }]);
    await this.deps.store.replaceQuotaRules(rules, this.deps.clock.now());
    this.deps.events.publish('quota.rules-updated', {});
    return this.deps.store.listQuotaRules();
  }

  /**
   * Every enabled rule's status for the periods that contain `at` (default: now), with the events
   * that count, those planned and those to confirm, and the reminders for rules at risk or missed.
   */
  async quotaStatus(at: Date = this.deps.clock.now()): Promise<QuotaReport> {
    const rules = await this.deps.store.listQuotaRules();
    // Every period containing `at` lies within its year.
    const year = periodOf('year', at);
    const events = await this.deps.store.listEvents({ from: year.start, to: year.end });
    const statuses = quotaStatus(rules, events, at, this.deps.quota ?? defaultQuotaSettings);
    const byId = new Map(events.map((e) => [e.id, e]));
    const brief = (ids: number[]) => ids.map((id) => byId.get(id)!).map((e) => ({ id: e.id, title: e.title, start: e.startsAt.toISOString() }));
    return {
      at: at.toISOString(),
      statuses: statuses.map((s: QuotaStatus) => ({
        ruleId: s.ruleId,
        ruleName: s.ruleName,
        period: toPeriodView(s.period),
        required: s.required,
        counted: s.counted,
        state: s.state,
        stateLabel: quotaStateLabels[s.state],
        daysLeft: s.daysLeft,
        countedEvents: brief(s.countedEventIds),
        plannedEvents: brief(s.plannedEventIds),
        unconfirmedEvents: brief(s.unconfirmedEventIds),
      })),
      reminders: quotaReminders(statuses),
    };
  }
}
