// The stream's filter and older pages. The stream holds the newest rows only, so a filter (words,
// a warning level, a topic) first narrows the rows on screen at once, then asks the server, which
// searches the last 30 days, for the matches among older mentions. The button under the rows
// brings the next page, of the stream (加载更早的信息) or of the search, and retries a failed one.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView} MentionView */
/** @typedef {import('./mention-stream.js').MentionStream} MentionStream */
/** @typedef {{ key: string, name: string }} TopicChoice */

/** Rows per request. */
export const pageSize = 100;
/** Typing pauses this long before the server is asked. */
const debounceMs = 300;

export class StreamSearch {
  /**
   * @param {MentionStream} stream
   * @param {{ filter: HTMLInputElement, level: HTMLSelectElement, topic: HTMLSelectElement, more: HTMLButtonElement, status: HTMLElement }} els
   * @param {(mentions: MentionView[]) => void} onRows called with the rows a page or search brought
   *   (their stored labels are loaded then, as for the first page)
   */
  constructor(stream, els, onRows) {
    this.stream = stream;
    this.els = els;
    this.onRows = onRows;
    /** Whether the server has more rows than the stream or the search brought (the last page was full). */
    this.hasMore = false;
    /** The same for the stream itself, kept while a search runs. */
    this.streamHasMore = false;
    /** Each filter change starts a new search; answers to an older one are dropped. */
    this.generation = 0;
    /** @type {'idle' | 'searching' | 'failed'} */
    this.state = 'idle';
    /** Why the last request failed, in words. */
    this.failure = '';
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    els.filter.addEventListener('input', () => this.changed());
    els.level.addEventListener('change', () => this.changed());
    els.topic.addEventListener('change', () => this.changed());
    /** @type {TopicChoice[]} */
    this.topics = [];
    els.more.addEventListener('click', () => void this.more());
  }

  /**
   * The first page of the stream has arrived.
   * @param {MentionView[]} mentions
   */
  loaded(mentions) {
    this.hasMore = this.streamHasMore = mentions.length >= pageSize;
    this.render();
  }

  /**
   * The topics to choose from (the rules panel's); the one chosen stays chosen.
   * @param {TopicChoice[]} topics
   */
  setTopics(topics) {
    this.topics = topics.map(({ key, name }) => ({ key, name }));
    this.renderTopics(this.els.topic.value);
  }

  /**
   * Shows a topic's mentions (a topic warning's 查看信息), alone: the other filters are cleared.
   * @param {TopicChoice} topic
   */
  showTopic(topic) {
    if (!this.topics.some((x) => x.key === topic.key)) this.topics.push(topic);
    this.renderTopics(topic.key);
    this.els.filter.value = '';
    this.els.level.value = '';
    this.changed();
  }

  /** @param {string} chosen */
  renderTopics(chosen) {
    this.els.topic.replaceChildren(option('', t('stream.allTopics')), ...this.topics.map((x) => option(x.key, x.name)));
    this.els.topic.value = this.topics.some((x) => x.key === chosen) ? chosen : '';
  }

  changed() {
    this.stream.setFilter({ text: this.els.filter.value, minLevel: this.els.level.value, topic: this.els.topic.value });
    this.generation += 1;
    clearTimeout(this.timer);
    if (!this.stream.filtered) {
      // Back to the stream: its own last page says whether there is more.
      this.state = 'idle';
      this.hasMore = this.streamHasMore;
      this.render();
      return;
    }
    this.state = 'searching';
    this.hasMore = false;
    this.render();
    const generation = this.generation;
    this.timer = setTimeout(() => void this.fetchPage(generation, null), debounceMs);
  }

  /** The next page: older rows of the stream, or of the search. */
  async more() {
    if (!this.stream.filtered) {
      await this.fetchPage(this.generation, Number.isFinite(this.stream.floor) ? this.stream.floor : null);
      return;
    }
    await this.fetchPage(this.generation, this.stream.lowestShownId());
  }

  /**
   * @param {number} generation
   * @param {number | null} beforeId
   */
  async fetchPage(generation, beforeId) {
    const filtered = this.stream.filtered;
    const params = new URLSearchParams({ limit: String(pageSize) });
    if (beforeId !== null) params.set('beforeId', String(beforeId));
    const words = this.els.filter.value.trim();
    if (words) params.set('q', words);
    if (this.els.level.value) params.set('minLevel', this.els.level.value);
    if (this.els.topic.value) params.set('topic', this.els.topic.value);
    this.state = 'searching';
    this.els.more.disabled = true;
    this.render();
    try {
      /** @type {{ mentions: MentionView[] }} */
      const { mentions } = await api('GET', `/api/mentions?${params}`);
      if (generation !== this.generation) return;
      this.stream.makeRoom(mentions.length);
      // The stream's own older page joins its unbroken run; a search's matches stay apart from it.
      this.stream.add(mentions, { fresh: false, now: new Date(), contiguous: !filtered });
      this.onRows(mentions);
      this.hasMore = mentions.length >= pageSize;
      if (!filtered) this.streamHasMore = this.hasMore;
      this.state = 'idle';
    } catch (err) {
      if (generation !== this.generation) return;
      console.warn('searching mentions failed', err);
      this.state = 'failed';
      this.failure = describeError(err);
      // The button under the rows asks again.
      this.hasMore = true;
    } finally {
      this.els.more.disabled = false;
    }
    this.render();
  }

  /** Shows the button under the rows and what the search covered, in the current language. */
  render() {
    const { more, status } = this.els;
    const all = this.els.topic.options[0];
    if (all) all.textContent = t('stream.allTopics');
    more.hidden = !this.hasMore || this.state === 'searching';
    more.textContent = t(this.stream.filtered ? 'stream.moreMatches' : 'stream.more');
    status.hidden = !this.stream.filtered && this.state !== 'failed';
    status.textContent = this.state === 'searching' ? t('stream.searching') : this.state === 'failed' ? t('stream.searchFailed', { reason: this.failure }) : t('stream.searched');
    status.dataset['state'] = this.state;
  }
}

/**
 * @param {string} value
 * @param {string} label
 */
function option(value, label) {
  const el = document.createElement('option');
  el.value = value;
  el.textContent = label;
  return el;
}
