// The 监测规则 panel: topics (专题), each with its rules (name, query, warning level, enabled).
// Everyone who sees the board may read and backtest rules; staff and admins also add, edit,
// enable/disable and delete them.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {{ id: number, key: string, name: string, createdAt: string, updatedAt: string }} TopicView */
/** @typedef {{ id: number, topicId: number, topicKey: string, name: string, query: string, level: 'blue' | 'yellow' | 'orange' | 'red', enabled: boolean, createdAt: string, updatedAt: string }} RuleView */
/** @typedef {{ canManage: boolean }} RulePermissions */

export class RulesPanel {
  /**
   * @param {{ list: HTMLElement, empty: HTMLElement, count: HTMLElement, message: HTMLElement }} els
   * @param {RulePermissions} permissions
   * @param {{ onEditRule: (rule: RuleView | null, topicId: number | null) => void, onBacktestRule: (rule: RuleView) => void, onEditTopic: (topic: TopicView | null) => void, onTopicsChanged: (topics: TopicView[]) => void }} callbacks
   */
  constructor(els, permissions, callbacks) {
    this.els = els;
    this.permissions = permissions;
    this.callbacks = callbacks;
    /** @type {TopicView[]} */
    this.topics = [];
    /** @type {RuleView[]} */
    this.rules = [];
  }

  /** Loads topics and rules from the API. */
  async load() {
    /** @type {[{ topics: TopicView[] }, { rules: RuleView[] }]} */
    const [{ topics }, { rules }] = await Promise.all([api('GET', '/api/topics'), api('GET', '/api/rules')]);
    this.topics = topics;
    this.rules = rules;
    this.render();
    this.callbacks.onTopicsChanged(this.topics);
  }

  /**
   * Adds or replaces a topic.
   * @param {TopicView} topic
   */
  upsertTopic(topic) {
    const at = this.topics.findIndex((x) => x.id === topic.id);
    if (at >= 0) this.topics[at] = topic;
    else this.topics.push(topic);
    this.render();
    this.callbacks.onTopicsChanged(this.topics);
  }

  /**
   * Adds or replaces a rule.
   * @param {RuleView} rule
   */
  upsertRule(rule) {
    const at = this.rules.findIndex((x) => x.id === rule.id);
    if (at >= 0) this.rules[at] = rule;
    else this.rules.push(rule);
    this.render();
  }

  render() {
    const topics = [...this.topics].sort((a, b) => a.id - b.id);
    this.els.list.replaceChildren(...topics.map((topic) => this.buildTopic(topic)));
    this.els.empty.hidden = topics.length > 0;
    this.els.count.textContent = t('rules.count', { topics: topics.length, rules: this.rules.length });
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

  /** @param {TopicView} topic */
  buildTopic(topic) {
    const rules = this.rules.filter((r) => r.topicId === topic.id).sort((a, b) => a.id - b.id);
    const head = h('div', 'topic-head', h('h3', 'topic-name', topic.name), h('span', 'topic-key mono', topic.key), h('span', 'counter', t('rules.ruleCount', { n: rules.length })));
    if (this.permissions.canManage) {
      const actions = h(
        'div',
        'actions',
        this.button(t('rules.addRule'), `${topic.id}-add`, 'add-rule', topic.name, () => this.callbacks.onEditRule(null, topic.id)),
        this.button(t('rules.renameTopic'), `${topic.id}-rename`, 'rename-topic', topic.name, () => this.callbacks.onEditTopic(topic)),
        this.button(t('rules.deleteTopic'), `${topic.id}-delete`, 'delete-topic', topic.name, () => void this.deleteTopic(topic, rules.length), 'btn-danger'),
      );
      head.append(actions);
    }
    const list = h('ul', 'rule-list', ...rules.map((r) => this.buildRule(r)));
    const el = h('section', 'topic', head, list);
    el.dataset['topicId'] = String(topic.id);
    el.dataset['topicKey'] = topic.key;
    return el;
  }

  /** @param {RuleView} rule */
  buildRule(rule) {
    const level = h('span', 'badge badge-level', t(`level.${rule.level}`));
    level.dataset['level'] = rule.level;
    const head = h('div', 'rule-head', level, h('span', 'rule-name', rule.name));
    if (!rule.enabled) head.append(h('span', 'tag tag-muted', t('rules.disabled')));
    const query = h('code', 'rule-query', rule.query);

    const actions = h(
      'div',
      'actions',
      this.button(t('rules.backtest'), `${rule.id}-backtest`, 'backtest', rule.name, () => this.callbacks.onBacktestRule(rule)),
    );
    if (this.permissions.canManage) {
      actions.append(
        this.button(t('rules.edit'), `${rule.id}-edit`, 'edit', rule.name, () => this.callbacks.onEditRule(rule, rule.topicId)),
        this.button(t(rule.enabled ? 'rules.disable' : 'rules.enable'), `${rule.id}-toggle`, 'toggle', rule.name, () => void this.toggle(rule)),
        this.button(t('rules.delete'), `${rule.id}-delete`, 'delete', rule.name, () => void this.deleteRule(rule), 'btn-danger'),
      );
    }
    const el = h('li', 'rule', head, query, actions);
    el.classList.toggle('is-disabled', !rule.enabled);
    el.dataset['id'] = String(rule.id);
    return el;
  }

  /**
   * @param {string} label
   * @param {string} focusKey
   * @param {string} action
   * @param {string} subject named in the accessible label
   * @param {() => void} onClick
   * @param {string} [className]
   */
  button(label, focusKey, action, subject, onClick, className = '') {
    const b = h('button', `btn btn-small ${className}`, label);
    b.type = 'button';
    b.dataset['action'] = action;
    b.dataset['focusKey'] = focusKey;
    b.setAttribute('aria-label', `${label} · ${subject}`);
    b.addEventListener('click', onClick);
    return b;
  }

  /** @param {RuleView} rule */
  async toggle(rule) {
    try {
      /** @type {{ rule: RuleView }} */
      const { rule: saved } = await api('PATCH', `/api/rules/${rule.id}`, { enabled: !rule.enabled });
      this.upsertRule(saved);
      this.say(t(saved.enabled ? 'rules.enabled' : 'rules.disabledNote', { name: saved.name }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }

  /** @param {RuleView} rule */
  async deleteRule(rule) {
    if (!confirm(t('rules.confirmDelete', { name: rule.name }))) return;
    try {
      await api('DELETE', `/api/rules/${rule.id}`);
      this.rules = this.rules.filter((r) => r.id !== rule.id);
      this.render();
      this.say(t('rules.deleted', { name: rule.name }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }

  /**
   * @param {TopicView} topic
   * @param {number} ruleCount
   */
  async deleteTopic(topic, ruleCount) {
    if (!confirm(t('rules.confirmDeleteTopic', { name: topic.name, n: ruleCount }))) return;
    try {
      await api('DELETE', `/api/topics/${topic.id}`);
      this.topics = this.topics.filter((x) => x.id !== topic.id);
      this.rules = this.rules.filter((r) => r.topicId !== topic.id);
      this.render();
      this.callbacks.onTopicsChanged(this.topics);
      this.say(t('rules.topicDeleted', { name: topic.name }));
    } catch (err) {
      this.say(describeError(err), false);
    }
  }
}
