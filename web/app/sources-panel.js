// The sources panel: a table of sources with their collection state and, depending on the role,
// fetch-now, enable/disable, edit and delete. Rows update live from `source.updated`.
import { t, translateErrorCode, translateFailure } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { externalLink, h } from './dom.js';
import { fillTime, formatAbsolute } from './format.js';

/** @typedef {import('../../src/collection/source.ts').SourceView} SourceView */
/** @typedef {{ outcome: 'ok' | 'not_modified' | 'error' | 'skipped', itemsFound: number, itemsNew: number, errorCode: string | null, errorMessage: string | null, durationMs: number }} FetchRun */
/** @typedef {{ canFetch: boolean, canManage: boolean }} Permissions */
/** @typedef {{ ok: boolean, text: string }} Note */

export class SourcesPanel {
  /**
   * @param {{ table: HTMLTableElement, empty: HTMLElement, count: HTMLElement, message: HTMLElement }} els
   * @param {Permissions} permissions
   * @param {(source: SourceView) => void} onEdit
   */
  constructor(els, permissions, onEdit) {
    this.els = els;
    this.permissions = permissions;
    this.onEdit = onEdit;
    /** @type {Map<number, SourceView>} */
    this.sources = new Map();
    /** Outcome of the last "fetch now" per source, shown in its row until the next one. @type {Map<number, Note>} */
    this.notes = new Map();
    /** Sources with a fetch-now request in flight. @type {Set<number>} */
    this.fetching = new Set();
  }

  /**
   * Replaces the whole list (initial load, or after a reconnect that missed events).
   * @param {SourceView[]} sources
   * @param {Date} now
   */
  setAll(sources, now) {
    this.sources = new Map(sources.map((s) => [s.id, s]));
    this.render(now);
  }

  /**
   * Adds or replaces one source.
   * @param {SourceView} source
   * @param {Date} now
   */
  upsert(source, now) {
    const known = this.sources.get(source.id);
    // Events can overtake a slower API answer; keep whichever version is newer.
    if (known && known.updatedAt > source.updatedAt) return;
    this.sources.set(source.id, source);
    this.render(now);
  }

  /**
   * @param {number} sourceId
   * @param {Date} now
   */
  remove(sourceId, now) {
    this.sources.delete(sourceId);
    this.notes.delete(sourceId);
    this.render(now);
  }

  /** @param {Date} now */
  render(now) {
    const sorted = [...this.sources.values()].sort((a, b) => a.id - b.id);
    // Keep keyboard focus on the same button across a re-render triggered by a live update.
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && this.els.table.contains(active) ? active.dataset['focusKey'] : undefined;
    for (const body of this.els.table.querySelectorAll('tbody')) body.remove();
    this.els.table.append(...sorted.map((s) => this.buildSource(s, now)));
    if (focusKey) this.els.table.querySelector(`[data-focus-key="${focusKey}"]`)?.closest('button')?.focus();
    this.els.empty.hidden = sorted.length > 0;
    this.els.count.textContent = t('sources.count', { n: sorted.length });
  }

  /**
   * @param {string} text
   * @param {boolean} ok
   */
  say(text, ok = true) {
    this.els.message.textContent = text;
    this.els.message.classList.toggle('is-error', !ok);
    this.els.message.hidden = text === '';
  }

  /**
   * One source as a <tbody>: a row of data, then (for roles that have any) a row of actions
   * spanning the table, which keeps the columns narrow enough to sit beside the stream.
   * @param {SourceView} s
   * @param {Date} now
   */
  buildSource(s, now) {
    const nameLine = h('div', 'source-name', h('span', '', s.name));
    if (!s.enabled) nameLine.append(h('span', 'tag tag-muted', t('sources.disabled')));
    if (s.demo) nameLine.append(h('span', 'tag', t('sources.demo')));
    const sub = h('div', 'source-sub', h('span', 'kind', t(`kind.${s.kind}`)), externalLink(s.url, s.url, 'source-url'));
    sub.title = s.url;
    const name = h('td', 'col-name', nameLine, sub);

    const status = h('td', 'col-status', h('span', `badge status status-${s.status}`, t(`status.${s.status}`)));

    const last = h('time');
    if (s.lastCheckedAt) fillTime(last, s.lastCheckedAt, now);
    else last.textContent = t('sources.never');
    const next = h('time');
    if (s.nextCheckAt && s.enabled) fillTime(next, s.nextCheckAt, now);
    else next.textContent = t('sources.notScheduled');
    const checks = h(
      'td',
      'col-checks',
      h('div', '', t('sources.lastChecked'), ' ', last),
      h('div', 'muted', t('sources.nextCheck'), ' ', next),
    );

    const items = h('td', 'col-items num', String(s.itemsTotal));
    items.title = t('sources.itemsTitle', { total: s.itemsTotal, new: s.lastNewItems });

    const errors = h('td', 'col-errors');
    if (s.lastErrorCode && (s.errorCount > 0 || s.status === 'error')) {
      errors.append(h('div', 'error-code', translateFailure(s.lastErrorCode)));
      const detail = h('div', 'error-detail', t('sources.errorCount', { n: s.errorCount }));
      if (s.lastErrorMessage) detail.append(' · ', s.lastErrorMessage);
      const when = s.lastErrorAt ? `${formatAbsolute(new Date(s.lastErrorAt))}\n` : '';
      detail.title = when + (s.lastErrorMessage ?? '');
      errors.append(detail);
    } else {
      errors.append(h('span', 'muted', t('sources.noErrors')));
    }

    const body = h('tbody', 'source', h('tr', 'source-data', name, status, checks, items, errors));
    body.classList.toggle('is-disabled', !s.enabled);
    body.classList.toggle('is-error', s.status === 'error');
    body.dataset['id'] = String(s.id);
    if (this.permissions.canFetch || this.permissions.canManage) {
      const cell = h('td', '', h('div', 'source-actions', ...this.buildActions(s)));
      cell.colSpan = 5;
      body.append(h('tr', '', cell));
    }
    return body;
  }

