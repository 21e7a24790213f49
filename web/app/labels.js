// Staff labels (标注) beside a mention: 需回应 / 无需回应 buttons and topic and sentiment corrections.
// The models retrain from them. One book holds the labels this page knows (stored ones, loaded after
// a reload, and those given here), so every view of the same mention shows the same state.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/classification/classification.ts').LabelView} LabelView */
/** @typedef {{ key: string, name: string }} TopicChoice */
/** @typedef {{ needsResponse?: boolean, topic?: string, sentiment?: string, clear?: ('needsResponse' | 'topic' | 'sentiment')[] }} Judgement */
/** @typedef {{ id: number, verdict: { topics: string[], sentiment: string } | null }} Labellable */

export const sentiments = ['negative', 'neutral', 'positive'];

/** The topic label for a mention about none of the topics (NO_TOPIC in src/classification/classification.ts). */
const noTopic = 'none';

/** Mention ids asked for in one GET /api/labels (the route takes up to 500). */
const loadPage = 200;

export class LabelBook {
  constructor() {
    /** @type {Map<number, LabelView>} */
    this.labels = new Map();
    /** @type {TopicChoice[]} */
    this.topics = [];
    /** Called with a mention's id when its label is loaded, given or withdrawn. @type {((mentionId: number) => void)[]} */
    this.listeners = [];
  }

  /**
   * Calls `listener` with a mention's id whenever this book's label of it changes.
   * @param {(mentionId: number) => void} listener
   */
  onChange(listener) {
    this.listeners.push(listener);
  }

  /**
   * Whether a mention has been judged needs-response or not (the label the queue asks for).
   * @param {number} mentionId
   */
  judged(mentionId) {
    const needs = this.labels.get(mentionId)?.needsResponse;
    return needs === true || needs === false;
  }

  /**
   * Loads the stored labels of the given mentions and updates their controls on the page.
   * @param {number[]} mentionIds
   */
  async load(mentionIds) {
    for (let at = 0; at < mentionIds.length; at += loadPage) {
      const ids = mentionIds.slice(at, at + loadPage);
      /** @type {{ labels: LabelView[] }} */
      const { labels } = await api('GET', `/api/labels?mentionIds=${ids.join(',')}`);
      for (const label of labels) this.labels.set(label.mentionId, label);
      for (const id of ids) this.syncEverywhere(id);
    }
  }

  /**
   * Sets the topics offered for correction (from the rules panel) and refreshes every topic select.
   * @param {TopicChoice[]} topics
   */
  setTopics(topics) {
    this.topics = topics.map(({ key, name }) => ({ key, name }));
    for (const box of document.querySelectorAll('.label-controls')) {
      if (box instanceof HTMLElement) this.sync(box);
    }
  }

