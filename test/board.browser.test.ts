import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceView } from '../src/collection/source.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchChromium, logIn, newBoardPage, skipBrowser, textOf } from './helpers/browser.ts';

/**
 * The board in a real browser against the real app: login page, live stream over Socket.io,
 * untrusted text rendered as text, role-dependent controls, and the redirect for visitors without a session.
 */


interface FeedItem {
  guid: string;
  /** Raw XML for the <title> element's content (already escaped as the feed wants it). */
  titleXml: string;
  link: string;
  description: string;
  pubDate: Date;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes an RSS 2.0 document for the items, newest first. */
function rss(items: FeedItem[]): string {
  const entries = [...items]
    .reverse()
    .map(
      (item) => `
    <item>
      <guid isPermaLink="false">${xmlEscape(item.guid)}</guid>
      <title>${item.titleXml}</title>
      <link>${xmlEscape(item.link)}</link>
      <description>${xmlEscape(item.description)}</description>
      <pubDate>${item.pubDate.toUTCString()}</pubDate>
    </item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>测试司法新闻</title>
    <link>http://127.0.0.1/</link>
    <description>浏览器测试用订阅源</description>${entries}
  </channel>
</rss>`;
}

/** A loopback RSS feed whose items the test adds as it goes. */
async function startFeedServer() {
  const items: FeedItem[] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(rss(items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/feed.xml`;
  let n = 0;
  return {
    url,
    /** Adds an item with a plain-text title (escaped once for XML) or raw title XML. */
    add(item: { title?: string; titleXml?: string; link?: string; description?: string }) {
      n += 1;
      items.push({
        guid: `item-${n}`,
        titleXml: item.titleXml ?? xmlEscape(item.title ?? `条目 ${n}`),
        link: item.link ?? `http://127.0.0.1:${port}/news/${n}.html`,
        description: item.description ?? `第 ${n} 条测试摘要。`,
        pubDate: new Date(),
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


describe.skipIf(skipBrowser)('board in a browser', () => {
  let t: TestApp;
  let feed: Awaited<ReturnType<typeof startFeedServer>>;
  let browser: Browser;
  let source: SourceView;
  /** Errors the pages report (CSP violations, exceptions); the board should produce none. */
  const pageErrors: string[] = [];

  const newPage = async () => {
    return newBoardPage(browser, pageErrors);
  };

  beforeAll(async () => {
    feed = await startFeedServer();
    feed.add({ title: '省司法厅召开政务公开工作推进会', description: '会议部署下一阶段政务公开重点工作。' });
    t = await startTestApp();
    // Two topics and one rule, which the tests below rely on (each can run alone, with -t).
    await t.app.stores.rules.importPack(
      [
        { key: 'prisons', name: '监狱与看守所', rules: [{ name: '羁押场所人员死亡', query: '监狱 AND 死亡', level: 'red' }] },
        { key: 'emergencies', name: '突发事件', rules: [] },
      ],
      new Date(),
    );
    t.app.services.classification.invalidate();
    source = await t.addSource({ name: '测试司法新闻', kind: 'rss', url: feed.url });
    const first = await t.collect(source.id);
    expect(first.outcome).toBe('ok');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await feed?.close();
  });

  it('sends a visitor without a session from / to the login page', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('h1').textContent()).toBe('登录');
    await page.context().close();
  });

  it('rejects a wrong password with a translated message', async () => {
    const page = await newPage();
    const { username } = await t.createUser('duty');
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('#username', username);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-submit');
    await expect.poll(() => textOf(page, '#login-error')).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('logs in, shows the stream and sources, and adds collected mentions live', async () => {
    const page = await newPage();
    const staff = await t.createUser('staff');
    await logIn(page, t.baseUrl, staff);

    const list = page.locator('#mention-list');
    await list.getByText('省司法厅召开政务公开工作推进会').waitFor();
    expect(await textOf(page, '#today-count')).toBe('今日 1 条');
    const row = page.locator(`#sources-table tbody[data-id="${source.id}"]`);
    expect(await row.locator('.source-name').textContent()).toContain('测试司法新闻');
    expect(await row.locator('.status').textContent()).toBe('正常');

    // A marker on window survives only if the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { boardMarker: 'still here' }));

    feed.add({ title: '关于规范行政执法公示的通知解读', description: '通知的主要内容与适用范围。' });
    const run = await t.collect(source.id);
    expect(run.itemsNew).toBe(1);
    const fresh = list.locator('li', { hasText: '关于规范行政执法公示的通知解读' });
    await fresh.waitFor({ timeout: 5000 });
    expect(await list.locator('li').first().textContent()).toContain('关于规范行政执法公示的通知解读');
    expect(await fresh.getAttribute('class')).toContain('is-new');
    expect(await fresh.locator('a').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await fresh.locator('a').getAttribute('target')).toBe('_blank');
    await expect.poll(() => textOf(page, '#today-count')).toBe('今日 2 条');
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe('still here');

    // Fetch now from the board: nothing new in the feed, and the row says so.
    await row.locator('[data-action="fetch"]').click();
    await row.locator('.fetch-note').waitFor({ timeout: 10_000 });
    expect(await row.locator('.fetch-note').textContent()).toMatch(/^采集完成/);

    // The filter narrows the stream (and the server's search finds nothing more).
    await page.fill('#filter', '执法公示');
    await expect.poll(() => list.locator('li:visible').count()).toBe(1);
    expect(await textOf(page, '#stream-shown')).toBe('显示 1 条');
    await expect.poll(() => textOf(page, '#stream-search-status')).toBe('已检索近 30 天的信息');
    await page.fill('#filter', '');
    await expect.poll(() => list.locator('li:visible').count()).toBe(2);

    // English switch, then back to Chinese (the choice is remembered per browser).
    await page.click('#lang-switch');
    expect(await textOf(page, '#stream-heading')).toBe('Live stream');
    expect(await row.locator('.status').textContent()).toBe('OK');
    await page.click('#lang-switch');
    expect(await textOf(page, '#stream-heading')).toBe('实时信息流');

    await page.screenshot({ path: '/tmp/board.png' });
    await page.context().close();
  });

  it('renders a scraped title with markup as text, and never links a non-http URL', async () => {
    const page = await newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await logIn(page, t.baseUrl, await t.createUser('duty'));

    // Escaped twice: XML decodes once, the HTML-to-text step once, leaving the literal markup as text.
    const evil = '<img src=x onerror=alert(1)>';
    feed.add({ titleXml: xmlEscape(xmlEscape(`网传某地 ${evil} 事件`)), description: `摘要 ${evil}` });
    feed.add({ title: '脚本链接测试', link: 'javascript:alert(2)' });
    await t.collect(source.id);

    const list = page.locator('#mention-list');
    await list.getByText(`网传某地 ${evil} 事件`).waitFor({ timeout: 5000 });
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.context().close();
  });

  it('adds a source through the form, showing the API validation errors beside the fields', async () => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('admin'));
    await page.click('#add-source');
    await page.fill('#source-name', '表单添加的网页源');
    await page.selectOption('#source-kind', 'html');
    await page.fill('#source-url', 'ftp://127.0.0.1/list.html');
    await page.fill('#source-selectors', '{"title": "a"}');
    await page.click('#source-save');

    // Both problems come back from the server in one answer and land next to their fields.
    await page.locator('#error-url').waitFor();
    expect(await textOf(page, '#error-url')).toBe('must be an http:// or https:// URL');
    expect(await textOf(page, '#error-selectors')).toMatch(/^item: /);
    expect(await page.locator('#source-url').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page, '#form-error')).toBe('填写内容有误，请检查标出的项目');

    await page.fill('#source-url', `${feed.url}?list=1`);
    await page.fill('#source-selectors', '{"item": "li", "title": "a", "link": "a"}');
    await page.click('#source-save');
    await page.locator('#source-dialog').waitFor({ state: 'hidden' });
    await page.locator('#sources-table tbody', { hasText: '表单添加的网页源' }).waitFor();
    expect(await textOf(page, '#sources-message')).toBe('已添加信息源「表单添加的网页源」。');
    const created = (await t.app.services.sources.list()).find((s) => s.name === '表单添加的网页源');
    expect(created?.config.selectors?.item).toBe('li');
    await page.context().close();
  });

  it('shows the warning level a rule raises, and lets a duty officer label the mention', async () => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('duty'));
    const list = page.locator('#mention-list');

    feed.add({ title: '网传某监狱一名服刑人员死亡', description: '家属质疑死因，要求公开调查。' });
    await t.collect(source.id);
    const row = list.locator('li', { hasText: '网传某监狱一名服刑人员死亡' });
    await row.waitFor({ timeout: 5000 });
    expect(await row.locator('.badge-level').count()).toBe(0);
    // Classification runs after collection and reaches the open board as an event.
    await t.app.services.classification.classifyPending();
    await row.locator('.badge-level[data-level="red"]').waitFor({ timeout: 5000 });
    expect(await row.locator('.badge-level').textContent()).toBe('红色预警');
    expect(await row.getAttribute('class')).toContain('is-flagged');

    // 预警依据: opened, it says which rule matched which words where, and why the level.
    const why = row.locator('details.why');
    expect(await why.getAttribute('open')).toBeNull();
    await why.locator('summary').click();
    const rule = why.locator('.why-list li[data-rule]');
    await rule.waitFor({ timeout: 5000 });
    expect(await why.locator('.why-level').textContent()).toBe('红色预警：监测规则命中');
    expect(await rule.textContent()).toBe('「羁押场所人员死亡」（监狱与看守所 · 红色预警）：“监狱”（标题）、“死亡”（标题）');
    // Unflagged rows have nothing to explain.
    expect(await list.locator('li:not(.is-flagged) details.why').count()).toBe(0);

    // A live change of verdict rebuilds the row; the 预警依据 being read stays open and shows the new one.
    const ruleId = (await t.app.stores.rules.listRules()).find((r) => r.name === '羁押场所人员死亡')!.id;
    await t.app.services.classification.updateRule(ruleId, { level: 'orange' });
    await row.locator('.badge-level[data-level="orange"]').waitFor({ timeout: 5000 });
    expect(await row.locator('details.why').getAttribute('open')).not.toBeNull();
    await expect.poll(() => row.locator('.why-level').textContent()).toBe('橙色预警：监测规则命中');
    await t.app.services.classification.updateRule(ruleId, { level: 'red' });
    await row.locator('.badge-level[data-level="red"]').waitFor({ timeout: 5000 });

    // 只看预警 hides the mentions nothing flagged.
    const rows = page.locator('#mention-list > li');
    const shown = page.locator('#mention-list > li:not([hidden])');
    expect(await page.locator('#mention-list > li:not(.is-flagged)').count()).toBeGreaterThan(0);
    await page.selectOption('#level-filter', 'blue');
    await expect.poll(() => shown.count()).toBe(await page.locator('#mention-list > li.is-flagged').count());
    expect(await row.isVisible()).toBe(true);
    expect(await textOf(page, '#stream-shown')).toMatch(/^显示 \d+ 条$/);
    await page.selectOption('#level-filter', '');
    await expect.poll(() => shown.count()).toBe(await rows.count());

    await row.locator('button[data-label="needs"]').click();
    await expect.poll(() => row.locator('button[data-label="needs"]').getAttribute('aria-pressed')).toBe('true');
    const id = Number(await row.getAttribute('data-id'));
    expect(await t.app.stores.classifications.label(id)).toMatchObject({ mentionId: id, needsResponse: true });

    // After a reload the level comes with the stored mention, and the stored label shows as pressed.
    await page.reload();
    const reloaded = list.locator('li', { hasText: '网传某监狱一名服刑人员死亡' });
    await reloaded.locator('.badge-level[data-level="red"]').waitFor({ timeout: 5000 });
    await expect.poll(() => reloaded.locator('button[data-label="needs"]').getAttribute('aria-pressed')).toBe('true');
    expect(await reloaded.locator('button[data-label="no-need"]').getAttribute('aria-pressed')).toBe('false');

    // Correcting the topic and the sentiment keeps the needs-response judgement.
    const topic = reloaded.locator('select.label-topic');
    expect(await topic.locator('option').first().textContent()).toBe('专题（自动）：监狱与看守所');
    await topic.selectOption('emergencies');
    await expect.poll(async () => (await t.app.stores.classifications.label(id))?.topic).toBe('emergencies');
    await reloaded.locator('select.label-sentiment').selectOption('negative');
    await expect.poll(async () => (await t.app.stores.classifications.label(id))?.sentiment).toBe('negative');
    expect(await t.app.stores.classifications.label(id)).toMatchObject({ needsResponse: true, topic: 'emergencies', sentiment: 'negative' });

    await page.reload();
    const again = list.locator('li', { hasText: '网传某监狱一名服刑人员死亡' });
    await expect.poll(() => again.locator('select.label-topic').inputValue()).toBe('emergencies');
    expect(await again.locator('select.label-topic').getAttribute('class')).toContain('is-labelled');
    expect(await again.locator('select.label-sentiment').inputValue()).toBe('negative');
    expect(await again.locator('button[data-label="needs"]').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: '/tmp/board-flagged.png' });

    // 无关专题 is offered last, for a mention about none of the topics.
    expect(await again.locator('select.label-topic option').last().textContent()).toBe('无关专题');
    await again.locator('select.label-topic').selectOption('none');
    await expect.poll(async () => (await t.app.stores.classifications.label(id))?.topic).toBe('none');

    // Judgements are withdrawn one by one: the model's option for the topic, the pressed button
    // pressed again; with the last one gone, so is the label.
    await again.locator('select.label-topic').selectOption('');
    await expect.poll(async () => (await t.app.stores.classifications.label(id))?.topic).toBeNull();
    // The store changes before the page has the answer: wait for the page too.
    await expect.poll(() => again.locator('select.label-topic').getAttribute('class')).not.toContain('is-labelled');
    await again.locator('select.label-sentiment').selectOption('');
    await expect.poll(async () => (await t.app.stores.classifications.label(id))?.sentiment).toBeNull();
    expect(await again.locator('button[data-label="needs"]').getAttribute('title')).toBe('再次点击可撤销');
    await again.locator('button[data-label="needs"]').click();
    await expect.poll(() => again.locator('button[data-label="needs"]').getAttribute('aria-pressed')).toBe('false');
    expect(await t.app.stores.classifications.label(id)).toBeNull();
    await page.context().close();
  });

