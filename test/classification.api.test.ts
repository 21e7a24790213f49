import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationView } from '../src/classification/index.ts';
import { loadRulePack, STARTER_PACK_FILE } from '../src/rules/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';

/** Rules, classification of collected mentions, backtests and labels through the real HTTP API. */

let t: TestApp;
let feed: TestServer;
let staff: string;
let leader: string;
let duty: string;
let sourceId: number;

const call = async (method: string, path: string, cookie: string, body?: unknown) => {
  const res = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

const news = [
  { title: '网传某监狱一名服刑人员在狱中死亡，家属质疑死因', description: '多名网友转发相关帖子，要求监狱方面公开调查结果。' },
  { title: '南昌市青山湖区司法局举办法治宣传进社区活动', description: '活动现场发放宣传资料三千余份，群众踊跃参与。' },
  { title: '拨打12348法律援助热线一直打不通', description: '有市民反映，连续几天拨打12348热线都无人接听。' },
];

beforeAll(async () => {
  t = await startTestApp();
  feed = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss(news.map((n, i) => ({ ...n, link: `http://news.example.cn/${i}.html`, pubDate: 'Fri, 27 Nov 2026 10:00:00 +0800' }))));
  });
  [staff, leader, duty] = await Promise.all([t.login('staff'), t.login('leader'), t.login('duty')]);
  sourceId = (await t.addSource({ kind: 'rss', url: `${feed.url}/feed.xml`, name: '赣鄱论坛', weight: 0.8 })).id;
  expect(await t.app.services.classification.seedRules(loadRulePack(STARTER_PACK_FILE))).toBeGreaterThan(20);
});
afterAll(async () => {
  await feed?.close();
  await t?.close();
});

