import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from './periods.ts';
import type { EventKind, EventStatus, SpeakerRole } from './press.ts';
import { loadQuotaRules, quotaHistory, quotaReminders, quotaRuleSetSchema, quotaStatus, ruleStatus, type QuotaEvent, type QuotaRule } from './quota.ts';

const rules = loadQuotaRules();
const rule = (id: string) => rules.find((r) => r.id === id)!;

let nextId = 1;
function ev(start: string, kind: EventKind, status: EventStatus = 'held', roles: SpeakerRole[] = []): QuotaEvent {
  return { id: nextId++, kind, startsAt: new Date(start), status, speakers: roles.map((role) => ({ role })) };
}
const own = (start: string, status: EventStatus = 'held') => ev(start, 'own-conference', status, ['spokesperson']);
const provincial = (start: string, roles: SpeakerRole[], status: EventStatus = 'held') => ev(start, 'provincial-conference', status, roles);

/** state per rule id, for compact expectations. */
const states = (statuses: ReturnType<typeof quotaStatus>) => Object.fromEntries(statuses.map((s) => [s.ruleId, `${s.period.name} ${s.state} ${s.counted}/${s.required}`]));

describe('the directive’s default rules', () => {
  it('ships the five rules with their ids, periods and minimums', () => {
    expect(rules.map((r) => [r.id, r.period, r.minimum])).toEqual([
      ['own-quarterly', 'quarter', 1],
      ['own-yearly', 'year', 4],
      ['leader-half-yearly', 'half', 1],
      ['leader-yearly', 'year', 2],
      ['head-yearly', 'year', 1],
    ]);
  });

  it('a full year done right: one own conference a quarter, leaders twice, the head once', () => {
    const year = [
      own('2026-03-20T10:00:00+08:00'),
      own('2026-06-18T10:00:00+08:00'),
      own('2026-09-10T10:00:00+08:00'),
      own('2026-12-15T10:00:00+08:00'),
      provincial('2026-05-12T10:00:00+08:00', ['leader', 'spokesperson']),
      provincial('2026-11-03T10:00:00+08:00', ['head']),
    ];
    const end = new Date('2026-12-31T12:00:00+08:00');
    expect(states(quotaStatus(rules, year, end))).toEqual({
      'own-quarterly': '2026Q4 met 1/1',
      'own-yearly': '2026 met 4/4',
      'leader-half-yearly': '2026H2 met 1/1',
      'leader-yearly': '2026 met 2/2', // the head's appearance counts as a leader's
      'head-yearly': '2026 met 1/1',
    });
    const history = quotaHistory(rules, year, parsePeriod('2026').start, parsePeriod('2026').end, new Date('2027-01-05T00:00:00Z'));
    expect(history.filter((s) => s.ruleId === 'own-quarterly').map((s) => `${s.period.name} ${s.state}`)).toEqual(['2026Q1 met', '2026Q2 met', '2026Q3 met', '2026Q4 met']);
    expect(history.filter((s) => s.ruleId === 'leader-half-yearly').map((s) => `${s.period.name} ${s.state}`)).toEqual(['2026H1 met', '2026H2 met']);
  });

  it('a year with nothing held: every rule missed at the end, every period missed in the history', () => {
    const after = new Date('2027-01-01T00:00:00+08:00');
    const history = quotaHistory(rules, [], parsePeriod('2026').start, parsePeriod('2026').end, after);
    expect(history).toHaveLength(4 + 1 + 2 + 1 + 1);
    expect(new Set(history.map((s) => s.state))).toEqual(new Set(['missed']));
    expect(quotaReminders(history).map((r) => r.message)[0]).toBe('2026Q1「本部门每季度至少举行1次新闻发布会」未完成：要求1次，实际0次。');
  });

  it('counts an event at 23:30 Beijing time on 31 March for Q1, whatever the server’s zone', () => {
    const late = own('2026-03-31T23:30:00+08:00'); // 15:30 UTC
    const q1 = ruleStatus(rule('own-quarterly'), parsePeriod('2026Q1'), [late], new Date('2026-04-02T00:00:00Z'));
    expect(q1.state).toBe('met');
    const q2 = ruleStatus(rule('own-quarterly'), parsePeriod('2026Q2'), [late], new Date('2026-04-02T00:00:00Z'));
    expect(q2.counted).toBe(0);
    const newYear = own('2027-01-01T00:10:00+08:00'); // still 2026 in UTC
    expect(ruleStatus(rule('own-yearly'), parsePeriod('2026'), [newYear], new Date('2027-01-02T00:00:00Z')).counted).toBe(0);
    expect(ruleStatus(rule('own-yearly'), parsePeriod('2027'), [newYear], new Date('2027-01-02T00:00:00Z')).counted).toBe(1);
  });

  it('seen from a past instant, an event recorded as held later is still planned', () => {
    const june = own('2026-06-18T10:00:00+08:00');
    const before = ruleStatus(rule('own-quarterly'), parsePeriod('2026Q2'), [june], new Date('2026-05-01T00:00:00+08:00'));
    expect(before).toMatchObject({ counted: 0, plannedEventIds: [june.id], state: 'on-track' });
    expect(ruleStatus(rule('own-quarterly'), parsePeriod('2026Q2'), [june], new Date('2026-06-19T00:00:00+08:00')).state).toBe('met');
  });

  it('never counts cancelled or postponed events; a past planned event is listed to confirm', () => {
    const events = [own('2026-11-10T10:00:00+08:00', 'cancelled'), own('2026-11-20T10:00:00+08:00', 'postponed'), own('2026-11-25T10:00:00+08:00', 'planned')];
    const s = ruleStatus(rule('own-quarterly'), parsePeriod('2026Q4'), events, new Date('2026-11-28T10:00:00+08:00'));
    expect(s).toMatchObject({ counted: 0, countedEventIds: [], plannedEventIds: [], unconfirmedEventIds: [events[2]!.id], state: 'pending', daysLeft: 34 });
  });

  it('a leader who is also the head counts for both rules; a spokesperson for neither', () => {
    const both = provincial('2026-04-10T10:00:00+08:00', ['head']);
    const spokesperson = provincial('2026-05-10T10:00:00+08:00', ['spokesperson']);
    const at = new Date('2026-05-20T00:00:00+08:00');
    const s = states(quotaStatus(rules, [both, spokesperson], at));
    expect(s['leader-half-yearly']).toBe('2026H1 met 1/1');
    expect(s['leader-yearly']).toBe('2026 pending 1/2');
    expect(s['head-yearly']).toBe('2026 met 1/1');
    // A department leader alone does not count for the head's rule.
    expect(ruleStatus(rule('head-yearly'), parsePeriod('2026'), [provincial('2026-04-10T10:00:00+08:00', ['leader'])], at).counted).toBe(0);
    // The provincial office's conference is not the department's own.
    expect(ruleStatus(rule('own-quarterly'), parsePeriod('2026Q2'), [both], at).counted).toBe(0);
  });

  it.each([
    // now, events → state of own-quarterly in 2026Q4
    ['2026-10-05T00:00:00+08:00', [], 'pending'],
    ['2026-12-05T00:00:00+08:00', [], 'at-risk'], // 27 days left ≤ 30
    ['2026-12-05T00:00:00+08:00', [['2026-12-20T10:00:00+08:00', 'planned']], 'on-track'],
    ['2026-12-21T00:00:00+08:00', [['2026-12-20T10:00:00+08:00', 'planned']], 'at-risk'], // its day passed, not recorded as held
    ['2026-12-21T00:00:00+08:00', [['2026-12-20T10:00:00+08:00', 'held']], 'met'],
    ['2027-01-01T00:00:00+08:00', [['2026-12-20T10:00:00+08:00', 'cancelled']], 'missed'],
  ] as const)('at %s with %j: %s', (now, list, state) => {
    const events = list.map(([start, status]) => own(start, status));
    expect(ruleStatus(rule('own-quarterly'), parsePeriod('2026Q4'), events, new Date(now)).state).toBe(state);
  });

  it('reminds of at-risk and missed rules only', () => {
    const at = new Date('2026-12-05T00:00:00+08:00');
    const reminders = quotaReminders(quotaStatus(rules, [own('2026-11-01T10:00:00+08:00')], at));
    expect(reminders.map((r) => `${r.ruleId} ${r.state}`)).toEqual(['own-yearly at-risk', 'leader-half-yearly at-risk', 'leader-yearly at-risk', 'head-yearly at-risk']);
    expect(reminders[0]!.message).toContain('距期末27天');
  });
});

