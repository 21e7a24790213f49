import { DateTime, FixedOffsetZone, Info, type Zone } from 'luxon';
import { toHalfWidth } from '../text/normalize.ts';

/**
 * Dates as feeds and pages really write them. Feeds are supposed to use RFC 822 (RSS) or RFC 3339
 * (Atom), but real ones localise day and month names, drop the day name, write two-digit years,
 * invent zone names and wrap values over several lines; Chinese sites write `2020年1月10日 14:33`,
 * `2020/1/10 14:33:00`, `(北京时间)` and, on list pages, `3分钟前` or `01-10 14:33`.
 *
 * A value without a zone is read in the source's time zone (Asia/Shanghai by default).
 *
 * "CST" is read as China Standard Time (UTC+8), not US Central (UTC−6): our sources are Chinese,
 * and Chinese sites and servers (Java's default `EEE MMM dd HH:mm:ss zzz yyyy` on a machine set to
 * Asia/Shanghai) write CST for +0800. A US feed using CST would be 14 hours off; CDT stays US Central.
 * "IST" is India (+05:30) and "BST" British Summer Time (+01:00).
 */

/** Month names and abbreviations (English, German, French, Spanish, Portuguese, Italian, Dutch, Chinese). */
const MONTHS: Record<string, number> = {};
function months(month: number, ...names: string[]): void {
  for (const n of names) MONTHS[n] = month;
}
months(1, 'jan', 'january', 'januar', 'jänner', 'janv', 'janvier', 'ene', 'enero', 'janeiro', 'gen', 'gennaio', 'januari', '一月');
months(2, 'feb', 'february', 'februar', 'févr', 'fevr', 'fév', 'février', 'fevrier', 'febrero', 'fev', 'fevereiro', 'febbraio', 'februari', '二月');
months(3, 'mar', 'march', 'mär', 'märz', 'maerz', 'mrz', 'mars', 'marzo', 'março', 'marco', 'mrt', 'maart', '三月');
months(4, 'apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile', '四月');
months(5, 'may', 'mai', 'mayo', 'maio', 'mag', 'maggio', 'mei', '五月');
months(6, 'jun', 'june', 'juni', 'juin', 'junio', 'junho', 'giu', 'giugno', '六月');
months(7, 'jul', 'july', 'juli', 'juil', 'juillet', 'julio', 'julho', 'lug', 'luglio', '七月');
months(8, 'aug', 'august', 'août', 'aout', 'ago', 'agosto', 'augustus', '八月');
months(9, 'sep', 'sept', 'september', 'septembre', 'septiembre', 'set', 'setiembre', 'setembro', 'settembre', '九月');
months(10, 'oct', 'october', 'okt', 'oktober', 'octobre', 'octubre', 'out', 'outubro', 'ott', 'ottobre', '十月');
months(11, 'nov', 'november', 'novembre', 'noviembre', 'novembro', '十一月');
months(12, 'dec', 'december', 'dez', 'dezember', 'déc', 'décembre', 'decembre', 'dic', 'diciembre', 'dezembro', 'dicembre', '十二月');

/** Day names are recognised only to be skipped. */
const WEEKDAY =
  /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday|sday)?$|^(mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|mié|mie|jue|vie|sáb|sab|dom|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|seg|ter|qua|qui|sex|segunda|terça|terca|quarta|quinta|sexta|gio|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|ma|wo|vr|za|zo)$|^(星期|礼拜|周)[一二三四五六日天]$/u;

/** Zone abbreviations, as minutes east of UTC. See the file comment for CST. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, west: 60, bst: 60, cet: 60, cest: 120, met: 60, mest: 120,
  mez: 60, mesz: 120, eet: 120, eest: 180, msk: 180, ist: 330, sgt: 480, hkt: 480, awst: 480, cst: 480, jst: 540, kst: 540,
  acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  ast: -240, adt: -180, est: -300, edt: -240, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600,
};

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * Parses a date as a feed, page or JSON API wrote it; null when it cannot be read. Values without a
 * zone are read in `timeZone`. Relative and year-less dates (`3分钟前`, `昨天 14:33`, `01-10 14:33`)
 * need `now` and are only read when it is given.
 */
