import { describe, expect, it } from 'vitest';
import { decide, defaultDecisionSettings as s, type DecisionInput } from './decision.ts';

const neutral = { label: 'neutral', score: 0.5 } as const;
const base: DecisionInput = { ruleLevels: [], responseProbability: null, sentiment: neutral, sourceWeight: 1, reposts: 0 };

describe('decide', () => {
  it.each<[string, Partial<DecisionInput>, ReturnType<typeof decide>]>([
    ['nothing matched, no model', {}, { flagged: false, level: null, reasons: [] }],
    ['nothing matched, model unsure', { responseProbability: 0.79 }, { flagged: false, level: null, reasons: [] }],
    ['model alone at the flag threshold', { responseProbability: 0.8 }, { flagged: true, level: 'blue', reasons: ['model'] }],
    ['model alone, confident', { responseProbability: 0.97 }, { flagged: true, level: 'yellow', reasons: ['model'] }],
    ['the highest rule level wins', { ruleLevels: ['blue', 'orange', 'yellow'] }, { flagged: true, level: 'orange', reasons: ['rule'] }],
    ['a confident model raises a rule', { ruleLevels: ['blue'], responseProbability: 0.96 }, { flagged: true, level: 'yellow', reasons: ['rule', 'model-high'] }],
    ['an unsure model leaves a rule as it is', { ruleLevels: ['blue'], responseProbability: 0.2 }, { flagged: true, level: 'blue', reasons: ['rule'] }],
    ['a model sure of no response holds a rule against tone and reach', { ruleLevels: ['blue'], responseProbability: 0.05, sentiment: { label: 'negative', score: 0.9 }, sourceWeight: 1.5, reposts: 60 }, { flagged: true, level: 'blue', reasons: ['rule', 'model-calm'] }],
    ['a model sure of no response still leaves the rule flagged, at its level', { ruleLevels: ['red'], responseProbability: 0.01 }, { flagged: true, level: 'red', reasons: ['rule', 'model-calm'] }],
    ['at the calm threshold tone and reach raise again', { ruleLevels: ['blue'], responseProbability: 0.1, sentiment: { label: 'negative', score: 0.9 }, sourceWeight: 1.5 }, { flagged: true, level: 'orange', reasons: ['rule', 'negative', 'reach'] }],
    ['strongly negative raises', { ruleLevels: ['blue'], sentiment: { label: 'negative', score: 0.9 } }, { flagged: true, level: 'yellow', reasons: ['rule', 'negative'] }],
    ['mildly negative does not', { ruleLevels: ['blue'], sentiment: { label: 'negative', score: 0.7 } }, { flagged: true, level: 'blue', reasons: ['rule'] }],
    ['official media raise', { ruleLevels: ['yellow'], sourceWeight: 1.5 }, { flagged: true, level: 'orange', reasons: ['rule', 'reach'] }],
    ['reposts raise once', { ruleLevels: ['blue'], reposts: 10 }, { flagged: true, level: 'yellow', reasons: ['rule', 'reach'] }],
    ['a viral story raises twice', { ruleLevels: ['blue'], reposts: 50 }, { flagged: true, level: 'orange', reasons: ['rule', 'reach', 'viral'] }],
    ['never past red', { ruleLevels: ['red'], reposts: 80, sentiment: { label: 'negative', score: 0.99 } }, { flagged: true, level: 'red', reasons: ['rule', 'negative', 'reach', 'viral'] }],
    ['tone and reach alone flag nothing', { sentiment: { label: 'negative', score: 0.99 }, reposts: 500, sourceWeight: 3 }, { flagged: false, level: null, reasons: [] }],
  ])('%s', (_label, input, expected) => {
    expect(decide({ ...base, ...input }, s)).toEqual(expected);
  });
});
