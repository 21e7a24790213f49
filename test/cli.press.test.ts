import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PressStore } from '../src/press/press.store.ts';
import { runCli } from './helpers/cli.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';

let db: TestDb;
let dir: string;
beforeAll(async () => {
  db = await createTestDb();
  dir = db.dataDir;
});
afterAll(async () => db?.close());

const write = (name: string, lines: unknown[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
};

const events = [
  { id: 'ev-1', kind: 'own-conference', start: '2026-03-31T23:30:00+08:00', status: 'held', title: '一季度新闻发布会', speakers: [{ name: '李明', role: 'head' }] },
  { id: 'ev-2', kind: 'provincial-conference', start: '2026-06-10T10:00:00+08:00', status: 'held', title: '省政府新闻办发布会', speakers: [{ name: '张伟', role: 'leader' }] },
  { id: 'ev-3', kind: 'briefing', start: '2026-12-20T15:00:00+08:00', status: 'planned', title: '吹风会', speakers: [] },
];

describe('huiying events import / people import', () => {
  it('imports people, then events linked to them; importing again updates instead of duplicating', async () => {
    const people = write('people.jsonl', [{ name: '李明', role: 'head', title: '厅长' }, { name: '张伟', role: 'leader', title: '副厅长' }]);
    const p = await runCli(['people', 'import', '--in', people], db.env);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('2 new');

    const file = write('events.jsonl', events);
    const first = await runCli(['events', 'import', '--in', file], db.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('3 new, 0 updated');
    const again = await runCli(['events', 'import', '--in', write('events2.jsonl', [{ ...events[2], status: 'cancelled' }])], db.env);
    expect(again.stdout).toContain('0 new, 1 updated');

    const stored = await new PressStore(db.db).listEvents();
    expect(stored.map((e) => [e.title, e.status, e.startsAt.toISOString()])).toEqual([
      ['一季度新闻发布会', 'held', '2026-03-31T15:30:00.000Z'],
      ['省政府新闻办发布会', 'held', '2026-06-10T02:00:00.000Z'],
      ['吹风会', 'cancelled', '2026-12-20T07:00:00.000Z'],
    ]);
    expect(stored[0]!.speakers[0]!.personId).not.toBeNull();
    const out = path.join(dir, 'press.ics');
    const ics = await runCli(['events', 'ics', '--out', out], db.env);
    expect(ics.code, ics.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR(\r\n)?$/);
  });

  it('reports every bad line with its number and imports nothing from that file', async () => {
    const file = write('bad.jsonl', [events[0], 'not json', { ...events[1], kind: 'party', start: '2026-06-10 10:00' }, { ...events[2], id: 'ev-new' }]);
    const r = await runCli(['events', 'import', '--in', file], db.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing imported');
    expect(r.stderr).toContain('bad.jsonl:2: not JSON');
    expect(r.stderr).toMatch(/bad\.jsonl:3: kind: /);
    expect(r.stderr).toMatch(/bad\.jsonl:3: start: .*offset/);
    expect((await new PressStore(db.db).listEvents()).some((e) => e.importKey === 'ev-new')).toBe(false);
    const missing = await runCli(['events', 'import', '--in', path.join(dir, 'nope.jsonl')], db.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read (ENOENT)');
  });

  it('quota status --at shows every rule for the periods containing that instant, with the events that count', async () => {
    const ids = Object.fromEntries((await new PressStore(db.db).listEvents()).map((e) => [e.importKey, e.id]));
    const r = await runCli(['quota', 'status', '--at', '2026-03-31T23:59:00+08:00', '--json'], db.env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { statuses: { ruleId: string; period: { name: string }; required: number; counted: number; state: string; countedEvents: { id: number }[] }[] };
    expect(report.statuses.map((s) => [s.ruleId, s.period.name, s.required, s.counted, s.state, s.countedEvents.map((e) => e.id)])).toEqual([
      ['own-quarterly', '2026Q1', 1, 1, 'met', [ids['ev-1']]],
      ['own-yearly', '2026', 4, 1, 'pending', [ids['ev-1']]],
      // ev-2 is recorded as held, but on 10 June: seen from 31 March it is still ahead.
      ['leader-half-yearly', '2026H1', 1, 0, 'on-track', []],
      ['leader-yearly', '2026', 2, 0, 'pending', []],
      ['head-yearly', '2026', 1, 0, 'pending', []],
    ]);

    const table = await runCli(['quota', 'status', '--at', '2026-12-10T00:00:00+08:00'], db.env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/own-quarterly\s+2026Q4\s+1\s+0\s+at-risk\s+22/);
    expect(table.stdout).toMatch(/leader-yearly\s+2026\s+2\s+1\s+at-risk/);
    expect(table.stdout).toContain('! 2026H2「厅领导每半年至少出席1次省政府新闻办新闻发布会」有风险');

    const bad = await runCli(['quota', 'status', '--at', '2026-12-10 00:00'], db.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('offset');
  });

  it('quota rules --in replaces the rule set from a file, and refuses an invalid one', async () => {
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, JSON.stringify({ rules: [{ id: 'own-monthly', name: '每季度3次', period: 'quarter', minimum: 3, filter: { kinds: ['own-conference'] } }] }));
    const r = await runCli(['quota', 'rules', '--in', file], db.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('own-monthly');
    const status = JSON.parse((await runCli(['quota', 'status', '--at', '2026-03-31T23:59:00+08:00', '--json'], db.env)).stdout);
    expect(status.statuses.map((s: { ruleId: string; counted: number }) => [s.ruleId, s.counted])).toEqual([['own-monthly', 1]]);
    fs.writeFileSync(file, JSON.stringify({ rules: [{ id: 'x', name: 'x', period: 'month', minimum: 0, filter: { kinds: [] } }] }));
    const bad = await runCli(['quota', 'rules', '--in', file], db.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/rules\.0\.period/);
  });
});
