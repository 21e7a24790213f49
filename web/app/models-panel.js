// 模型: every version of each task's model, with its metrics and training set; admins activate a
// version (which is also how a bad one is rolled back).
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { formatAbsolute } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {{ id: number, task: string, version: number, trainingSet: { name: string, size: number, hash: string }, metrics: Record<string, unknown>, active: boolean, createdAt: string }} ModelView */
/** @typedef {{ task: string, version: number | null, labels: number, reason?: string }} TrainOutcome */

const tasks = ['needs-response', 'sentiment', 'topic'];

export class ModelsPanel {
  /**
   * @param {{ list: HTMLElement, empty: HTMLElement, message: HTMLElement, labels: HTMLElement, train: HTMLButtonElement }} els
   * @param {{ canActivate: boolean }} permissions
   */
  constructor(els, permissions) {
    this.els = els;
    this.permissions = permissions;
    /** @type {ModelView[]} */
    this.models = [];
    /** @type {Record<string, { labels: number, answers: number }>} staff labels per task */
    this.labels = {};
    /** How many labels a task needs before it is trained (from the server). */
    this.minimumLabels = 0;
    els.train.hidden = !permissions.canActivate;
    els.train.addEventListener('click', () => void this.train());
  }

  /** Loads the model versions and the label counts, and shows them. */
  async load() {
    try {
      /** @type {{ models: ModelView[], labels: Record<string, { labels: number, answers: number }>, minimumLabels: number }} */
      const answer = await api('GET', '/api/models');
      this.models = answer.models;
      this.labels = answer.labels;
      this.minimumLabels = answer.minimumLabels;
    } catch (err) {
      this.say(describeError(err), false);
    }
    this.render();
  }

  /** Trains every task from the staff labels now (admins), then says what each task got. */
  async train() {
    const button = this.els.train;
    button.disabled = true;
    button.textContent = t('models.training');
    try {
      /** @type {{ results: TrainOutcome[] }} */
      const { results } = await api('POST', '/api/models/train', {});
      await this.load();
      this.say(results.map((r) => describeOutcome(r, this.minimumLabels)).join(' · '));
    } catch (err) {
      this.say(describeError(err), false);
    } finally {
      button.disabled = false;
      button.textContent = t('models.train');
    }
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

  render() {
    const known = [...tasks, ...new Set(this.models.map((m) => m.task).filter((task) => !tasks.includes(task)))];
    const sections = known.flatMap((task) => {
      const versions = this.models.filter((m) => m.task === task).sort((a, b) => b.version - a.version);
      return versions.length ? [this.buildTask(task, versions)] : [];
    });
    this.els.list.replaceChildren(...sections);
    this.els.empty.hidden = sections.length > 0;
    const counts = tasks.map((task) => t('models.labelCount', { task: t(`task.${task}`), n: this.labels[task]?.labels ?? 0 }));
    this.els.labels.textContent = this.minimumLabels ? t('models.labels', { counts: counts.join(' · '), min: this.minimumLabels }) : '';
  }

  /**
   * @param {string} task
   * @param {ModelView[]} versions newest first
   */
  buildTask(task, versions) {
    const rows = versions.map((m) => {
      const version = h('td', 'num', `v${m.version}`);
      if (m.active) version.append(' ', h('span', 'badge status-ok', t('models.active')));
      const trained = h('td', '', formatAbsolute(new Date(m.createdAt)));
      const set = h('td', '', h('div', '', m.trainingSet.name), h('div', 'muted', t('models.setSize', { n: m.trainingSet.size })));
      set.title = m.trainingSet.hash;
      const metrics = h('td', 'model-metrics', ...describeMetrics(m.metrics).map((line) => h('div', '', line)));
      const action = h('td', '');
      if (this.permissions.canActivate && !m.active) {
        const b = h('button', 'btn btn-small', t('models.activate'));
        b.type = 'button';
        b.dataset['action'] = 'activate';
        b.setAttribute('aria-label', `${t('models.activate')} · ${t(`task.${task}`)} v${m.version}`);
        b.addEventListener('click', () => void this.activate(m));
        action.append(b);
      }
      const row = h('tr', m.active ? 'is-active' : '', version, trained, set, metrics, action);
      row.dataset['version'] = String(m.version);
      return row;
    });
    const head = h('tr', '', ...['models.col.version', 'models.col.trained', 'models.col.set', 'models.col.metrics', 'models.col.action'].map((key) => {
      const th = h('th', '', t(key));
      th.scope = 'col';
      return th;
    }));
    const table = h('table', 'models-table', h('thead', '', head), h('tbody', '', ...rows));
    const section = h('section', 'model-task', h('h3', '', t(`task.${task}`)), h('div', 'table-wrap', table));
    section.dataset['task'] = task;
    return section;
  }

  /** @param {ModelView} m */
  async activate(m) {
    if (!confirm(t('models.confirmActivate', { task: t(`task.${m.task}`), version: m.version }))) return;
    try {
      await api('POST', `/api/models/${m.task}/${m.version}/activate`, {});
      for (const other of this.models) if (other.task === m.task) other.active = other.version === m.version;
      this.render();
      this.say(t('models.activated', { task: t(`task.${m.task}`), version: m.version }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }
}

/**
 * One task's training outcome, in words.
 * @param {TrainOutcome} r
 * @param {number} minimum
 */
function describeOutcome(r, minimum) {
  const task = t(`task.${r.task}`);
  if (r.version !== null) return t('models.trained', { task, version: r.version, n: r.labels });
  return t(`models.reason.${r.reason}`, { task, n: r.labels, min: minimum });
}

/**
 * The metrics worth a glance: accuracy, macro-F1 and how many held-out texts they were measured on.
 * @param {Record<string, unknown>} metrics
 */
export function describeMetrics(metrics) {
  const lines = [];
  const pct = (/** @type {unknown} */ v) => `${(Number(v) * 100).toFixed(1)}%`;
  if (typeof metrics['accuracy'] === 'number') lines.push(t('models.accuracy', { v: pct(metrics['accuracy']) }));
  if (typeof metrics['macroF1'] === 'number') lines.push(t('models.macroF1', { v: pct(metrics['macroF1']) }));
  if (typeof metrics['holdout'] === 'number') lines.push(t('models.holdout', { n: metrics['holdout'] }));
  if (!lines.length) lines.push(t('models.noMetrics'));
  return lines;
}