describe('rules', () => {
  it('refuses an invalid query with its position, in both languages', async () => {
    const topicId = (await call('GET', '/api/topics', staff)).body.topics[0].id;
    const res = await call('POST', '/api/rules', staff, { topicId, name: '坏规则', query: '监狱 AND (死亡', level: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details[0]).toMatchObject({ path: 'query', code: 'unclosed_paren', position: 7 });
    expect(res.body.error.details[0].messageZh).toContain('括号没有闭合');
  });

  it('lets staff add and edit rules and leaders only read them', async () => {
    const topicId = (await call('GET', '/api/topics', staff)).body.topics[0].id;
    const created = await call('POST', '/api/rules', staff, { topicId, name: '探视难', query: '探视 AND 难', level: 'blue' });
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject({ name: '探视难', enabled: true, topicKey: 'prisons' });
    const edited = await call('PATCH', `/api/rules/${created.body.rule.id}`, staff, { enabled: false });
    expect(edited.body.rule.enabled).toBe(false);
    expect((await call('POST', '/api/rules', leader, { topicId, name: 'x', query: 'x', level: 'blue' })).status).toBe(403);
    expect((await call('GET', '/api/rules', leader)).status).toBe(200);
    expect((await call('PATCH', '/api/rules/99999', staff, { enabled: false })).status).toBe(404);
    expect((await call('DELETE', `/api/rules/${created.body.rule.id}`, staff)).status).toBe(204);
  });
});

describe('classification of collected mentions', () => {
  it('flags what the rules match, explains why, and tells the board', async () => {
    const socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: duty } });
    const received: ClassificationView[] = [];
    socket.on('mention.classified', ({ classifications }: { classifications: ClassificationView[] }) => received.push(...classifications));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    try {
      await t.collect(sourceId);
      expect(await t.app.services.classification.classifyPending()).toBe(3);
      expect(await t.app.services.classification.classifyPending()).toBe(0);
      const mentions = await t.app.stores.mentions.list({ sourceId, limit: 10 });
      const byTitle = new Map(mentions.map((m) => [m.title, m.id]));

      const deathView = (await call('GET', `/api/classifications/${byTitle.get(news[0]!.title)}`, duty)).body;
      // The board names the topics an explanation mentions.
      expect(deathView.topicNames).toEqual({ prisons: '监狱与看守所', emergencies: '突发事件' });
      const death = deathView.classification;
      // 网传 ("word is going round") with 监狱 also fires the emergencies topic's rule on rumours spreading.
      expect(death).toMatchObject({ flagged: true, level: 'red', topics: ['prisons', 'emergencies'], sentiment: 'neutral', responseScore: null });
      expect(death.explanation.rules[0]).toMatchObject({ name: '羁押场所人员死亡', level: 'red' });
      expect(death.explanation.rules[0].matches).toContainEqual({ term: '监狱', field: 'title', offset: 3 });
      expect(death.explanation.reasons).toEqual(['rule']);

      const outreach = (await call('GET', `/api/classifications/${byTitle.get(news[1]!.title)}`, duty)).body.classification;
      expect(outreach).toMatchObject({ flagged: false, level: null, topics: [], places: ['南昌市', '青山湖区'] });

      const hotline = (await call('GET', `/api/classifications/${byTitle.get(news[2]!.title)}`, duty)).body.classification;
      expect(hotline).toMatchObject({ flagged: true, level: 'yellow', topics: ['lawyers'] });

      await expect.poll(() => received.length).toBe(3);
      expect(received.filter((c) => c.flagged).map((c) => c.level).sort()).toEqual(['red', 'yellow']);
    } finally {
      socket.close();
    }
  });

  it('reclassifies recent mentions when a rule is added or removed, and tells the board what changed', async () => {
    const service = t.app.services.classification;
    const mentions = await t.app.stores.mentions.list({ sourceId, limit: 10 });
    const outreachId = mentions.find((m) => m.title === news[1]!.title)!.id;
    const topic = (await call('POST', '/api/topics', staff, { key: 'publicity', name: '普法宣传' })).body.topic;
    // "none" is the label of mentions about none of the topics, so no topic may take it.
    expect((await call('POST', '/api/topics', staff, { key: 'none', name: '无' })).status).toBe(400);
    const created = await call('POST', '/api/rules', staff, { topicId: topic.id, name: '法治宣传活动', query: '法治宣传 AND 社区', level: 'blue', enabled: true });
    expect(created.status).toBe(201);
    await service.reclassifying;
    expect((await call('GET', `/api/classifications/${outreachId}`, duty)).body.classification).toMatchObject({ flagged: true, level: 'blue', topics: ['publicity'] });
    expect(await service.reclassifyRecent(24)).toEqual({ reclassified: 3, changed: 0 });
    expect((await call('DELETE', `/api/rules/${created.body.rule.id}`, staff)).status).toBe(204);
    await service.reclassifying;
    expect((await call('GET', `/api/classifications/${outreachId}`, duty)).body.classification).toMatchObject({ flagged: false, topics: [] });
    expect((await call('DELETE', `/api/topics/${topic.id}`, staff)).status).toBe(204);
    await service.reclassifying;
  });

  it('backtests a query being edited over the stored mentions', async () => {
    const res = await call('POST', '/api/rules/backtest', leader, { query: '(监狱 OR 12348) NOT 宣传', days: 7 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 2, total: 3 });
    expect(res.body.samples.map((s: { title: string }) => s.title).sort()).toEqual([news[0]!.title, news[2]!.title].sort());
    expect(res.body.samples[0].hits.length).toBeGreaterThan(0);
    const bad = await call('POST', '/api/rules/backtest', leader, { query: 'title: OR', days: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].code).toBe('dangling_operator');
  });

  it('takes labels from duty officers and offers uncertain mentions to label', async () => {
    const [first] = await t.app.stores.mentions.list({ sourceId, limit: 1 });
    const res = await call('POST', `/api/labels/${first!.id}`, duty, { needsResponse: true, sentiment: 'negative' });
    expect(res.status).toBe(200);
    expect(res.body.label).toMatchObject({ mentionId: first!.id, needsResponse: true, sentiment: 'negative', topic: null });
    expect((await call('POST', `/api/labels/${first!.id}`, duty, {})).status).toBe(400);
    expect((await call('POST', `/api/labels/${first!.id}`, leader, { needsResponse: false })).status).toBe(403);
    expect((await call('POST', '/api/labels/99999', duty, { needsResponse: false })).status).toBe(404);

    // A later correction of the topic keeps the judgements given before.
    const corrected = await call('POST', `/api/labels/${first!.id}`, duty, { topic: 'prisons' });
    expect(corrected.body.label).toMatchObject({ needsResponse: true, sentiment: 'negative', topic: 'prisons' });

    // The board reads stored labels back after a reload: in bulk, and with the classification.
    const labels = await call('GET', `/api/labels?mentionIds=${first!.id},99999`, leader);
    expect(labels.status).toBe(200);
    expect(labels.body.labels).toEqual([expect.objectContaining({ mentionId: first!.id, needsResponse: true, topic: 'prisons', sentiment: 'negative' })]);
    expect((await call('GET', '/api/labels', duty)).status).toBe(400);
    expect((await call('GET', '/api/labels?mentionIds=1,x', duty)).status).toBe(400);
    expect((await call('GET', `/api/labels?mentionIds=${first!.id}`, '')).status).toBe(401);
    const withLabel = await call('GET', `/api/classifications/${first!.id}`, duty);
    expect(withLabel.body.label).toMatchObject({ mentionId: first!.id, needsResponse: true, topic: 'prisons' });
    expect(typeof withLabel.body.label.labelledAt).toBe('string');

    // A judgement can be withdrawn on its own; withdrawing the last one removes the label.
    const withdrawn = await call('POST', `/api/labels/${first!.id}`, duty, { clear: ['topic', 'sentiment'] });
    expect(withdrawn.body.label).toMatchObject({ needsResponse: true, topic: null, sentiment: null });
    expect((await call('POST', `/api/labels/${first!.id}`, duty, { topic: 'prisons', clear: ['topic'] })).status).toBe(400);
    expect((await call('POST', `/api/labels/${first!.id}`, duty, { clear: ['mood'] })).status).toBe(400);
    expect((await call('POST', `/api/labels/${first!.id}`, duty, { clear: ['needsResponse'] })).body).toEqual({ label: null });
    expect(await t.app.stores.classifications.label(first!.id)).toBeNull();
    expect((await call('GET', `/api/labels?mentionIds=${first!.id}`, duty)).body.labels).toEqual([]);

    // Without a needs-response model there is nothing uncertain to offer; leaders do not label.
    expect((await call('GET', '/api/labels/queue', duty)).body).toEqual({ mentionIds: [], mentions: [] });
    expect((await call('GET', '/api/labels/queue', leader)).status).toBe(403);
    expect((await call('GET', '/api/models', staff)).body).toEqual({ models: [], labels: { 'needs-response': { labels: 0, answers: 0 }, sentiment: { labels: 0, answers: 0 }, topic: { labels: 0, answers: 0 } }, minimumLabels: 20 });
    expect((await call('POST', '/api/models/sentiment/1/activate', staff, {})).status).toBe(403);
  });
});

