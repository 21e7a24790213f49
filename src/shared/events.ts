import { EventEmitter } from 'node:events';
import type { MentionView } from '../mentions/mention.ts';
import type { SourceView } from '../collection/source.ts';
import type { ClassificationView } from '../classification/classification.service.ts';
import type { PressEventView } from '../press/press.service.ts';
import type { Person } from '../press/press.ts';

/**
 * Named domain events. Services publish them; realtime/socket.ts maps them to Socket.io rooms.
 * The web client relies on the same payload types (web/board.js imports them in JSDoc).
 */
export type DomainEvents = {
  /** New mentions were stored (one event per batch, in id order). */
  'mention.collected': { mentions: MentionView[] };
  /** New mentions were classified (flag, level, topics, places, sentiment, explanation). */
  'mention.classified': { classifications: ClassificationView[] };
  /** A topic's volume rose above its baseline (one event per surge). */
  'topic.spike': {
    warning: { topic: string; topicName: string; bucketMinutes: number; bucketStart: string; count: number; baselineMean: number; threshold: number; series: number[]; raisedAt: string };
  };
  /** A source's status changed: added, edited, fetched, failed, disabled. */
  'source.updated': { source: SourceView };
  'source.deleted': { sourceId: number };
  /** A press event was recorded, imported or changed (status, speakers …). */
  'press.event-saved': { event: PressEventView };
  'press.event-deleted': { eventId: number };
  /** People were added or updated (the whole list, as the board shows it). */
  'press.people-updated': { people: Person[] };
  /** The quota rule set was changed. */
  'quota.rules-updated': Record<string, never>;
  /** The daily quota check found rules at risk or missed. */
  'quota.reminders': { reminders: { ruleId: string; period: string; state: 'at-risk' | 'missed'; daysLeft: number; message: string }[] };
  /** A session ended; its sockets are disconnected. */
  'user.logged-out': { userId: number; sessionId: string };
};

export type DomainEventName = keyof DomainEvents;

/** A typed, synchronous event bus. Listeners must not throw; errors are reported and swallowed. */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(private readonly onListenerError: (err: unknown, event: string) => void = () => {}) {
    this.emitter.setMaxListeners(100);
  }

  /** Publishes an event to every listener. */
  publish<E extends DomainEventName>(event: E, payload: DomainEvents[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (p: DomainEvents[E]) => void)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  subscribe<E extends DomainEventName>(event: E, listener: (payload: DomainEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
