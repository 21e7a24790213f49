// 政策文件与解读: the register of policy documents of the last 90 days and their interpretations
// (谁起草、谁解读，发布与解读同步). Each document shows whether it was interpreted on its release day
// (同步解读), later (解读滞后 N 天) or not yet (未解读, highlighted). Staff and admins add documents
// and interpretations, delete documents, and register them from the department's own site
// collected with an html source (从网站同步); everyone else reads.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId, externalLink, h } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/press/policy.service.ts').PolicyDocumentView} PolicyDocumentView */
/** @typedef {import('../../src/press/policy.service.ts').PolicySyncResult} PolicySyncResult */
/** @typedef {import('../../src/collection/source.ts').SourceView} SourceView */

/** How far back the register lists documents. */
const listDays = 90;
const documentFields = /** @type {const} */ (['title', 'number', 'draftingDepartment', 'releasedOn', 'url']);
const interpretationFields = /** @type {const} */ (['document', 'kind', 'title', 'url', 'publishedOn']);

/**
 * A day in Beijing time, YYYY-MM-DD (release dates are Beijing calendar days).
 * @param {Date} date
 */
export function beijingDay(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * The label of a document's sync state: 同步解读 / 解读滞后 N 天 / 未解读.
 * @param {Pick<PolicyDocumentView, 'sync' | 'daysLate'>} doc
 */
export function describeSync(doc) {
  return doc.sync === 'late' ? t('policy.sync.late', { n: doc.daysLate ?? 0 }) : t(`policy.sync.${doc.sync}`);
}

/**
 * Shows an API validation error beside its fields: `{ error: { details: [{ path, message }] } }`;
 * what has no field goes to the form's own error box.
 * @param {unknown} err
 * @param {string} prefix ids are `${prefix}-error-${field}` and `${prefix}-form-error`
 * @param {readonly string[]} fields
 * @param {(path: string) => string} [fieldOf] the form field an API path belongs to
 */
function showApiError(err, prefix, fields, fieldOf = (path) => path) {
  const unplaced = [];
  if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
    for (const detail of err.details) {
      const path = String(detail?.path ?? '');
      const field = fields.find((f) => f === fieldOf(path));
      if (field) showFieldError(prefix, field, t(`policy.error.${field}`));
      else unplaced.push(`${path ? `${path}: ` : ''}${String(detail?.message ?? '')}`);
    }
  }
  const box = byId(`${prefix}-form-error`, HTMLElement);
  box.textContent = [describeError(err), ...unplaced].join('\n');
  box.hidden = false;
}

/**
 * @param {string} prefix
 * @param {string} field
 * @param {string | null} message
 */
function showFieldError(prefix, field, message) {
  const box = byId(`${prefix}-error-${field}`, HTMLElement);
  box.textContent = message ?? '';
  box.hidden = message === null;
  document.getElementById(`${prefix}-${field}`)?.setAttribute('aria-invalid', String(message !== null));
}

/**
 * @param {string} prefix
 * @param {readonly string[]} fields
 */
function clearErrors(prefix, fields) {
  const box = byId(`${prefix}-form-error`, HTMLElement);
  box.hidden = true;
  box.textContent = '';
  for (const field of fields) showFieldError(prefix, field, null);
}

/** @param {string} id */
const value = (id) => {
  const el = document.getElementById(id);
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value.trim() : '';
};

