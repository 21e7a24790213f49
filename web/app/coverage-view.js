// 报道情况: the coverage of a held press conference (新闻发布工作实施后，跟踪媒体报道情况和社会反响)
// in a dialog — its window in Beijing time, mentions, stories and reposts, outlets, the sentiment
// split, the most negative items, the questions raised and those needing a prepared answer
// (需准备口径). While the window is open, newly classified mentions refresh it, at most every 10 s.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { byId, externalLink, h } from './dom.js';
import { formatBeijing } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/press/press.service.ts').PressEventView} PressEventView */
/** @typedef {import('../../src/press/press.service.ts').CoverageReport} CoverageReport */
/** @typedef {CoverageReport['summary']['sentiment']} SentimentSplit */

/** Classified mentions refresh an open window no more often than this (they arrive in bursts). */
const refreshEveryMs = 10_000;
const sentiments = /** @type {const} */ (['negative', 'neutral', 'positive', 'unclassified']);
const svgNs = 'http://www.w3.org/2000/svg';

/**
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number>} attributes
 * @returns {SVGElementTagNameMap[K]}
 */
function svg(tag, attributes) {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  return el;
}

/**
 * The sentiment split as one stacked bar; sizes are SVG attributes and colours come from
 * style.css, so the Content-Security-Policy holds.
 * @param {SentimentSplit} split
 */
