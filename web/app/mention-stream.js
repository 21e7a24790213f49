// The live mention stream: rows newest first (by id, i.e. arrival order), deduplicated by id,
// capped so a board left open all day keeps a bounded DOM, with a filter (words, 只看预警, a topic)
// that narrows the rows on screen at once; the server's search (stream-search.js) adds older matches.
import { t } from '../static/i18n.js';
import { externalLink, h } from './dom.js';
import { explanationToggle } from './explanation.js';
import { fillTime, formatAbsolute, isSameLocalDay } from './format.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView} MentionView */
/** @typedef {import('./labels.js').LabelBook} LabelBook */

/** Warning levels, lowest first (src/classification/decision.ts). */
const levels = ['blue', 'yellow', 'orange', 'red'];

/** Rows kept in the DOM; older ones drop off the bottom. */
export const maxRows = 500;

/** How long a new row stays highlighted; matches the fade animation in style.css. */
const highlightMs = 6000;

/**
 * @typedef {object} Row
 * @property {MentionView} mention
 * @property {HTMLLIElement} el
 * @property {string} haystack lower-cased text the filter searches
 */

export class MentionStream {
  /**
   * @param {{ list: HTMLOListElement, empty: HTMLElement, today: HTMLElement, shown: HTMLElement }} els
   * @param {{ labels?: LabelBook }} [options]
   *   labels: given when the user may label mentions; each row shows the labelling controls.
   */
  constructor(els, options = {}) {
    this.els = els;
    this.labels = options.labels ?? null;
    /** @type {Map<number, Row>} */
    this.rows = new Map();
    /** Ids of mentions published today that this page has seen, including rows already dropped. */
    this.todayIds = new Set();
    /** The server's count of today's mentions up to `maxId` (setTodayBase); seen ids above it add to it. */
    this.todayBase = { count: 0, maxId: 0 };
    this.todayDate = new Date();
    this.highestId = 0;
    /** The filter's words (lower-cased), each required. @type {string[]} */
    this.words = [];
    /** The lowest warning level shown (blue: every warning, 只看预警), or '' for every mention. */
    this.minLevel = '';
    /** A topic key (专题) the rows must carry, or ''. */
    this.topic = '';
    /**
     * The lowest id of the unbroken run of newest mentions loaded (the first page, live rows, older
     * pages): rows below it came from a search and hold only what matched it.
     */
    this.floor = Infinity;
    /** Rows kept; each older page the reader asks for adds to it. */
    this.cap = maxRows;
  }

  /**
   * Adds mentions (any order); known ids are updated in place. `fresh` highlights the new rows;
   * `contiguous` says they are the newest ones or the page just below the rows loaded so far,
   * with none missing in between (not a search's matches).
   * @param {MentionView[]} mentions
   * @param {{ fresh: boolean, now: Date, contiguous?: boolean }} options
   */
  add(mentions, { fresh, now, contiguous = true }) {
    this.rollDay(now);
    if (contiguous) for (const mention of mentions) this.floor = Math.min(this.floor, mention.id);
    for (const mention of mentions) {
      this.highestId = Math.max(this.highestId, mention.id);
      if (isSameLocalDay(new Date(mention.publishedAt), now)) this.todayIds.add(mention.id);
      this.syncRepostCount(mention.storyId, mention.repostCount, now);
      const known = this.rows.get(mention.id);
      if (known) {
        this.replaceRow(known, mention, now);
        continue;
      }
      const row = this.buildRow(mention, now);
      this.insertSorted(row);
      if (fresh) this.highlight(row.el);
    }
    this.trim();
    this.updateCounts();
  }

  /**
   * Applies classifier verdicts (the `mention.classified` event) to the rows on screen.
   * @param {{ mentionId: number, flagged: boolean, level: string | null, topics: string[], sentiment: string, places: string[] }[]} verdicts
   * @param {Date} now
   */
  classify(verdicts, now) {
    for (const v of verdicts) {
      const row = this.rows.get(v.mentionId);
      if (row) this.replaceRow(row, { ...row.mention, verdict: { flagged: v.flagged, level: v.level, topics: v.topics, sentiment: v.sentiment, places: v.places } }, now);
    }
    // A new verdict can show or hide a row under 只看预警.
    this.updateCounts();
  }

  /**
   * Shows only the rows whose title, snippet, source name or localities contain every word of
   * `text` (case-insensitive), with `minLevel` only warnings at that level or above (blue: every
   * warning, 只看预警), with `topic` (a key) only that topic's mentions.
   * @param {{ text: string, minLevel: string, topic: string }} filter
   */
  setFilter({ text, minLevel, topic }) {
    this.words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    this.minLevel = minLevel;
    this.topic = topic;
    this.refilter();
  }

  /** Whether a filter narrows the rows. */
  get filtered() {
    return this.words.length > 0 || this.minLevel !== '' || this.topic !== '';
  }