export function parseFeedDate(raw: string | number | null | undefined, timeZone = 'Asia/Shanghai', now?: Date): Date | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return fromEpoch(raw);
  let s = toHalfWidth(raw).replace(/[\s\u00a0]+/g, ' ').trim();
  // Labels and brackets from list pages: "发布时间：2020-01-10", "[2020-01-10]", "（2020年1月10日）".
  s = s.replace(/^[\p{Script=Han}]{1,8}\s*[:：]\s*/u, '').replace(/^[[(（【〔]\s*|\s*[\])）】〕]$/gu, '').trim();
  if (!s) return null;

  let zone: Zone | string | null = null;
  // "北京时间 2020年1月10日 14:33" or "2020-01-10 14:33 (北京时间)".
  if (/北京时间/.test(s)) {
    zone = 'Asia/Shanghai';
    s = s.replace(/[(（]?\s*北京时间\s*[)）]?/g, ' ').trim();
  }

  if (/^\d{9,13}(\.\d+)?$/.test(s)) return fromEpoch(Number(s));

  const rel = now ? parseRelative(s, timeZone, now) : null;
  if (rel) return rel;

  const numeric = parseNumeric(s);
  if (numeric) return build(numeric.parts, numeric.zone ?? zone ?? timeZone);

  if (now) {
    const yearless = parseYearless(s, timeZone, now);
    if (yearless) return yearless;
  }

  const rfc = parseWords(s);
  if (rfc) return build(rfc.parts, rfc.zone ?? zone ?? timeZone);
  return null;
}

/** Epoch seconds (up to 11 digits) or milliseconds, as JSON APIs give them. */
function fromEpoch(n: number): Date | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const ms = n < 1e11 ? n * 1000 : n;
  const d = new Date(Math.round(ms));
  const year = d.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? d : null;
}

function build(p: Parts, zone: Zone | string): Date | null {
  if (p.year < 1970 || p.year > 2200) return null;
  if (zone instanceof FixedOffsetZone) {
    // Fixed offsets need no zone rules; Date.UTC is far cheaper than luxon. Out-of-range fields
    // (30 February) roll over in Date.UTC, so a round trip rejects them.
    const second = Math.min(p.second, 59);
    const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second, p.millisecond);
    const d = new Date(ms);
    if (d.getUTCFullYear() !== p.year || d.getUTCMonth() !== p.month - 1 || d.getUTCDate() !== p.day) return null;
    if (d.getUTCHours() !== p.hour || d.getUTCMinutes() !== p.minute || d.getUTCSeconds() !== second) return null;
    return new Date(ms - zone.offset(ms) * 60_000);
  }
  return fromZoneFields(p, typeof zone === 'string' ? zone : zone.name);
}

/** Offsets (minutes) by zone and quarter hour: asking Intl for every item dominated parsing time. */
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

