import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { pressEventInputSchema, personInputSchema } from './press.ts';
import { PressStore } from './press.store.ts';

let t: TestDb;
let store: PressStore;
const now = new Date('2026-11-28T06:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  store = new PressStore(t.db);
});
afterAll(async () => t?.close());

const event = (fields: Record<string, unknown>) => pressEventInputSchema.parse({ kind: 'own-conference', title: '全省司法行政工作新闻发布会', start: '2026-12-18T10:00:00+08:00', ...fields });

describe('PressStore', () => {
  it('adds people and updates them by name', async () => {
    const a = await store.upsertPerson(personInputSchema.parse({ name: '李明', role: 'head', title: '厅长' }), now);
    expect(a.created).toBe(true);
    const b = await store.upsertPerson(personInputSchema.parse({ name: '李明', role: 'head', title: '党委书记、厅长' }), now);
    expect(b).toEqual({ created: false, person: { id: a.person.id, name: '李明', role: 'head', title: '党委书记、厅长', active: true } });
    expect(await store.listPeople()).toHaveLength(1);
  });

  it('stores an event with its speakers, linked to known people, and reads the instant back exactly', async () => {
    const saved = (await store.saveEvent(event({ speakers: [{ name: '李明', role: 'head' }, { name: '王芳', role: 'spokesperson' }], keywords: ['法律援助'] }), now))!;
    expect(saved.created).toBe(true);
    const e = saved.event;
    expect(e.startsAt.toISOString()).toBe('2026-12-18T02:00:00.000Z');
    expect(e.status).toBe('planned');
    expect(e.keywords).toEqual(['法律援助']);
    expect(e.speakers).toEqual([
      { personId: expect.any(Number), name: '李明', role: 'head' },
      { personId: null, name: '王芳', role: 'spokesperson' },
    ]);
  });

  it('updates instead of duplicating when the same import id comes again, and replaces the speakers', async () => {
    const first = (await store.saveEvent(event({ id: 'ext-1', title: '第一次', speakers: [{ name: '甲', role: 'leader' }] }), now))!;
    const again = (await store.saveEvent(event({ id: 'ext-1', title: '第二次', status: 'held', speakers: [{ name: '乙', role: 'leader' }] }), now))!;
    expect(again.created).toBe(false);
    expect(again.event.id).toBe(first.event.id);
    expect(again.event.title).toBe('第二次');
    expect(again.event.status).toBe('held');
    expect(again.event.speakers.map((s) => s.name)).toEqual(['乙']);
  });

  it('lists events in a time range, oldest first, and changes status', async () => {
    await store.saveEvent(event({ title: '一季度', start: '2026-03-31T23:30:00+08:00' }), now);
    const q1 = await store.listEvents({ from: new Date('2026-03-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z') });
    expect(q1).toEqual([]);
    const all = await store.listEvents();
    expect(all[0]!.title).toBe('一季度');
    const changed = await store.setEventStatus(all[0]!.id, 'cancelled', now);
    expect(changed?.status).toBe('cancelled');
    expect(await store.setEventStatus(999_999, 'held', now)).toBeNull();
    expect(await store.saveEvent(event({}), now, 999_999)).toBeNull();
    expect(await store.deleteEvent(all[0]!.id)).toBe(true);
    expect(await store.getEvent(all[0]!.id)).toBeNull();
  });
});

describe('press event input', () => {
  it('insists on an offset, so Beijing time is never guessed', () => {
    expect(() => event({ start: '2026-12-18T10:00:00' })).toThrow(/offset/);
    expect(() => event({ kind: 'party' })).toThrow();
    expect(() => event({ materials: [{ url: 'javascript:alert(1)' }] })).toThrow(/http/);
  });
});