  /**
   * The buttons the role may use, and the outcome of the last fetch-now.
   * @param {SourceView} s
   * @returns {HTMLElement[]}
   */
  buildActions(s) {
    const buttons = h('div', 'actions');
    /**
     * @param {string} key
     * @param {string} label
     * @param {string} className
     * @param {() => void} onClick
     */
    const button = (key, label, className, onClick) => {
      const b = h('button', `btn btn-small ${className}`, label);
      b.type = 'button';
      b.dataset['focusKey'] = `${s.id}-${key}`;
      b.dataset['action'] = key;
      b.setAttribute('aria-label', `${label} · ${s.name}`);
      b.addEventListener('click', onClick);
      buttons.append(b);
      return b;
    };
    if (this.permissions.canFetch) {
      const busy = this.fetching.has(s.id);
      const b = button('fetch', t(busy ? 'sources.fetching' : 'sources.fetch'), 'btn-accent', () => void this.fetchNow(s));
      b.disabled = busy;
    }
    if (this.permissions.canManage) {
      button('toggle', t(s.enabled ? 'sources.disable' : 'sources.enable'), '', () => void this.toggle(s));
      button('edit', t('sources.edit'), '', () => this.onEdit(s));
      button('delete', t('sources.delete'), 'btn-danger', () => void this.confirmAndDelete(s));
    }
    const note = this.notes.get(s.id);
    if (!note) return [buttons];
    const noteEl = h('p', note.ok ? 'fetch-note' : 'fetch-note is-error', note.text);
    noteEl.setAttribute('role', 'status');
    return [buttons, noteEl];
  }

  /** @param {SourceView} s */
  async fetchNow(s) {
    this.fetching.add(s.id);
    this.notes.delete(s.id);
    this.render(new Date());
    try {
      /** @type {{ run: FetchRun }} */
      const { run } = await api('POST', `/api/sources/${s.id}/fetch`);
      this.notes.set(s.id, describeRun(run));
    } catch (err) {
      this.notes.set(s.id, { ok: false, text: describeError(err) });
    }
    this.fetching.delete(s.id);
    this.render(new Date());
  }

  /** @param {SourceView} s */
  async toggle(s) {
    try {
      /** @type {{ source: SourceView }} */
      const { source } = await api('PATCH', `/api/sources/${s.id}`, { enabled: !s.enabled });
      this.upsert(source, new Date());
      this.say(t('sources.saved', { name: source.name }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }

  /** @param {SourceView} s */
  async confirmAndDelete(s) {
    if (!confirm(t('sources.confirmDelete', { name: s.name }))) return;
    try {
      await api('DELETE', `/api/sources/${s.id}`);
      this.remove(s.id, new Date());
      this.say(t('sources.deleted', { name: s.name }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }
}

/**
 * Turns a fetch-now result into the line shown under the source's buttons.
 * @param {FetchRun} run
 * @returns {Note}
 */
export function describeRun(run) {
  if (run.outcome === 'ok') return { ok: true, text: t('sources.fetchOk', { found: run.itemsFound, new: run.itemsNew, ms: run.durationMs }) };
  if (run.outcome === 'skipped') return { ok: false, text: t('error.busy') };
  if (run.outcome === 'not_modified') return { ok: true, text: t('sources.fetchNotModified', { ms: run.durationMs }) };
  const code = run.errorCode ? translateFailure(run.errorCode) : t('error.unknown');
  return { ok: false, text: t('sources.fetchError', { code }) + (run.errorMessage ? ` — ${run.errorMessage}` : '') };
}

/**
 * Translates an error thrown by api() for a status line.
 * @param {unknown} err
 */
export function describeError(err) {
  if (err instanceof ApiError) return translateErrorCode(err.code);
  return t('error.unknown');
}