function zoneOffset(zone: Zone, ts: number): number {
  const key = `${zone.name}@${Math.floor(ts / QUARTER_HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = zone.offset(ts);
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/**
 * Local wall time in an IANA zone to an instant. A time that occurs twice (the hour repeated when
 * DST ends) is read as the first occurrence; a time that does not exist (skipped when DST starts)
 * moves forward by the gap, as luxon does.
 */
function fromZoneFields(p: Parts, zoneName: string): Date | null {
  const zone = Info.normalizeZone(zoneName);
  if (!zone.isValid) return null;
  const second = Math.min(p.second, 59);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, second, p.millisecond);
  const check = new Date(local);
  if (check.getUTCFullYear() !== p.year || check.getUTCMonth() !== p.month - 1 || check.getUTCDate() !== p.day) return null;
  if (check.getUTCHours() !== p.hour || check.getUTCMinutes() !== p.minute) return null;
  // The offsets in force half a day before and after bracket any transition near this time.
  const before = zoneOffset(zone, local - 12 * 3600_000);
  const after = zoneOffset(zone, local + 12 * 3600_000);
  const candidates = [local - before * 60_000, local - after * 60_000].filter(
    (t) => local - zoneOffset(zone, t) * 60_000 === t,
  );
  if (candidates.length) return new Date(Math.min(...candidates));
  return new Date(local - Math.min(before, after) * 60_000);
}

function fullYear(y: string): number {
  const n = Number(y);
  // RFC 2822 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx; three digits add 1900.
  if (y.length <= 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n;
  return n;
}

function millis(fraction: string | undefined): number {
  return fraction ? Math.round(Number('0.' + fraction) * 1000) : 0;
}

/** Reads a zone written as Z, ±hh, ±hhmm, ±hh:mm, GMT+8, UTC+08:00 or an abbreviation; undefined if not one. */
function parseZone(text: string): Zone | undefined {
  const t = text.trim().replace(/^\((.*)\)$/, '$1').toLowerCase();
  if (!t) return undefined;
  const offset = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    if (minutes > 14 * 60) return undefined;
    return FixedOffsetZone.instance(offset[1] === '-' ? -minutes : minutes);
  }
  const named = ZONES[t];
  return named === undefined ? undefined : FixedOffsetZone.instance(named);
}

const HOUR_WORDS: Record<string, 'am' | 'pm'> = { 上午: 'am', 凌晨: 'am', 早上: 'am', 早晨: 'am', 中午: 'pm', 下午: 'pm', 晚上: 'pm', 傍晚: 'pm' };

/** Applies a 12-hour marker; returns null for an impossible combination (13 pm). */
function applyMeridiem(hour: number, meridiem: string | undefined): number | null {
  if (!meridiem) return hour;
  const m = HOUR_WORDS[meridiem] ?? (meridiem.toLowerCase().startsWith('p') ? 'pm' : 'am');
  if (hour > 12) return m === 'pm' ? hour : null;
  if (m === 'pm') return hour === 12 ? 12 : hour + 12;
  // 中午 12 点 is noon; 凌晨/上午 12 is midnight.
  return hour === 12 && meridiem !== '中午' ? 0 : hour;
}

const TIME =
  /^(上午|下午|晚上|凌晨|早上|早晨|中午|傍晚)?\s*(\d{1,2})(?:\s*[:：时點点]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:[.,](\d+))?\s*秒?)?\s*分?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(.*)$/iu;

/** Reads the time and zone that may follow a date; null when the rest is not a time. */
function parseTimeAndZone(rest: string): { hour: number; minute: number; second: number; millisecond: number; zone?: Zone } | null {
  let r = rest.trim().replace(/^(?:T|日|号)\s*/i, '').replace(/^[(（]?(?:星期|礼拜|周)[一二三四五六日天][)）]?\s*/u, '');
  if (!r) return { hour: 0, minute: 0, second: 0, millisecond: 0 };
  const m = TIME.exec(r);
  if (!m || (m[3] === undefined && !/[时点點]/.test(r.slice(0, 8)))) {
    // No time, perhaps only a zone ("2020-01-10Z") or trailing text we do not read.
    const zone = parseZone(r);
    if (zone) return { hour: 0, minute: 0, second: 0, millisecond: 0, zone };
    // A date followed by words ("2020-01-10 来源：新华网") is a date; digits we cannot read are not.
    return /^\d/.test(r) ? null : { hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  const hour = applyMeridiem(Number(m[2]), m[1] ?? m[6]?.replace(/\./g, ''));
  if (hour === null) return null;
  const minute = Number(m[3] ?? 0);
  const second = Number(m[4] ?? 0);
  if (hour > 23 || minute > 59 || second > 60) return null;
  r = (m[7] ?? '').trim();
  const zone = parseZone(r);
  // Anything after the time that is not a zone ("来源：新华网", "| 浏览 123") is ignored, not fatal.
  return { hour, minute, second, millisecond: millis(m[5]), ...(zone ? { zone } : {}) };
}

/** ISO 8601 / RFC 3339, `2020/1/10 14:33:00`, `2020-01-10 14:33`, `2020年1月10日 14:33`, `20200110T143300Z`. */
function parseNumeric(s: string): { parts: Parts; zone?: Zone } | null {
  let m: (string | undefined)[] | null =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*(.*)$/u.exec(s) ??
    /^(\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*(.*)$/u.exec(s);
  if (!m) {
    // ISO 8601 basic format.
    const b = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(?!\d)\s*(.*)$/i.exec(s);
    if (b) m = [b[0], b[1], b[2], b[3], b[4] ? `${b[4]}:${b[5]}:${b[6] ?? '00'}${b[7] ?? ''}` : b[7]];
  }
  if (!m) return null;
  const time = parseTimeAndZone(m[4] ?? '');
  if (!time) return null;
  const parts: Parts = {
    year: fullYear(m[1]!),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: time.hour,
    minute: time.minute,
    second: time.second,
    millisecond: time.millisecond,
  };
  return time.zone ? { parts, zone: time.zone } : { parts };
}

/** `01-10 14:33`, `1月10日 14:33`: the year is the one that puts the date not after tomorrow. */
function parseYearless(s: string, timeZone: string, now: Date): Date | null {
  const m = /^(\d{1,2})\s*[-/月]\s*(\d{1,2})(?!\d)\s*(?:日|号)?\s*(.*)$/u.exec(s);
  if (!m) return null;
  const time = parseTimeAndZone(m[3] ?? '');
  if (!time) return null;
  const zone = time.zone ?? timeZone;
  const thisYear = DateTime.fromJSDate(now, { zone }).year;
  for (const year of [thisYear, thisYear - 1]) {
    const d = build({ year, month: Number(m[1]), day: Number(m[2]), ...time }, zone);
    if (d && d.getTime() <= now.getTime() + 36 * 3600_000) return d;
  }
  return null;
}

/** `刚刚`, `5分钟前`, `2小时前`, `3天前`, `今天 14:33`, `昨天 14:33`, `前天 08:00`, `5 minutes ago`. */
function parseRelative(s: string, timeZone: string, now: Date): Date | null {
  if (/^(刚刚|刚才|just now)$/i.test(s)) return now;
  const ago = /^(\d+)\s*(秒|分钟|分|小时|个小时|天|日|周|星期|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s*(前|ago)$/i.exec(s);
  if (ago) {
    const n = Number(ago[1]);
    const unit = ago[2]!.toLowerCase();
    const seconds = /^(秒|sec)/.test(unit) ? 1 : /^(分|min)/.test(unit) ? 60 : /^(小时|个小时|h)/.test(unit) ? 3600 : /^(天|日|day)/.test(unit) ? 86400 : 604800;
    return new Date(now.getTime() - n * seconds * 1000);
  }
  const day = /^(今天|今日|昨天|昨日|前天|today|yesterday)\s*(.*)$/i.exec(s);
  if (day) {
    const back = /^(今|today)/i.test(day[1]!) ? 0 : /^(昨|yesterday)/i.test(day[1]!) ? 1 : 2;
    const time = parseTimeAndZone(day[2] ?? '');
    if (!time) return null;
    const base = DateTime.fromJSDate(now, { zone: time.zone ?? timeZone }).minus({ days: back });
    return build({ year: base.year, month: base.month, day: base.day, ...time }, time.zone ?? timeZone);
  }
  return null;
}

/**
 * RFC 822 and its relatives, read token by token: `Tue, 10 Mar 2020 14:33:00 +0800`,
 * `Di, 10 Mär 2020 14:33:00 MEZ`, `10 Mar 2020`, `Fri, 23 December 2011 10:00:00 EST`,
 * `03 Apr 02 1500 GMT`, `March 10, 2020 2:33 PM`, `Tue Mar 10 14:33:00 CST 2020` (Java's Date).
 */
function parseWords(s: string): { parts: Parts; zone?: Zone } | null {
  const tokens = s
    .toLowerCase()
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .replace(/([a-zà-ÿ\p{Script=Han}])-(\d)|(\d)-([a-zà-ÿ\p{Script=Han}])/gu, '$1$3 $2$4')
    .split(/[\s,]+/)
    .map((t) => t.replace(/^[([]|[)\].]$/g, ''))
    .filter(Boolean);
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let time: ReturnType<typeof parseTimeAndZone> = null;
  let zone: Zone | undefined;
  let meridiem: string | undefined;
  let monthToken = '';
  let unknown = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (/^\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?$/.test(t)) {
      if (time) return null;
      time = parseTimeAndZone(t);
      continue;
    }
    if (/^(am|pm|a\.m|p\.m)$/.test(t)) {
      meridiem = t;
      continue;
    }
    const z = parseZone(t) ?? (/^(gmt|utc|ut)$/.test(t) && next && /^[+-]\d/.test(next) ? parseZone(t + (tokens[++i] ?? '')) : undefined);
    if (z) {
      zone = z;
      continue;
    }
    const mon = MONTHS[t] ?? MONTHS[t.slice(0, 3)];
    if (mon !== undefined && /^[a-zà-ÿ\p{Script=Han}]+$/u.test(t) && (t.length <= 4 || MONTHS[t] !== undefined || /^[a-z]+$/.test(t))) {
      // French/Spanish "mar." (mardi, martes) before the month is a day name, not March.
      if (month !== undefined && !WEEKDAY.test(monthToken)) return null;
      month = mon;
      monthToken = t;
      continue;
    }
    if (WEEKDAY.test(t)) continue;
    if (/^\d+$/.test(t)) {
      if (month === undefined && day === undefined && t.length <= 2) day = Number(t);
      else if (month !== undefined && day === undefined && t.length <= 2) day = Number(t);
      else if (year === undefined && (t.length === 4 || (day !== undefined && month !== undefined))) year = fullYear(t);
      else if (time === null && year !== undefined && /^\d{4}$/.test(t)) time = parseTimeAndZone(`${t.slice(0, 2)}:${t.slice(2)}`);
      else return null;
      continue;
    }
    unknown++;
  }
  if (year === undefined || month === undefined || day === undefined || unknown > 1) return null;
  let hour = time?.hour ?? 0;
  if (meridiem) {
    const h = applyMeridiem(hour, meridiem.replace(/\./g, ''));
    if (h === null) return null;
    hour = h;
  }
  const parts: Parts = { year, month, day, hour, minute: time?.minute ?? 0, second: time?.second ?? 0, millisecond: time?.millisecond ?? 0 };
  const z = zone ?? time?.zone;
  return z ? { parts, zone: z } : { parts };
}
