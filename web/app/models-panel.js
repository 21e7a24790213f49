// 模型: every version of each task's model, with its metrics and training set; admins activate a
// version (which is also how a bad one is rolled back).
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { formatAbsolute } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {{ id: number, task: string, version: number, trainingSet: { name: string, size: number, hash: string }, metrics: Record<string, unknown>, active: boolean, createdAt: string }} ModelView */

const tasks = ['needs-response', 'sentiment', 'topic'];

export class ModelsPanel {
  /**
   * @param {{ list: HTMLElement, empty: HTMLElement, message: HTMLElement }} els
   * @param {{ canActivate: boolean }} permissions
   */
  constructor(els, permissions) {
    this.els = els;
    this.permissions = permissions;
    /** @type {ModelView[]} */
    this.models = [];
  }

  /** Loads the model versions and shows them. */
  async load() {
    try {
      /** @type {{ models: ModelView[] }} */
      const { models } = await api('GET', '/api/models');
      this.models = models;
    } catch (err) {
      this.say(describeError(err), false);
    }
    this.render();
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
