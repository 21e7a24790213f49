import type { Db } from '../db/knex.ts';
import { fromDbBool, fromDbJson, fromDbTime, toDbTime } from '../db/values.ts';
import type { QuotaRule } from './quota.ts';
import type { EventKind, EventStatus, Person, PersonInput, PressEventInput, Speaker, SpeakerRole, StoredPressEvent } from './press.ts';

type Row = Record<string, unknown>;

const toPerson = (r: Row): Person => ({
  id: Number(r.id),
  name: String(r.name),
  role: r.role as SpeakerRole,
  title: String(r.title ?? ''),
  active: fromDbBool(r.active),
});

const toEvent = (r: Row, speakers: Speaker[]): StoredPressEvent => ({
  id: Number(r.id),
  kind: r.kind as EventKind,
  title: String(r.title),
  startsAt: fromDbTime(r.starts_at),
  status: r.status as EventStatus,
  organiser: String(r.organiser ?? ''),
  location: String(r.location ?? ''),
  topics: fromDbJson<string[]>(r.topics, []),
  keywords: fromDbJson<string[]>(r.keywords, []),
  materials: fromDbJson(r.materials, []),
  notes: String(r.notes ?? ''),
  coverageDays: Number(r.coverage_days),
  speakers,
  importKey: r.import_key === null || r.import_key === undefined ? null : String(r.import_key),
  createdAt: fromDbTime(r.created_at),
  updatedAt: fromDbTime(r.updated_at),
});

const eventColumns = (input: PressEventInput, now: Date): Row => ({
  kind: input.kind,
  title: input.title,
  starts_at: toDbTime(input.start),
  status: input.status,
  organiser: input.organiser,
  location: input.location,
  topics: JSON.stringify(input.topics),
  keywords: JSON.stringify(input.keywords),
  materials: JSON.stringify(input.materials),
  notes: input.notes,
  coverage_days: input.coverageDays,
  updated_at: toDbTime(now),
});

/** The only place that reads and writes people and press events. */
export class PressStore {
  constructor(private readonly db: Db) {}

  // People

  async listPeople(): Promise<Person[]> {
    return (await this.db('people').orderBy('id')).map(toPerson);
  }

  /** Adds a person or updates the one with the same name; returns the stored person and whether it is new. */
  async upsertPerson(input: PersonInput, now: Date): Promise<{ person: Person; created: boolean }> {
    return this.db.transaction(async (trx) => {
      const existing = await trx('people').where({ name: input.name }).first();
      if (existing) {
        await trx('people').where({ id: existing.id }).update({ role: input.role, title: input.title, active: input.active, updated_at: toDbTime(now) });
        return { person: toPerson(await trx('people').where({ id: existing.id }).first()), created: false };
      }
      const [row] = await trx('people')
        .insert({ name: input.name, role: input.role, title: input.title, active: input.active, created_at: toDbTime(now), updated_at: toDbTime(now) })
        .returning('*');
      return { person: toPerson(row as Row), created: true };
    });
  }

  // Events

  /** Events starting in [from, to), oldest first; every event when no range is given. */
  async listEvents(range: { from?: Date; to?: Date } = {}): Promise<StoredPressEvent[]> {
    const q = this.db('press_events').orderBy([{ column: 'starts_at' }, { column: 'id' }]);
    if (range.from) q.where('starts_at', '>=', toDbTime(range.from));
    if (range.to) q.where('starts_at', '<', toDbTime(range.to));
    return this.withSpeakers(await q);
  }

  async getEvent(id: number): Promise<StoredPressEvent | null> {
    const row = await this.db('press_events').where({ id }).first();
    return row ? (await this.withSpeakers([row]))[0]! : null;
  }

  /**
   * Creates an event, or updates the one imported before under the same import key (then its
   * speakers are replaced). With `id`, updates that event (null when it does not exist). Speakers
   * are linked to known people by name. One transaction.
   */
  async saveEvent(input: PressEventInput, now: Date, id?: number): Promise<{ event: StoredPressEvent; created: boolean } | null> {
    const saved = await this.db.transaction(async (trx) => {
      const columns = eventColumns(input, now);
      let existingId = id ?? null;
      if (existingId === null && input.id) {
        const row = await trx('press_events').where({ import_key: input.id }).first('id');
        existingId = row ? Number(row.id) : null;
      }
      let eventId: number;
      if (existingId !== null) {
        const count = await trx('press_events').where({ id: existingId }).update(columns);
        if (!count) return null;
        eventId = existingId;
        await trx('press_event_speakers').where({ event_id: eventId }).delete();
      } else {
        const [row] = await trx('press_events')
          .insert({ ...columns, import_key: input.id ?? null, created_at: toDbTime(now) })
          .returning('id');
        eventId = Number((row as Row).id);
      }
      if (input.speakers.length) {
        const people = await trx('people').whereIn('name', input.speakers.map((s) => s.name)).select('id', 'name');
        const byName = new Map(people.map((p: Row) => [String(p.name), Number(p.id)]));
        await trx('press_event_speakers').insert(
          input.speakers.map((s, position) => ({ event_id: eventId, person_id: byName.get(s.name) ?? null, name: s.name, role: s.role, position })),
        );
      }
      return { eventId, created: existingId === null };
    });
    if (!saved) return null;
    return { event: (await this.getEvent(saved.eventId))!, created: saved.created };
  }

  /** Changes only an event's status (held, cancelled, postponed …); null when there is no such event. */
  async setEventStatus(id: number, status: EventStatus, now: Date): Promise<StoredPressEvent | null> {
    const count = await this.db('press_events').where({ id }).update({ status, updated_at: toDbTime(now) });
    return count ? this.getEvent(id) : null;
  }

  async deleteEvent(id: number): Promise<boolean> {
    return (await this.db('press_events').where({ id }).delete()) > 0;
  }

  // Quota rules

  /** The quota rules in their order. */
  async listQuotaRules(): Promise<QuotaRule[]> {
    const rows = await this.db('quota_rules').orderBy([{ column: 'position' }, { column: 'id' }]);
    return rows.map((r: Row) => ({
      id: String(r.id),
      name: String(r.name),
      period: r.period as QuotaRule['period'],
      minimum: Number(r.minimum),
      filter: fromDbJson<QuotaRule['filter']>(r.filter, { kinds: [] }),
      enabled: fromDbBool(r.enabled),
    }));
  }

  /** Replaces the whole rule set in one transaction (rules are edited as a set, like the file they come from). */
  async replaceQuotaRules(rules: readonly QuotaRule[], now: Date): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('quota_rules').delete();
      if (!rules.length) return;
      await trx('quota_rules').insert(
        rules.map((r, position) => ({ id: r.id, name: r.name, period: r.period, minimum: r.minimum, filter: JSON.stringify(r.filter), enabled: r.enabled, position, updated_at: toDbTime(now) })),
      );
    });
  }

  private async withSpeakers(rows: Row[]): Promise<StoredPressEvent[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => Number(r.id));
    const speakers = new Map<number, Speaker[]>();
    // In chunks: SQLite allows a limited number of bound parameters per statement.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = await this.db('press_event_speakers').whereIn('event_id', ids.slice(i, i + 500)).orderBy(['event_id', 'position']);
      for (const s of chunk) {
        const list = speakers.get(Number(s.event_id)) ?? [];
        list.push({ personId: s.person_id === null ? null : Number(s.person_id), name: String(s.name), role: s.role as SpeakerRole });
        speakers.set(Number(s.event_id), list);
      }
    }
    return rows.map((r) => toEvent(r, speakers.get(Number(r.id)) ?? []));
  }
}
