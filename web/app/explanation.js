// 预警依据: why a mention was flagged, as duty officers read it — the decision's steps, the rules
// that matched with the words they matched, each model's verdict with the words that weighed most,
// and the localities. Loaded when opened (`/api/classifications/:id`), so the stream stays light.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/classification/classification.service.ts').ClassificationView} ClassificationView */

/** Matched words shown per rule; the rest are counted. */
const maxTerms = 6;

/**
 * A closed disclosure for one mention; its content loads the first time it is opened.
 * @param {number} mentionId
 */
export function explanationToggle(mentionId) {
  const body = h('div', 'why-body');
  const details = h('details', 'why', h('summary', '', t('why.summary')), body);
  details.dataset['mentionId'] = String(mentionId);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.replaceChildren(h('p', 'muted', t('why.loading')));
    try {
      /** @type {{ classification: ClassificationView, topicNames: Record<string, string> }} */
      const view = await api('GET', `/api/classifications/${mentionId}`);
      body.replaceChildren(...renderExplanation(view.classification, view.topicNames));
    } catch (err) {
      loaded = false; // opening it again retries
      body.replaceChildren(h('p', 'form-error', describeError(err)));
    }
  });
  return details;
}

/**
 * The explanation as lines of text (never HTML: rule names are staff's, features come from scraped text).
 * @param {ClassificationView} c
 * @param {Record<string, string>} topicNames
 * @returns {HTMLElement[]}
 */
export function renderExplanation(c, topicNames) {
  const topicName = (/** @type {string} */ key) => topicNames[key] ?? key;
  const out = [];
  if (c.level) {
    const steps = c.explanation.reasons.map((r) => t(`why.reason.${r}`));
    out.push(h('p', 'why-level', t(`level.${c.level}`), steps.length ? `：${steps.join(' → ')}` : ''));
  }

  const rules = c.explanation.rules.map((r) => {
    const terms = [...new Map(r.matches.map((m) => [`${m.term}\u0000${m.field}`, m])).values()];
    const shown = terms.slice(0, maxTerms).map((m) => t('why.term', { term: m.term, field: t(`why.field.${m.field}`) }));
    if (terms.length > maxTerms) shown.push(t('why.more', { n: terms.length - maxTerms }));
    const item = h('li', '', t('why.rule', { name: r.name, topic: topicName(r.topic), level: t(`level.${r.level}`) }), shown.length ? t('why.matched', { terms: shown.join('、') }) : '');
    item.dataset['rule'] = String(r.id);
    return item;
  });
  if (rules.length) out.push(h('h4', '', t('why.rules')), h('ul', 'why-list', ...rules));

  const models = c.explanation.models.map((m) => {
    const label = m.task === 'topic' ? topicName(m.label) : m.task === 'sentiment' ? sentimentName(m.label) : m.label;
    const item = h('li', '', t('why.model', { task: t(`task.${m.task}`), version: m.version, label, p: Math.round(m.probability * 100) }));
    if (m.topFeatures.length) item.append(t('why.features', { features: m.topFeatures.map((f) => `“${f.feature}”`).join('、') }));
    item.dataset['task'] = m.task;
    return item;
  });
  if (models.length) out.push(h('h4', '', t('why.models')), h('ul', 'why-list', ...models));

  if (c.places.length) out.push(h('p', 'why-places', t('why.places', { places: c.places.join('、') })));
  if (!out.length) out.push(h('p', 'muted', t('why.nothing')));
  return out;
}

/** @param {string} label a sentiment model's label (negative, 正面, 0 …) */
function sentimentName(label) {
  const key = { negative: 'negative', neg: 'negative', 负面: 'negative', positive: 'positive', pos: 'positive', 正面: 'positive', neutral: 'neutral', 中性: 'neutral' }[label];
  return key ? t(`sentiment.${key}`) : label;
}