  /**
   * Drops a previous search's matches that the filter no longer takes (all of them once no filter
   * is left, so the stream shows no old matches with gaps between them), then re-applies the filter.
   */
  refilter() {
    for (const row of [...this.rows.values()]) {
      if (row.mention.id < this.floor && (!this.filtered || !this.matches(row))) {
        this.rows.delete(row.mention.id);
        row.el.remove();
      }
    }
    for (const row of this.rows.values()) this.applyFilter(row);
    this.updateCounts();
  }

  /** The lowest id among the rows the filter shows (where the next page of a search starts), or null. */
  lowestShownId() {
    let lowest = null;
    for (const row of this.rows.values()) if (!row.el.hidden && (lowest === null || row.mention.id < lowest)) lowest = row.mention.id;
    return lowest;
  }

  /**
   * Makes room for `extra` more rows than are here (a page of older rows or of a search's matches,
   * which would otherwise go again at once), never keeping fewer than maxRows.
   * @param {number} extra
   */
  makeRoom(extra) {
    this.cap = Math.max(maxRows, this.rows.size) + extra;
  }

  /**
   * Updates relative times and the day counter; called every minute.
   * @param {Date} now
   */
  refreshTimes(now) {
    this.rollDay(now);
    for (const row of this.rows.values()) {
      const time = row.el.querySelector('time');
      if (time) fillTime(time, row.mention.publishedAt, now, this.timeHint(row.mention));
    }
    this.updateCounts();
  }

  /**
   * Rebuilds every row, e.g. after the language changed.
   * @param {Date} now
   */
  rerender(now) {
    for (const row of this.rows.values()) this.replaceRow(row, row.mention, now);
    this.updateCounts();
  }

  /**
   * Takes the server's count of the mentions published on `day` with ids up to `maxId`: the page
   * loads only the newest rows, so their number says nothing about a busy day.
   * @param {number} count
   * @param {number} maxId
   * @param {Date} day
   */
  setTodayBase(count, maxId, day) {
    if (!isSameLocalDay(day, this.todayDate)) return;
    this.todayBase = { count, maxId };
    this.updateCounts();
  }

  /** Mentions published today: the server's count, plus those seen here since. */
  todayCount() {
    let n = this.todayBase.count;
    for (const id of this.todayIds) if (id > this.todayBase.maxId) n += 1;
    return n;
  }

  /** @param {Date} now */
  rollDay(now) {
    if (isSameLocalDay(this.todayDate, now)) return;
    this.todayDate = now;
    this.todayIds.clear();
    this.todayBase = { count: 0, maxId: 0 };
    for (const row of this.rows.values()) {
      if (isSameLocalDay(new Date(row.mention.publishedAt), now)) this.todayIds.add(row.mention.id);
    }
  }

  /**
   * Every mention of a story carries the story's repost count; a new repost raises it on the older rows too.
   * @param {number} storyId
   * @param {number} repostCount
   * @param {Date} now
   */
  syncRepostCount(storyId, repostCount, now) {
    for (const row of this.rows.values()) {
      if (row.mention.storyId === storyId && row.mention.repostCount < repostCount) {
        this.replaceRow(row, { ...row.mention, repostCount }, now);
      }
    }
  }

  /**
   * @param {Row} row
   * @param {MentionView} mention
   * @param {Date} now
   */
  replaceRow(row, mention, now) {
    const rebuilt = this.buildRow(mention, now);
    if (row.el.classList.contains('is-new')) rebuilt.el.classList.add('is-new');
    // A 预警依据 someone is reading stays open (and reloads: the verdict may have changed).
    const why = rebuilt.el.querySelector('details.why');
    if (why instanceof HTMLDetailsElement && row.el.querySelector('details.why[open]')) why.open = true;
    row.el.replaceWith(rebuilt.el);
    Object.assign(row, rebuilt);
  }

