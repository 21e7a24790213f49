import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { rss, startHttpServer, type TestServer } from './http-server.ts';

/** An item of a test feed, published `minutesAgo` before `now`. */
export interface FixtureItem {
  title: string;
  link: string;
  description: string;
  pubDate: string;
}

export interface WarningsFixture {
  /** The forum's items (the warnings and one harmless post); push one and collect `forumId` to add it. */
  forumItems: FixtureItem[];
  newsItems: FixtureItem[];
  forumId: number;
  item(slug: string, title: string, description: string, minutesAgo: number): FixtureItem;
  close(): Promise<void>;
}

/**
 * Warnings older than the newest 100 mentions, which is all the board loads: a forum (赣鄱论坛)
 * posts two deaths in custody (red), a Traditional-script complaint about a lawyer's fees (yellow),
 * a hotline app failing (blue) and a harmless open day, then a news site (法治日报) publishes 120
 * routine items, which get the higher ids. Rules of a 羁押场所 topic flag the first four.
 */
export async function seedWarningsBehindNews(t: TestApp): Promise<WarningsFixture> {
  const now = Date.now();
  const servers: TestServer[] = [];
  const item = (slug: string, title: string, description: string, minutesAgo: number): FixtureItem => ({
    title,
    link: `http://warnings.example.cn/${slug}.html`,
    description,
    pubDate: new Date(now - minutesAgo * 60_000).toUTCString(),
  });
  const serve = async (items: FixtureItem[]) => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(items));
    });
    servers.push(server);
    return `${server.url}/feed.xml`;
  };
  const forumItems = [
    item('death', '某看守所一名在押人员死亡', '家属质疑看守所的说法。', 300),
    item('death-2', '又一看守所在押人员死亡引关注', '当地表示正在调查。', 290),
    item('lawyer', '青山湖區律師事務所收費過高遭投訴', '多名當事人反映律師收費不透明。', 280),
    item('app', '12348 APP 登录失败', '市民称 App 多次登录失败。', 270),
    item('praise', '看守所开展开放日活动', '邀请人大代表参观。', 260),
  ];
  const newsItems = Array.from({ length: 120 }, (_, i) => item(`routine-${i}`, `司法行政动态第${i + 1}期`, `第${i + 1}期正文`, 200 - i));

  const classification = t.app.services.classification;
  const topic = await classification.createTopic({ key: 'custody', name: '羁押场所' });
  await classification.createRule({ topicId: topic.id, name: '羁押场所人员死亡', query: '看守所 AND 死亡', level: 'red', enabled: true });
  await classification.createRule({ topicId: topic.id, name: '律师收费投诉', query: '律师 AND 投诉', level: 'yellow', enabled: true });
  await classification.createRule({ topicId: topic.id, name: '热线故障', query: '12348 AND 登录失败', level: 'blue', enabled: true });
  const forumId = (await t.addSource({ kind: 'rss', url: await serve(forumItems), name: '赣鄱论坛' })).id;
  expect((await t.collect(forumId)).itemsNew).toBe(forumItems.length);
  const news = await t.addSource({ kind: 'rss', url: await serve(newsItems), name: '法治日报' });
  expect((await t.collect(news.id)).itemsNew).toBe(newsItems.length);
  await classification.classifyPending();

  return {
    forumItems,
    newsItems,
    forumId,
    item,
    async close() {
      for (const server of servers) await server.close();
    },
  };
}