  it('edits rules: an invalid query shows where it fails, the fixed rule saves, a backtest counts', async () => {
    const page = await newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await logIn(page, t.baseUrl, await t.createUser('staff'));
    await page.click('#tab-rules');
    await page.locator('#topic-list .topic').first().waitFor();

    // A new topic first.
    await page.click('#add-topic');
    await page.fill('#topic-name', '政务公开');
    await page.fill('#topic-key', 'Openness');
    await page.click('#topic-save');
    await page.locator('#topic-error-key').waitFor();
    await page.fill('#topic-key', 'openness');
    await page.click('#topic-save');
    const topic = page.locator('#topic-list .topic[data-topic-key="openness"]');
    await topic.waitFor();
    expect(await textOf(page, '#rules-message')).toBe('已新建专题「政务公开」。');

    await topic.locator('[data-action="add-rule"]').click();
    expect(await page.locator('#rule-topic').inputValue()).toBe(await topic.getAttribute('data-topic-id'));
    await page.fill('#rule-name', '政务公开推进');
    await page.fill('#rule-query', '政务公开 AND (推进会');
    await page.selectOption('#rule-level', 'yellow');
    await page.click('#rule-save');

    // The parser's error comes back with its position, marked in the query.
    await page.locator('#rule-error-query mark').waitFor();
    expect(await textOf(page, '#rule-error-query mark')).toBe('(');
    expect(await textOf(page, '#rule-error-query .query-error-message')).toContain('括号没有闭合');
    expect(await textOf(page, '#rule-error-query .query-mark')).toBe('政务公开 AND (推进会');
    expect(await page.locator('#rule-query').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#rule-query').evaluate((el) => (el as HTMLTextAreaElement).selectionStart)).toBe(9);
    expect(await textOf(page, '#rule-form-error')).toBe('填写内容有误，请检查标出的项目');
    await page.screenshot({ path: '/tmp/board-rule-error.png' });

    // Fixed, the query is backtested before it is saved.
    await page.fill('#rule-query', '政务公开 AND 推进会');
    await page.fill('#backtest-days', '3');
    await page.click('#rule-backtest');
    await expect.poll(() => page.locator('#backtest-summary').getAttribute('data-count')).toBe('1');
    expect(await textOf(page, '#backtest-summary')).toMatch(/^最近 3 天命中 1 条 \/ 共 \d+ 条，用时 \d+ 毫秒$/);
    expect(await textOf(page, '#backtest-samples .sample-title')).toBe('省司法厅召开政务公开工作推进会');
    expect(await textOf(page, '#backtest-samples .sample-hits')).toContain('政务公开（标题）');
    expect(await page.locator('#rule-error-query').isHidden()).toBe(true);
    await page.screenshot({ path: '/tmp/board-backtest.png' });

    await page.click('#rule-save');
    await page.locator('#rule-dialog').waitFor({ state: 'hidden' });
    const rule = topic.locator('.rule', { hasText: '政务公开推进' });
    await rule.waitFor();
    expect(await rule.locator('.badge-level').getAttribute('data-level')).toBe('yellow');
    expect(await textOf(page, '#rules-message')).toBe('已添加规则「政务公开推进」。');
    const saved = (await t.app.stores.rules.listRules()).find((r) => r.name === '政务公开推进');
    expect(saved).toMatchObject({ query: '政务公开 AND 推进会', level: 'yellow', enabled: true, topicKey: 'openness' });

    // Disable, then delete.
    await rule.locator('[data-action="toggle"]').click();
    await rule.locator('.tag-muted').waitFor();
    expect((await t.app.stores.rules.getRule(saved!.id))?.enabled).toBe(false);
    await rule.locator('[data-action="delete"]').click();
    await rule.waitFor({ state: 'detached' });
    expect(await t.app.stores.rules.getRule(saved!.id)).toBeNull();
    await page.context().close();
  });

  it('shows topic spike warnings with their volume chart, stored and live', async () => {
    const series = Array.from({ length: 24 }, (_, i) => (i === 23 ? 30 : 2 + (i % 3)));
    const stored = { topic: 'prisons', bucketMinutes: 60, bucketStart: new Date(Date.now() - 3_600_000), count: 30, baselineMean: 3, threshold: 9.5, series, raisedAt: new Date() };
    await t.app.stores.classifications.saveWarning(stored);
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('leader'));

    const first = page.locator('#warning-list li.warning').first();
    await first.waitFor();
    expect(await first.locator('.warning-topic').textContent()).toBe('监狱与看守所');
    expect(await first.locator('.warning-line').textContent()).toBe('1 小时内 30 条，基线均值 3 条，预警阈值 9.5 条');
    expect(await first.locator('svg.spike-chart rect').count()).toBe(24);
    expect(await first.locator('svg.spike-chart rect.is-spike').count()).toBe(1);

    // A new surge arrives over the socket and lands on top.
    t.app.events.publish('topic.spike', {
      warning: { topic: 'emergencies', topicName: '突发事件', bucketMinutes: 10, bucketStart: new Date().toISOString(), count: 12, baselineMean: 0.5, threshold: 3, series: [0, 1, 0, 0, 12], raisedAt: new Date().toISOString() },
    });
    const live = page.locator('#warning-list li.warning[data-topic="emergencies"]');
    await live.waitFor({ timeout: 5000 });
    expect(await page.locator('#warning-list li.warning').first().getAttribute('data-topic')).toBe('emergencies');
    expect(await live.getAttribute('class')).toContain('is-new');
    expect(await live.locator('svg.spike-chart rect').count()).toBe(5);
    expect(await textOf(page, '#warnings-count')).toBe('2 条');
    await page.context().close();
  });

