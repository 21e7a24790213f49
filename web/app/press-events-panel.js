// 发布活动: press events of the last year and every one planned ahead, in two groups (upcoming,
// recent), newest first. Staff and admins add and edit them, change their status in one click
// (held / cancelled / postponed) and delete them; everyone else reads.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { formatBeijing } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/press/press.service.ts').PressEventView} PressEventView */
/** @typedef {PressEventView['status']} EventStatus */

/** The one-click status changes, in the order their buttons appear. */
const quickStatuses = /** @type {const} */ ([
  ['held', 'pressEvents.markHeld'],
  ['cancelled', 'pressEvents.markCancelled'],
  ['postponed', 'pressEvents.markPostponed'],
]);

/**
 * The speakers of an event as one line: 张三（厅领导）、李四（新闻发言人）.
 * @param {PressEventView['speakers']} speakers
 */
export function describeSpeakers(speakers) {
  return speakers.map((s) => `${s.name}（${t(`speakerRole.${s.role}`)}）`).join('、');
}

export class PressEventsPanel {
  /**
   * @param {{ list: HTMLElement, empty: HTMLElement, count: HTMLElement }} els
   * @param {{ canWrite: boolean }} permissions
   * @param {{ onEdit: (event: PressEventView) => void, onCoverage: (event: PressEventView) => void, say: (text: string, ok?: boolean) => void, onChanged: () => void }} callbacks
   */
  constructor(els, permissions, callbacks) {
    this.els = els;
    this.permissions = permissions;
    this.callbacks = callbacks;
    /** @type {Map<number, PressEventView>} */
    this.events = new Map();
    /** The server's "now" (from the quota report), which splits upcoming from recent. */
    this.now = new Date();
    /** Whether the list has been loaded; live changes before that are left to the load. */
    this.loaded = false;
  }

  /**
   * Loads the events from a year before `now` onwards.
   * @param {Date} now
   */
  async load(now) {
    this.now = now;
    const from = new Date(now.getTime() - 366 * 86_400_000).toISOString();
    /** @type {{ events: PressEventView[] }} */
    const { events } = await api('GET', `/api/press/events?from=${encodeURIComponent(from)}`);
    this.events = new Map(events.map((e) => [e.id, e]));
    this.loaded = true;
    this.render();
  }

  /** @param {Date} now */
  setNow(now) {
    this.now = now;
    if (this.loaded) this.render();
  }

  /**
   * Adds or replaces an event (saved here or arriving over the socket).
   * @param {PressEventView} event
   */
  upsert(event) {
    if (!this.loaded) return;
    const known = this.events.get(event.id);
    // An older copy must not overwrite a newer one (the socket and the API answer race).
    if (known && Date.parse(known.updatedAt) > Date.parse(event.updatedAt)) return;
    this.events.set(event.id, event);
    this.render();
  }

  /** @param {number} id */
  remove(id) {
    if (this.events.delete(id)) this.render();
  }

  render() {
    const now = this.now.getTime();
    const newestFirst = [...this.events.values()].sort((a, b) => Date.parse(b.start) - Date.parse(a.start) || b.id - a.id);
    const upcoming = newestFirst.filter((e) => Date.parse(e.start) >= now);
    const recent = newestFirst.filter((e) => Date.parse(e.start) < now);
    this.els.list.replaceChildren(this.buildGroup('upcoming', upcoming), ...(recent.length ? [this.buildGroup('recent', recent)] : []));
    this.els.empty.hidden = newestFirst.length > 0;
    this.els.count.textContent = t('pressEvents.count', { n: newestFirst.length });
  }

  /**
   * @param {'upcoming' | 'recent'} group
   * @param {PressEventView[]} events
   */
  buildGroup(group, events) {
    const list = h('ol', 'press-events', ...events.map((e) => this.buildEvent(e)));
    const section = h('section', 'event-group', h('h4', 'event-group-heading', t(`pressEvents.${group}`), h('span', 'counter', ` ${events.length}`)), list);
    if (!events.length) section.append(h('p', 'hint', t('pressEvents.noneUpcoming')));
    section.dataset['group'] = group;
    return section;
  }

