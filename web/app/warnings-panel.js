// 专题预警: topic volume spikes, newest first: loaded with the board and added live from
// `topic.spike`. Each shows the bucket that surged against its baseline, with a small chart, and
// 查看信息 narrows the stream to the topic.
import { t } from '../static/i18n.js';
import { h } from './dom.js';
import { fillTime } from './format.js';
import { spikeChart } from './spike-chart.js';

/** @typedef {import('../../src/classification/classification.service.ts').TopicWarningView} TopicWarningView */

/** Warnings kept on screen. */
const maxWarnings = 20;

/** @param {TopicWarningView} w */
const keyOf = (w) => `${w.topic}|${w.bucketMinutes}|${w.bucketStart}`;

export class WarningsPanel {
  /**
   * @param {{ list: HTMLOListElement, empty: HTMLElement, count: HTMLElement }} els
   * @param {(topic: { key: string, name: string }) => void} onShowTopic
   */
  constructor(els, onShowTopic) {
    this.els = els;
    this.onShowTopic = onShowTopic;
    /** @type {TopicWarningView[]} newest first */
    this.warnings = [];
    /** Keys of warnings that arrived live, highlighted. @type {Set<string>} */
    this.fresh = new Set();
  }

  /**
   * Replaces the list (on load).
   * @param {TopicWarningView[]} warnings
   * @param {Date} now
   */
  setAll(warnings, now) {
    this.warnings = [...warnings];
    this.render(now);
  }

  /**
   * Adds a warning that just arrived; a warning already shown is not repeated.
   * @param {TopicWarningView} warning
   * @param {Date} now
   */
  add(warning, now) {
    const key = keyOf(warning);
    if (this.warnings.some((w) => keyOf(w) === key)) return;
    this.warnings.unshift(warning);
    this.warnings.length = Math.min(this.warnings.length, maxWarnings);
    this.fresh.add(key);
    this.render(now);
  }

  /** @param {Date} now */
  render(now) {
    this.els.list.replaceChildren(...this.warnings.map((w) => this.buildWarning(w, now)));
    this.els.empty.hidden = this.warnings.length > 0;
    this.els.count.textContent = t('warnings.count', { n: this.warnings.length });
  }

  /**
   * @param {TopicWarningView} w
   * @param {Date} now
   */
  buildWarning(w, now) {
    const time = h('time', 'warning-time');
    fillTime(time, w.raisedAt, now);
    const window = w.bucketMinutes >= 60 ? t('warnings.hours', { n: w.bucketMinutes / 60 }) : t('warnings.minutes', { n: w.bucketMinutes });
    const show = h('button', 'btn btn-small warning-show', t('warnings.show'));
    show.type = 'button';
    show.title = t('warnings.showTitle', { topic: w.topicName });
    show.addEventListener('click', () => this.onShowTopic({ key: w.topic, name: w.topicName }));
    const head = h('div', 'warning-head', h('span', 'badge badge-spike', t('warnings.badge')), h('strong', 'warning-topic', w.topicName), h('span', 'tag', window), time, show);
    const numbers = { count: w.count, mean: w.baselineMean, threshold: w.threshold, window };
    const line = h('p', 'warning-line', t('warnings.line', numbers));
    const chart = spikeChart(w.series, w.threshold, t('warnings.chart', { ...numbers, n: w.series.length }));
    const el = h('li', 'warning', head, line, chart);
    el.dataset['topic'] = w.topic;
    if (this.fresh.has(keyOf(w))) el.classList.add('is-new');
    return el;
  }
}