  it('keeps the topic warnings panel around its content: the empty line inside it, many warnings scrolling within 38% of the column', async () => {
    await t.testDb.db('topic_warnings').delete();
    // A long tab underneath (many sources) used to squeeze the panel until its empty line spilled out.
    const extra: SourceView[] = [];
    for (let i = 0; i < 12; i++) extra.push(await t.addSource({ name: `布局测试源 ${i}`, kind: 'rss', url: `${feed.url}?layout=${i}` }));
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('staff'));
    await page.locator(`#sources-table tbody[data-id="${extra[11]!.id}"]`).waitFor();
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    const empty = await box('#warnings-empty');
    const panel = await box('#warnings');
    expect(empty.height).toBeGreaterThan(0);
    expect(empty.y + empty.height).toBeLessThanOrEqual(panel.y + panel.height);

    // Many warnings: the panel stops at 38% of the column, and its list scrolls.
    for (let i = 0; i < 12; i++) {
      t.app.events.publish('topic.spike', {
        warning: { topic: 'emergencies', topicName: '突发事件', bucketMinutes: 10, bucketStart: new Date(Date.now() - i * 600_000).toISOString(), count: 12 + i, baselineMean: 0.5, threshold: 3, series: [0, 1, 0, 12 + i], raisedAt: new Date().toISOString() },
      });
    }
    await expect.poll(() => page.locator('#warning-list li.warning').count()).toBe(12);
    const full = await box('#warnings');
    const column = await box('.side');
    expect(full.height).toBeLessThanOrEqual(column.height * 0.38 + 1);
    expect(await page.locator('#warning-list').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await page.context().close();
    for (const s of extra) await t.app.stores.sources.remove(s.id);
  });