describe('rule sets as data', () => {
  it('lets another department change the rules without code, and rejects nonsense', () => {
    const custom = quotaRuleSetSchema.parse({ rules: [{ id: 'monthly', name: '每季度3次', period: 'quarter', minimum: 3, filter: { kinds: ['own-conference'] } }] });
    const events = [own('2026-10-10T10:00:00+08:00'), own('2026-11-10T10:00:00+08:00')];
    expect(quotaStatus(custom.rules, events, new Date('2026-11-28T00:00:00+08:00'))[0]).toMatchObject({ counted: 2, required: 3, state: 'pending' });
    for (const bad of [
      { rules: [] },
      { rules: [{ id: 'X Y', name: 'a', period: 'quarter', minimum: 1, filter: { kinds: ['own-conference'] } }] },
      { rules: [{ id: 'a', name: 'a', period: 'month', minimum: 1, filter: { kinds: ['own-conference'] } }] },
      { rules: [{ id: 'a', name: 'a', period: 'year', minimum: 0, filter: { kinds: ['own-conference'] } }] },
      { rules: [{ id: 'a', name: 'a', period: 'year', minimum: 1, filter: { kinds: [] } }] },
      { rules: [1, 2].map(() => ({ id: 'a', name: 'a', period: 'year', minimum: 1, filter: { kinds: ['briefing'] } })) },
    ]) {
      expect(quotaRuleSetSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('filters by organiser when a rule names one', () => {
    const custom = quotaRuleSetSchema.parse({
      rules: [{ id: 'office', name: '省政府新闻办发布会', period: 'year', minimum: 1, filter: { kinds: ['provincial-conference'], speakerRoles: ['leader'], organiser: '省政府新闻办' } }],
    });
    const at = new Date('2026-11-28T00:00:00+08:00');
    const other = { ...provincial('2026-05-10T10:00:00+08:00', ['leader']), organiser: '省委宣传部' };
    const office = { ...provincial('2026-06-10T10:00:00+08:00', ['head']), organiser: ' 省政府新闻办 ' };
    const unknown = provincial('2026-07-10T10:00:00+08:00', ['leader']); // no organiser recorded
    expect(quotaStatus(custom.rules, [other, office, unknown], at)[0]).toMatchObject({ counted: 1, countedEventIds: [office.id], state: 'met' });
    // Rules without an organiser ignore it.
    expect(ruleStatus(rule('leader-yearly'), parsePeriod('2026'), [other, office, unknown], at).counted).toBe(3);
    expect(quotaRuleSetSchema.safeParse({ rules: [{ ...custom.rules[0], filter: { kinds: ['briefing'], organiser: '  ' } }] }).success).toBe(false);
  });

  it('counts the same events however they are ordered, and never more than exist (fast-check)', () => {
    const event = fc.record({
      day: fc.integer({ min: 0, max: 3 * 365 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      kind: fc.constantFrom<EventKind>('own-conference', 'provincial-conference', 'briefing', 'interview'),
      status: fc.constantFrom<EventStatus>('planned', 'held', 'cancelled', 'postponed'),
      role: fc.constantFrom<SpeakerRole>('head', 'leader', 'spokesperson', 'other'),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 0, max: 3 * 365 }), (list, nowDay) => {
        const base = Date.parse('2025-01-01T00:00:00+08:00');
        const events = list.map((e, i): QuotaEvent => ({ id: i + 1, kind: e.kind, status: e.status, startsAt: new Date(base + e.day * 86_400_000 + e.minute * 60_000), speakers: [{ role: e.role }] }));
        const now = new Date(base + nowDay * 86_400_000);
        const forward = quotaStatus(rules as QuotaRule[], events, now);
        const backward = quotaStatus(rules as QuotaRule[], [...events].reverse(), now);
        const held = events.filter((e) => e.status === 'held').length;
        return forward.every((s, i) => s.counted === backward[i]!.counted && s.state === backward[i]!.state && s.counted <= held && s.countedEventIds.every((id) => events[id - 1]!.status === 'held'));
      }),
      { numRuns: 500 },
    );
  });
});
