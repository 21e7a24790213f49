import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysLeft, inPeriod, parsePeriod, periodLabel, periodOf, periodsContaining, shiftPeriod, periodKinds } from './periods.ts';

// Instants from 1990 to 2100, at millisecond resolution.
const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
const kind = fc.constantFrom(...periodKinds);

describe('periods in Beijing time (the server runs in any zone)', () => {
  it.each([
    ['2026-03-31T15:30:00Z', '2026Q1', '2026H1', '2026'], // 23:30 on 31 March in Beijing
    ['2026-03-31T16:00:00Z', '2026Q2', '2026H1', '2026'], // 00:00 on 1 April in Beijing
    ['2026-06-30T15:59:59.999Z', '2026Q2', '2026H1', '2026'],
    ['2026-06-30T16:00:00Z', '2026Q3', '2026H2', '2026'],
    ['2026-12-31T15:59:59.999Z', '2026Q4', '2026H2', '2026'],
    ['2026-12-31T16:00:00Z', '2027Q1', '2027H1', '2027'], // New Year in Beijing, still 31 December in UTC
    ['2025-12-31T20:00:00-05:00', '2026Q1', '2026H1', '2026'], // an offset elsewhere
  ])('%s is in %s, %s and %s', (iso, quarter, half, year) => {
    const p = periodsContaining(new Date(iso));
    expect([p.quarter.name, p.half.name, p.year.name]).toEqual([quarter, half, year]);
  });

  it('starts and ends periods at midnight Beijing time', () => {
    const q = parsePeriod('2026Q4');
    expect([q.start.toISOString(), q.end.toISOString()]).toEqual(['2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(parsePeriod('2026h2').name).toBe('2026H2');
    expect(parsePeriod('2026').end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('refuses what is not a period', () => {
    for (const bad of ['2026Q5', '2026Q0', '2026H3', '26Q1', 'Q1', '2026-Q1', '']) expect(() => parsePeriod(bad), bad).toThrow(RangeError);
  });

  it('labels periods in Chinese', () => {
    expect(['2026Q4', '2026H1', '2026H2', '2026'].map((n) => periodLabel(parsePeriod(n)))).toEqual(['2026年第四季度', '2026年上半年', '2026年下半年', '2026年']);
  });

  it('counts days left upwards, and none once the period has ended', () => {
    const q = parsePeriod('2026Q4');
    expect(daysLeft(q, new Date('2026-12-31T15:00:00Z'))).toBe(1);
    expect(daysLeft(q, new Date('2026-12-01T16:00:00Z'))).toBe(30);
    expect(daysLeft(q, new Date('2027-02-01T00:00:00Z'))).toBe(0);
  });
});

describe('period properties (fast-check)', () => {
  it('every instant lies in the period of each kind computed for it, and in no neighbour', () => {
    fc.assert(
      fc.property(instant, kind, (t, k) => {
        const p = periodOf(k, t);
        return inPeriod(p, t) && !inPeriod(shiftPeriod(p, -1), t) && !inPeriod(shiftPeriod(p, 1), t);
      }),
      { numRuns: 2000 },
    );
  });

  it('periods tile time: each ends where the next starts, and names round-trip', () => {
    fc.assert(
      fc.property(instant, kind, (t, k) => {
        const p = periodOf(k, t);
        const next = shiftPeriod(p, 1);
        const parsed = parsePeriod(p.name);
        return next.start.getTime() === p.end.getTime() && parsed.start.getTime() === p.start.getTime() && parsed.end.getTime() === p.end.getTime() && periodOf(k, new Date(p.end.getTime() - 1)).name === p.name;
      }),
      { numRuns: 2000 },
    );
  });

  it('quarters nest in halves and halves in years', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const { quarter, half, year } = periodsContaining(t);
        return half.start <= quarter.start && quarter.end <= half.end && year.start <= half.start && half.end <= year.end && quarter.name.startsWith(year.name);
      }),
      { numRuns: 2000 },
    );
  });
});
