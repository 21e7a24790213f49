// The rule dialog: add or edit a monitoring rule, and backtest the query as it stands (saved or
// not) over the last N days. The server parses the query; a parse error comes back with its
// position, which is marked under the query field.
import { currentLang, t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId, h } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { formatAbsolute } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('./rules-panel.js').RuleView} RuleView */
/** @typedef {import('./rules-panel.js').TopicView} TopicView */
/** @typedef {import('../../src/classification/classification.service.ts').BacktestResult} BacktestResult */
/** @typedef {{ path?: unknown, message?: unknown, code?: unknown, position?: unknown, messageZh?: unknown }} ErrorDetail */
/** @typedef {'name' | 'topicId' | 'query' | 'level' | 'enabled'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['name', 'topicId', 'query', 'level', 'enabled']);
const levels = ['blue', 'yellow', 'orange', 'red'];

export class RuleForm extends FormDialog {
  /**
   * @param {(rule: RuleView, created: boolean) => void} onSaved
   */
  constructor(onSaved) {
    super('rule', { formError: 'rule-form-error', fieldError: (field) => `rule-error-${field}`, fields: fieldNames });
    this.onSaved = onSaved;
    this.name = byId('rule-name', HTMLInputElement);
    this.topic = byId('rule-topic', HTMLSelectElement);
    this.query = byId('rule-query', HTMLTextAreaElement);
    this.level = byId('rule-level', HTMLSelectElement);
    this.enabled = byId('rule-enabled', HTMLInputElement);
    this.days = byId('backtest-days', HTMLInputElement);
    this.backtestButton = byId('rule-backtest', HTMLButtonElement);
    this.summary = byId('backtest-summary', HTMLElement);
    this.samples = byId('backtest-samples', HTMLOListElement);
    /** @type {RuleView | null} the rule being edited; null when adding */
    this.editing = null;
    /** @type {number | null} where the last query error was, in the trimmed query */
    this.errorPosition = null;
    /** True for roles that may read and backtest rules but not change them. */
    this.readOnly = false;

    this.backtestButton.addEventListener('click', () => void this.backtest());
    // Enter in the days field runs the backtest rather than saving the rule.
    this.days.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      void this.backtest();
    });
  }

  /** @override */
  canSubmit() {
    return !this.readOnly;
  }

  /**
   * Opens the dialog, empty for a new rule or filled with an existing one. Read-only roles see the
   * rule and can backtest it, but not change it.
   * @param {RuleView | null} rule
   * @param {TopicView[]} topics
   * @param {{ topicId: number | null, readOnly: boolean }} options
   */
  open(rule, topics, { topicId, readOnly }) {
    this.editing = rule;
    this.readOnly = readOnly;
    this.form.reset();
    this.clearErrors();
    this.clearBacktest();
    this.heading.textContent = t(readOnly ? 'ruleForm.viewTitle' : rule ? 'ruleForm.editTitle' : 'ruleForm.addTitle');
    this.topic.replaceChildren(
      ...topics.map((topic) => {
        const option = h('option', '', topic.name);
        option.value = String(topic.id);
        return option;
      }),
    );
    this.topic.value = String(rule?.topicId ?? topicId ?? topics[0]?.id ?? '');
    this.level.replaceChildren(
      ...levels.map((level) => {
        const option = h('option', '', t(`level.${level}`));
        option.value = level;
        return option;
      }),
    );
    this.name.value = rule?.name ?? '';
    this.query.value = rule?.query ?? '';
    this.level.value = rule?.level ?? 'blue';
    this.enabled.checked = rule?.enabled ?? true;
    this.days.value = '7';
    for (const field of [this.name, this.topic, this.query, this.level, this.enabled]) field.disabled = readOnly;
    this.save.hidden = readOnly;
    this.setBusy(false);
    this.dialog.showModal();
    (readOnly ? this.backtestButton : rule ? this.query : this.name).focus();
  }

  /**
   * @override
   * @param {string} field
   * @returns {HTMLElement}
   */
  inputFor(field) {
    return { name: this.name, topicId: this.topic, query: this.query, level: this.level, enabled: this.enabled }[/** @type {FieldName} */ (field)];
  }

  /** What the form says now, as the API takes it. */
  body() {
    return {
      topicId: Number(this.topic.value),
      name: this.name.value.trim(),
      query: this.query.value.trim(),
      level: this.level.value,
      enabled: this.enabled.checked,
    };
  }

  /** @override */
  async submit() {
    this.clearErrors();
    const body = this.body();
    // The server checks everything; empty fields are caught here so the commonest slip reads in Chinese.
    const missing = /** @type {const} */ (['name', 'query']).filter((f) => body[f] === '');
    for (const field of missing) this.showFieldError(field, t('form.required'));
    if (missing[0]) return this.inputFor(missing[0]).focus();
    const editing = this.editing;
    await this.send(
      /** @returns {Promise<{ rule: RuleView }>} */
      () => (editing ? api('PATCH', `/api/rules/${editing.id}`, body) : api('POST', '/api/rules', body)),
      ({ rule }) => this.onSaved(rule, !editing),
      (err) => this.showApiError(err),
    );
  }

  /** Runs the query in the field over the last N days and shows the count and samples. */
  async backtest() {
    this.clearErrors();
    this.clearBacktest();
    const query = this.query.value.trim();
    if (query === '') {
      this.showFieldError('query', t('form.required'));
      return this.query.focus();
    }
    const days = Math.round(Number(this.days.value));
    this.backtestButton.disabled = true;
    this.summary.hidden = false;
    this.summary.textContent = t('backtest.running');
    try {
      /** @type {BacktestResult} */
      const result = await api('POST', '/api/rules/backtest', { query, days: Number.isFinite(days) && days > 0 ? days : 7 });
      this.showBacktest(result, days);
    } catch (err) {
      this.summary.hidden = true;
      this.showApiError(err);
    }
    this.backtestButton.disabled = false;
  }

  clearBacktest() {
    this.summary.hidden = true;
    this.summary.textContent = '';
    delete this.summary.dataset['count'];
    this.samples.replaceChildren();
  }

  /**
   * @param {BacktestResult} result
   * @param {number} days
   */
  showBacktest(result, days) {
    this.summary.textContent = t('backtest.summary', { days, count: result.count, total: result.total, ms: result.ms });
    this.summary.dataset['count'] = String(result.count);
    this.samples.replaceChildren(
      ...result.samples.map((s) => {
        const terms = [...new Set(s.hits.map((hit) => `${hit.term}（${t(`field.${hit.field}`)}）`))].join('、');
        const meta = h('div', 'sample-meta', h('span', '', s.sourceName), h('span', '', formatAbsolute(new Date(s.collectedAt))));
        if (terms) meta.append(h('span', 'sample-hits', t('backtest.hits', { terms })));
        const el = h('li', 'sample', h('div', 'sample-title', s.title || t('stream.untitled')), meta);
        el.dataset['id'] = String(s.id);
        return el;
      }),
    );
    if (result.count > result.samples.length) this.samples.append(h('li', 'sample muted', t('backtest.more', { n: result.count - result.samples.length })));
  }

  /**
   * Shows an API error: validation details beside their fields (a query error with its position
   * marked), everything else in the box at the top.
   * @param {unknown} err
   */
  showApiError(err) {
    const unplaced = [];
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      /** @type {FieldName | null} */
      let first = null;
      for (const detail of /** @type {ErrorDetail[]} */ (err.details)) {
        const path = String(detail?.path ?? '');
        const field = /** @type {FieldName | undefined} */ (fieldNames.find((f) => f === path));
        if (!field) {
          unplaced.push(`${path ? `${path}: ` : ''}${String(detail?.message ?? '')}`);
          continue;
        }
        if (field === 'query' && typeof detail.position === 'number') this.showQueryError(detail);
        else this.showFieldError(field, field === 'topicId' ? t('ruleForm.noTopic') : String(detail?.message ?? ''));
        first ??= field;
      }
      if (first === 'query') this.selectErrorPosition();
      else if (first) this.inputFor(first).focus();
    }
    this.showFormError([describeError(err), ...unplaced]);
  }

  /**
   * The parser's message, and the query with the character at the error's position marked.
   * @param {ErrorDetail} detail
   */
  showQueryError(detail) {
    const query = this.query.value.trim();
    const position = Math.max(0, Math.min(Number(detail.position), query.length));
    const message = currentLang() === 'zh' && typeof detail.messageZh === 'string' ? detail.messageZh : String(detail.message ?? '');
    // At the end of the query (an unfinished expression) the mark sits on an empty place.
    const at = query.slice(position, position + 1) || ' ';
    const mark = h('mark', 'query-error-at', at);
    mark.title = t('ruleForm.errorAt', { n: position + 1 });
    const marked = h('pre', 'query-mark mono', query.slice(0, position), mark, query.slice(position + 1));
    this.errorPosition = position;
    this.showFieldError('query', [h('span', 'query-error-message', message), marked]);
  }

  /** Puts the cursor on the error's position in the query field (counting the trimmed-off start). */
  selectErrorPosition() {
    const lead = this.query.value.length - this.query.value.trimStart().length;
    const at = lead + (this.errorPosition ?? 0);
    this.query.focus();
    this.query.setSelectionRange(at, Math.min(at + 1, this.query.value.length));
  }
}