  /**
   * @param {MentionView} m
   * @param {Date} now
   * @returns {Row}
   */
  buildRow(m, now) {
    const time = h('time', 'mention-time');
    fillTime(time, m.publishedAt, now, this.timeHint(m));
    if (m.publishedAtEstimated) time.classList.add('is-estimated');

    const meta = h('div', 'mention-meta', h('span', 'mention-source', m.sourceName), time);
    if (m.author) meta.append(h('span', 'mention-author', t('stream.author', { name: m.author })));
    const level = levelBadge(m);
    if (level) meta.prepend(level);
    if (m.repostCount > 0) {
      const badge = h('span', 'badge badge-repost', t('stream.reposts', { n: m.repostCount }));
      badge.title = t('stream.repostsTitle', { n: m.repostCount });
      meta.append(badge);
    }
    const places = m.verdict?.places ?? [];
    if (places.length) {
      // 属地: where the mention is about, so a county's officers find theirs (the filter searches it too).
      const badge = h('span', 'badge badge-place', places.join(' · '));
      badge.title = t('stream.placesTitle');
      meta.append(badge);
    }

    // A post has no headline: social feeds give its text as title and body alike. Shown once, as
    // the title, a few lines of it, the whole text its tooltip.
    const post = isPost(m);
    const title = h('h3', post ? 'mention-title is-post' : 'mention-title', externalLink(m.url, m.title || t('stream.untitled')));
    if (post) title.title = m.title;
    const el = h('li', 'mention', meta, title);
    if (m.snippet && !post) el.append(h('p', 'mention-snippet', m.snippet));
    if (m.verdict?.flagged) {
      el.classList.add('is-flagged');
      el.append(explanationToggle(m.id));
    }
    if (this.labels) el.append(this.labels.controls(m));
    el.dataset['id'] = String(m.id);

    const row = { mention: m, el, haystack: `${m.title}\n${m.snippet}\n${m.sourceName}\n${places.join('\n')}`.toLowerCase() };
    this.applyFilter(row);
    return row;
  }

  /** @param {MentionView} m */
  timeHint(m) {
    return m.publishedAtEstimated ? t('stream.estimated') : t('stream.collectedAt', { time: formatAbsolute(new Date(m.collectedAt)) });
  }

  /** @param {Row} row */
  insertSorted(row) {
    this.rows.set(row.mention.id, row);
    // Rows are ordered by id descending; a batch usually lands on top, so scan from the top.
    let before = /** @type {Element | null} */ (this.els.list.firstElementChild);
    while (before && Number(/** @type {HTMLElement} */ (before).dataset['id']) > row.mention.id) {
      before = before.nextElementSibling;
    }
    this.els.list.insertBefore(row.el, before);
  }

  /** @param {HTMLLIElement} el */
  highlight(el) {
    el.classList.add('is-new');
    setTimeout(() => {
      // The row may have been rebuilt since; highlight whichever element now holds this id.
      const current = this.rows.get(Number(el.dataset['id']))?.el ?? el;
      current.classList.remove('is-new');
    }, highlightMs);
  }

  trim() {
    let trimmed = false;
    while (this.rows.size > this.cap) {
      const last = /** @type {HTMLElement | null} */ (this.els.list.lastElementChild);
      if (!last) break;
      this.rows.delete(Number(last.dataset['id']));
      last.remove();
      trimmed = true;
    }
    // Rows go lowest id first, a search's matches before the unbroken run: that run now starts at
    // the lowest row still here.
    const last = /** @type {HTMLElement | null} */ (this.els.list.lastElementChild);
    if (trimmed && last) this.floor = Math.max(this.floor, Number(last.dataset['id']));
  }

  /**
   * Whether the filter takes a row (see setFilter); its text as collected, lower-cased, is what the
   * words are looked for in (the server's search also reads the normalised text and the whole body).
   * @param {Row} row
   */
  matches(row) {
    if (this.minLevel !== '') {
      const level = row.mention.verdict?.flagged ? row.mention.verdict.level : null;
      if (!level || levels.indexOf(level) < levels.indexOf(this.minLevel)) return false;
    }
    if (this.topic !== '' && !row.mention.verdict?.topics.includes(this.topic)) return false;
    return this.words.every((word) => row.haystack.includes(word));
  }

  /** @param {Row} row */
  applyFilter(row) {
    row.el.hidden = !this.matches(row);
  }

  updateCounts() {
    const total = this.rows.size;
    let shown = 0;
    for (const row of this.rows.values()) if (!row.el.hidden) shown += 1;
    this.els.today.textContent = t('stream.today', { n: this.todayCount() });
    this.els.shown.hidden = !this.filtered;
    this.els.shown.textContent = t('stream.shown', { shown });
    this.els.empty.hidden = shown > 0;
    this.els.empty.textContent = total === 0 ? t('stream.empty') : t('stream.noMatch');
  }
}

/**
 * The warning-level badge of a flagged mention, or null.
 * @param {Pick<MentionView, 'verdict'>} m
 */
export function levelBadge(m) {
  if (!m.verdict?.flagged || !m.verdict.level) return null;
  const level = h('span', 'badge badge-level', t(`level.${m.verdict.level}`));
  level.dataset['level'] = m.verdict.level;
  level.title = t('level.title');
  return level;
}

/**
 * Whether a mention's title already holds its whole snippet: a post, whose feed gives its text as
 * title and body alike (the title is whitespace-collapsed, the body is not).
 * @param {Pick<MentionView, 'title' | 'snippet'>} m
 */
function isPost(m) {
  const flat = (/** @type {string} */ s) => s.replace(/\s+/g, ' ').trim();
  const snippet = flat(m.snippet.endsWith('…') ? m.snippet.slice(0, -1) : m.snippet);
  return snippet.length > 0 && flat(m.title).startsWith(snippet);
}
