/**
 * The warning decision for one mention: flagged or not, and at which level. Pure: everything it
 * weighs comes in as arguments, thresholds from the configuration.
 *
 * How the level is reached (each step is recorded as a reason, for the explanation):
 *
 *   step        | when                                                  | effect
 *   rule        | an enabled rule matched                               | the highest matched rule's level
 *   model       | no rule, response probability ≥ modelFlag             | blue
 *               | no rule, response probability ≥ modelHigh             | yellow
 *   model-high  | a rule, response probability ≥ modelHigh              | one step up
 *   model-calm  | a rule, response probability < modelCalm              | the level stands: no step below
 *   negative    | flagged, sentiment negative with score ≥ negative     | one step up
 *   reach       | flagged, source weight ≥ weight or reposts ≥ reposts   | one step up
 *   viral       | flagged, reposts ≥ viral                              | one more step up
 *
 * Escalation never passes red, and never makes an unflagged mention flagged: reach and tone
 * change how urgent a problem is, not whether there is one. A mention no rule matched and the model
 * judged below modelFlag is not flagged, whatever its tone.
 */

export const levels = ['blue', 'yellow', 'orange', 'red'] as const;
export type Level = (typeof levels)[number];

/** 蓝色 / 黄色 / 橙色 / 红色预警 */
export const levelLabels: Record<Level, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export interface DecisionSettings {
  /** Response probability from which the model alone flags a mention (blue). */
  modelFlag: number;
  /** Response probability from which the model alone gives yellow, and raises a rule's level. */
  modelHigh: number;
  /**
   * Response probability below which a rule's level stands: the model (trained on the office's own
   * judgements) is sure the mention needs no response, so its tone and reach make it no more urgent.
   * The department's own releases about problems it is tackling (专项整治, 典型案例) read negative
   * and come from weighty sources; without this they climbed from a rule's blue to orange.
   */
  modelCalm: number;
  /** Negative-sentiment score from which a flagged mention goes one level up. */
  negative: number;
  /** Source weight from which a flagged mention goes one level up (official and central media). */
  weight: number;
  /** Reposts from which a flagged mention goes one level up. */
  reposts: number;
  /** Reposts from which it goes one more level up. */
  viral: number;
}

export const defaultDecisionSettings: DecisionSettings = { modelFlag: 0.8, modelHigh: 0.95, modelCalm: 0.1, negative: 0.8, weight: 1.5, reposts: 10, viral: 50 };

export interface DecisionInput {
  /** Levels of the rules that matched (any order). */
  ruleLevels: readonly Level[];
  /** Probability that the mention needs a response; null without a needs-response model. */
  responseProbability: number | null;
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number };
  sourceWeight: number;
  reposts: number;
}

/** The steps of the table above, as explanations record them (the board words each). */
export const reasonCodes = ['rule', 'model', 'model-high', 'model-calm', 'negative', 'reach', 'viral'] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export interface Decision {
  flagged: boolean;
  level: Level | null;
  /** The steps that set or raised the level, in order. */
  reasons: ReasonCode[];
}

const rank = (level: Level) => levels.indexOf(level);
const up = (level: Level, steps: number): Level => levels[Math.min(levels.length - 1, rank(level) + steps)]!;

export function decide(input: DecisionInput, s: DecisionSettings): Decision {
  const reasons: ReasonCode[] = [];
  const p = input.responseProbability;
  let level: Level | null = null;
  if (input.ruleLevels.length) {
    level = input.ruleLevels.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    reasons.push('rule');
    if (p !== null && p >= s.modelHigh) {
      level = up(level, 1);
      reasons.push('model-high');
    }
  } else if (p !== null && p >= s.modelFlag) {
    level = p >= s.modelHigh ? 'yellow' : 'blue';
    reasons.push('model');
  }
  if (level === null) return { flagged: false, level: null, reasons };
  if (p !== null && p < s.modelCalm) {
    reasons.push('model-calm');
    return { flagged: true, level, reasons };
  }

  if (input.sentiment.label === 'negative' && input.sentiment.score >= s.negative) {
    level = up(level, 1);
    reasons.push('negative');
  }
  if (input.sourceWeight >= s.weight || input.reposts >= s.reposts) {
    level = up(level, 1);
    reasons.push('reach');
  }
  if (input.reposts >= s.viral) {
    level = up(level, 1);
    reasons.push('viral');
  }
  return { flagged: true, level, reasons };
}