  it('lists model versions with an activate button for admins, and offers uncertain mentions to label', async () => {
    const { trainForService } = await import('../src/models/index.ts');
    const records = ['投诉监狱管理混乱', '律师收费不合理要求退款', '普法宣传进社区', '法律援助志愿服务活动'].map((text, i) => ({ text, label: i < 2 ? '需回应' : '无需回应' }));
    for (const version of [1, 2]) {
      const { model, trainingSet, metrics } = trainForService('needs-response', records);
      await t.app.stores.models.add({ task: 'needs-response', model, trainingSet, metrics: { ...metrics, accuracy: 0.8 + version / 100 }, activate: true }, new Date());
    }
    t.app.services.classification.invalidate();
    feed.add({ title: '市民投诉律师收费不合理', description: '要求相关部门调查。' });
    await t.collect(source.id);
    await t.app.services.classification.classifyPending();

    const page = await newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await logIn(page, t.baseUrl, await t.createUser('admin'));
    await page.click('#tab-models');
    const task = page.locator('#model-list .model-task[data-task="needs-response"]');
    await task.waitFor();
    expect(await task.locator('tbody tr').count()).toBe(2);
    expect(await task.locator('tr.is-active').getAttribute('data-version')).toBe('2');
    expect(await task.locator('tr[data-version="2"]').textContent()).toContain('准确率 82.0%');
    await task.locator('tr[data-version="1"] [data-action="activate"]').click();
    await expect.poll(() => task.locator('tr.is-active').getAttribute('data-version')).toBe('1');
    expect((await t.app.stores.models.list('needs-response')).map((m) => [m.version, m.active])).toEqual([[2, false], [1, true]]);

    // The labelling queue: the new mention has a needs-response probability; labelling it there shows in the stream too.
    await page.click('#tab-queue');
    const item = page.locator('#queue-list li', { hasText: '市民投诉律师收费不合理' });
    await item.waitFor();
    expect(await item.locator('.badge-score').textContent()).toMatch(/^需回应概率 \d+%$/);
    await item.locator('button[data-label="no-need"]').click();
    await expect.poll(() => item.locator('button[data-label="no-need"]').getAttribute('aria-pressed')).toBe('true');
    const streamRow = page.locator('#mention-list li', { hasText: '市民投诉律师收费不合理' });
    expect(await streamRow.locator('button[data-label="no-need"]').getAttribute('aria-pressed')).toBe('true');
    const id = Number(await item.getAttribute('data-id'));
    expect(await t.app.stores.classifications.label(id)).toMatchObject({ needsResponse: false });
    // The judged mention steps back and is counted; the batch is done once every mention is judged.
    const queued = page.locator('#queue-list > li');
    const n = await queued.count();
    expect(await item.getAttribute('class')).toContain('is-judged');
    expect(await textOf(page, '#queue-count')).toBe(`${n} 条 · 已标注 1`);
    const others = queued.filter({ hasNot: page.locator('.label-button[aria-pressed="true"]') });
    for (let k = n - 1; k > 0; k--) {
      await others.first().locator('button[data-label="needs"]').click();
      await expect.poll(() => others.count()).toBe(k - 1);
    }
    await expect.poll(() => page.locator('#queue-done').isVisible()).toBe(true);
    expect(await textOf(page, '#queue-count')).toBe(`${n} 条 · 已标注 ${n}`);
    expect(await page.locator('#queue-refresh').getAttribute('class')).toContain('btn-primary');
    await page.screenshot({ path: '/tmp/board-queue.png' });
    // Withdrawn again (pressing the pressed button), all but the first label; the batch is open again.
    const judgedIds = await queued.filter({ has: page.locator('button[data-label="needs"][aria-pressed="true"]') }).evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    expect(judgedIds).toHaveLength(n - 1);
    for (const judgedId of judgedIds) {
      const other = page.locator(`#queue-list > li[data-id="${judgedId}"]`);
      await other.locator('button[data-label="needs"]').click();
      await expect.poll(() => other.getAttribute('class')).not.toContain('is-judged');
    }
    expect(await page.locator('#queue-done').isVisible()).toBe(false);
    expect(await textOf(page, '#queue-count')).toBe(`${n} 条 · 已标注 1`);

    // 立即训练: with one label there is nothing to train yet, and the panel says so per task.
    await page.click('#tab-models');
    await expect.poll(() => textOf(page, '#models-labels')).toContain('需回应判断 1 条');
    await page.click('#models-train');
    await expect.poll(() => textOf(page, '#models-message')).toContain('需回应判断：只有 1 条标注，至少需要 20 条');
    expect(await textOf(page, '#models-message')).toContain('情感倾向：只有 0 条标注');
    expect((await t.app.stores.models.list('needs-response')).map((m) => [m.version, m.active])).toEqual([[2, false], [1, true]]);

    // A mention the model flagged explains itself with the model's verdict and the words behind it,
    // as text: a feature is scraped text and never becomes markup.
    await t.app.stores.classifications.save([
      {
        mentionId: id,
        flagged: true,
        level: 'yellow',
        topics: ['lawyers'],
        places: ['南昌市', '青山湖区'],
        sentiment: 'negative',
        sentimentScore: 0.7,
        responseScore: 0.962,
        explanation: {
          rules: [],
          models: [
            { task: 'needs-response', version: 1, label: '需回应', probability: 0.962, topFeatures: [{ feature: '投诉', weight: 1.2 }, { feature: '<img src=x onerror="window.__xss=1">', weight: 0.4 }] },
            { task: 'sentiment', version: 1, label: 'negative', probability: 0.7, topFeatures: [] },
          ],
          reasons: ['model'],
        },
        classifiedAt: new Date(),
      },
    ]);
    await page.reload();
    const flaggedRow = page.locator('#mention-list li.is-flagged', { hasText: '市民投诉律师收费不合理' });
    await flaggedRow.locator('details.why summary').click();
    const byModel = flaggedRow.locator('.why-list li[data-task="needs-response"]');
    await byModel.waitFor({ timeout: 5000 });
    expect(await flaggedRow.locator('.why-level').textContent()).toBe('黄色预警：模型判断需回应');
    expect(await byModel.textContent()).toBe('需回应判断（第 1 版）：需回应 96%；主要依据 “投诉”、“<img src=x onerror="window.__xss=1">”');
    expect(await flaggedRow.locator('.why-list li[data-task="sentiment"]').textContent()).toBe('情感倾向（第 1 版）：负面 70%');
    expect(await flaggedRow.locator('.why-places').textContent()).toBe('属地：南昌市、青山湖区');
    expect(await flaggedRow.locator('.why img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // 属地: the localities show on the row, and the filter finds a county's mentions by name.
    expect(await flaggedRow.locator('.badge-place').textContent()).toBe('南昌市 · 青山湖区');
    const rows = page.locator('#mention-list > li');
    expect(await rows.count()).toBeGreaterThan(1);
    await page.fill('#filter', '青山湖');
    await expect.poll(() => page.locator('#mention-list > li:not([hidden])').count()).toBe(1);
    expect(await page.locator('#mention-list > li:not([hidden])').getAttribute('data-id')).toBe(String(id));
    await page.fill('#filter', '');

    // Staff read the models but cannot activate; duty officers see neither tab's controls they cannot use.
    const staffPage = await newPage();
    await logIn(staffPage, t.baseUrl, await t.createUser('staff'));
    await staffPage.click('#tab-models');
    await staffPage.locator('#model-list .model-task').first().waitFor();
    expect(await staffPage.locator('#model-list [data-action="activate"]').count()).toBe(0);
    expect(await staffPage.locator('#models-train').isHidden()).toBe(true);
    await staffPage.context().close();
    await page.context().close();
  });

  it('shows a leader the board without controls they may not use, and signs out', async () => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('leader'));
    expect(await textOf(page, '#user-role')).toBe('厅领导');
    await page.locator(`#sources-table tbody[data-id="${source.id}"]`).waitFor();
    expect(await page.locator('#add-source').isHidden()).toBe(true);
    expect(await page.locator('#sources-table button').count()).toBe(0);
    expect(await page.locator('#mention-list .label-button').count()).toBe(0);
    expect(await page.locator('#mention-list select').count()).toBe(0);
    expect(await page.locator('#tab-queue').isHidden()).toBe(true);
    expect(await page.locator('#tab-models').isHidden()).toBe(true);
    // Leaders read and backtest rules, but change nothing.
    await page.click('#tab-rules');
    await page.locator('#topic-list .rule').first().waitFor();
    expect(await page.locator('#add-rule').isHidden()).toBe(true);
    expect(await page.locator('#add-topic').isHidden()).toBe(true);
    expect(await page.locator('#topic-list [data-action="edit"], #topic-list [data-action="delete"], #topic-list [data-action="toggle"]').count()).toBe(0);
    // 回测 opens the rule read-only and runs the backtest at once.
    await page.locator('#topic-list .rule [data-action="backtest"]').first().click();
    expect(await page.locator('#rule-save').isHidden()).toBe(true);
    expect(await page.locator('#rule-query').isDisabled()).toBe(true);
    await page.locator('#backtest-summary[data-count]').waitFor();
    expect(await textOf(page, '#backtest-summary')).toMatch(/^最近 7 天命中 \d+ 条/);
    await page.click('#rule-cancel');

    // Signing out ends the session: the board is no longer reachable.
    await page.click('#logout');
    await page.waitForURL(`${t.baseUrl}/login`);
    await page.goto(`${t.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it("counts today's mentions from the server, beyond the rows the stream holds", async () => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('staff'));
    await page.locator('#mention-list li').first().waitFor();
    const before = Number(/今日 (\d+) 条/.exec((await textOf(page, '#today-count')) ?? '')?.[1]);
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 120; i++) feed.add({ title: `县司法局法治宣传进社区活动第${i + 1}场` });
    expect((await t.collect(source.id)).itemsNew).toBe(120);
    await expect.poll(() => textOf(page, '#today-count')).toBe(`今日 ${before + 120} 条`);
    // A fresh page loads the newest 100 rows only; the count still covers the day.
    await page.reload();
    await page.locator('#mention-list li').first().waitFor();
    await expect.poll(() => textOf(page, '#today-count')).toBe(`今日 ${before + 120} 条`);
    expect(await page.locator('#mention-list li').count()).toBe(100);
    await page.context().close();
  });

  it('shows a post, whose feed gives its text as title and body, once; a news item keeps its summary', async () => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser('duty'));
    const post = '今天去区里的公共法律服务中心咨询继承的事，排队的人不多，工作人员讲得很清楚，还给了一份材料清单。'.repeat(3);
    feed.add({ title: post, description: post });
    feed.add({ title: '省司法厅发布行政复议典型案例', description: '案例涉及市场监管、自然资源等领域。' });
    await t.collect(source.id);
    const list = page.locator('#mention-list');
    const postRow = list.locator('li.mention', { hasText: '公共法律服务中心咨询继承' });
    await postRow.waitFor({ timeout: 5000 });
    expect(await postRow.locator('.mention-title').getAttribute('class')).toContain('is-post');
    expect(await postRow.locator('.mention-title').getAttribute('title')).toBe(post);
    expect(await postRow.locator('.mention-snippet').count()).toBe(0);
    const newsRow = list.locator('li.mention', { hasText: '省司法厅发布行政复议典型案例' });
    expect(await newsRow.locator('.mention-title').getAttribute('class')).not.toContain('is-post');
    expect(await newsRow.locator('.mention-snippet').textContent()).toBe('案例涉及市场监管、自然资源等领域。');
    await page.context().close();
  });

  it('produced no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
