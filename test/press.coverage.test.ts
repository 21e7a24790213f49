import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';

/**
 * Coverage of a held press conference over mentions collected from two loopback feeds: the
 * conference's keywords pick its coverage out of the window of days after it; reposts group into
 * one story; a rule flags a complaint, whose question then needs a prepared answer.
 */
let t: TestApp;
let paper: TestServer;
let forum: TestServer;
let cookie: string;

const announcement = { title: '省司法厅召开法律援助工作新闻发布会', description: '发布会介绍了全省法律援助工作进展，12348热线全年接听咨询。' };

beforeAll(async () => {
  t = await startTestApp();
  paper = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss([
        { ...announcement, link: 'http://paper.example.cn/1.html', pubDate: 'Fri, 20 Nov 2026 12:00:00 +0800' },
        { title: '法律援助值班律师进看守所', description: '发布会前一天的旧闻。', link: 'http://paper.example.cn/0.html', pubDate: 'Thu, 19 Nov 2026 09:00:00 +0800' },
        { title: '南昌今日天气晴', description: '气温回升。', link: 'http://paper.example.cn/2.html', pubDate: 'Sat, 21 Nov 2026 08:00:00 +0800' },
      ]),
    );
  });
  forum = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss([
        { ...announcement, link: 'http://forum.example.cn/t/9', pubDate: 'Fri, 20 Nov 2026 13:30:00 +0800' },
        { title: '网友质疑法律援助申请难', description: '有网友投诉：法律援助申请为什么要跑这么多趟？材料太多。', link: 'http://forum.example.cn/t/10', pubDate: 'Sun, 22 Nov 2026 20:00:00 +0800' },
        { title: '法律援助一周年回顾', description: '窗口期以后的报道。', link: 'http://forum.example.cn/t/11', pubDate: 'Sat, 28 Nov 2026 10:00:00 +0800' },
      ]),
    );
  });
  cookie = await t.login('staff');
  const topic = await t.app.services.classification.createTopic({ key: 'legal-aid', name: '法律援助' });
  await t.app.services.classification.createRule({ topicId: topic.id, name: '法律援助投诉', query: '法律援助 AND (投诉 OR 质疑)', level: 'yellow', enabled: true });
  for (const [server, name] of [[paper, '江西日报'], [forum, '赣鄱论坛']] as const) {
    const source = await t.addSource({ kind: 'rss', url: `${server.url}/feed.xml`, name });
    await t.collect(source.id);
  }
  await t.app.services.classification.classifyPending();
});
afterAll(async () => {
  await paper?.close();
  await forum?.close();
  await t?.close();
});

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${t.baseUrl}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe('coverage of a press conference', () => {
  it('adds up the mentions in its window that match its keywords', async () => {
    const created = await api('POST', '/api/press/events', { kind: 'own-conference', title: announcement.title, start: '2026-11-20T10:00:00+08:00', status: 'held', keywords: ['法律援助', '12348'], coverageDays: 7 });
    expect(created.status).toBe(201);
    const { status, body } = await api('GET', `/api/press/events/${created.body.event.id}/coverage`);
    expect(status).toBe(200);
    expect(body.window).toEqual({ from: '2026-11-20T02:00:00.000Z', to: '2026-11-27T02:00:00.000Z', open: false });
    expect(body.matchedBy).toBe('keywords');
    const s = body.summary;
    expect(s.mentions).toBe(3);
    expect(s.stories).toBe(2); // the forum's repost joins the paper's story
    expect(s.reposts).toBe(1);
    expect(s.outlets).toEqual([{ name: '赣鄱论坛', mentions: 2 }, { name: '江西日报', mentions: 1 }]);
    expect(s.flagged).toEqual([{ id: expect.any(Number), title: '网友质疑法律援助申请难', level: 'yellow' }]);
    expect(s.questions).toEqual([{ text: '法律援助申请为什么要跑这么多趟？', mentions: 1 }]);
    expect(s.sensitiveQuestions).toEqual([{ text: '法律援助申请为什么要跑这么多趟？', mentions: 1, level: 'yellow' }]);
    expect(body.mentions.map((m: { title: string }) => m.title).sort()).toEqual([announcement.title, announcement.title, '网友质疑法律援助申请难'].sort());
  });

  it('without keywords, matches by the title’s words; a missing event is a 404', async () => {
    const created = await api('POST', '/api/press/events', { kind: 'own-conference', title: announcement.title, start: '2026-11-20T10:00:00+08:00', status: 'held' });
    const { body } = await api('GET', `/api/press/events/${created.body.event.id}/coverage`);
    expect(body.matchedBy).toBe('title');
    expect(body.summary.mentions).toBe(2);
    expect((await api('GET', '/api/press/events/999999/coverage')).status).toBe(404);
  });
});
