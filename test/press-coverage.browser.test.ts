import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchChromium, logIn, newBoardPage, skipBrowser, textOf } from './helpers/browser.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';

/**
 * The 新闻发布 tab's coverage view, policy register and reports in a real browser against the real
 * app, with the server's clock fixed on 28 November 2026 (2026Q4): the coverage of a held conference
 * over mentions collected from loopback feeds and classified, the register's sync states, the report
 * downloads (PDF unavailable on this server on purpose), role-dependent sections, and untrusted
 * titles rendered as text.
 */

const evil = '<img src=x onerror=alert(1)>';


describe.skipIf(skipBrowser)('press coverage, policy register and reports in a browser', () => {
  // Sessions expire by the server's clock, and the browser's cookie by the real one: the fixed time
  // must not be ahead of the real time, or the new session looks expired at once.
  const clock = fixedClock('2026-11-28T10:00:00+08:00');
  let t: TestApp;
  let browser: Browser;
  let paper: TestServer;
  let forum: TestServer;
  const conference = `省司法厅召开法律援助工作新闻发布会 ${evil}`;
  /** Errors the pages report (CSP violations, exceptions); the board should produce none. */
  const pageErrors: string[] = [];

  const newPage = async () => {
    // A browser in another time zone: dates must still be read and shown in Beijing time.
    return newBoardPage(browser, pageErrors, { timezoneId: 'Europe/London' });
  };

  const openPressTab = async (role: 'admin' | 'staff' | 'duty' | 'leader') => {
    const page = await newPage();
    await logIn(page, t.baseUrl, await t.createUser(role));
    await page.click('#tab-press');
    await page.locator('#event-list li.press-event').first().waitFor();
    return page;
  };

  beforeAll(async () => {
    // No Chromium for the server's PDF printing: the board must say so and offer the other formats.
    t = await startTestApp({ clock, env: { HUIYING_CHROMIUM: '/nonexistent/chromium' } });
    const announcement = { title: '省司法厅召开法律援助工作新闻发布会', description: '发布会介绍了全省法律援助工作进展，12348热线全年接听咨询。' };
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
          { title: `网友质疑法律援助申请难 ${evil}`, description: '有网友投诉：法律援助申请为什么要跑这么多趟？材料太多。', link: 'http://forum.example.cn/t/10', pubDate: 'Sun, 22 Nov 2026 20:00:00 +0800' },
          { title: '法律援助一周年回顾', description: '窗口期以后的报道。', link: 'http://forum.example.cn/t/11', pubDate: 'Sat, 28 Nov 2026 10:00:00 +0800' },
        ]),
      );
    });
    const topic = await t.app.services.classification.createTopic({ key: 'legal-aid', name: '法律援助' });
    await t.app.services.classification.createRule({ topicId: topic.id, name: '法律援助投诉', query: '法律援助 AND (投诉 OR 质疑)', level: 'yellow', enabled: true });
    for (const [server, name] of [[paper, '江西日报'], [forum, '赣鄱论坛']] as const) {
      const source = await t.addSource({ kind: 'rss', url: `${server.url}/feed.xml`, name });
      await t.collect(source.id);
    }
    await t.app.services.classification.classifyPending();
    await t.app.services.press.saveEvent({
      kind: 'own-conference',
      title: conference,
      start: new Date('2026-11-20T10:00:00+08:00'),
      status: 'held',
      organiser: '省司法厅',
      location: '',
      topics: [],
      keywords: ['法律援助', '12348'],
      materials: [],
      notes: '',
      coverageDays: 7,
      speakers: [],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await paper?.close();
    await forum?.close();
    await t?.close();
  });

  it('shows a leader the coverage of a held conference: numbers, outlets, sentiment and the questions needing an answer', async () => {
    const page = await openPressTab('leader');
    const event = page.locator('#event-list li.press-event', { hasText: '法律援助工作新闻发布会' });
    expect(await event.locator('.event-title').textContent()).toBe(conference);
    await event.locator('[data-action="coverage"]').click();
    const dialog = page.locator('#coverage-dialog');
    await dialog.waitFor();
    const number = (key: string) => dialog.locator(`.coverage-number[data-key="${key}"]`);
    await number('mentions').waitFor();
    expect(await number('mentions').textContent()).toBe('3');
    expect(await number('stories').textContent()).toBe('2');
    expect(await number('reposts').textContent()).toBe('1');
    expect(await textOf(page, '#coverage-dialog-title')).toBe(`报道情况：${conference}`);
    expect(await textOf(page, '.coverage-window')).toBe('跟踪期 2026-11-20 10:00 至 2026-11-27 10:00（北京时间） 已结束');
    expect(await dialog.locator('.coverage-outlet').allTextContents()).toEqual(['赣鄱论坛2 条', '江西日报1 条']);
    const bar = dialog.locator('svg.sentiment-bar');
    expect(await bar.getAttribute('aria-label')).toMatch(/^负面 \d+ 条，中性 \d+ 条，正面 \d+ 条，未判定 \d+ 条$/);
    expect(await bar.locator('rect').count()).toBeGreaterThan(1);
    const sensitive = dialog.locator('[data-part="sensitive"] li.coverage-question.is-sensitive');
    expect(await sensitive.count()).toBe(1);
    expect(await sensitive.locator('.question-text').textContent()).toBe('法律援助申请为什么要跑这么多趟？');
    expect(await sensitive.locator('.badge-level').textContent()).toBe('黄色预警');
    expect(await dialog.locator('[data-part="sensitive"] .coverage-section-heading').textContent()).toBe('需准备口径');
    expect(await dialog.locator('[data-part="questions"] li.coverage-question.is-sensitive').count()).toBe(1);
    // Links to scraped items open elsewhere, without access to the board.
    for (const link of await dialog.locator('a').all()) {
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(await page.locator('img').count()).toBe(0);
    await page.screenshot({ path: '/tmp/board-press-coverage.png' });
    await page.click('#coverage-close');
    await dialog.waitFor({ state: 'hidden' });
    // A leader reads: neither the register's forms nor its buttons are there; the reports are.
    expect(await page.locator('#policy-tools').isHidden()).toBe(true);
    expect(await page.locator('#reports-section').isVisible()).toBe(true);
    await page.context().close();
  });

  it('registers a policy document as 未解读, then 同步解读 once interpreted the same day; errors sit beside their fields', async () => {
    const page = await openPressTab('staff');
    page.on('dialog', (dialog) => void dialog.accept());
    const title = `关于进一步加强法律援助工作的意见 ${evil}`;

    // A link that is not http(s) is refused by the API and shown beside the link field.
    await page.fill('#policy-doc-title', title);
    await page.fill('#policy-doc-number', '赣司发〔2026〕30号');
    await page.fill('#policy-doc-draftingDepartment', '公共法律服务管理处');
    await page.fill('#policy-doc-releasedOn', '2026-11-25');
    await page.fill('#policy-doc-url', 'ftp://example.cn/doc');
    await page.click('#policy-doc-save');
    await expect.poll(() => textOf(page, '#policy-doc-error-url')).toBe('请填写以 http:// 或 https:// 开头的链接');
    expect(await page.locator('#policy-doc-url').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page, '#policy-doc-form-error')).toBe('填写内容有误，请检查标出的项目');

    await page.fill('#policy-doc-url', 'https://sft.jiangxi.gov.cn/doc/30.html');
    await page.click('#policy-doc-save');
    const doc = page.locator('#policy-list li.policy-doc', { hasText: '关于进一步加强法律援助工作的意见' });
    await doc.waitFor();
    expect(await page.locator('#policy-doc-error-url').isHidden()).toBe(true);
    expect(await doc.getAttribute('data-sync')).toBe('missing');
    expect(await doc.locator('.policy-sync').textContent()).toBe('未解读');
    expect(await doc.locator('.policy-title').textContent()).toBe(title);
    expect(await doc.locator('.policy-title a').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await textOf(page, '#press-message')).toBe(`已登记政策文件「${title}」。`);

    // The document's own 添加解读 button picks it in the interpretation form.
    await doc.locator('[data-action="interpret"]').click();
    expect(await page.locator('#policy-interp-document option:checked').textContent()).toBe(`${title}（赣司发〔2026〕30号）`);
    await page.selectOption('#policy-interp-kind', 'qa');
    await page.fill('#policy-interp-title', '《关于进一步加强法律援助工作的意见》答记者问');
    await page.fill('#policy-interp-publishedOn', '2026-11-25');
    await page.click('#policy-interp-save');
    await expect.poll(() => doc.getAttribute('data-sync')).toBe('in-sync');
    expect(await doc.locator('.policy-sync').textContent()).toBe('同步解读');
    expect(await doc.locator('.policy-interp').textContent()).toBe('问答2026-11-25《关于进一步加强法律援助工作的意见》答记者问');

    // A second document interpreted two days late.
    await page.fill('#policy-doc-title', '江西省法律援助条例实施办法');
    await page.fill('#policy-doc-releasedOn', '2026-11-10');
    await page.click('#policy-doc-save');
    const late = page.locator('#policy-list li.policy-doc', { hasText: '江西省法律援助条例实施办法' });
    await late.waitFor();
    await late.locator('[data-action="interpret"]').click();
    await page.fill('#policy-interp-title', '图解：江西省法律援助条例实施办法');
    await page.fill('#policy-interp-publishedOn', '2026-11-12');
    await page.click('#policy-interp-save');
    await expect.poll(() => late.locator('.policy-sync').textContent()).toBe('解读滞后 2 天');
    expect(await page.locator('img').count()).toBe(0);

    // Deleting asks first, then the document leaves the register.
    await late.locator('[data-action="delete"]').click();
    await late.waitFor({ state: 'detached' });
    expect((await t.app.services.policy.list()).map((d) => d.title)).toEqual([title]);
    await page.screenshot({ path: '/tmp/board-press-policy.png' });
    await page.context().close();
  });

  it('offers the report downloads for staff: HTML is a file, PDF says clearly it is unavailable', async () => {
    const page = await openPressTab('staff');
    await page.locator('#report-links a[data-format="html"]').waitFor();
    expect(await page.locator('#report-period').inputValue()).toBe('2026Q4');
    expect(await page.locator('#report-period option').allTextContents()).toEqual([
      '2026年第四季度',
      '2026年第三季度',
      '2026年第二季度',
      '2026年第一季度',
      '2026年下半年',
      '2026年上半年',
      '2026年全年',
      '2025年全年',
    ]);
    const href = await page.locator('#report-links a[data-format="html"]').getAttribute('href');
    expect(href).toBe('/api/reports?period=2026Q4&format=html');
    const html = await page.evaluate(async (url) => {
      const res = await fetch(url!, { credentials: 'same-origin' });
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
    }, href);
    expect(html.status).toBe(200);
    expect(html.type).toMatch(/^text\/html/);
    expect(html.disposition).toMatch(/^attachment/);

    await page.selectOption('#report-period', '2026H2');
    expect(await page.locator('#report-links a[data-format="xlsx"]').getAttribute('href')).toBe('/api/reports?period=2026H2&format=xlsx');

    await page.click('#report-links a[data-format="pdf"]');
    await expect.poll(() => textOf(page, '#report-message')).toContain('暂时无法生成 PDF');
    expect(await textOf(page, '#report-message')).toContain('网页（HTML）、表格（XLSX）和 CSV 格式可以正常下载');
    expect(await page.locator('#report-message').getAttribute('class')).toContain('is-error');

    // The schedule as an iCalendar file.
    const ics = await page.evaluate(async () => {
      const a = document.getElementById('press-ics');
      const res = await fetch(a!.getAttribute('href')!, { credentials: 'same-origin' });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    });
    expect(ics.status).toBe(200);
    expect(ics.type).toMatch(/^text\/calendar/);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    await page.context().close();
  });

  it('shows a duty officer no report section and no register controls, but the coverage', async () => {
    // A document of its own, interpreted the day it was released, so the test stands alone (-t).
    const own = await t.app.services.policy.save({ title: '江西省公证服务收费管理办法', number: '', draftingDepartment: '', releasedOn: '2026-11-20', url: '' });
    await t.app.services.policy.addInterpretation(own.id, { kind: 'text', title: '《江西省公证服务收费管理办法》解读', url: '', publishedOn: '2026-11-20' });
    const page = await openPressTab('duty');
    expect(await page.locator('#reports-section').isHidden()).toBe(true);
    expect(await page.locator('#policy-tools').isHidden()).toBe(true);
    const doc = page.locator('#policy-list li.policy-doc', { hasText: '江西省公证服务收费管理办法' });
    await doc.waitFor();
    expect(await doc.locator('button').count()).toBe(0);
    expect(await doc.locator('.policy-sync').textContent()).toBe('同步解读');
    expect(await page.locator('#press-ics').isVisible()).toBe(true);
    await page.locator('#event-list [data-action="coverage"]').first().click();
    await page.locator('#coverage-dialog .coverage-number[data-key="mentions"]').waitFor();
    expect(await page.locator('img').count()).toBe(0);
    await page.context().close();
    await t.app.services.policy.delete(own.id);
  });

  it('produced no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
