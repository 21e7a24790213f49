import ical, { ICalEventStatus } from 'ical-generator';
import { eventKindLabels, speakerRoleLabels, type StoredPressEvent } from './press.ts';

/**
 * The schedule of press events as an iCalendar file (RFC 5545) for the leaders' calendars.
 * ical-generator does the escaping, line folding and time formats. Planned events are tentative,
 * held ones confirmed, cancelled and postponed ones cancelled (a calendar then strikes them out).
 */

const STATUS: Record<StoredPressEvent['status'], ICalEventStatus> = {
  planned: ICalEventStatus.TENTATIVE,
  held: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
  postponed: ICalEventStatus.CANCELLED,
};

/** Events without an end are shown as two hours long (a press conference with questions). */
const DEFAULT_HOURS = 2;

/** An iCalendar document of the events; `host` makes the UIDs stable and unique to this office. */
export function toICalendar(events: readonly StoredPressEvent[], options: { name: string; host: string; now: Date }): string {
  const calendar = ical({ name: options.name, prodId: { company: 'Huiying', product: 'press-events', language: 'ZH' }, timezone: 'Asia/Shanghai' });
  for (const e of events) {
    const speakers = e.speakers.map((s) => `${s.name}（${speakerRoleLabels[s.role]}）`).join('、');
    calendar.createEvent({
      id: `press-event-${e.id}@${options.host}`,
      // The SEQUENCE must grow with each change so calendars replace the old copy.
      sequence: Math.max(0, Math.floor((e.updatedAt.getTime() - e.createdAt.getTime()) / 1000)),
      stamp: options.now,
      start: e.startsAt,
      end: new Date(e.startsAt.getTime() + DEFAULT_HOURS * 3600_000),
      summary: `【${eventKindLabels[e.kind]}】${e.title}`,
      description: [speakers && `发言人：${speakers}`, e.organiser && `主办：${e.organiser}`, e.notes].filter(Boolean).join('\n'),
      location: e.location || null,
      status: STATUS[e.status],
      lastModified: e.updatedAt,
    });
  }
  return calendar.toString();
}
