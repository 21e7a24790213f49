// 待标注: recent unlabelled mentions the needs-response model is least sure about, most uncertain
// first (GET /api/labels/queue). A label given here teaches the next retraining the most. Each
// judged mention is marked done and counted; once the batch is done, 刷新 brings the next one.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { externalLink, h } from './dom.js';
import { fillTime } from './format.js';
import { explanationToggle } from './explanation.js';
import { levelBadge } from './mention-stream.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView & { responseScore: number | null }} QueueMention */
/** @typedef {import('./labels.js').LabelBook} LabelBook */

export class QueuePanel {
  /**
   * @param {{ list: HTMLOListElement, empty: HTMLElement, count: HTMLElement, message: HTMLElement, done: HTMLElement, refresh: HTMLButtonElement }} els
   * @param {LabelBook} labels
   */
  constructor(els, labels) {
    this.els = els;
    this.labels = labels;
    /** @type {QueueMention[]} */
    this.mentions = [];
    labels.onChange((id) => {
      if (this.mentions.some((m) => m.id === id)) this.showProgress();
    });
  }

  /** Asks the server for the current queue and shows it. */
  async load() {
    try {
      /** @type {{ mentions: QueueMention[] }} */
      const { mentions } = await api('GET', '/api/labels/queue');
      this.mentions = mentions;
      this.els.message.hidden = true;
    } catch (err) {
      this.els.message.textContent = describeError(err);
      this.els.message.hidden = false;
    }
    this.render(new Date());
  }

  /** @param {Date} now */
  render(now) {
    this.els.list.replaceChildren(...this.mentions.map((m) => this.buildItem(m, now)));
    this.els.empty.hidden = this.mentions.length > 0;
    this.showProgress();
  }

  /** Marks the judged mentions, counts them, and once all are judged offers the next batch. */
  showProgress() {
    let done = 0;
    for (const item of this.els.list.children) {
      const judged = this.labels.judged(Number(/** @type {HTMLElement} */ (item).dataset['id']));
      item.classList.toggle('is-judged', judged);
      if (judged) done += 1;
    }
    const n = this.mentions.length;
    this.els.count.textContent = done ? t('queue.progress', { n, done }) : t('queue.count', { n });
    const finished = n > 0 && done === n;
    this.els.done.hidden = !finished;
    this.els.refresh.classList.toggle('btn-primary', finished);
  }

  /**
   * @param {QueueMention} m
   * @param {Date} now
   */
  buildItem(m, now) {
    const time = h('time', 'mention-time');
    fillTime(time, m.publishedAt, now);
    const meta = h('div', 'mention-meta', h('span', 'mention-source', m.sourceName), time);
    if (m.responseScore !== null) {
      const score = h('span', 'badge badge-score', t('queue.score', { p: Math.round(m.responseScore * 100) }));
      score.title = t('queue.scoreTitle');
      meta.append(score);
    }
    const level = levelBadge(m);
    if (level) meta.prepend(level);
    const el = h('li', 'mention', meta, h('h3', 'mention-title', externalLink(m.url, m.title || t('stream.untitled'))));
    if (m.snippet) el.append(h('p', 'mention-snippet', m.snippet));
    if (m.verdict?.flagged) el.append(explanationToggle(m.id));
    el.append(this.labels.controls(m));
    el.dataset['id'] = String(m.id);
    return el;
  }
}