  /** @param {PressEventView} e */
  buildEvent(e) {
    const status = h('span', 'badge event-status', t(`eventStatus.${e.status}`));
    status.dataset['status'] = e.status;
    const time = h('time', 'event-time', formatBeijing(e.start));
    time.dateTime = e.start;
    const head = h('div', 'event-head', status, h('span', 'tag event-kind', t(`pressKind.${e.kind}`)), time);
    const el = h('li', 'press-event', head, h('div', 'event-title', e.title));

    const meta = [e.location, e.organiser].filter((x) => x !== '');
    if (e.speakers.length) meta.push(t('pressEvents.speakers', { names: describeSpeakers(e.speakers) }));
    if (e.keywords.length) meta.push(t('pressEvents.keywords', { words: e.keywords.join('、') }));
    if (meta.length) el.append(h('div', 'event-meta', ...meta.map((m) => h('span', '', m))));

    // Everyone who reads press work follows a held event's coverage. A link, not a button: it opens
    // a view and changes nothing (the read-only roles see no buttons in the list).
    if (e.status === 'held') {
      const coverage = h('a', 'event-coverage-link', t('pressEvents.coverage'));
      coverage.setAttribute('href', `#coverage-${e.id}`);
      coverage.setAttribute('role', 'button');
      coverage.dataset['action'] = 'coverage';
      coverage.setAttribute('aria-label', `${t('pressEvents.coverage')} · ${e.title}`);
      coverage.addEventListener('click', (event) => {
        event.preventDefault();
        this.callbacks.onCoverage(e);
      });
      el.append(h('div', 'event-coverage', coverage));
    }
    if (this.permissions.canWrite) {
      const actions = h('div', 'actions', this.button(t('pressEvents.edit'), 'edit', e.title, () => this.callbacks.onEdit(e)));
      for (const [next, label] of quickStatuses) {
        if (e.status !== next) actions.append(this.button(t(label), next, e.title, () => void this.setStatus(e, next)));
      }
      actions.append(this.button(t('pressEvents.delete'), 'delete', e.title, () => void this.delete(e), 'btn-danger'));
      el.append(actions);
    }
    el.dataset['id'] = String(e.id);
    el.dataset['status'] = e.status;
    el.dataset['kind'] = e.kind;
    return el;
  }

  /**
   * @param {string} label
   * @param {string} action
   * @param {string} subject named in the accessible label
   * @param {() => void} onClick
   * @param {string} [className]
   */
  button(label, action, subject, onClick, className = '') {
    const b = h('button', `btn btn-small ${className}`, label);
    b.type = 'button';
    b.dataset['action'] = action;
    b.setAttribute('aria-label', `${label} · ${subject}`);
    b.addEventListener('click', onClick);
    return b;
  }

  /**
   * @param {PressEventView} e
   * @param {EventStatus} status
   */
  async setStatus(e, status) {
    try {
      /** @type {{ event: PressEventView }} */
      const { event } = await api('POST', `/api/press/events/${e.id}/status`, { status });
      this.upsert(event);
      this.callbacks.say(t('pressEvents.statusChanged', { title: event.title, status: t(`eventStatus.${event.status}`) }));
      this.callbacks.onChanged();
    } catch (err) {
      this.callbacks.say(describeError(err), false);
    }
  }

  /** @param {PressEventView} e */
  async delete(e) {
    if (!confirm(t('pressEvents.confirmDelete', { title: e.title }))) return;
    try {
      await api('DELETE', `/api/press/events/${e.id}`);
      this.remove(e.id);
      this.callbacks.say(t('pressEvents.deleted', { title: e.title }));
      this.callbacks.onChanged();
    } catch (err) {
      this.callbacks.say(describeError(err), false);
    }
  }
}