export class PolicyPanel {
  /**
   * @param {{ canWrite: boolean }} permissions
   * @param {{ say: (text: string, ok?: boolean) => void }} callbacks
   */
  constructor(permissions, callbacks) {
    this.permissions = permissions;
    this.callbacks = callbacks;
    this.list = byId('policy-list', HTMLOListElement);
    this.empty = byId('policy-empty', HTMLElement);
    this.count = byId('policy-count', HTMLElement);
    this.tools = byId('policy-tools', HTMLElement);
    this.docForm = byId('policy-doc-form', HTMLFormElement);
    this.interpForm = byId('policy-interp-form', HTMLFormElement);
    this.syncForm = byId('policy-sync-form', HTMLFormElement);
    this.docSelect = byId('policy-interp-document', HTMLSelectElement);
    this.sourceSelect = byId('policy-sync-source', HTMLSelectElement);
    this.syncResult = byId('policy-sync-result', HTMLElement);
    /** @type {PolicyDocumentView[]} */
    this.documents = [];
    /** @type {SourceView[]} */
    this.sources = [];
    /** @type {PolicySyncResult | null} */
    this.lastSync = null;
    this.now = new Date();
    this.loaded = false;

    this.tools.hidden = !permissions.canWrite;
    this.docForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (permissions.canWrite) void this.addDocument();
    });
    this.interpForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (permissions.canWrite) void this.addInterpretation();
    });
    this.syncForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (permissions.canWrite) void this.sync();
    });
  }

  /**
   * Loads the documents released in the 90 days up to `now` (the server's clock), and for staff the html sources.
   * @param {Date} now
   */
  async load(now) {
    this.now = now;
    const from = beijingDay(new Date(now.getTime() - listDays * 86_400_000));
    /** @type {[{ documents: PolicyDocumentView[] }, SourceView[]]} */
    const [{ documents }, sources] = await Promise.all([
      api('GET', `/api/press/policy?from=${from}`),
      this.permissions.canWrite ? api('GET', '/api/sources').then((/** @type {{ sources: SourceView[] }} */ r) => r.sources.filter((s) => s.kind === 'html')) : Promise.resolve([]),
    ]);
    this.documents = documents;
    this.sources = sources;
    this.loaded = true;
    this.render();
  }

  render() {
    const sorted = [...this.documents].sort((a, b) => b.releasedOn.localeCompare(a.releasedOn) || b.id - a.id);
    this.list.replaceChildren(...sorted.map((d) => this.buildDocument(d)));
    this.empty.hidden = sorted.length > 0;
    const behind = sorted.filter((d) => d.sync !== 'in-sync').length;
    this.count.textContent = t('policy.count', { n: sorted.length, behind });
    if (this.permissions.canWrite) {
      this.fillSelect(this.docSelect, sorted.map((d) => [String(d.id), d.number ? `${d.title}（${d.number}）` : d.title]), t('policy.pickDocument'));
      this.fillSelect(this.sourceSelect, this.sources.map((s) => [String(s.id), s.name]), t('policy.pickSource'));
      byId('policy-sync-none', HTMLElement).hidden = this.sources.length > 0;
      byId('policy-sync-run', HTMLButtonElement).disabled = this.sources.length === 0;
      this.renderSyncResult();
    }
  }

  /**
   * Refills a select, keeping the chosen value when it is still there.
   * @param {HTMLSelectElement} select
   * @param {[string, string][]} options
   * @param {string} placeholder
   */
  fillSelect(select, options, placeholder) {
    const chosen = select.value;
    const first = h('option', '', placeholder);
    first.value = '';
    select.replaceChildren(
      first,
      ...options.map(([v, label]) => {
        const o = h('option', '', label);
        o.value = v;
        return o;
      }),
    );
    if (options.some(([v]) => v === chosen)) select.value = chosen;
  }

  /** @param {PolicyDocumentView} d */
  buildDocument(d) {
    const state = h('span', 'badge policy-sync', describeSync(d));
    state.dataset['sync'] = d.sync;
    const released = h('span', 'policy-released', t('policy.releasedOn', { day: d.releasedOn }));
    const head = h('div', 'policy-head', state, released);
    if (d.number) head.append(h('span', 'policy-number', d.number));
    const el = h('li', 'policy-doc', head, h('div', 'policy-title', externalLink(d.url || null, d.title)));
    if (d.draftingDepartment) el.append(h('div', 'policy-meta', t('policy.drafter', { name: d.draftingDepartment })));
    if (d.interpretations.length) {
      const items = [...d.interpretations]
        .sort((a, b) => a.publishedOn.localeCompare(b.publishedOn))
        .map((i) => {
          const li = h('li', 'policy-interp', h('span', 'tag policy-interp-kind', t(`policy.kind.${i.kind}`)), h('span', 'policy-interp-day', i.publishedOn), externalLink(i.url || null, i.title, 'policy-interp-title'));
          li.dataset['kind'] = i.kind;
          return li;
        });
      el.append(h('ul', 'policy-interps', ...items));
    }
    if (this.permissions.canWrite) {
      const interpret = h('button', 'btn btn-small', t('policy.addInterpretationFor'));
      interpret.type = 'button';
      interpret.dataset['action'] = 'interpret';
      interpret.setAttribute('aria-label', `${t('policy.addInterpretationFor')} · ${d.title}`);
      interpret.addEventListener('click', () => {
        this.docSelect.value = String(d.id);
        byId('policy-interp-title', HTMLInputElement).focus();
      });
      const del = h('button', 'btn btn-small btn-danger', t('policy.delete'));
      del.type = 'button';
      del.dataset['action'] = 'delete';
      del.setAttribute('aria-label', `${t('policy.delete')} · ${d.title}`);
      del.addEventListener('click', () => void this.delete(d));
      el.append(h('div', 'actions', interpret, del));
    }
    el.dataset['id'] = String(d.id);
    el.dataset['sync'] = d.sync;
    return el;
  }

  /** @param {PolicyDocumentView} doc */
  upsert(doc) {
    this.documents = [...this.documents.filter((d) => d.id !== doc.id), doc];
    this.render();
  }

  async addDocument() {
    clearErrors('policy-doc', documentFields);
    const body = {
      title: value('policy-doc-title'),
      number: value('policy-doc-number'),
      draftingDepartment: value('policy-doc-draftingDepartment'),
      releasedOn: value('policy-doc-releasedOn'),
      url: value('policy-doc-url'),
    };
    let missing = false;
    for (const field of /** @type {const} */ (['title', 'releasedOn'])) {
      if (body[field] === '') {
        showFieldError('policy-doc', field, t('form.required'));
        missing = true;
      }
    }
    if (missing) return;
    const save = byId('policy-doc-save', HTMLButtonElement);
    save.disabled = true;
    try {
      /** @type {{ document: PolicyDocumentView }} */
      const { document: doc } = await api('POST', '/api/press/policy', body);
      this.upsert(doc);
      this.docForm.reset();
      this.callbacks.say(t('policy.saved', { title: doc.title }));
    } catch (err) {
      showApiError(err, 'policy-doc', documentFields);
    }
    save.disabled = false;
  }

  async addInterpretation() {
    clearErrors('policy-interp', interpretationFields);
    const documentId = Number(value('policy-interp-document'));
    const body = { kind: value('policy-interp-kind'), title: value('policy-interp-title'), url: value('policy-interp-url'), publishedOn: value('policy-interp-publishedOn') };
    let missing = false;
    if (!documentId) {
      showFieldError('policy-interp', 'document', t('policy.error.document'));
      missing = true;
    }
    for (const field of /** @type {const} */ (['title', 'publishedOn'])) {
      if (body[field] === '') {
        showFieldError('policy-interp', field, t('form.required'));
        missing = true;
      }
    }
    if (missing) return;
    const save = byId('policy-interp-save', HTMLButtonElement);
    save.disabled = true;
    try {
      /** @type {{ document: PolicyDocumentView }} */
      const { document: doc } = await api('POST', `/api/press/policy/${documentId}/interpretations`, body);
      this.upsert(doc);
      this.interpForm.reset();
      this.callbacks.say(t('policy.interpretationSaved', { title: doc.title, state: describeSync(doc) }));
    } catch (err) {
      // A document deleted elsewhere is a 404 on the id: that belongs to the document field.
      showApiError(err, 'policy-interp', interpretationFields, (path) => (path === 'id' ? 'document' : path));
    }
    save.disabled = false;
  }

  /** @param {PolicyDocumentView} d */
  async delete(d) {
    if (!confirm(t('policy.confirmDelete', { title: d.title }))) return;
    try {
      await api('DELETE', `/api/press/policy/${d.id}`);
      this.documents = this.documents.filter((x) => x.id !== d.id);
      this.render();
      this.callbacks.say(t('policy.deleted', { title: d.title }));
    } catch (err) {
      this.callbacks.say(describeError(err), false);
    }
  }

  async sync() {
    clearErrors('policy-sync', ['source', 'days']);
    const sourceId = Number(value('policy-sync-source'));
    const days = Number(value('policy-sync-days') || '365');
    if (!sourceId) {
      showFieldError('policy-sync', 'source', t('policy.error.source'));
      return;
    }
    const run = byId('policy-sync-run', HTMLButtonElement);
    run.disabled = true;
    try {
      this.lastSync = /** @type {PolicySyncResult} */ (await api('POST', '/api/press/policy/sync', { sourceId, days }));
      await this.load(this.now);
    } catch (err) {
      showApiError(err, 'policy-sync', ['source', 'days'], (path) => (path === 'sourceId' ? 'source' : path));
    }
    run.disabled = this.sources.length === 0;
  }

  renderSyncResult() {
    const r = this.lastSync;
    this.syncResult.hidden = !r;
    if (!r) return;
    /** @type {HTMLElement[]} */
    const parts = [h('p', 'policy-sync-summary', t('policy.syncResult', { documents: r.documents, interpretations: r.interpretations }))];
    if (r.unmatched.length) {
      parts.push(h('p', 'policy-sync-unmatched-heading', t('policy.unmatched', { n: r.unmatched.length })), h('ul', 'policy-unmatched', ...r.unmatched.map((title) => h('li', '', title))));
    }
    this.syncResult.replaceChildren(...parts);
  }
}