describe('learning from labels', () => {
  it('trains a needs-response model from staff labels, uses it, and can roll it back', async () => {
    const service = t.app.services.classification;
    const complaints = ['投诉司法所工作人员态度恶劣', '律师收钱不办事要求退款', '公证处乱收费群众不满', '社区矫正对象脱管无人过问'];
    const routine = ['司法局举办普法宣传活动', '法律援助中心开展志愿服务', '人民调解员参加业务培训', '公证处推出延时服务'];
    const now = new Date();
    const stored = await t.app.stores.mentions.insertBatch(
      Array.from({ length: 40 }, (_, i) => {
        const text = `${i % 2 ? complaints[i % 4] : routine[i % 4]}，编号${i}`;
        return {
          sourceId,
          guid: null,
          url: null,
          canonicalUrl: null,
          title: text,
          titleOriginal: text,
          body: text,
          bodyOriginal: text,
          author: null,
          publishedAt: now,
          publishedAtEstimated: false,
          collectedAt: now,
          simhash: (BigInt(i + 1) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn).toString(16).padStart(16, '0'),
          urlKey: null,
          guidKey: null,
          contentKey: `learn-${i}`,
        };
      }),
    );
    expect(stored).toHaveLength(40);
    const userId = null; // labels keep who gave them; here no user is needed
    for (const [i, m] of stored.slice(0, 30).entries()) {
      await service.label({ mentionId: m.id, userId, needsResponse: i % 2 === 1, topic: null, sentiment: null });
    }
    const admin = await t.login('admin');
    expect((await call('GET', '/api/models', staff)).body.labels).toEqual({ 'needs-response': { labels: 30, answers: 2 }, sentiment: { labels: 0, answers: 0 }, topic: { labels: 0, answers: 0 } });
    // Training now, as the nightly job does, is for admins.
    expect((await call('POST', '/api/models/train', staff, {})).status).toBe(403);
    const first = await call('POST', '/api/models/train', admin, {});
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { task: 'needs-response', version: 1, labels: 30, metrics: { holdout: null } },
      { task: 'sentiment', version: null, labels: 0, reason: 'too-few-labels' },
      { task: 'topic', version: null, labels: 0, reason: 'too-few-labels' },
    ]);
    expect((await call('POST', '/api/models/train', admin, {})).body.results[0]).toEqual({ task: 'needs-response', version: null, labels: 30, reason: 'no-new-labels' });

    await service.classifyPending();
    // The new model also reclassified the recent mentions in the background.
    await service.reclassifying;
    const complaint = await service.classification(stored[31]!.id);
    expect(complaint!.responseScore).toBeGreaterThan(0.5);
    expect(complaint!.explanation.models[0]).toMatchObject({ task: 'needs-response', version: 1, label: '需回应' });
    const answer = (await call('GET', '/api/labels/queue', duty)).body as { mentionIds: number[]; mentions: { id: number; title: string; responseScore: number }[] };
    const queue = answer.mentionIds;
    expect(queue.length).toBeGreaterThan(0);
    expect(queue).not.toContain(stored[0]!.id); // labelled already
    // The mentions come in the queue's order (most uncertain first), ready to show.
    expect(answer.mentions.map((m) => m.id)).toEqual(queue);
    const distances = answer.mentions.map((m) => Math.abs(m.responseScore - 0.5));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const labelled = new Set(stored.slice(0, 30).map((m) => m.id));
    expect(answer.mentions.filter((m) => labelled.has(m.id))).toEqual([]);

    expect((await call('GET', '/api/models', staff)).body.models.map((m: { version: number; active: boolean }) => [m.version, m.active])).toEqual([[1, true]]);

    // A corrected label is something new to learn, though the number of labels stays the same; two
    // requests at once share one training run.
    await service.label({ mentionId: stored[0]!.id, userId, needsResponse: true, topic: null, sentiment: null });
    const [a, b] = await Promise.all([call('POST', '/api/models/train', admin, {}), call('POST', '/api/models/train', admin, {})]);
    expect(a.body.results[0]).toMatchObject({ task: 'needs-response', version: 2, labels: 30 });
    expect(b.body).toEqual(a.body);
    expect((await call('GET', '/api/models', staff)).body.models.map((m: { version: number; active: boolean }) => [m.version, m.active])).toEqual([[2, true], [1, false]]);

    // Rolling back is activating the earlier version.
    expect((await call('POST', '/api/models/needs-response/3/activate', admin, {})).status).toBe(404);
    expect((await call('POST', '/api/models/needs-response/1/activate', admin, {})).status).toBe(204);
    expect((await call('GET', '/api/models', staff)).body.models.map((m: { version: number; active: boolean }) => [m.version, m.active])).toEqual([[2, false], [1, true]]);
  });
});