  /**
   * The controls for one mention: two buttons, a topic select, a sentiment select.
   * @param {Labellable} m
   */
  controls(m) {
    /** @param {boolean} value */
    const button = (value) => {
      const b = h('button', 'label-button', t(value ? 'label.needs' : 'label.noNeed'));
      b.type = 'button';
      b.dataset['label'] = value ? 'needs' : 'no-need';
      // Pressing the pressed button again withdraws the answer.
      b.addEventListener('click', () => {
        const pressed = this.labels.get(m.id)?.needsResponse === value;
        void this.give(m.id, pressed ? { clear: ['needsResponse'] } : { needsResponse: value }, box);
      });
      return b;
    };
    const topic = h('select', 'label-select label-topic');
    topic.setAttribute('aria-label', t('label.topicLabel'));
    // The first option (Huiying's verdict) withdraws a correction.
    topic.addEventListener('change', () => void this.give(m.id, topic.value ? { topic: topic.value } : { clear: ['topic'] }, box));
    const sentiment = h('select', 'label-select label-sentiment');
    sentiment.setAttribute('aria-label', t('label.sentimentLabel'));
    sentiment.addEventListener('change', () => void this.give(m.id, sentiment.value ? { sentiment: sentiment.value } : { clear: ['sentiment'] }, box));
    const error = h('span', 'label-error');
    error.setAttribute('role', 'alert');
    error.hidden = true;

    const box = h('div', 'mention-actions label-controls', button(true), button(false), topic, sentiment, error);
    box.dataset['mentionId'] = String(m.id);
    box.dataset['verdictTopic'] = m.verdict?.topics[0] ?? '';
    box.dataset['verdictSentiment'] = m.verdict?.sentiment ?? '';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t('label.group'));
    this.sync(box);
    return box;
  }

  /**
   * Sends a judgement; on success every view of the mention shows it, on failure the box says why.
   * @param {number} mentionId
   * @param {Judgement} judgement
   * @param {HTMLElement} box
   */
  async give(mentionId, judgement, box) {
    const error = box.querySelector('.label-error');
    for (const control of box.querySelectorAll('button, select')) /** @type {HTMLButtonElement} */ (control).disabled = true;
    try {
      /** @type {{ label: LabelView | null }} */
      const { label } = await api('POST', `/api/labels/${mentionId}`, judgement);
      // null: the last judgement was withdrawn and the label is gone.
      if (label) this.labels.set(mentionId, label);
      else this.labels.delete(mentionId);
      if (error instanceof HTMLElement) error.hidden = true;
    } catch (err) {
      if (error instanceof HTMLElement) {
        error.textContent = t('label.failed', { reason: describeError(err) });
        error.hidden = false;
      }
    }
    for (const control of box.querySelectorAll('button, select')) /** @type {HTMLButtonElement} */ (control).disabled = false;
    this.syncEverywhere(mentionId);
    this.sync(box);
  }

  /** @param {number} mentionId */
  syncEverywhere(mentionId) {
    for (const box of document.querySelectorAll(`.label-controls[data-mention-id="${mentionId}"]`)) {
      if (box instanceof HTMLElement) this.sync(box);
    }
    for (const listener of this.listeners) listener(mentionId);
  }

  /**
   * Shows the stored label in a box: pressed button, chosen topic and sentiment. Until staff choose,
   * each select shows Huiying's verdict (rules and models together: 自动) in its first (empty) option.
   * @param {HTMLElement} box
   */
  sync(box) {
    const label = this.labels.get(Number(box.dataset['mentionId']));
    for (const b of box.querySelectorAll('button.label-button')) {
      const value = /** @type {HTMLElement} */ (b).dataset['label'] === 'needs';
      const pressed = label?.needsResponse === value;
      b.setAttribute('aria-pressed', String(pressed));
      /** @type {HTMLElement} */ (b).title = pressed ? t('label.withdraw') : '';
    }

    const topic = box.querySelector('select.label-topic');
    if (topic instanceof HTMLSelectElement) {
      const verdictKey = box.dataset['verdictTopic'] ?? '';
      const verdictName = verdictKey ? this.topicName(verdictKey) : t('label.none');
      // Last, 无关专题: about none of the topics (the topic model learns it as a class of its own).
      const choices = [...this.topics, { key: noTopic, name: t('label.noTopic') }];
      if (label?.topic && !choices.some((c) => c.key === label.topic)) choices.push({ key: label.topic, name: label.topic });
      fillSelect(topic, t('label.topicModel', { name: verdictName }), choices.map((c) => [c.key, c.name]), label?.topic ?? '');
    }

    const sentiment = box.querySelector('select.label-sentiment');
    if (sentiment instanceof HTMLSelectElement) {
      const verdict = box.dataset['verdictSentiment'] ?? '';
      const verdictName = verdict ? t(`sentiment.${verdict}`) : t('label.none');
      fillSelect(sentiment, t('label.sentimentModel', { name: verdictName }), sentiments.map((s) => [s, t(`sentiment.${s}`)]), label?.sentiment ?? '');
    }
  }

  /** @param {string} key */
  topicName(key) {
    return this.topics.find((c) => c.key === key)?.name ?? key;
  }
}

/**
 * Rebuilds a select's options: a first empty option describing Huiying's verdict, then the
 * choices; marks the select when staff chose a value.
 * @param {HTMLSelectElement} select
 * @param {string} placeholder
 * @param {[string, string][]} choices value and text
 * @param {string} value
 */
function fillSelect(select, placeholder, choices, value) {
  const first = h('option', '', placeholder);
  first.value = '';
  select.replaceChildren(
    first,
    ...choices.map(([v, text]) => {
      const option = h('option', '', text);
      option.value = v;
      return option;
    }),
  );
  select.value = value;
  select.classList.toggle('is-labelled', value !== '');
  select.title = value !== '' ? t('label.corrected') : t('label.fromModel');
}
