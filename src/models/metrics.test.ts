import { describe, expect, it } from 'vitest';
import { computeMetrics } from './metrics.ts';

describe('computeMetrics', () => {
  it('matches a hand-computed three-label example', () => {
    // actual:    a a a b b c
    // predicted: a a b b c c
    // a: tp 2, predicted as a 2, support 3 → P 1, R 2/3, F1 0.8
    // b: tp 1, predicted as b 2, support 2 → P 1/2, R 1/2, F1 1/2
    // c: tp 1, predicted as c 2, support 1 → P 1/2, R 1, F1 2/3
    const m = computeMetrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c'], ['a', 'b', 'c']);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.count).toBe(6);
    expect(m.perLabel.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(m.perLabel.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perLabel.c!.precision).toBe(0.5);
    expect(m.perLabel.c!.recall).toBe(1);
    expect(m.perLabel.c!.f1).toBeCloseTo(2 / 3);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
    expect(m.confusion).toEqual({ a: { a: 2, b: 1, c: 0 }, b: { a: 0, b: 1, c: 1 }, c: { a: 0, b: 0, c: 1 } });
  });

  it('counts a label never predicted as precision 0, and a predicted label with no texts as recall 0', () => {
    // actual:    x x y y
    // predicted: x x x z   (z is not a true label; y is never predicted)
    const m = computeMetrics(['x', 'x', 'y', 'y'], ['x', 'x', 'x', 'z'], ['x', 'y']);
    expect(m.accuracy).toBe(0.5);
    expect(m.perLabel.x).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, support: 2 });
    expect(m.perLabel.y).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(m.perLabel.z).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.confusion.y).toEqual({ x: 1, y: 0, z: 1 });
    expect(m.macroF1).toBeCloseTo(0.8 / 3);
  });

  it('handles the binary case and empty input', () => {
    // tp 3 fn 1 fp 1 tn 5 for "pos"
    const actual = ['pos', 'pos', 'pos', 'pos', 'neg', 'neg', 'neg', 'neg', 'neg', 'neg'];
    const predicted = ['pos', 'pos', 'pos', 'neg', 'pos', 'neg', 'neg', 'neg', 'neg', 'neg'];
    const m = computeMetrics(actual, predicted);
    expect(m.accuracy).toBe(0.8);
    expect(m.perLabel.pos).toMatchObject({ precision: 0.75, recall: 0.75, support: 4 });
    expect(m.perLabel.neg!.precision).toBeCloseTo(5 / 6);
    expect(m.perLabel.neg!.recall).toBeCloseTo(5 / 6);
    expect(computeMetrics([], [])).toEqual({ accuracy: 0, macroF1: 0, perLabel: {}, confusion: {}, count: 0 });
    expect(() => computeMetrics(['a'], [])).toThrow(/length/);
  });
});
