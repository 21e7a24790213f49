// The add/edit source dialog. The server validates; its `validation_failed` details
// (`[{ path, message }]`) are shown next to the field each path points at.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/collection/source.ts').SourceView} SourceView */
/** @typedef {'name' | 'kind' | 'url' | 'schedule' | 'weight' | 'enabled' | 'selectors' | 'mapping'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['name', 'kind', 'url', 'schedule', 'weight', 'enabled', 'selectors', 'mapping']);

const defaults = { schedule: '*/10 * * * *', weight: '1' };

const selectorsExample = { item: 'ul.news-list li', title: 'a', link: 'a', date: 'span.date' };
const mappingExample = { items: 'data.items', title: 'title', url: 'link', summary: 'summary', date: 'time' };

/**
 * Maps a validation path (`['config', 'selectors', 'item']` or `"config.selectors.item"`) to the form
 * field that shows it, plus the part of the path inside that field (for nested JSON keys).
 * @param {unknown} path
 * @param {string} kind the kind chosen in the form; a bare `config` error belongs to its JSON box
 * @returns {{ field: FieldName | null, rest: string }}
 */
export function fieldForPath(path, kind) {
  const parts = (Array.isArray(path) ? path.map(String) : String(path ?? '').split('.')).filter((p) => p !== '');
  const inConfig = parts[0] === 'config';
  if (inConfig) parts.shift();
  const [head, ...rest] = parts;
  if (head === undefined) return { field: inConfig && kind === 'html' ? 'selectors' : inConfig && kind === 'json' ? 'mapping' : null, rest: '' };
  const field = /** @type {FieldName | undefined} */ (fieldNames.find((f) => f === head));
  return field ? { field, rest: rest.join('.') } : { field: null, rest: parts.join('.') };
}

export class SourceForm extends FormDialog {
  /**
   * @param {(source: SourceView, created: boolean) => void} onSaved
   */
  constructor(onSaved) {
    super('source', { formError: 'form-error', fieldError: (field) => `error-${field}`, fields: fieldNames });
    this.onSaved = onSaved;
    this.name = byId('source-name', HTMLInputElement);
    this.kind = byId('source-kind', HTMLSelectElement);
    this.url = byId('source-url', HTMLInputElement);
    this.schedule = byId('source-schedule', HTMLInputElement);
    this.weight = byId('source-weight', HTMLInputElement);
    this.enabled = byId('source-enabled', HTMLInputElement);
    this.selectors = byId('source-selectors', HTMLTextAreaElement);
    this.mapping = byId('source-mapping', HTMLTextAreaElement);
    /** @type {SourceView | null} the source being edited; null when adding */
    this.editing = null;

    this.selectors.placeholder = JSON.stringify(selectorsExample, null, 2);
    this.mapping.placeholder = JSON.stringify(mappingExample, null, 2);
    this.kind.addEventListener('change', () => this.showKindFields());
  }

  /**
   * Opens the dialog, empty for a new source or filled with an existing one.
   * @param {SourceView | null} source
   */
  open(source) {
    this.editing = source;
    this.form.reset();
    this.clearErrors();
    this.heading.textContent = t(source ? 'form.editTitle' : 'form.addTitle');
    this.name.value = source?.name ?? '';
    this.kind.value = source?.kind ?? 'rss';
    this.url.value = source?.url ?? '';
    this.schedule.value = source?.schedule ?? defaults.schedule;
    this.weight.value = source ? String(source.weight) : defaults.weight;
    this.enabled.checked = source?.enabled ?? true;
    this.selectors.value = source?.config.selectors ? JSON.stringify(source.config.selectors, null, 2) : '';
    this.mapping.value = source?.config.mapping ? JSON.stringify(source.config.mapping, null, 2) : '';
    this.showKindFields();
    this.setBusy(false);
    this.dialog.showModal();
    this.name.focus();
  }

  showKindFields() {
    byId('field-selectors', HTMLElement).hidden = this.kind.value !== 'html';
    byId('field-mapping', HTMLElement).hidden = this.kind.value !== 'json';
  }

  /**
   * @override
   * @param {string} field
   */
  inputFor(field) {
    return byId(`source-${field}`, HTMLElement);
  }

  /**
   * Reads a JSON textarea; returns the object, or null after marking the field when it is not one.
   * @param {'selectors' | 'mapping'} field
   * @param {HTMLTextAreaElement} textarea
   * @returns {Record<string, unknown> | null}
   */
  readJson(field, textarea) {
    if (textarea.value.trim() === '') {
      this.showFieldError(field, t('form.required'));
      return null;
    }
    try {
      /** @type {unknown} */
      const value = JSON.parse(textarea.value);
      if (value && typeof value === 'object' && !Array.isArray(value)) return /** @type {Record<string, unknown>} */ (value);
      this.showFieldError(field, t('form.notObject'));
    } catch (err) {
      this.showFieldError(field, t('form.badJson', { message: err instanceof Error ? err.message : String(err) }));
    }
    return null;
  }

  /** @override */
  async submit() {
    this.clearErrors();
    // The server checks everything; these two are checked here too so the commonest slip reads in Chinese.
    const missing = /** @type {const} */ (['name', 'url']).filter((f) => this[f].value.trim() === '');
    for (const field of missing) this.showFieldError(field, t('form.required'));
    if (missing[0]) return this[missing[0]].focus();
    const kind = this.kind.value;
    /** @type {Record<string, unknown>} */
    const config = {};
    if (kind === 'html') {
      const selectors = this.readJson('selectors', this.selectors);
      if (!selectors) return this.selectors.focus();
      config['selectors'] = selectors;
    }
    if (kind === 'json') {
      const mapping = this.readJson('mapping', this.mapping);
      if (!mapping) return this.mapping.focus();
      config['mapping'] = mapping;
    }
    const body = {
      name: this.name.value.trim(),
      kind,
      url: this.url.value.trim(),
      schedule: this.schedule.value.trim(),
      // An empty weight is sent as null so the server's validation reports it beside the field.
      weight: this.weight.value === '' ? null : Number(this.weight.value),
      enabled: this.enabled.checked,
      config,
    };
    const editing = this.editing;
    await this.send(
      /** @returns {Promise<{ source: SourceView }>} */
      () => (editing ? api('PATCH', `/api/sources/${editing.id}`, body) : api('POST', '/api/sources', body)),
      ({ source }) => this.onSaved(source, !editing),
      (err) => this.showApiError(err),
    );
  }

  /** @param {unknown} err */
  showApiError(err) {
    const unplaced = [];
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      /** @type {FieldName | null} */
      let first = null;
      for (const detail of err.details) {
        const { field, rest } = fieldForPath(detail?.path, this.kind.value);
        const message = String(detail?.message ?? '');
        if (field) {
          this.showFieldError(field, rest ? `${rest}: ${message}` : message);
          first ??= field;
        } else {
          unplaced.push(rest ? `${rest}: ${message}` : message);
        }
      }
      if (first) byId(`source-${first}`, HTMLElement).focus();
    }
    // The only conflict a source form can hit is a duplicate kind + URL.
    const summary = err instanceof ApiError && err.code === 'conflict' ? t('form.duplicate') : describeError(err);
    if (err instanceof ApiError && err.code === 'conflict') this.showFieldError('url', t('form.duplicate'));
    this.showFormError([summary, ...unplaced]);
  }
}
