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
});
