import type { Clock } from '../shared/clock.ts';
import { notFound } from '../shared/errors.ts';
import type { EventBus } from '../shared/events.ts';
import type { EventStatus, Person, PersonInput, PressEventInput, StoredPressEvent } from './press.ts';
import type { PressStore } from './press.store.ts';

/** A press event as the board and the API show it (times as ISO strings). */
export interface PressEventView {
  id: number;
  kind: StoredPressEvent['kind'];
  title: string;
  start: string;
  status: EventStatus;
  organiser: string;
  location: string;
  topics: string[];
  keywords: string[];
  materials: StoredPressEvent['materials'];
  notes: string;
  coverageDays: number;
  speakers: StoredPressEvent['speakers'];
  importId: string | null;
  updatedAt: string;
}

/** The view of a stored event. */
export function toPressEventView(e: StoredPressEvent): PressEventView {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    start: e.startsAt.toISOString(),
    status: e.status,
    organiser: e.organiser,
    location: e.location,
    topics: e.topics,
    keywords: e.keywords,
    materials: e.materials,
    notes: e.notes,
    coverageDays: e.coverageDays,
    speakers: e.speakers,
    importId: e.importKey,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * Press events and the people who speak at them: recording, importing, changing status. Every
 * change is published as `press.event-saved` / `press.event-deleted`, so the quota panel updates live.
 */
export class PressService {
  constructor(private readonly deps: { store: PressStore; events: EventBus; clock: Clock }) {}

  listPeople(): Promise<Person[]> {
    return this.deps.store.listPeople();
  }

  /** Adds or updates people by name; returns how many were added and updated. */
  async importPeople(inputs: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const input of inputs) if ((await this.deps.store.upsertPerson(input, this.deps.clock.now())).created) created++;
    return { created, updated: inputs.length - created };
  }

  listEvents(range: { from?: Date; to?: Date } = {}): Promise<StoredPressEvent[]> {
    return this.deps.store.listEvents(range);
  }

  async getEvent(id: number): Promise<StoredPressEvent> {
    const event = await this.deps.store.getEvent(id);
    if (!event) throw notFound('press event', id);
    return event;
  }

  /** Records a new event, or replaces event `id`. */
  async saveEvent(input: PressEventInput, id?: number): Promise<StoredPressEvent> {
    const saved = await this.deps.store.saveEvent(input, this.deps.clock.now(), id);
    if (!saved) throw notFound('press event', id ?? 0);
    this.deps.events.publish('press.event-saved', { event: toPressEventView(saved.event) });
    return saved.event;
  }

  /** Imports events (JSONL lines, validated already); an event with an `id` seen before is updated. */
  async importEvents(inputs: readonly PressEventInput[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const input of inputs) {
      const saved = (await this.deps.store.saveEvent(input, this.deps.clock.now()))!;
      if (saved.created) created++;
      this.deps.events.publish('press.event-saved', { event: toPressEventView(saved.event) });
    }
    return { created, updated: inputs.length - created };
  }

  async setStatus(id: number, status: EventStatus): Promise<StoredPressEvent> {
    const event = await this.deps.store.setEventStatus(id, status, this.deps.clock.now());
    if (!event) throw notFound('press event', id);
    this.deps.events.publish('press.event-saved', { event: toPressEventView(event) });
    return event;
  }

  async deleteEvent(id: number): Promise<void> {
    if (!(await this.deps.store.deleteEvent(id))) throw notFound('press event', id);
    this.deps.events.publish('press.event-deleted', { eventId: id });
  }
}