export function sentimentBar(split) {
  const width = 100;
  const height = 12;
  const total = sentiments.reduce((sum, s) => sum + split[s], 0);
  const description = t('coverage.sentimentLabel', Object.fromEntries(sentiments.map((s) => [s, split[s]])));
  const bar = svg('svg', { class: 'sentiment-bar', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  bar.setAttribute('aria-label', description);
  const title = svg('title', {});
  title.textContent = description;
  bar.append(title, svg('rect', { class: 'sentiment-track', x: 0, y: 0, width, height }));
  let x = 0;
  for (const s of sentiments) {
    if (!total || !split[s]) continue;
    const w = (width * split[s]) / total;
    const rect = svg('rect', { class: `sentiment-${s}`, x: x.toFixed(2), y: 0, width: w.toFixed(2), height });
    rect.dataset['sentiment'] = s;
    bar.append(rect);
    x += w;
  }
  return bar;
}

export class CoverageView {
  constructor() {
    this.dialog = byId('coverage-dialog', HTMLDialogElement);
    this.heading = byId('coverage-dialog-title', HTMLElement);
    this.body = byId('coverage-body', HTMLElement);
    this.status = byId('coverage-status', HTMLElement);
    byId('coverage-close', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    byId('coverage-refresh', HTMLButtonElement).addEventListener('click', () => void this.refresh());
    this.dialog.addEventListener('close', () => this.stopTimer());
    /** @type {PressEventView | null} */
    this.event = null;
    /** @type {CoverageReport | null} */
    this.report = null;
    /** When the coverage was last fetched (ms), for the 10-second limit. */
    this.fetchedAt = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
  }

  /**
   * Opens the dialog for a held event and loads its coverage.
   * @param {PressEventView} event
   */
  open(event) {
    this.event = event;
    this.report = null;
    this.stopTimer();
    this.heading.textContent = t('coverage.title', { title: event.title });
    this.body.replaceChildren();
    this.say(t('coverage.loading'));
    if (!this.dialog.open) this.dialog.showModal();
    void this.refresh();
  }

  async refresh() {
    const event = this.event;
    if (!event) return;
    this.fetchedAt = Date.now();
    try {
      /** @type {CoverageReport} */
      const report = await api('GET', `/api/press/events/${event.id}/coverage`);
      // The dialog may have moved on to another event meanwhile.
      if (this.event?.id !== event.id) return;
      this.report = report;
      this.say('');
      this.render();
    } catch (err) {
      if (this.event?.id === event.id) this.say(t('coverage.loadFailed', { reason: describeError(err) }), false);
    }
  }

  /**
   * New classifications arrived: an open window may have gained coverage. Refreshes at once when the
   * last fetch is 10 s old, otherwise once when the 10 s are up.
   */
  onMentionsClassified() {
    if (!this.dialog.open || !this.report?.window.open || this.timer) return;
    const wait = Math.max(0, this.fetchedAt + refreshEveryMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dialog.open) void this.refresh();
    }, wait);
  }

  stopTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Redraws in the current language. */
  render() {
    if (this.event) this.heading.textContent = t('coverage.title', { title: this.event.title });
    const report = this.report;
    if (!report) return;
    const s = report.summary;
    const windowLine = h(
      'p',
      'coverage-window',
      t('coverage.window', { from: formatBeijing(report.window.from), to: formatBeijing(report.window.to) }),
      ' ',
      h('span', `tag coverage-open ${report.window.open ? 'is-open' : ''}`, t(report.window.open ? 'coverage.open' : 'coverage.closed')),
    );
    const matched = h('p', 'hint coverage-terms', t(report.matchedBy === 'keywords' ? 'coverage.byKeywords' : 'coverage.byTitle', { terms: report.terms.join('、') }));

    const numbers = h(
      'dl',
      'coverage-numbers',
      ...[
        ['mentions', s.mentions],
        ['stories', s.stories],
        ['reposts', s.reposts],
      ].flatMap(([key, n]) => {
        const dd = h('dd', 'coverage-number', String(n));
        dd.dataset['key'] = String(key);
        return [h('div', 'coverage-stat', h('dt', '', t(`coverage.${key}`)), dd)];
      }),
    );

    /** @type {HTMLElement[]} */
    const parts = [windowLine, matched, numbers];
    if (!s.mentions) parts.push(h('p', 'empty empty-small', t('coverage.none')));

    parts.push(this.section('outlets', s.outlets.length, h('ul', 'coverage-outlets', ...s.outlets.map((o) => h('li', 'coverage-outlet', h('span', 'outlet-name', o.name), h('span', 'counter', t('coverage.outletMentions', { n: o.mentions })))))));

    const legend = h(
      'ul',
      'sentiment-legend',
      ...sentiments.map((k) => {
        const li = h('li', `sentiment-key sentiment-key-${k}`, `${t(`coverage.sentiment.${k}`)} ${s.sentiment[k]}`);
        li.dataset['sentiment'] = k;
        return li;
      }),
    );
    parts.push(this.section('sentiment', s.mentions, sentimentBar(s.sentiment), legend));

    parts.push(
      this.section(
        'negative',
        s.mostNegative.length,
        h(
          'ol',
          'coverage-negative',
          ...s.mostNegative.map((m) => h('li', 'coverage-item', externalLink(m.url, m.title, 'coverage-item-title'), h('span', 'coverage-item-source', m.sourceName), h('span', 'counter', t('coverage.score', { score: m.score.toFixed(2) })))),
        ),
      ),
    );

    const sensitive = h(
      'ul',
      'coverage-sensitive',
      ...s.sensitiveQuestions.map((q) => {
        const li = h('li', 'coverage-question is-sensitive', h('span', 'question-text', q.text), h('span', 'counter', t('coverage.questionMentions', { n: q.mentions })));
        if (q.level) {
          const level = h('span', 'badge badge-level', t(`level.${q.level}`));
          level.dataset['level'] = q.level;
          li.prepend(level);
        }
        return li;
      }),
    );
    const sensitiveSection = this.section('sensitive', s.sensitiveQuestions.length, sensitive);
    sensitiveSection.classList.add('coverage-sensitive-section');
    parts.push(sensitiveSection);

    const sensitiveTexts = new Set(s.sensitiveQuestions.map((q) => q.text));
    parts.push(
      this.section(
        'questions',
        s.questions.length,
        h(
          'ul',
          'coverage-questions',
          ...s.questions.map((q) => {
            const li = h('li', 'coverage-question', h('span', 'question-text', q.text), h('span', 'counter', t('coverage.questionMentions', { n: q.mentions })));
            li.classList.toggle('is-sensitive', sensitiveTexts.has(q.text));
            return li;
          }),
        ),
      ),
    );
    this.body.replaceChildren(...parts);
  }

  /**
   * A titled part of the view; an empty one says so.
   * @param {string} key
   * @param {number} count
   * @param {...Node} content
   */
  section(key, count, ...content) {
    const section = h('section', 'coverage-section', h('h3', 'coverage-section-heading', t(`coverage.${key}Heading`)));
    section.dataset['part'] = key;
    if (count) section.append(...content);
    else section.append(h('p', 'hint', t('coverage.nothing')));
    return section;
  }

  /**
   * @param {string} text
   * @param {boolean} [ok]
   */
  say(text, ok = true) {
    this.status.textContent = text;
    this.status.classList.toggle('is-error', !ok);
    this.status.hidden = text === '';
  }
}
