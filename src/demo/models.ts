import { NO_TOPIC } from '../rules/index.ts';
import { DEFAULT_DEMO_SEED, demoFeedIds, demoItem, latestIndexAt, publishedAtIndex, type DemoItem } from './content.ts';
import { rngFor } from './draw.ts';
import type { DemoTopic } from './story-templates.ts';

/**
 * Starter models for a fresh demo. Models learn from the office's labels, and a new install has
 * none, so without these the demo would show every mention 中性 and an empty models tab and 待标注
 * queue. The demo knows what each of its synthetic items is about and how it reads, so it labels a
 * sample of them: the three models are trained on that, stored under the training set name below
 * (the models tab shows it), and replaced by the first models trained on staff labels.
 *
 * Labelled strictly by template, synthetic text is perfectly separable: the models came out 100%
 * sure of everything, and the level rules that trust a sure model (one step up at 95%) raised red
 * warnings from 1.2% of the demo's mentions to 4.5%. People labelling mentions disagree on some, so
 * here one label in eight goes another way; the models are then as sure as real ones tend to be.
 */

/** The training set name the models tab shows for these models. */
export const DEMO_TRAINING_SET = '演示数据（合成）';

/** The starter pack's topic for each demo topic (NO_TOPIC: none of them). */
const topicKeys: Record<DemoTopic, string> = {
  'work-report': NO_TOPIC,
  'legal-aid': 'lawyers',
  notary: 'notary',
  mediation: 'mediation',
  'community-corrections': 'corrections',
  prison: 'prisons',
  rehab: 'rehab',
  lawyers: 'lawyers',
  hotline: 'lawyers',
  'admin-review': 'enforcement',
  pufa: NO_TOPIC,
  'local-life': NO_TOPIC,
};

export interface DemoTrainingSets {
  'needs-response': { text: string; label: string }[];
  sentiment: { text: string; label: string }[];
  topic: { text: string; label: string }[];
}

/**
 * Labelled texts for the three tasks from every `every`-th original item the demo feeds published
 * in the `hours` before `now` (reposts would only repeat their originals). Needs a response: the
 * negative and urgent posts of the public (official news reporting a problem is the office's own
 * answer); sentiment: the item's tone; topic: its starter-pack topic; each with one label in eight
 * given another way (see above).
 */
export function demoTrainingSets(now: Date, options: { hours?: number; every?: number; seed?: string } = {}): DemoTrainingSets {
  const { hours = 24, every = 6, seed = DEFAULT_DEMO_SEED } = options;
  const from = now.getTime() - hours * 3_600_000;
  const items: DemoItem[] = [];
  for (const feedId of demoFeedIds) {
    for (let index = latestIndexAt(feedId, now, seed); index >= 0 && publishedAtIndex(feedId, index, seed).getTime() >= from; index -= every) {
      const item = demoItem(feedId, index, seed);
      if (!item.repostOf) items.push(item);
    }
  }
  const text = (item: DemoItem) => `${item.title}\n${item.body}`;
  const topics = [...new Set(Object.values(topicKeys))];
  /** The label a person gives: usually `label`, one time in eight another of `all`. */
  const labelled = (item: DemoItem, task: string, label: string, all: readonly string[]) => {
    const rng = rngFor(seed, item.id, task, 'label');
    if (rng() >= DISAGREE) return label;
    const others = all.filter((l) => l !== label);
    return others[Math.floor(rng() * others.length)]!;
  };
  return {
    'needs-response': items.map((item) => ({
      text: text(item),
      label: labelled(item, 'needs-response', item.category === 'social' && (item.tone === 'negative' || item.tone === 'urgent') ? '需回应' : '无需回应', ['需回应', '无需回应']),
    })),
    sentiment: items.map((item) => ({
      text: text(item),
      label: labelled(item, 'sentiment', item.tone === 'positive' ? 'positive' : item.tone === 'routine' ? 'neutral' : 'negative', ['negative', 'neutral', 'positive']),
    })),
    topic: items.map((item) => ({ text: text(item), label: labelled(item, 'topic', topicKeys[item.topic], topics) })),
  };
}

/** Share of labels that go another way than the template's. */
const DISAGREE = 0.125;
