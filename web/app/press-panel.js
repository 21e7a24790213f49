// The 新闻发布 tab: the quota panel on top, then the press events (with each held conference's
// coverage), the people who speak, the policy register and the reports. Composes the parts and the
// event and coverage dialogs, and follows the `press` room's events: a saved or deleted event, or a
// changed rule set, re-fetches the quota status; `quota.reminders` shows at once; newly classified
// mentions refresh an open coverage window.
import { t } from '../static/i18n.js';
import { byId } from './dom.js';
import { describeError } from './sources-panel.js';
import { CalendarSubscriptionDialog } from './calendar-subscription.js';
import { CoverageView } from './coverage-view.js';
import { EventForm } from './event-form.js';
import { PeoplePanel } from './people-panel.js';
import { PolicyPanel } from './policy-panel.js';
import { PressEventsPanel } from './press-events-panel.js';
import { QuotaPanel } from './quota-panel.js';
import { ReportsSection } from './reports-section.js';

/** @typedef {import('../../src/press/press.service.ts').PressEventView} PressEventView */
/** @typedef {import('../../src/shared/events.ts').DomainEvents} DomainEvents */

export class PressPanel {
  /** @param {{ canWrite: boolean, canReadReports: boolean }} permissions */
  constructor(permissions) {
    this.permissions = permissions;
    this.message = byId('press-message', HTMLElement);
    const say = (/** @type {string} */ text, ok = true) => this.say(text, ok);

    this.quota = new QuotaPanel(
      {
        list: byId('quota-list', HTMLOListElement),
        empty: byId('quota-empty', HTMLElement),
        at: byId('quota-at', HTMLElement),
        reminders: byId('quota-reminders', HTMLElement),
        tab: byId('tab-press', HTMLElement),
      },
      // The server's clock decides what is upcoming, as it decides the quota periods.
      (report) => {
        this.events.setNow(new Date(report.at));
        this.reports.setNow(new Date(report.at));
      },
    );
    this.events = new PressEventsPanel(
      { list: byId('event-list', HTMLElement), empty: byId('events-empty', HTMLElement), count: byId('events-count', HTMLElement) },
      permissions,
      { onEdit: (event) => this.form.open(event), onCoverage: (event) => this.coverage.open(event), say, onChanged: () => this.refreshQuota() },
    );
    this.people = new PeoplePanel(
      {
        list: byId('people-list', HTMLUListElement),
        empty: byId('people-empty', HTMLElement),
        count: byId('people-count', HTMLElement),
        form: byId('person-form', HTMLFormElement),
        name: byId('person-name', HTMLInputElement),
        role: byId('person-role', HTMLSelectElement),
        title: byId('person-title', HTMLInputElement),
        save: byId('person-save', HTMLButtonElement),
        formError: byId('person-form-error', HTMLElement),
      },
      permissions,
      { say, onChanged: (people) => this.form.setPeople(people) },
    );
    this.coverage = new CoverageView();
    this.policy = new PolicyPanel(permissions, { say });
    this.reports = new ReportsSection(permissions);
    this.form = new EventForm((event, created) => {
      this.events.upsert(event);
      this.say(t(created ? 'pressEvents.created' : 'pressEvents.saved', { title: event.title }));
      this.refreshQuota();
    });

    const add = byId('add-event', HTMLButtonElement);
    add.hidden = !permissions.canWrite;
    add.addEventListener('click', () => this.form.open(null));
    byId('press-refresh', HTMLButtonElement).addEventListener('click', () => void this.load());
    this.subscription = new CalendarSubscriptionDialog();
    byId('press-subscribe', HTMLButtonElement).addEventListener('click', () => void this.subscription.open());
  }

  /** Loads the quota status first (its time splits upcoming from recent events), then events and people. */
  async load() {
    try {
      await this.quota.refresh();
      const now = this.quota.report ? new Date(this.quota.report.at) : new Date();
      await Promise.all([this.events.load(now), this.people.load(), this.policy.load(now)]);
    } catch (err) {
      this.say(t('press.loadFailed', { reason: describeError(err) }), false);
    }
  }

  refreshQuota() {
    this.quota.refresh().catch((err) => this.say(t('press.loadFailed', { reason: describeError(err) }), false));
  }

  /** @param {DomainEvents['press.event-saved']} payload */
  onEventSaved({ event }) {
    this.events.upsert(event);
    this.refreshQuota();
  }

  /** @param {DomainEvents['press.event-deleted']} payload */
  onEventDeleted({ eventId }) {
    this.events.remove(eventId);
    this.refreshQuota();
  }

  /** @param {DomainEvents['press.people-updated']} payload */
  onPeopleUpdated({ people }) {
    this.people.setAll(people);
  }

  onRulesUpdated() {
    this.refreshQuota();
  }

  /** Mentions were classified: an open coverage window may have gained some. */
  onMentionsClassified() {
    this.coverage.onMentionsClassified();
  }

  /** @param {DomainEvents['quota.reminders']} payload */
  onReminders({ reminders }) {
    this.quota.showReminders(reminders);
  }

  /** Redraws in the current language. */
  render() {
    this.quota.render();
    if (this.events.loaded) this.events.render();
    this.people.render();
    this.form.setPeople(this.people.people);
    if (this.policy.loaded) this.policy.render();
    this.reports.render();
    this.coverage.render();
    this.subscription.render();
  }

  /**
   * @param {string} text
   * @param {boolean} [ok]
   */
  say(text, ok = true) {
    this.message.textContent = text;
    this.message.classList.toggle('is-error', !ok);
    this.message.hidden = text === '';
  }
}