describe('topic warnings', () => {
  it('lists the newest spike warnings with topic names and their series, to everyone on the board', async () => {
    const base = { bucketMinutes: 10, count: 14, baselineMean: 1.2, threshold: 4.5 };
    await t.app.stores.classifications.saveWarning({ ...base, topic: 'prisons', bucketStart: new Date('2026-11-27T01:00:00Z'), series: [1, 0, 2, 14], raisedAt: new Date('2026-11-27T01:10:00Z') });
    await t.app.stores.classifications.saveWarning({ ...base, topic: 'gone-topic', bucketStart: new Date('2026-11-27T02:00:00Z'), series: [0, 9], raisedAt: new Date('2026-11-27T02:10:00Z') });
    const res = await call('GET', '/api/topic-warnings?limit=5', leader);
    expect(res.status).toBe(200);
    expect(res.body.warnings.map((w: { topic: string }) => w.topic)).toEqual(['gone-topic', 'prisons']);
    expect(res.body.warnings[1]).toEqual({
      ...base,
      topic: 'prisons',
      topicName: '监狱与看守所',
      bucketStart: '2026-11-27T01:00:00.000Z',
      series: [1, 0, 2, 14],
      raisedAt: '2026-11-27T01:10:00.000Z',
    });
    // A topic deleted since keeps its key as its name.
    expect(res.body.warnings[0].topicName).toBe('gone-topic');
    expect((await call('GET', '/api/topic-warnings?limit=1', duty)).body.warnings).toHaveLength(1);
    expect((await call('GET', '/api/topic-warnings?limit=0', duty)).status).toBe(400);
    expect((await call('GET', '/api/topic-warnings', '')).status).toBe(401);
  });
});
