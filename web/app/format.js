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
