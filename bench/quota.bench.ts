/**
 * npm run bench:quota — the quota engine over 10 rules and 10 years of events (5,000 events): every
 * rule's status for the periods containing an instant, and the full history of every period of the
 * ten years. Floor (issue 4): under 50 ms. Events are generated here (seeded), no outside data.
 */
import { parsePeriod } from '../src/press/periods.ts';
import type { EventKind, EventStatus, SpeakerRole } from '../src/press/press.ts';
import { loadQuotaRules, quotaHistory, quotaStatus, type QuotaEvent, type QuotaRule } from '../src/press/quota.ts';

let seed = 20261129;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const defaults = loadQuotaRules();
// The five defaults and five variations a department might add, ten in all.
const rules: QuotaRule[] = [
  ...defaults,
  ...defaults.map((r) => ({ ...r, id: `${r.id}-strict`, minimum: r.minimum + 1, filter: { ...r.filter, kinds: [...r.filter.kinds, 'interview' as const] } })),
];
const start = Date.parse('2017-01-01T00:00:00+08:00');
const span = Date.parse('2027-01-01T00:00:00+08:00') - start;
const kinds: EventKind[] = ['own-conference', 'provincial-conference', 'briefing', 'interview', 'release'];
const statuses: EventStatus[] = ['held', 'held', 'held', 'planned', 'cancelled', 'postponed'];
const roles: SpeakerRole[] = ['head', 'leader', 'leader', 'spokesperson', 'other'];
const events: QuotaEvent[] = Array.from({ length: 5000 }, (_, i) => ({
  id: i + 1,
  kind: pick(kinds),
  status: pick(statuses),
  startsAt: new Date(start + Math.floor(random() * span)),
  speakers: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ role: pick(roles) })),
}));

const now = new Date('2026-11-29T10:00:00+08:00');
const time = (name: string, run: () => unknown, rounds = 20) => {
  run(); // warm up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: median ${times[rounds >> 1]!.toFixed(2)} ms, worst ${times[rounds - 1]!.toFixed(2)} ms (floor 50 ms)`);
};

console.log(`${rules.length} rules, ${events.length} events over 10 years`);
time('status now (10 rules, current periods)', () => quotaStatus(rules, events, now));
let periods = 0;
time('history of every period in 10 years', () => (periods = quotaHistory(rules, events, parsePeriod('2017').start, parsePeriod('2026').end, now).length));
console.log(`(${periods} rule-periods)`);
