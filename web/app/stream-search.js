// The stream's filter and older pages. The stream holds the newest rows only, so a filter (words,
// 只看预警) first narrows the rows on screen at once and then asks the server, which searches the
// last 30 days, for the matches among older mentions; 加载更多 at the bottom brings the next page,
// of the stream or of the search.
import { t } from '../static/i18n.js';
import { api } from './api.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView} MentionView */
/** @typedef {import('./mention-stream.js').MentionStream} MentionStream */

/** Rows per request. */
export const pageSize = 100;
/** Typing pauses this long before the server is asked. */
const debounceMs = 300;

export class StreamSearch {
  /**
   * @param {MentionStream} stream
   * @param {{ filter: HTMLInputElement, flaggedOnly: HTMLInputElement, more: HTMLButtonElement, status: HTMLElement }} els
   */
  constructor(stream, els) {
    this.stream = stream;
    this.els = els;
    /** Whether the server has more rows than the stream or the search brought (the last page was full). */
    this.hasMore = false;
    /** Each filter change starts a new search; answers to an older one are dropped. */
    this.generation = 0;
    /** @type {'idle' | 'searching' | 'failed'} */
    this.state = 'idle';
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    els.filter.addEventListener('input', () => this.changed());
    els.flaggedOnly.addEventListener('change', () => this.changed());
    els.more.addEventListener('click', () => void this.more());
  }

  /**
   * The first page of the stream has arrived.
   * @param {MentionView[]} mentions
   */
  loaded(mentions) {
    this.hasMore = mentions.length >= pageSize;
    this.render();
  }

  changed() {
    this.stream.setFilter(this.els.filter.value);
    this.stream.setFlaggedOnly(this.els.flaggedOnly.checked);
    this.generation += 1;
    clearTimeout(this.timer);
    if (!this.stream.filtered) {
      // Back to the stream: its own pages decide whether there is more.
      this.state = 'idle';
      this.hasMore = this.stream.rows.size >= pageSize;
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
    if (this.els.flaggedOnly.checked) params.set('flagged', '1');
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
      this.hasMore = mentions.length >= pageSize;
      this.state = 'idle';
    } catch (err) {
      if (generation !== this.generation) return;
      console.warn('searching mentions failed', err);
      this.state = 'failed';
    } finally {
      this.els.more.disabled = false;
    }
    this.render();
  }

  render() {
    const { more, status } = this.els;
    more.hidden = !this.hasMore || this.state === 'searching';
    more.textContent = t(this.stream.filtered ? 'stream.moreMatches' : 'stream.more');
    status.hidden = !this.stream.filtered && this.state !== 'failed';
    status.textContent = this.state === 'searching' ? t('stream.searching') : this.state === 'failed' ? t('stream.searchFailed') : t('stream.searched');
    status.dataset['state'] = this.state;
  }
}
