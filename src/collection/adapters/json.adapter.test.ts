import { describe, expect, it } from 'vitest';
import { jsonMappingSchema, type JsonMapping } from '../source.ts';
import { CollectError } from './adapter.ts';
import { getPath, parseJsonItems } from './json.adapter.ts';

const mapping = (m: Partial<JsonMapping>) => jsonMappingSchema.parse(m);

/** The shape of a Weibo-like search API answer (written for this test). */
const WEIBO_LIKE = JSON.stringify({
  ok: 1,
  data: {
    cards: [
      {
        mblog: {
          id: 4812345678901234,
          text: '<a href="/n/某网友">@某网友</a> 转发微博：监狱探视遭刁难？',
          created_at: 'Fri Jan 10 14:33:00 +0800 2020',
          user: { screen_name: '某网友' },
          pics: [{ url: 'https://wx1.example.com/a.jpg' }],
        },
        scheme: 'https://m.weibo.cn/status/4812345678901234',
      },
      { mblog: { id: 2, text: '第二条', created_at: 1578637980 }, scheme: null },
      'not an object',
      null,
    ],
  },
});

describe('getPath', () => {
  const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, 'x.y': 3 };
  it.each([
    ['', doc],
    ['$', doc],
    ['a.b.1.c', 2],
    ['$.a.b.0.c', 1],
    ['a.b.5.c', undefined],
    ['a.b.c', undefined],
    ['a.missing.c', undefined],
    ['a.b.0.c.d', undefined],
    ['constructor', undefined],
  ])('%j', (path, expected) => {
    expect(getPath(doc, path)).toEqual(expected);
  });
});

describe('parseJsonItems', () => {
  const m = mapping({
    items: 'data.cards',
    id: 'mblog.id',
    title: 'mblog.title',
    body: 'mblog.text',
    url: 'scheme',
    date: 'mblog.created_at',
    author: 'mblog.user.screen_name',
    summary: 'mblog.pics.0.url',
  });

  it('maps every object in the item array; numbers become strings', () => {
    expect(parseJsonItems(WEIBO_LIKE, m)).toEqual([
      {
        guid: '4812345678901234',
        url: 'https://m.weibo.cn/status/4812345678901234',
        title: null,
        summary: 'https://wx1.example.com/a.jpg',
        body: '<a href="/n/某网友">@某网友</a> 转发微博：监狱探视遭刁难？',
        author: '某网友',
        published: 'Fri Jan 10 14:33:00 +0800 2020',
      },
      { guid: '2', url: null, title: null, summary: null, body: '第二条', author: null, published: '1578637980' },
    ]);
  });

  it('reads a top-level array, with a BOM', () => {
    const text = '\uFEFF[{"t":"标题","u":"/a"},{"t":"","u":"/b"}]';
    expect(parseJsonItems(text, mapping({ title: 't', url: 'u' })).map((i) => [i.title, i.url])).toEqual([
      ['标题', '/a'],
      [null, '/b'],
    ]);
  });

  it('rejects invalid JSON as parse_error', () => {
    expect(() => parseJsonItems('{"data": [', m)).toThrow(CollectError);
    try {
      parseJsonItems('<html>not json</html>', m);
    } catch (err) {
      expect((err as CollectError).code).toBe('parse_error');
      expect((err as CollectError).message).toMatch(/^invalid JSON/);
    }
  });

  it.each([
    ['{"data": {"cards": {"a": 1}}}', 'data.cards', /at "data\.cards", found object/],
    ['{"data": {}}', 'data.cards', /at "data\.cards", found nothing/],
    ['{"data": null}', 'data.cards', /at "data\.cards", found nothing/],
    ['{"data": {"cards": null}}', 'data.cards', /found null/],
    ['{"items": []}', '', /at the top level, found object/],
  ])('rejects a path that is not an array: %s at %j', (text, items, message) => {
    let caught: unknown;
    try {
      parseJsonItems(text, mapping({ items, title: 't' }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CollectError);
    expect((caught as CollectError).code).toBe('parse_error');
    expect((caught as CollectError).message).toMatch(message);
  });

  it('keeps integer ids too long for a double exactly', () => {
    const text = '{"list":[{"aweme_id":7312345678901234567,"desc":"a","n":1.5e3,"pi":3.14159265358979323846,"s":"7312345678901234567x"},{"aweme_id":7312345678901234568,"desc":"b"}]}';
    const items = parseJsonItems(text, mapping({ items: 'list', id: 'aweme_id', title: 'desc', summary: 's', body: 'n' }));
    expect(items.map((i) => i.guid)).toEqual(['7312345678901234567', '7312345678901234568']);
    expect(items[0]!.summary).toBe('7312345678901234567x');
    expect(items[0]!.body).toBe('1500');
    expect(parseJsonItems(text, mapping({ items: 'list', title: 'pi' }))[0]!.title).toBe(String(Math.PI));
  });

  it('gives an empty list for an empty array', () => {
    expect(parseJsonItems('{"data":{"cards":[]}}', m)).toEqual([]);
  });
});
