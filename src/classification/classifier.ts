import { parseQuery, RuleEngine } from '../rules/index.ts';
import { segmentSpans, type TokenSpans } from '../text/segment.ts';
import { NO_TOPIC, type Classification, type ClassifyInput, type Explanation, type Sentiment } from './classification.ts';
import { decide, type DecisionSettings, type Level } from './decision.ts';
import type { Rule } from './rules.store.ts';

/** A trained model as the classifier uses it: a text and its words in, the winning label and why out. */
export interface TextModel {
  task: 'needs-response' | 'sentiment' | 'topic';
  version: number;
  /**
   * The winning label and its probability; with `explain`, also the features that pulled hardest
   * towards it (costs about as much as the prediction, so the classifier asks only for flagged mentions).
   */
  predict(words: TokenSpans, text: string, explain?: boolean): { label: string; probability: number; topFeatures: { feature: string; weight: number }[] };
}

/** The tasks, in the order explanations list their models. */
const TASKS: readonly TextModel['task'][] = ['needs-response', 'sentiment', 'topic'];

/** Labels a needs-response model uses for "needs a response". */
export const RESPONSE_LABELS = ['需回应', 'yes', 'true', '1'];

export interface ClassifierParts {
  /** Enabled rules (disabled ones are left out by the caller). */
  rules: readonly Rule[];
  models: readonly TextModel[];
  /** Localities a text is about (city and county names); none without a gazetteer. */
  findPlaces?: (text: string) => string[];
  settings: DecisionSettings;
  /** Below this probability a sentiment model's verdict counts as neutral. */
  neutralBelow?: number;
}

/**
 * Classifies one mention: rules, models, places and the warning decision. Built once from the
 * current rules and models, then pure per mention (the caller passes `now`).
 */
export class Classifier {
  private readonly engine: RuleEngine<Rule>;
  private readonly model: Partial<Record<TextModel['task'], TextModel>> = {};
  /** Reused from mention to mention (classify is synchronous). */
  private readonly words: TokenSpans = { starts: new Int32Array(256), ends: new Int32Array(256), count: 0 };

  constructor(private readonly parts: ClassifierParts) {
    // Rules were validated when saved; one that no longer parses is skipped rather than stopping classification.
    this.engine = new RuleEngine(
      parts.rules.flatMap((rule) => {
        try {
          return [{ rule, query: parseQuery(rule.query) }];
        } catch {
          return [];
        }
      }),
    );
    for (const m of parts.models) this.model[m.task] = m;
  }

  get ruleCount(): number {
    return this.engine.size;
  }

  get modelCount(): number {
    return this.parts.models.length;
  }

  classify(input: ClassifyInput, now: Date): Classification {
    const hits = this.engine.match({ title: input.title, body: input.body, source: input.sourceName });
    // Joined, not concatenated: `${a}\n${b}` makes a rope (a V8 ConsString) that segmentation and
    // features then read character by character through it; join() builds one flat string. 2–13%
    // less time per mention (bench:classify's loop, A/B in one process).
    const text = [input.title, input.body].join('\n');
    const words = this.parts.models.length ? segmentSpans(text, this.words) : this.words;
    const explanation: Explanation = {
      rules: hits.map(({ rule, hits: matches }) => ({ id: rule.id, name: rule.name, topic: rule.topicKey, level: rule.level, matches })),
      models: [],
      reasons: [],
    };
    // No closure here: the tsx loader names every closure as it is made (esbuild keepNames), which
    // costs a property definition per mention.
    const response = this.model['needs-response']?.predict(words, text, false) ?? null;
    const mood = this.model.sentiment?.predict(words, text, false) ?? null;
    const topic = this.model.topic?.predict(words, text, false) ?? null;
    const responseProbability = response ? (RESPONSE_LABELS.includes(response.label) ? response.probability : 1 - response.probability) : null;
    const sentiment = toSentiment(mood, this.parts.neutralBelow ?? 0.6);

    const decision = decide(
      { ruleLevels: hits.map((h) => h.rule.level as Level), responseProbability, sentiment, sourceWeight: input.sourceWeight, reposts: input.reposts },
      this.parts.settings,
    );
    // Top features are worked out only for flagged mentions, the ones someone reads the reasons of:
    // for the rest they would double the cost of classification (bench:classify).
    const outs = [response, mood, topic];
    for (let i = 0; i < TASKS.length; i++) {
      const task = TASKS[i]!;
      const model = this.model[task];
      const out = outs[i];
      if (!model || !out) continue;
      const topFeatures = decision.flagged ? model.predict(words, text, true).topFeatures : [];
      explanation.models.push({ task, version: model.version, label: out.label, probability: out.probability, topFeatures });
    }
    explanation.reasons = decision.reasons;
    const topics = [...new Set([...hits.map((h) => h.rule.topicKey), ...(topic && topic.probability >= 0.5 && topic.label !== NO_TOPIC ? [topic.label] : [])])];
    return {
      mentionId: input.mentionId,
      flagged: decision.flagged,
      level: decision.level,
      topics,
      places: this.parts.findPlaces?.(text) ?? [],
      sentiment: sentiment.label,
      sentimentScore: sentiment.score,
      responseScore: responseProbability,
      explanation,
      classifiedAt: now,
    };
  }
}

const SENTIMENT_LABELS: Record<string, Sentiment> = { negative: 'negative', neg: 'negative', '0': 'negative', 负面: 'negative', positive: 'positive', pos: 'positive', '1': 'positive', 正面: 'positive', neutral: 'neutral', 中性: 'neutral' };

/** A sentiment model's verdict; an unsure one (or none) is neutral. */
function toSentiment(out: { label: string; probability: number } | null, neutralBelow: number): { label: Sentiment; score: number } {
  if (!out) return { label: 'neutral', score: 0.5 };
  const label = SENTIMENT_LABELS[out.label] ?? 'neutral';
  if (out.probability < neutralBelow) return { label: 'neutral', score: out.probability };
  return { label, score: out.probability };
}
