import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchChromium, logIn, newBoardPage, skipBrowser, textOf } from './helpers/browser.ts';
import { seedWarningsBehindNews, type WarningsFixture } from './helpers/warnings-fixture.ts';

/**
 * The stream's search in a real browser against the real app: the board loads the newest 100
 * mentions, and the warnings are older than those, so 只看预警 and the search box find them only by
 * asking the server; clearing the filter leaves no stray matches; 加载更早的信息 pages back; a new
 * warning arriving live joins a 只看预警 view; a topic, chosen or from a topic warning, narrows it too;
 * with the server gone, the board says so and offers to try again.
 */

describe.skipIf(skipBrowser)('stream search in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let fixture: WarningsFixture;
  let serverStopped = false;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fixture = await seedWarningsBehindNews(t);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    if (!serverStopped) await t?.close();
  });

  const rows = (page: Page) => page.locator('#mention-list > li');
  const shown = (page: Page) => page.locator('#mention-list > li:not([hidden])');
  const shownTitles = (page: Page) => shown(page).locator('.mention-title').allTextContents();

  it('finds warnings and words beyond the loaded rows, then goes back to the stream and pages back', async () => {
    // A label given earlier shows as pressed on a row the search brings, as on the first page's rows.
    const [death] = await t.app.stores.mentions.list({ terms: ['质疑'], limit: 1 });
    await t.app.services.classification.label({ mentionId: death!.id, userId: null, needsResponse: true, topic: null, sentiment: null });
    const page = await newBoardPage(browser, pageErrors);
    await logIn(page, t.baseUrl, await t.createUser('duty'));
    await expect.poll(() => rows(page).count()).toBe(100);
    expect(await page.locator('#mention-list > li.is-flagged').count()).toBe(0);
    expect(await page.locator('#stream-more').isVisible()).toBe(true);
    expect(await page.locator('#stream-more').textContent()).toBe('加载更早的信息');

    // 只看预警: the four warnings, from the server.
    await page.selectOption('#level-filter', 'blue');
    await expect.poll(() => shownTitles(page)).toEqual(['12348 APP 登录失败', '青山湖區律師事務所收費過高遭投訴', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(await shown(page).locator('.badge-level').evaluateAll((els) => els.map((el) => el.getAttribute('data-level')))).toEqual(['blue', 'yellow', 'red', 'red']);
    expect(await textOf(page, '#stream-shown')).toBe('显示 4 条');
    await expect.poll(() => textOf(page, '#stream-search-status')).toBe('已检索近 30 天的信息');
    const labelled = page.locator(`#mention-list > li[data-id="${death!.id}"] button[data-label="needs"]`);
    await expect.poll(() => labelled.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#stream-more').isVisible()).toBe(false);

    // A level and above: the red ones, then the yellow one too.
    await page.selectOption('#level-filter', 'red');
    await expect.poll(() => shownTitles(page)).toEqual(['又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    await page.selectOption('#level-filter', 'yellow');
    await expect.poll(() => shownTitles(page)).toEqual(['青山湖區律師事務所收費過高遭投訴', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(await page.locator('#level-filter option').allTextContents()).toEqual(['全部信息', '只看预警', '黄色及以上', '橙色及以上', '红色预警']);
    await page.selectOption('#level-filter', 'blue');

    // Words narrow the warnings: each word is required.
    await page.fill('#filter', '看守所 死亡');
    await expect.poll(() => shownTitles(page)).toEqual(['又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    // Without 只看预警, 看守所 alone also finds the praise post, which raised no warning.
    await page.selectOption('#level-filter', '');
    await page.fill('#filter', '看守所');
    await expect.poll(() => shownTitles(page)).toEqual(['看守所开展开放日活动', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);

    // Cleared: the newest 100 again, none of the matches left between them.
    await page.fill('#filter', '');
    await expect.poll(() => rows(page).count()).toBe(100);
    expect(await shown(page).count()).toBe(100);
    expect(await page.locator('#mention-list > li', { hasText: '看守所' }).count()).toBe(0);
    expect(await page.locator('#stream-search-status').isVisible()).toBe(false);

    // 加载更早的信息: the remaining 25, in order, and no more button.
    await page.click('#stream-more');
    await expect.poll(() => rows(page).count()).toBe(fixture.forumItems.length + fixture.newsItems.length);
    const ids = await rows(page).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-id'))));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await rows(page).last().locator('.mention-title').textContent()).toBe('某看守所一名在押人员死亡');
    await expect.poll(() => page.locator('#stream-more').isVisible()).toBe(false);

    // English.
    await page.selectOption('#level-filter', 'blue');
    await page.click('#lang-switch');
    await expect.poll(() => textOf(page, '#stream-search-status')).toBe('Searched the last 30 days');
    expect(await textOf(page, '#stream-shown')).toBe('Showing 4');
    await page.click('#lang-switch');
    // Back to the stream, which has nothing older: still no more button.
    await page.selectOption('#level-filter', '');
    await expect.poll(() => shown(page).count()).toBe(fixture.forumItems.length + fixture.newsItems.length);
    expect(await page.locator('#stream-more').isVisible()).toBe(false);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('adds a warning that arrives live to a 只看预警 view', async () => {
    const page = await newBoardPage(browser, pageErrors);
    await logIn(page, t.baseUrl, await t.createUser('duty'));
    await page.selectOption('#level-filter', 'blue');
    await expect.poll(() => shown(page).count()).toBe(4);

    fixture.forumItems.push(fixture.item('death-3', '第三起看守所在押人员死亡事件', '家属要求公开监控。', 1));
    expect((await t.collect(fixture.forumId)).itemsNew).toBe(1);
    await t.app.services.classification.classifyPending();
    await expect.poll(() => shownTitles(page)).toEqual(['第三起看守所在押人员死亡事件', '12348 APP 登录失败', '青山湖區律師事務所收費過高遭投訴', '又一看守所在押人员死亡引关注', '某看守所一名在押人员死亡']);
    expect(await textOf(page, '#stream-shown')).toBe('显示 5 条');
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('narrows the stream to a topic from the topic list or from a topic warning’s 查看信息', async () => {
    const page = await newBoardPage(browser, pageErrors);
    await logIn(page, t.baseUrl, await t.createUser('staff'));
    await expect.poll(() => rows(page).count()).toBe(100);
    expect(await page.locator('#topic-filter option').allTextContents()).toEqual(['全部专题', '羁押场所']);
    const custody: { title: string }[] = await page.evaluate(async () => (await (await fetch('/api/mentions?topic=custody')).json()).mentions);
    expect(custody.length).toBe(5);

    await page.selectOption('#topic-filter', 'custody');
    await expect.poll(() => shownTitles(page)).toEqual(custody.map((m) => m.title));
    await page.selectOption('#topic-filter', '');
    await expect.poll(() => shown(page).count()).toBe(100);

    // A spike on the topic: 查看信息 shows its mentions alone, clearing the words and the level set before.
    await page.fill('#filter', '司法行政');
    await page.selectOption('#level-filter', 'blue');
    t.app.events.publish('topic.spike', {
      warning: { topic: 'custody', topicName: '羁押场所', bucketMinutes: 10, bucketStart: new Date(Date.now() - 600_000).toISOString(), count: 9, baselineMean: 0.4, threshold: 3, series: [0, 1, 0, 9], raisedAt: new Date().toISOString() },
    });
    const warning = page.locator('#warning-list li.warning[data-topic="custody"]');
    await warning.waitFor();
    expect(await warning.locator('.warning-show').getAttribute('title')).toBe('在信息流中只看“羁押场所”专题的信息');
    await warning.locator('.warning-show').click();
    await expect.poll(() => shownTitles(page)).toEqual(custody.map((m) => m.title));
    expect(await page.inputValue('#topic-filter')).toBe('custody');
    expect(await page.inputValue('#filter')).toBe('');
    expect(await page.inputValue('#level-filter')).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stream');
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  // Last: it stops the server.
  it('says why a search failed and offers to try again', async () => {
    const page = await newBoardPage(browser, []);
    await logIn(page, t.baseUrl, await t.createUser('duty'));
    await expect.poll(() => rows(page).count()).toBe(100);
    serverStopped = true;
    await t.close();

    await page.selectOption('#level-filter', 'blue');
    await expect.poll(() => textOf(page, '#stream-search-status')).toBe('加载失败：无法连接服务器，请检查网络。可点击下方按钮重试。');
    expect(await page.locator('#stream-search-status').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('#stream-more').isVisible()).toBe(true);
    expect(await page.locator('#stream-more').textContent()).toBe('加载更多符合条件的信息');
    await page.close();
  });
});
