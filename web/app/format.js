// Pure formatting of times for the board. Every function takes `now` so the caller owns the clock.
import { t } from '../static/i18n.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');

/**
 * Formats a time as local `YYYY-MM-DD HH:mm:ss`, for tooltips.
 * @param {Date} date
 */
export function formatAbsolute(date) {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * Formats a time relative to now: "3 分钟前", "2 小时后"; more than a week away shows the local date.
 * @param {Date} date
 * @param {Date} now
 */
export function formatRelative(date, now) {
  const diff = now.getTime() - date.getTime();
  const ago = diff >= 0;
  const span = Math.abs(diff);
  if (span < minute) return ago ? t('time.justNow') : t('time.soon');
  if (span >= 7 * day) {
    const sameYear = date.getFullYear() === now.getFullYear();
    const md = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    return sameYear ? `${md} ${pad(date.getHours())}:${pad(date.getMinutes())}` : `${date.getFullYear()}-${md}`;
  }
  if (span < hour) return t(ago ? 'time.minutesAgo' : 'time.inMinutes', { n: Math.floor(span / minute) });
  if (span < day) return t(ago ? 'time.hoursAgo' : 'time.inHours', { n: Math.floor(span / hour) });
  return t(ago ? 'time.daysAgo' : 'time.inDays', { n: Math.floor(span / day) });
}

/**
 * Tells whether two times fall on the same local calendar day.
 * @param {Date} a
 * @param {Date} b
 */
export function isSameLocalDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * Fills a <time> element: relative text, machine-readable datetime and the absolute time on hover.
 * @param {HTMLTimeElement} el
 * @param {string} iso
 * @param {Date} now
 * @param {string} [hint] extra line for the tooltip
 */
export function fillTime(el, iso, now, hint) {
  const date = new Date(iso);
  el.dateTime = iso;
  el.textContent = formatRelative(date, now);
  el.title = hint ? `${formatAbsolute(date)}\n${hint}` : formatAbsolute(date);
}

/**
 * Press events and quota periods are in Beijing time (the directive's calendar), whatever zone the
 * browser is in. China has kept UTC+8 without daylight saving since 1991, so the offset is fixed.
 */
export const beijingZone = 'Asia/Shanghai';
const beijingOffset = '+08:00';

const beijingParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: beijingZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The Beijing wall-clock fields of an instant.
 * @param {Date} date
 * @returns {{ year: string, month: string, day: string, hour: string, minute: string }}
 */
function beijingFields(date) {
  /** @type {Record<string, string>} */
  const parts = {};
  for (const part of beijingParts.formatToParts(date)) parts[part.type] = part.value;
  return { year: parts['year'] ?? '', month: parts['month'] ?? '', day: parts['day'] ?? '', hour: parts['hour'] ?? '', minute: parts['minute'] ?? '' };
}

/**
 * Formats an instant as Beijing time, `YYYY-MM-DD HH:mm`.
 * @param {string | Date} instant
 */
export function formatBeijing(instant) {
  const f = beijingFields(new Date(instant));
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}`;
}

/**
 * The value for a `datetime-local` input showing an instant in Beijing time (`YYYY-MM-DDTHH:mm`).
 * @param {string | Date} instant
 */
export function toBeijingInput(instant) {
  const f = beijingFields(new Date(instant));
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`;
}

/**
 * Reads a `datetime-local` value as Beijing time: the ISO-8601 string with its +08:00 offset that
 * the API requires ("2026-08-14T10:00" → "2026-08-14T10:00:00+08:00"). The server validates it.
 * @param {string} value
 */
export function fromBeijingInput(value) {
  const v = value.trim();
  if (v === '') return '';
  return /T\d{2}:\d{2}$/.test(v) ? `${v}:00${beijingOffset}` : `${v}${beijingOffset}`;
}
