import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbTime } from '../src/db/values.ts';
import type { MentionView } from '../src/mentions/mention.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { seedWarningsBehindNews, type FixtureItem, type WarningsFixture } from './helpers/warnings-fixture.ts';

/**
 * /api/mentions as the board's search and older pages use it: flagged only (只看预警), a level and
 * above, words (each required, matched as stored text is: Traditional or Simplified, any case),
 * pages before an id, and the 30-day window. The flagged mentions are older than the newest 100,
 * which is all the board loads: found only if the server searches.
 */

let t: TestApp;
let fixture: WarningsFixture;
let older: FixtureItem[];
let newer: FixtureItem[];
let cookie: string;
const now = Date.now();

beforeAll(async () => {
  t = await startTestApp();
  fixture = await seedWarningsBehindNews(t);
  older = fixture.forumItems;
  newer = fixture.newsItems;
  cookie = await t.login('duty');
});
afterAll(async () => {
  await fixture?.close();
  await t?.close();
});

const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${t.baseUrl}${path}`, { headers });
const list = async (query: string): Promise<MentionView[]> => {
  const res = await get(`/api/mentions?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()).mentions;
};
const titles = (mentions: MentionView[]) => mentions.map((m) => m.title);

describe('GET /api/mentions: search and older pages', () => {
  it('finds the flagged mentions beyond the newest 100, newest first, and those at a level or above', async () => {
    const newest = await list('limit=100');
    expect(newest).toHaveLength(100);
    expect(newest.some((m) => m.verdict?.flagged)).toBe(false);

    const flagged = await list('flagged=1');
    expect(titles(flagged)).toEqual(['12348 APP 登录失败', '青山湖區律師事務所收費過高遭投訴', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(flagged.map((m) => m.verdict?.level)).toEqual(['blue', 'yellow', 'red', 'red']);
    expect(flagged.map((m) => m.id)).toEqual([...flagged.map((m) => m.id)].sort((a, b) => b - a));

    expect(titles(await list('minLevel=yellow'))).toEqual(['青山湖區律師事務所收費過高遭投訴', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(titles(await list('flagged=1&minLevel=red'))).toEqual(['又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
  });

  it('finds the mentions of a topic, and none of a topic nobody uses', async () => {
    expect(titles(await list('topic=custody'))).toEqual(titles(await list('flagged=1')));
    expect(titles(await list(`topic=custody&q=${encodeURIComponent('律师')}`))).toEqual(['青山湖區律師事務所收費過高遭投訴']);
    expect(await list('topic=custod')).toEqual([]);
  });

  it('finds mentions containing every word, in the title, text, source name or localities', async () => {
    expect(titles(await list('q=看守所'))).toEqual(['看守所开展开放日活动', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(titles(await list(`q=${encodeURIComponent('看守所  死亡')}`))).toEqual(['又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(await list(`q=${encodeURIComponent('看守所 表彰')}`)).toEqual([]);
    // In the text only, not the title.
    expect(titles(await list('q=质疑'))).toEqual(['某看守所一名在押人员死亡']);
    // By source name: the five older mentions came from 赣鄱论坛.
    expect(await list(`q=${encodeURIComponent('赣鄱论坛')}`)).toHaveLength(older.length);
    // Words with flags: the praise item has 看守所 but no warning.
    expect(titles(await list('q=看守所&flagged=1'))).toEqual(['又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
  });

  it('matches Simplified words in Traditional posts and the other way round, and Latin letters in any case', async () => {
    const [lawyer] = await list('q=律师');
    expect(lawyer?.title).toBe('青山湖區律師事務所收費過高遭投訴');
    expect(titles(await list('q=律師'))).toEqual([lawyer!.title]);
    expect(titles(await list(`q=${encodeURIComponent('ＡＰＰ')}`))).toEqual(['12348 APP 登录失败']);
    expect(titles(await list('q=app'))).toEqual(['12348 APP 登录失败']);
    // The locality the gazetteer found (南昌市, the county's city) is searched although the text never names it.
    expect(lawyer?.verdict?.places).toContain('南昌市');
    expect(titles(await list(`q=${encodeURIComponent('南昌市')}`))).toEqual([lawyer!.title]);
  });

  it('pages before an id without gaps or repeats, filtered or not', async () => {
    const firstPage = await list('flagged=1&limit=3');
    expect(firstPage).toHaveLength(3);
    const nextPage = await list(`flagged=1&limit=3&beforeId=${firstPage[2]!.id}`);
    expect(titles([...firstPage, ...nextPage])).toEqual(titles(await list('flagged=1')));

    const all = await list('limit=1000');
    expect(all).toHaveLength(older.length + newer.length);
    const pages: MentionView[] = [];
    for (let beforeId: number | null = null; ; ) {
      const page = await list(`limit=50${beforeId === null ? '' : `&beforeId=${beforeId}`}`);
      pages.push(...page);
      if (page.length < 50) break;
      beforeId = page[page.length - 1]!.id;
    }
    expect(pages.map((m) => m.id)).toEqual(all.map((m) => m.id));
  });

  it('searches the last 30 days only; older mentions stay in the plain stream', async () => {
    const [death] = await list('q=质疑');
    await t.testDb.db('mentions').where({ id: death!.id }).update({ collected_at: toDbTime(new Date(now - 31 * 86_400_000)) });
    try {
      expect(titles(await list(`q=${encodeURIComponent('看守所 死亡')}`))).toEqual(['又一看守所在押人员死亡引关注']);
      expect(titles(await list('flagged=1&minLevel=red'))).toEqual(['又一看守所在押人员死亡引关注']);
      expect((await list('limit=1000')).map((m) => m.id)).toContain(death!.id);
    } finally {
      await t.testDb.db('mentions').where({ id: death!.id }).update({ collected_at: toDbTime(new Date(now)) });
    }
  });

  it('rejects bad parameters with the reason, and callers without a session', async () => {
    for (const query of ['minLevel=purple', 'flagged=yes', 'topic=Custody', 'topic=none', `topic=${encodeURIComponent('"custody"')}`, 'beforeId=0', 'beforeId=abc', `q=${'词'.repeat(201)}`, 'limit=0']) {
      const res = await get(`/api/mentions?${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect((await get('/api/mentions?flagged=1', {})).status).toBe(401);
  });
});
