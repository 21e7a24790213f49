import type { Level, ReasonCode } from './decision.ts';

/** The topic label of a mention about none of the topics (defined with the topics, in rules). */
export { NO_TOPIC } from '../rules/index.ts';

export type Sentiment = 'negative' | 'neutral' | 'positive';
export const sentiments: readonly Sentiment[] = ['negative', 'neutral', 'positive'];

/** Why a mention was (or was not) flagged: shown to duty officers beside the mention. */
export interface Explanation {
  /** Rules that matched, with the words they matched and where. */
  rules: { id: number; name: string; topic: string; level: Level; matches: { term: string; field: string; offset: number }[] }[];
  /** Each model's verdict, with the features that weighed most. */
  models: { task: string; version: number; label: string; probability: number; topFeatures: { feature: string; weight: number }[] }[];
  /** The steps that set or raised the level (decision.ts). */
  reasons: ReasonCode[];
}

/** The outcome of classifying one mention. */
export interface Classification {
  mentionId: number;
  flagged: boolean;
  level: Level | null;
  /** Topic keys, from matched rules and the topic model. */
  topics: string[];
  /** Localities the mention is about (city, then county names), for routing by 属地. */
  places: string[];
  sentiment: Sentiment;
  sentimentScore: number;
  /** Probability that it needs a response; null without a needs-response model. */
  responseScore: number | null;
  explanation: Explanation;
  classifiedAt: Date;
}

/** What a mention needs to be classified: its normalised text and the reach of where it appeared. */
export interface ClassifyInput {
  mentionId: number;
  title: string;
  body: string;
  sourceName: string;
  sourceWeight: number;
  reposts: number;
}

/** A staff member's judgement of a mention, for retraining; null fields were not given. */
export interface Label {
  mentionId: number;
  userId: number | null;
  needsResponse: boolean | null;
  topic: string | null;
  sentiment: Sentiment | null;
  labelledAt: Date;
}

/** The judgements a label holds, each of which can be given or withdrawn on its own. */
export const labelFields = ['needsResponse', 'topic', 'sentiment'] as const;
export type LabelField = (typeof labelFields)[number];

/** A label as the API carries it (time as an ISO string). */
export type LabelView = Omit<Label, 'labelledAt'> & { labelledAt: string };
