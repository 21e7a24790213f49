import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from './dates.ts';

const SH = 'Asia/Shanghai';

// [raw as written, expected instant (ISO, UTC)]. Most strings are copied from the shared feeds.
const absolute: [string, string][] = [
  // RFC 822 / 1123 as RSS writes it
  ['Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21.000Z'], // py-feedparser item_pubDate.xml
  ['Wed, 29 May 2019 10:16:00 GMT', '2019-05-29T10:16:00.000Z'], // livemint.xml
  ['Fri, 21 Nov 2025 00:00:00 +0800', '2025-11-20T16:00:00.000Z'], // ld-podcast.xml
  ['Sat, 15 Feb 2026 10:00:00 +0000', '2026-02-15T10:00:00.000Z'], // miniflux koi8r
  ['Fri, 12 May 2017 19:40:53 +0530', '2017-05-12T14:10:53.000Z'],
  ['Fri, 08 Jul 2016 13:40:00 UTC', '2016-07-08T13:40:00.000Z'],
  ['Fri, 29 May 2009 18:56:57 PST', '2009-05-30T02:56:57.000Z'],
  ['Mon, 2 May 2011 01:30:00 EST', '2011-05-02T06:30:00.000Z'],
  ['Sun, 12 August 2012 10:00:00 EST', '2012-08-12T15:00:00.000Z'], // full month name (taverncast)
  ['Fri, 23 December 2011 10:00:00 EST', '2011-12-23T15:00:00.000Z'],
  ['21 Dec 2012 12:00:00 EST', '2012-12-21T17:00:00.000Z'], // no day name
  ['03 Apr 02 1500 GMT', '2002-04-03T15:00:00.000Z'], // two-digit year, hhmm time
  ['Tue, 10 Nov 20 09:30:00 -0500', '2020-11-10T14:30:00.000Z'],
  ['Sat, 01 Jan 72 00:00:00 GMT', '1972-01-01T00:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 EDT', '2002-10-02T12:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 CDT', '2002-10-02T13:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 MST', '2002-10-02T15:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 UT', '2002-10-02T08:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 Z', '2002-10-02T08:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 +08:00', '2002-10-02T00:00:00.000Z'],
  ['Wed, 02 Oct 2002 08:00:00 GMT+8', '2002-10-02T00:00:00.000Z'],
  ['Wed 02 Oct 2002 08:00:00 GMT', '2002-10-02T08:00:00.000Z'], // no comma
  ['Wed,02 Oct 2002 08:00 GMT', '2002-10-02T08:00:00.000Z'], // no space, no seconds
  // CST is China Standard Time (see dates.ts)
  ['Fri, 10 Jan 2020 14:33:00 CST', '2020-01-10T06:33:00.000Z'],
  ['Fri Jan 10 14:33:00 CST 2020', '2020-01-10T06:33:00.000Z'], // java.util.Date#toString
  // localised day and month names
  ['Di, 10 Mär 2020 14:33:00 +0100', '2020-03-10T13:33:00.000Z'],
  ['Di, 10 März 2020 14:33:00 MEZ', '2020-03-10T13:33:00.000Z'],
  ['Do, 01 Okt 2020 08:00:00 +0200', '2020-10-01T06:00:00.000Z'],
  ['Mo, 07 Dez 2020 10:00:00 +0100', '2020-12-07T09:00:00.000Z'],
  ['mar., 10 mars 2020 14:33:00 +0100', '2020-03-10T13:33:00.000Z'],
  ['jeu., 13 févr. 2020 09:00:00 +0100', '2020-02-13T08:00:00.000Z'],
  ['lun, 17 août 2020 12:00:00 GMT', '2020-08-17T12:00:00.000Z'],
  ['mié, 15 ene 2020 10:00:00 +0100', '2020-01-15T09:00:00.000Z'],
  ['sáb, 07 dic 2019 18:00:00 -0300', '2019-12-07T21:00:00.000Z'],
  ['Seg, 03 Fev 2020 10:00:00 -0300', '2020-02-03T13:00:00.000Z'],
  ['Qui, 10 Set 2020 10:00:00 -0300', '2020-09-10T13:00:00.000Z'],
  ['Sex, 16 Out 2020 10:00:00 -0300', '2020-10-16T13:00:00.000Z'],
  ['星期五, 10 一月 2020 14:33:00 +0800', '2020-01-10T06:33:00.000Z'],
  ['星期五, 15 五月 2020 03:00:00 +0800', '2020-05-14T19:00:00.000Z'],
  ['周五, 15 五月 2020 03:00:00', '2020-05-14T19:00:00.000Z'],
  // US style
  ['March 10, 2020 2:33 PM', '2020-03-10T06:33:00.000Z'],
  ['Mar 10th, 2020 12:05 am', '2020-03-09T16:05:00.000Z'],
  // wrapped over lines (livemint writes the value padded inside CDATA)
  ['\n\t\tWed, 29 May 2019\n\t\t 10:16:00 GMT\n\t ', '2019-05-29T10:16:00.000Z'],
  // ISO 8601 / RFC 3339
  ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'], // channel_dc_date.xml
  ['2012-08-04T01:34:19.533Z', '2012-08-04T01:34:19.533Z'], // complexNamespaceFeed.xml
  ['2006-01-18T12:26:54+01:00', '2006-01-18T11:26:54.000Z'], // nondefaultnamespace.atom
  ['2019-05-28T17:42:15.123-07:00', '2019-05-29T00:42:15.123Z'],
  ['2020-01-10T14:33:00+0800', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10T14:33:00+08', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10T14:33:00', '2020-01-10T06:33:00.000Z'], // no zone: source zone
  ['2020-01-10', '2020-01-09T16:00:00.000Z'],
  ['20200110T143300Z', '2020-01-10T14:33:00.000Z'],
  // Chinese sites
  ['2020/1/10 14:33:00', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10 14:33', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10 14:33:00.0', '2020-01-10T06:33:00.000Z'],
  ['2020.01.10 14:33', '2020-01-10T06:33:00.000Z'],
  ['2020年1月10日 14:33', '2020-01-10T06:33:00.000Z'],
  ['2020年01月10日', '2020-01-09T16:00:00.000Z'],
  ['2020年1月10日14:33', '2020-01-10T06:33:00.000Z'],
  ['2020年1月10日 14时33分', '2020-01-10T06:33:00.000Z'],
  ['2020年1月10日 下午2点30分', '2020-01-10T06:30:00.000Z'],
  ['2020年1月10日 上午 9:05', '2020-01-10T01:05:00.000Z'],
  ['2020年1月10日 星期五 14:33', '2020-01-10T06:33:00.000Z'],
  ['２０２０年１月１０日　１４：３３', '2020-01-10T06:33:00.000Z'], // full-width digits
  ['北京时间2020年1月10日 14:33', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10 14:33 (北京时间)', '2020-01-10T06:33:00.000Z'],
  ['发布时间：2020-01-10 14:33', '2020-01-10T06:33:00.000Z'],
  ['[2020-01-10]', '2020-01-09T16:00:00.000Z'],
  ['（2020-01-10 14:33）', '2020-01-10T06:33:00.000Z'],
  ['2020-01-10 14:33 来源：新华网', '2020-01-10T06:33:00.000Z'],
  ['20年1月10日', '2020-01-09T16:00:00.000Z'],
  // epoch values from JSON APIs
  ['1578637980', '2020-01-10T06:33:00.000Z'],
  ['1578637980000', '2020-01-10T06:33:00.000Z'],
];

describe('parseFeedDate', () => {
  it.each(absolute)('reads %j', (raw, iso) => {
    expect(parseFeedDate(raw, SH)?.toISOString()).toBe(iso);
  });

  it('reads epoch numbers as JSON gives them', () => {
    expect(parseFeedDate(1578637980, SH)?.toISOString()).toBe('2020-01-10T06:33:00.000Z');
    expect(parseFeedDate(1578637980123, SH)?.toISOString()).toBe('2020-01-10T06:33:00.123Z');
  });

  it('reads a zoneless date in the time zone it is given', () => {
    expect(parseFeedDate('2020-01-10 14:33', 'UTC')?.toISOString()).toBe('2020-01-10T14:33:00.000Z');
    expect(parseFeedDate('2020-07-10 14:33', 'Europe/Berlin')?.toISOString()).toBe('2020-07-10T12:33:00.000Z');
    expect(parseFeedDate('10 Jul 2020 14:33', 'America/New_York')?.toISOString()).toBe('2020-07-10T18:33:00.000Z');
    // An explicit zone wins over the source's zone.
    expect(parseFeedDate('2020-01-10T14:33:00Z', 'America/New_York')?.toISOString()).toBe('2020-01-10T14:33:00.000Z');
  });

  it('agrees with luxon on zoneless times, DST gaps included', () => {
    const cases: [string, string][] = [
      ['2020-03-08 02:30', 'America/New_York'], // spring-forward gap
      ['2020-03-29 02:30', 'Europe/Berlin'],
      ['2020-10-04 02:15', 'Australia/Lord_Howe'], // half-hour DST gap
      ['2020-07-01 09:00', 'Europe/Berlin'],
      ['2020-12-01 09:00', 'America/Los_Angeles'],
      ['1986-05-04 02:30', 'Asia/Shanghai'], // China observed DST 1986–1991
      ['2020-07-01 12:00', 'Asia/Kolkata'],
    ];
    for (const [raw, zone] of cases) {
      const [date, time] = raw.split(' ') as [string, string];
      const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
      const [h, mi] = time.split(':').map(Number) as [number, number];
      const expected = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone }).toJSDate();
      expect(parseFeedDate(raw, zone)?.toISOString(), `${raw} ${zone}`).toBe(expected.toISOString());
    }
  });

  it('reads a repeated hour (DST ending) as its first occurrence', () => {
    // luxon's answer here depends on today's date; ours does not.
    expect(parseFeedDate('2020-11-01 01:30', 'America/New_York')?.toISOString()).toBe('2020-11-01T05:30:00.000Z'); // EDT
    expect(parseFeedDate('2020-10-25 02:30', 'Europe/Berlin')?.toISOString()).toBe('2020-10-25T00:30:00.000Z'); // CEST
  });

  it('returns null for an unknown time zone', () => {
    expect(parseFeedDate('2020-01-10 14:33', 'Mars/Olympus_Mons')).toBeNull();
  });

  it.each([
    null,
    undefined,
    '',
    '   ',
    'not a date',
    'yesterday-ish',
    '2020-13-01',
    '2020-02-30',
    '2020-01-10 25:00',
    '31 Foo 2020',
    'Mon, 32 Jan 2020 10:00:00 GMT',
    'Tue, 10 Mar 14:33:00 GMT', // no year
    '0',
    '12345',
    '99999999999999',
    '下午2点',
    '1月10日', // year-less without `now`
  ])('returns null for %j', (raw) => {
    expect(parseFeedDate(raw, SH)).toBeNull();
  });

  describe('relative and year-less dates (list pages) with now', () => {
    const now = new Date('2020-01-10T06:33:00.000Z'); // 2020-01-10 14:33 in Shanghai
    it.each([
      ['刚刚', '2020-01-10T06:33:00.000Z'],
      ['30秒前', '2020-01-10T06:32:30.000Z'],
      ['5分钟前', '2020-01-10T06:28:00.000Z'],
      ['2小时前', '2020-01-10T04:33:00.000Z'],
      ['3天前', '2020-01-07T06:33:00.000Z'],
      ['5 minutes ago', '2020-01-10T06:28:00.000Z'],
      ['今天 08:15', '2020-01-10T00:15:00.000Z'],
      ['昨天 23:50', '2020-01-09T15:50:00.000Z'],
      ['前天 08:00', '2020-01-08T00:00:00.000Z'],
      ['01-09 14:33', '2020-01-09T06:33:00.000Z'],
      ['1月9日 14:33', '2020-01-09T06:33:00.000Z'],
      // a December date seen in January is last year's
      ['12-31 22:00', '2019-12-31T14:00:00.000Z'],
    ])('reads %j', (raw, iso) => {
      expect(parseFeedDate(raw, SH, now)?.toISOString()).toBe(iso);
    });
  });
});
