import { describe, expect, it } from 'vitest';
import { backoffSeconds, isDue, nextScheduledTime, scheduleNextCheck, validateSchedule } from './schedule.ts';

const backoff = { baseSeconds: 60, capSeconds: 6 * 3600 };

describe('validateSchedule', () => {
  it.each([
    ['*/10 * * * *', null],
    ['*/20 * * * * *', null],
    ['0 8,12,18 * * 1-5', null],
    ['', 'fields'],
    ['* * *', 'fields'],
    ['61 * * * *', 'not a valid'],
    ['every minute', 'fields'],
    ['* * * * * * *', 'fields'],
    ['*/5 * * 13 *', 'not a valid'],
  ])('%j -> %j', (expr, problem) => {
    const result = validateSchedule(expr);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});

describe('nextScheduledTime', () => {
  it('reads the schedule in the configured time zone', () => {
    // 08:00 Beijing time is 00:00 UTC.
    const next = nextScheduledTime('0 8 * * *', new Date('2026-03-01T01:00:00Z'), 'Asia/Shanghai');
    expect(next.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
  it('is strictly after now', () => {
    expect(nextScheduledTime('*/10 * * * *', new Date('2026-03-01T00:10:00Z'), 'UTC').toISOString()).toBe('2026-03-01T00:20:00.000Z');
  });
  it('supports a seconds field', () => {
    expect(nextScheduledTime('*/20 * * * * *', new Date('2026-03-01T00:00:05Z'), 'UTC').toISOString()).toBe('2026-03-01T00:00:20.000Z');
  });
});

describe('backoffSeconds', () => {
  it.each([
    // errors, random, expected seconds
    [1, 1, 60],
    [1, 0, 30],
    [2, 1, 120],
    [3, 1, 240],
    [8, 1, 7680],
    [9, 1, 15360],
    [10, 1, 6 * 3600],
    [500, 1, 6 * 3600],
    [500, 0, 3 * 3600],
  ])('after %i errors with random %f waits %f s', (errors, random, expected) => {
    expect(backoffSeconds(errors, backoff, random)).toBeCloseTo(expected);
  });
});

describe('scheduleNextCheck', () => {
  const now = new Date('2026-03-01T00:00:30Z');
  it('follows the schedule after a success', () => {
    const next = scheduleNextCheck({ schedule: '*/10 * * * *', timeZone: 'UTC', now, failed: false, consecutiveErrors: 3, backoff, random: 0.5 });
    expect(next.toISOString()).toBe('2026-03-01T00:10:00.000Z');
  });
  it('never retries sooner than the schedule after a failure', () => {
    const next = scheduleNextCheck({ schedule: '*/10 * * * *', timeZone: 'UTC', now, failed: true, consecutiveErrors: 1, backoff, random: 1 });
    expect(next.toISOString()).toBe('2026-03-01T00:10:00.000Z');
  });
  it('backs off beyond a frequent schedule after repeated failures, up to the cap', () => {
    const at = (errors: number) =>
      scheduleNextCheck({ schedule: '* * * * * *', timeZone: 'UTC', now, failed: true, consecutiveErrors: errors, backoff, random: 1 }).getTime() - now.getTime();
    expect(at(1)).toBe(60_000);
    expect(at(4)).toBe(480_000);
    expect(at(100)).toBe(6 * 3600 * 1000);
  });
});

describe('isDue', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  it.each([
    [true, null, true],
    [true, '2026-02-28T23:59:59Z', true],
    [true, '2026-03-01T00:00:00Z', true],
    [true, '2026-03-01T00:00:01Z', false],
    [false, null, false],
  ])('enabled=%s next=%s -> %s', (enabled, next, due) => {
    expect(isDue({ enabled, nextCheckAt: next ? new Date(next) : null }, now)).toBe(due);
  });
});
