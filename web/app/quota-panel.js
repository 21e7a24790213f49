// 发布指标: each quota rule's progress in its current quarter / half year / year (Beijing time),
// the countdown to the period's end, the events that count and the next planned ones, and the
// reminders for rules at risk or missed. The numbers come from /api/press/quota (the quota engine on
// the server); the board re-fetches them whenever an event or the rule set changes.
import { currentLang, t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { formatBeijing } from './format.js';
import { quotaBar } from './quota-bar.js';

/** @typedef {import('../../src/press/press.service.ts').QuotaReport} QuotaReport */
/** @typedef {import('../../src/press/press.service.ts').QuotaStatusView} QuotaStatusView */
/** @typedef {QuotaReport['reminders'][number]} QuotaReminder */
/** @typedef {QuotaStatusView['countedEvents'][number]} QuotaEventBrief */

/** Planned events listed under a rule; the rest are counted ("等 N 场"). */
const maxPlannedShown = 3;

/** @param {QuotaReminder} r */
const reminderKey = (r) => `${r.ruleId}|${r.period}|${r.state}`;

export class QuotaPanel {
  /**
   * @param {{ list: HTMLOListElement, empty: HTMLElement, at: HTMLElement, reminders: HTMLElement, tab: HTMLElement }} els
   * @param {(report: QuotaReport) => void} onLoaded called with every fresh report (its `at` is the server's now)
   */
  constructor(els, onLoaded) {
    this.els = els;
    this.onLoaded = onLoaded;
    /** @type {QuotaReport | null} */
    this.report = null;
    /** @type {QuotaReminder[]} */
    this.reminders = [];
    /** Reminders that arrived over the socket, highlighted. @type {Set<string>} */
    this.fresh = new Set();
    /** @type {Promise<void> | null} the fetch in flight */
    this.loading = null;
    /** Whether something changed while a fetch was in flight, so one more is needed. */
    this.stale = false;
    /** What the reminder box shows now; it is only rebuilt when that changes (it is a live region). */
    this.remindersShown = '';
  }

  /**
   * Fetches the quota status. Changes that arrive together (an import publishes one event per
   * line) are coalesced: while a fetch is in flight, at most one more follows it.
   * @returns {Promise<void>}
   */
  refresh() {
    if (this.loading) {
      this.stale = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.stale = false;
        /** @type {QuotaReport} */
        const report = await api('GET', '/api/press/quota');
        this.setReport(report);
      } while (this.stale);
    })().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** @param {QuotaReport} report */
  setReport(report) {
    this.report = report;
    this.reminders = report.reminders;
    // Highlighted once: a later report shows the same reminders plainly.
    this.fresh.clear();
    this.render();
    this.onLoaded(report);
  }

  /**
   * Shows reminders pushed by the daily quota check (`quota.reminders`).
   * @param {QuotaReminder[]} reminders
   */
  showReminders(reminders) {
    const known = new Set(this.reminders.map(reminderKey));
    for (const r of reminders) if (!known.has(reminderKey(r))) this.fresh.add(reminderKey(r));
    this.reminders = reminders;
    this.render();
  }

  render() {
    const statuses = this.report?.statuses ?? [];
    this.els.list.replaceChildren(...statuses.map((s) => this.buildRule(s)));
    this.els.empty.hidden = this.report === null || statuses.length > 0;
    this.els.at.textContent = this.report ? t('quota.asOf', { time: formatBeijing(this.report.at) }) : '';
    this.renderReminders();
  }

  renderReminders() {
    const box = this.els.reminders;
    const shown = JSON.stringify([currentLang(), [...this.fresh], this.reminders]);
    if (shown === this.remindersShown) return;
    this.remindersShown = shown;
    const items = this.reminders.map((r) => {
      const badge = h('span', 'badge quota-state', t(`quota.reminder.${r.state}`));
      badge.dataset['state'] = r.state;
      const li = h('li', 'reminder', badge, h('span', 'reminder-message', r.message));
      li.dataset['state'] = r.state;
      li.dataset['ruleId'] = r.ruleId;
      if (this.fresh.has(reminderKey(r))) li.classList.add('is-new');
      return li;
    });
    box.replaceChildren(h('h4', 'reminders-heading', t('quota.reminders')), h('ul', 'reminder-list', ...items));
    box.hidden = items.length === 0;
    // The tab shows how many reminders wait, so they are seen from the other tabs too.
    if (items.length) {
      this.els.tab.dataset['reminders'] = String(items.length);
      this.els.tab.title = t('press.tabReminders', { n: items.length });
    } else {
      delete this.els.tab.dataset['reminders'];
      this.els.tab.removeAttribute('title');
    }
  }

  /** @param {QuotaStatusView} s */
  buildRule(s) {
    const state = h('span', 'badge quota-state', t(`quota.state.${s.state}`));
    state.dataset['state'] = s.state;
    const period = h('span', 'tag quota-period', currentLang() === 'zh' ? s.period.label : s.period.name);
    period.title = `${formatBeijing(s.period.start)} – ${formatBeijing(s.period.end)}`;
    const days = h('span', 'quota-days', s.daysLeft > 0 ? t('quota.daysLeft', { n: s.daysLeft }) : t('quota.ended'));
    const head = h('div', 'quota-head', state, h('strong', 'quota-name', s.ruleName), period, days);

    const planned = s.plannedEvents.length;
    const bar = quotaBar({ counted: s.counted, planned, required: s.required }, t('quota.bar', { rule: s.ruleName, counted: s.counted, planned, required: s.required }));
    let progressText = t('quota.progress', { counted: s.counted, required: s.required });
    if (planned && s.state !== 'met') progressText += t('quota.progressPlanned', { n: planned });
    const progress = h('p', 'quota-progress', progressText);

    const el = h('li', 'quota-rule', head, bar, progress);
    const events = h('ul', 'quota-events');
    for (const e of s.countedEvents) events.append(this.buildEvent(e, 'counted'));
    const next = [...s.plannedEvents].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (const e of next.slice(0, maxPlannedShown)) events.append(this.buildEvent(e, 'planned'));
    if (next.length > maxPlannedShown) events.append(h('li', 'quota-event muted', t('quota.more', { n: next.length - maxPlannedShown })));
    for (const e of s.unconfirmedEvents) events.append(this.buildEvent(e, 'unconfirmed'));
    if (events.childElementCount) el.append(events);
    el.dataset['ruleId'] = s.ruleId;
    el.dataset['state'] = s.state;
    return el;
  }

  /**
   * @param {QuotaEventBrief} e
   * @param {'counted' | 'planned' | 'unconfirmed'} kind
   */
  buildEvent(e, kind) {
    const time = h('time', 'quota-event-time', formatBeijing(e.start));
    time.dateTime = e.start;
    const li = h('li', `quota-event is-${kind}`, h('span', 'quota-event-kind', t(`quota.${kind}`)), time, h('span', 'quota-event-title', e.title));
    li.dataset['eventId'] = String(e.id);
    return li;
  }
}
